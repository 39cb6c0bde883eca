// Browser side of the view tests: builds small hand-made traces (the same
// fixtures as the analysis tests), mounts one of the views with a real
// ViewContext and exposes what the tests read back on window.__h.
import '../../../webview/styles.css';
import { Store, type Highlight, type TimeRange, type ViewContext } from '../../../webview/context';
import { mountLocks } from '../../../webview/locks';
import { mountFlame, type FlameViewHandle } from '../../../webview/flame';
import { mountCompare } from '../../../webview/compare';
import { cpuScenario, fixture, lockScenario } from '../../trace/analysis/fixtures';
import type { Trace } from '../../../src/trace/schema';
import { decodeTrace } from '../../../src/trace/codec';
import type { ReplicatedLockTable } from '../../../src/trace/analysis/lockColumns';
import type { LockMapping } from '../../../src/core/lockMapping';

export interface Harness {
  opened: number[];
  openedB: number[];
  ctx: ViewContext;
  flame?: FlameViewHandle;
  mountMs: number;
  /** Sweep points the view asked to open. */
  points?: number[];
  /** Lock matchings the compare view handed over to be kept. */
  saved?: LockMapping[];
}

function context(trace: Trace, opened: number[], title = 'test run'): ViewContext {
  return {
    runId: 1, title, trace,
    selection: new Store<TimeRange | null>(null),
    highlight: new Store<Highlight>(null),
    openSource: (src) => { opened.push(src); },
    showView: () => {},
  };
}

/** One trace with both CPU states and lock activity: the lock scenario plus on-CPU spans. */
function combined(): Trace {
  const f = fixture({ cpus: 2, threads: ['T0', 'T1'], locks: [['Giant', 'mutex', 'adaptive'], ['if_snd', 'spin', 'spin']] });
  const src = lockScenario().trace;
  copyInto(f, src);
  copyInto(f, cpuScenario());
  return f.finish(1000);
}

function copyInto(f: ReturnType<typeof fixture>, t: Trace): void {
  const s = t.tables.spans;
  const stackMap = (st: number) => {
    const frames: string[] = [];
    for (let x = st; x !== 0; x = t.meta.stackParent[x]) {
      const fr = t.meta.stackFrame[x];
      frames.unshift(`${t.meta.strings[t.meta.frameName[fr]]}@${t.meta.frameSrc[fr]}`);
    }
    return frames.length ? f.stack(...frames) : 0;
  };
  for (let i = 0; i < t.length.spans; i++) f.b.span(s.start[i], s.dur[i], s.kind[i], s.sub[i], s.cpu[i], s.thread[i], s.obj[i], s.aux[i], stackMap(s.stack[i]));
  const fl = t.tables.flows;
  for (let i = 0; i < t.length.flows; i++) f.b.flow(fl.t0[i], fl.t1[i], fl.kind[i], fl.cpu0[i], fl.cpu1[i], fl.thread0[i], fl.thread1[i], fl.obj[i], stackMap(fl.stack0[i]));
}

/** `n` distinct leaf stacks under 50 × 40 inner frames, one CPU span each. */
function manyStacks(n: number): Trace {
  const f = fixture({ cpus: 4 });
  let t = 0;
  for (let i = 0; i < n; i++) {
    const st = f.stack(`top${i % 50}@1`, `mid${i % 2000}@2`, `leaf${i}@3`);
    const d = 10 + (i % 13);
    f.b.span(t, d, 0, 1, i % 4, 0xffff, 0xffff, 0, st);
    t += d / 4;
  }
  return f.finish(t + 100);
}

/** Run B of the comparison: Giant barely contended, if_snd gone, on-CPU time moved from ether_input to ip_input. */
function lighter(): Trace {
  const f = fixture({ cpus: 2, threads: ['T0', 'T1'], locks: [['Giant', 'mutex', 'adaptive']] });
  const A = f.stack('wm_rxintr@1', 'ether_input@2');
  const B = f.stack('netisr@3', 'ip_input@4');
  f.b.span(0, 10, 2, 1, 0, 0, 0, 0, A);
  f.b.span(5, 5, 3, 0, 1, 1, 0, 1, B);
  f.b.flow(10, 10, 0, 0, 1, 0, 1, 0, A);
  f.b.span(10, 20, 2, 0, 1, 1, 0, 0, B);
  f.b.span(0, 40, 0, 1, 0, 0, 0xffff, 0, A); // ether_input 40 (A had 130)
  f.b.span(0, 200, 0, 3, 1, 1, 0xffff, 0, B); // ip_input 200 (A had 40)
  f.b.span(40, 960, 0, 5, 0, 0xffff, 0xffff, 0, 0);
  f.b.span(200, 800, 0, 5, 1, 0xffff, 0xffff, 0, 0);
  return f.finish(1000);
}

