// Totals for a selected time range: time by CPU state per CPU, context
// switches and interrupts, lock waits per lock (spin and sleep apart), and
// counter movement (packets, drops, counters). Records that straddle an edge
// count with the part inside the range, as in src/trace/analysis/range.ts.
// Costs O(records in the range) through the lanes, not O(trace).
import { CPU_STATE_NAMES, InstantKind, SpanKind, WaitKind, type SeriesKind } from '../../../src/trace/schema';
import { overlapping } from './lane';
import { lowerBound } from './search';
import type { TimelineIndex } from './traceIndex';

export interface CpuTotals {
  cpu: number;
  /** ns per CpuState, indexed like CPU_STATE_NAMES. */
  ns: number[];
  switches: number;
  interrupts: number;
}

export interface LockWaitTotals {
  lock: number;
  name: string;
  /** Waits overlapping the range. */
  waits: number;
  spinNs: number;
  sleepNs: number;
  maxNs: number;
}

export interface SeriesTotals {
  series: number;
  name: string;
  kind: SeriesKind;
  /** Value in effect just before the range start / end (samples at `end` are outside [start, end)). */
  first: number;
  last: number;
  delta: number;
  /** delta per second of the range. */
  ratePerSec: number;
  max: number;
}

export interface RangeTotals {
  start: number;
  end: number;
  cpus: CpuTotals[];
  locks: LockWaitTotals[];
  series: SeriesTotals[];
  drops: number;
}

function clip(s: number, e: number, r0: number, r1: number): number {
  return Math.max(0, Math.min(e, r1) - Math.max(s, r0));
}

export function rangeTotals(index: TimelineIndex, r0: number, r1: number): RangeTotals {
  const { trace } = index;
  const sp = trace.tables.spans;
  const ins = trace.tables.instants;
  const cpus: CpuTotals[] = [];
  const waitByLock = new Map<number, LockWaitTotals>();
  let drops = 0;
  for (let c = 0; c < index.cpus.length; c++) {
    const cpu = index.cpus[c];
    const ns = new Array<number>(CPU_STATE_NAMES.length).fill(0);
    const [a, b] = overlapping(cpu.states, r0, r1);
    for (let k = a; k < b; k++) {
      const i = cpu.states.idx[k];
      if (sp.sub[i] < ns.length) ns[sp.sub[i]] += clip(sp.start[i], sp.start[i] + sp.dur[i], r0, r1);
    }
    let switches = 0;
    let interrupts = 0;
    const ma = lowerBound(cpu.marks.start, r0);
    const mb = lowerBound(cpu.marks.start, r1, ma);
    for (let k = ma; k < mb; k++) {
      const kind = ins.kind[cpu.marks.idx[k]];
      if (kind === InstantKind.ContextSwitch) switches++;
      else if (kind === InstantKind.Interrupt) interrupts++;
      else if (kind === InstantKind.Drop) drops++;
    }
    cpus.push({ cpu: c, ns, switches, interrupts });
    for (const lane of cpu.locks) {
      const [la, lb] = overlapping(lane, r0, r1);
      for (let k = la; k < lb; k++) {
        const i = lane.idx[k];
        if (sp.kind[i] !== SpanKind.LockWait) continue;
        const l = sp.obj[i];
        let t = waitByLock.get(l);
        if (!t) {
          t = { lock: l, name: trace.meta.locks[l]?.name ?? `lock ${l}`, waits: 0, spinNs: 0, sleepNs: 0, maxNs: 0 };
          waitByLock.set(l, t);
        }
        const d = clip(sp.start[i], sp.start[i] + sp.dur[i], r0, r1);
        t.waits++;
        if (sp.sub[i] & WaitKind.Sleep) t.sleepNs += d;
        else t.spinNs += d;
        t.maxNs = Math.max(t.maxNs, d);
      }
    }
  }
  const locks = [...waitByLock.values()].sort((x, y) => y.spinNs + y.sleepNs - (x.spinNs + x.sleepNs) || x.lock - y.lock);

  const series: SeriesTotals[] = [];
  const seconds = (r1 - r0) / 1e9;
  for (const s of index.series) {
    if (s.n === 0) continue;
    const info = trace.meta.series[s.series];
    // Value in effect just before t: a sample at t belongs to [t, …).
    const before = (t: number) => {
      const k = lowerBound(s.time, t) - 1;
      return k >= 0 ? s.value[k] : 0;
    };
    const first = before(r0);
    const last = before(r1);
    let max = first;
    const a = lowerBound(s.time, r0);
    const b = lowerBound(s.time, r1, a);
    for (let k = a; k < b; k++) if (s.value[k] > max) max = s.value[k];
    series.push({
      series: s.series, name: info?.name ?? `series ${s.series}`, kind: info?.kind ?? 'counter',
      first, last, delta: last - first, ratePerSec: seconds > 0 ? (last - first) / seconds : 0, max,
    });
  }
  return { start: r0, end: r1, cpus, locks, series, drops };
}
