// Export to Chrome JSON, import it back: the same spans, instants, flows and
// counters (row for row, times to the nanosecond), the same stacks (by frame
// names) and the same lock table. Checked on a real engine run, a hand-built
// trace with awkward times, and a real perf capture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exportChromeTrace } from '../../../src/trace/export/chromeTrace';
import { importChromeTraceText } from '../../../src/trace/import/chromeTrace';
import { fileSource } from '../../../src/trace/import/fileSource';
import { importPerfScript } from '../../../src/trace/import/perfScript';
import { summarize } from '../../../src/trace/summary';
import { TraceBuilder } from '../../../src/trace/builder';
import { CpuState, NONE, SpanKind, stackLabel, type Trace } from '../../../src/trace/schema';
import { lockRun } from './simRuns';

function rows(t: Trace): Record<string, string[]> {
  const m = t.meta;
  const th = (i: number) => (i === NONE ? '-' : m.threads[i]?.name ?? `#${i}`);
  const st = (s: number) => stackLabel(m, s);
  const sp = t.tables.spans, ins = t.tables.instants, f = t.tables.flows, c = t.tables.counters;
  const out: Record<string, string[]> = { spans: [], instants: [], flows: [], counters: [] };
  for (let i = 0; i < t.length.spans; i++) {
    const lock = sp.kind[i] >= SpanKind.LockHold ? m.locks[sp.obj[i]]?.name : '';
    out.spans.push([sp.kind[i], sp.start[i], sp.dur[i], sp.sub[i], sp.cpu[i], th(sp.thread[i]), lock, sp.aux[i], st(sp.stack[i])].join('|'));
  }
  for (let i = 0; i < t.length.instants; i++) out.instants.push([ins.kind[i], ins.time[i], ins.cpu[i], th(ins.thread[i]), ins.obj[i], ins.aux[i], st(ins.stack[i])].join('|'));
  for (let i = 0; i < t.length.flows; i++) out.flows.push([f.kind[i], f.t0[i], f.t1[i], f.cpu0[i], f.cpu1[i], th(f.thread0[i]), th(f.thread1[i]), f.obj[i], st(f.stack0[i])].join('|'));
  for (let i = 0; i < t.length.counters; i++) out.counters.push([c.time[i], m.series[c.series[i]].name, c.value[i], st(c.stack[i])].join('|'));
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}

function cpuTotals(t: Trace): number[][] {
  const tot = Array.from({ length: t.meta.cpus }, () => new Array(6).fill(0));
  const sp = t.tables.spans;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.CpuState) tot[sp.cpu[i]][sp.sub[i]] += sp.dur[i];
  return tot;
}

function assertSame(a: Trace, b: Trace): void {
  assert.deepEqual(b.length, a.length);
  const ra = rows(a), rb = rows(b);
  for (const k of Object.keys(ra)) assert.deepEqual(rb[k], ra[k], `${k} differ`);
  assert.deepEqual(cpuTotals(b), cpuTotals(a));
  assert.deepEqual(summarize(b).locks, summarize(a).locks);
  assert.deepEqual(summarize(b).cpus, summarize(a).cpus);
  assert.deepEqual(b.meta.threads.map((t) => t.name), a.meta.threads.map((t) => t.name));
  assert.deepEqual(b.meta.locks.map((l) => [l.name, l.kind, l.wait]), a.meta.locks.map((l) => [l.name, l.kind, l.wait]));
  assert.equal(b.meta.endNs, a.meta.endNs);
  assert.equal(b.meta.stopReason, 'imported');
  assert.equal(b.meta.sources.length, 1);
}

test('engine run → Chrome JSON → trace: same records, stacks, per-CPU totals and lock table', () => {
  const t = lockRun();
  assert.ok(t.length.flows > 0 && t.length.counters > 0, 'the run has flows and counters');
  assert.ok(summarize(t).locks.some((l) => l.contended > 0 && l.waitSleepNs > 0 && l.waitSpinNs > 0), 'an adaptive lock spun and slept');
  const r = importChromeTraceText(exportChromeTrace(t));
  assert.equal(r.malformed, 0);
  assert.deepEqual(r.warnings, []);
  assertSame(t, r.trace);
});

test('times survive to the nanosecond, including large ones and overlapping lock spans', () => {
  const b = new TraceBuilder();
  const s = b.stackOf([{ name: 'a' }, { name: 'b' }]);
  const big = 391_780_085_123; // a perf clock in ns
  b.span(0, big, SpanKind.CpuState, CpuState.User, 0, 0, NONE, 0, s);
  b.span(big, 7, SpanKind.CpuState, CpuState.Idle, 0, NONE, NONE, 0, 0);
  b.span(1, 1_000_001, SpanKind.ThreadRun, 0, 0, 0, NONE, 0, 0);
  // take A, take B, drop A, drop B: not nested, so they need two lanes
  b.span(10, 100, SpanKind.LockHold, 0, 0, 0, 0, 0, s);
  b.span(50, 100, SpanKind.LockHold, 0, 0, 0, 1, 0, s);
  b.span(5, 5, SpanKind.LockWait, 1, 0, 0, 0, 1, s);
  const t = b.finish({
    version: 2, name: 'x', variant: '', seed: 0, cpus: 1, startNs: 0, endNs: big + 7, warmupNs: 0, stopReason: 'completed',
    stopDetail: '', events: 0, wallMs: 0, threads: [{ name: 't', kind: 'kernel', priority: 1, cpu: 0, src: 0 }],
    locks: [{ name: 'A', kind: 'mutex', wait: 'sleep', src: 0 }, { name: 'B', kind: 'spin', wait: 'spin', src: 0 }],
    series: [], sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
  });
  const json = exportChromeTrace(t);
  assert.match(json, /\{"ph":"E","name":"user","pid":1,"tid":100,"ts":391780085\.123\}/);
  assertSame(t, importChromeTraceText(json).trace);
  // Each lock lane nests: the two overlapping holds are on different tids.
  const holds = JSON.parse(json).traceEvents.filter((e: { cat: string }) => e.cat === 'hold');
  assert.notEqual(holds[0].tid, holds[1].tid);
});

test('a real perf capture survives the round trip too', async () => {
  const { trace } = await importPerfScript(fileSource(join(__dirname, '../../fixtures/perf/lock-contention-g.perf.txt')));
  assertSame(trace, importChromeTraceText(exportChromeTrace(trace)).trace);
});