const w = window as unknown as { __view: string; __h: Harness; __n?: number };
const app = document.getElementById('app')!;
const opened: number[] = [];
const openedB: number[] = [];
const t0 = performance.now();
let h: Harness;
switch (w.__view) {
  case 'locks': {
    const ctx = context(lockScenario().trace, opened);
    mountLocks(app, ctx);
    h = { opened, openedB, ctx, mountMs: 0 };
    break;
  }
  case 'locks-replicated': {
    // a real run's first replication (encoded by the test) and the lock table of all its replications
    const x = window as unknown as { __wire: string; __replicated: ReplicatedLockTable };
    const trace = decodeTrace(Uint8Array.from(atob(x.__wire), (c) => c.charCodeAt(0)));
    const ctx = { ...context(trace, opened), replicated: x.__replicated };
    mountLocks(app, ctx);
    h = { opened, openedB, ctx, mountMs: 0 };
    break;
  }
  case 'compare-capture': {
    // a model run (A) beside an imported capture (B), both encoded by the test; the mapping saved so far, if any
    const x = window as unknown as { __wireA: string; __wireB: string; __mapping?: LockMapping };
    const decode = (b64: string) => decodeTrace(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    const a = decode(x.__wireA), b = decode(x.__wireB);
    const ctx = context(a, opened, 'model');
    const saved: LockMapping[] = [];
    mountCompare(app, { runId: 1, title: 'model', trace: a, openSource: (s) => opened.push(s) },
      { runId: 2, title: 'capture', trace: b, openSource: (s) => openedB.push(s) }, undefined, undefined, undefined,
      { mapping: x.__mapping, save: (m) => saved.push(m) });
    h = { opened, openedB, ctx, mountMs: 0, saved };
    break;
  }
  case 'flame': {
    const ctx = context(combined(), opened);
    h = { opened, openedB, ctx, flame: mountFlame(app, ctx), mountMs: 0 };
    break;
  }
  case 'flame-big': {
    const trace = manyStacks(w.__n ?? 120_000);
    const ctx = context(trace, opened);
    const t1 = performance.now();
    h = { opened, openedB, ctx, flame: mountFlame(app, ctx), mountMs: 0 };
    h.mountMs = performance.now() - t1;
    break;
  }
  case 'compare':
  case 'compare-stats':
  case 'compare-nosweep': {
    const ctx = context(combined(), opened, 'before');
    const b = lighter();
    const packets = (delivered: number, p99: number) => ({
      offered: 1000, delivered, dropped: { 'wm0.rx0': 1000 - delivered }, latencyNs: { min: 100, mean: 200, p99, max: 900 }, reordered: 0, inFlight: 0,
    });
    ctx.trace.meta.packets = packets(800, 500);
    b.meta.packets = packets(950, 400);
    const sweep = w.__view === 'compare'
      ? [1, 2, 4, 8].map((n) => ({ label: `${n} CPUs`, x: n, throughput: 1000 * n / (1 + 0.05 * (n - 1) + 0.02 * n * (n - 1)) }))
      : undefined;
    mountCompare(app, { runId: 1, title: 'before', trace: ctx.trace, openSource: (s) => opened.push(s) },
      { runId: 2, title: 'after', trace: b, openSource: (s) => openedB.push(s) }, sweep, undefined,
      w.__view === 'compare-stats'
        ? {
          // Giant's wait differs beyond both intervals; how often it was taken does not
          a: { replications: 5, locks: { Giant: { waitTotalNs: [80, 10], acquisitions: [4, 3], holdTotalNs: [100, 5], utilization: [0.1, 0.01] } } },
          b: { replications: 5, locks: { Giant: { waitTotalNs: [5, 3], acquisitions: [2, 3], holdTotalNs: [60, 5], utilization: [0.05, 0.01] } } },
        }
        : undefined);
    h = { opened, openedB, ctx, mountMs: 0 };
    break;
  }
  case 'sweep': {
    // nine points (more than the six traces the run registry keeps), each the mean of 5 replications
    const ctx = context(combined(), opened, 'cpus=1');
    const b = lighter();
    const cpus = [1, 2, 3, 4, 6, 8, 12, 16, 24];
    const sweep = cpus.map((n, i) => ({
      label: `cpus=${n}`, x: n, throughput: 1000 * n / (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1)), throughputCi: 20 + 5 * i, replications: 5,
      lockWaitNs: 1000 * n * n, lockWaitCi: 50 * n, topLock: 'Giant',
      cpuTime: { user: 0.1, kernel: 0.5, interrupt: 0.05, softint: 0.05, spin: 0.2, idle: 0.1 },
      rfc2544: { zeroLossPps: 100_000 * (i + 1), trials: 7, fromPps: 50_000, toPps: 1_488_095 },
    }));
    const points: number[] = [];
    mountCompare(app, { runId: 1, title: 'cpus=1', trace: ctx.trace, openSource: (s) => opened.push(s) },
      { runId: 2, title: 'cpus=24', trace: b, openSource: (s) => openedB.push(s) }, sweep, (i) => points.push(i));
    h = { opened, openedB, ctx, mountMs: 0, points };
    break;
  }
  default:
    throw new Error(`unknown view ${w.__view}`);
}
if (!h.mountMs) h.mountMs = performance.now() - t0;
w.__h = h;
