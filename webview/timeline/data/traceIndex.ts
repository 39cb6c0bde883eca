// Everything the timeline precomputes from a trace, once: per-CPU lanes
// (threads, states, locks, marks), per-lock span lists, counter series with
// min/max trees, and flows in time order. Rows that are only shown when the
// user expands them (a thread or lock under a CPU, a lock's own track) build
// their lanes on first use and keep them.
import {
  CpuState, InstantKind, NONE, SpanKind, type DurColumn, type Trace,
} from '../../../src/trace/schema';
import { buildFlowPairs, type FlowPairs } from '../flows/flowPairs';
import { buildLanes, emptyLane, LaneFiller, laneCount, sortByStart, type Lane } from './lane';

/** Any wait (or spin state) beats any non-wait in a pixel column; among equals the longest wins. */
export const WAIT_WEIGHT = 1e15;

/** Marks drawn on a CPU track (interrupts, context switches, IPIs sent, drops, preemptions, wakeups), by InstantKind; 0: not a mark. */
const MARK_WEIGHT = new Float64Array(256);
MARK_WEIGHT[InstantKind.Drop] = 6;
MARK_WEIGHT[InstantKind.Interrupt] = 5;
MARK_WEIGHT[InstantKind.Ipi] = 4;
MARK_WEIGHT[InstantKind.Preempt] = 3;
MARK_WEIGHT[InstantKind.ContextSwitch] = 2;
MARK_WEIGHT[InstantKind.Wakeup] = 1;

export const MAX_CPU_LOCK_LANES = 3;
export const MAX_LOCK_HOLD_LANES = 3;
export const MAX_LOCK_WAIT_LANES = 4;

export interface CpuIndex {
  /** ThreadRun spans. */
  threads: Lane;
  /** CpuState spans (they tile the CPU). */
  states: Lane;
  /** LockHold and LockWait spans taken on this CPU, nested holds in separate lanes. */
  locks: Lane[];
  /** Instants (interrupt, switch, IPI, drop, preempt, wakeup) as zero-length records into the instants table. */
  marks: Lane;
}

export interface SeriesIndex {
  series: number;
  /** Counter-table rows of this series in time order. */
  idx: Uint32Array;
  time: Float64Array;
  value: Float64Array;
  /** Segment trees (leaves at [n, 2n)) of min and max value. */
  minTree: Float64Array;
  maxTree: Float64Array;
  n: number;
  min: number;
  max: number;
}

export interface FlowIndex {
  /** Flow rows sorted by t0. */
  order: Uint32Array;
  t0: Float64Array;
  /** Longest t1 - t0: how far before a window a flow can start and still reach into it. */
  maxDur: number;
}

/** lane.code of a span: its kind in the top 4 bits, and its state/flags, or thread id for runs, below. */
export const CODE_SHIFT = 12;
export const CODE_VALUE = (1 << CODE_SHIFT) - 1;

export class TimelineIndex {
  readonly cpus: CpuIndex[] = [];
  /** Threads that ran on each CPU, busiest first. */
  readonly threadsOnCpu: number[][] = [];
  /** Locks held or waited for on each CPU, most used first. */
  readonly locksOnCpu: number[][] = [];
  /** Hold/wait span rows per lock id, unsorted. */
  private readonly lockSpans: Uint32Array[] = [];
  readonly series: SeriesIndex[] = [];
  readonly flows: FlowIndex;
  /** Whether any CPU recorded a ThreadRun span. */
  readonly hasThreadRuns: boolean;
  private readonly cache = new Map<string, Lane[]>();
  private readonly lockCounts = new Map<number, { holds: number; waits: number }>();
  private pairs: FlowPairs | undefined;
  private readonly weight: Float64Array;
  private readonly code: Uint16Array;

  constructor(readonly trace: Trace) {
    const { meta, tables, length } = trace;
    const nc = meta.cpus;
    const nt = meta.threads.length;
    const nl = meta.locks.length;
    const sp = tables.spans;
    // Pass 1: each span's significance (its duration, plus WAIT_WEIGHT for waits and spinning) and
    // drawing code (CODE_SHIFT), counts per bucket, and per (cpu, thread) run time / per (cpu, lock)
    // uses for row order.
    const nStates = new Uint32Array(nc), nRuns = new Uint32Array(nc), nLocks = new Uint32Array(nc), nLock = new Uint32Array(nl);
    const busy = new Float64Array(nc * nt);
    const lockUse = new Float64Array(nc * nl);
    const { cpu: cpuCol, kind: kindCol, thread: threadCol, obj: objCol, dur: durCol, sub: subCol } = sp;
    const ns = length.spans;
    const weight = (this.weight = new Float64Array(ns));
    const code = (this.code = new Uint16Array(ns));
    for (let i = 0; i < ns; i++) {
      const k = kindCol[i];
      const sub = subCol[i];
      weight[i] = durCol[i] + (k === SpanKind.LockWait || (k === SpanKind.CpuState && sub === CpuState.Spin) ? WAIT_WEIGHT : 0);
      code[i] = (k << CODE_SHIFT) | (k === SpanKind.ThreadRun ? Math.min(threadCol[i], CODE_VALUE) : sub);
      const c = cpuCol[i];
      if (c >= nc) continue;
      if (k === SpanKind.CpuState) nStates[c]++;
      else if (k === SpanKind.ThreadRun) {
        nRuns[c]++;
        const t = threadCol[i];
        if (t < nt) busy[c * nt + t] += durCol[i];
      } else if (k === SpanKind.LockHold || k === SpanKind.LockWait) {
        nLocks[c]++;
        const l = objCol[i];
        if (l < nl) { nLock[l]++; lockUse[c * nl + l] += 1; }
      }
    }
    // Pass 2: fill. CPU states and thread runs go straight into their lanes (they come in order).
    const states = Array.from(nStates, (n) => new LaneFiller(n));
    const runs = Array.from(nRuns, (n) => new LaneFiller(n));
    const { start: startCol } = sp;
    // A CPU's lock spans are gathered with their columns beside them (read here in order), so laying them
    // out in lanes reads these compact arrays instead of the whole trace's columns scattered.
    const locks = Array.from(nLocks, (n) => new CompactSpans(n));
    const perLock = Array.from(nLock, (n) => new Uint32Array(n));
    nLocks.fill(0); nLock.fill(0);
    for (let i = 0; i < ns; i++) {
      const c = cpuCol[i];
      if (c >= nc) continue;
      const k = kindCol[i];
      if (k === SpanKind.CpuState) states[c].add(i, startCol[i], startCol[i] + durCol[i], weight[i], code[i]);
      else if (k === SpanKind.ThreadRun) runs[c].add(i, startCol[i], startCol[i] + durCol[i], weight[i], code[i]);
      else if (k === SpanKind.LockHold || k === SpanKind.LockWait) {
        const cl = locks[c];
        const p = nLocks[c]++;
        cl.rows[p] = i;
        cl.start[p] = startCol[i];
        cl.dur[p] = durCol[i];
        cl.weight[p] = weight[i];
        cl.code[p] = code[i];
        const l = objCol[i];
        if (l < nl) perLock[l][nLock[l]++] = i;
      }
    }
    this.lockSpans = perLock;

    // Marks: instants per CPU.
    const ins = tables.instants;
    const nMarks = new Uint32Array(nc);
    const ni = length.instants;
    const markWeight = new Float64Array(ni);
    for (let i = 0; i < ni; i++) {
      markWeight[i] = MARK_WEIGHT[ins.kind[i]];
      if (ins.cpu[i] < nc && markWeight[i] > 0) nMarks[ins.cpu[i]]++;
    }
    const marks = Array.from(nMarks, (n) => new Uint32Array(n));
    nMarks.fill(0);
    for (let i = 0; i < ni; i++) if (ins.cpu[i] < nc && markWeight[i] > 0) marks[ins.cpu[i]][nMarks[ins.cpu[i]]++] = i;

    for (let c = 0; c < nc; c++) {
      this.cpus.push({
        threads: inOrder(runs[c], sp.start, sp.dur, this.weight, this.code),
        states: inOrder(states[c], sp.start, sp.dur, this.weight, this.code),
        locks: locks[c].lanes(MAX_CPU_LOCK_LANES),
        marks: buildLanes(marks[c], ins.time, null, markWeight, 1, ins.kind)[0] ?? emptyLane(),
      });
      const ts: number[] = [];
      for (let t = 0; t < nt; t++) if (busy[c * nt + t] > 0) ts.push(t);
      ts.sort((a, b) => busy[c * nt + b] - busy[c * nt + a] || a - b);
      this.threadsOnCpu.push(ts);
      const ls: number[] = [];
      for (let l = 0; l < nl; l++) if (lockUse[c * nl + l] > 0) ls.push(l);
      ls.sort((a, b) => lockUse[c * nl + b] - lockUse[c * nl + a] || a - b);
      this.locksOnCpu.push(ls);
    }

    this.hasThreadRuns = this.cpus.some((c) => c.threads.n > 0);
    this.series = buildSeries(trace);
    this.flows = buildFlows(trace);
  }

  /** Flows grouped by CPU pair, for drawing them in buckets when zoomed out (built on first use). */
  get flowPairs(): FlowPairs {
    this.pairs ??= buildFlowPairs(this.trace, this.flows.order);
    return this.pairs;
  }

  /** Spans of `thread` on `cpu`: its runs, then its lock holds/waits. Built on first use. */
  threadOnCpu(cpu: number, thread: number): { runs: Lane; locks: Lane[] } {
    const key = `t:${cpu}:${thread}`;
    let lanes = this.cache.get(key);
    if (!lanes) {
      const sp = this.trace.tables.spans;
      const c = this.cpus[cpu];
      const th = sp.thread;
      const runs = filterLane(c.threads, (i) => th[i] === thread);
      const lockRows: number[] = [];
      for (const lane of c.locks) for (let k = 0; k < lane.n; k++) if (th[lane.idx[k]] === thread) lockRows.push(lane.idx[k]);
      lanes = [
        buildLanes(runs, sp.start, sp.dur, this.weight, 1, this.code)[0] ?? emptyLane(),
        ...buildLanes(Uint32Array.from(lockRows), sp.start, sp.dur, this.weight, MAX_CPU_LOCK_LANES, this.code),
      ];
      this.cache.set(key, lanes);
    }
    return { runs: lanes[0], locks: lanes.slice(1) };
  }

  /** Holds and waits of `lock` taken on `cpu`. */
  lockOnCpu(cpu: number, lock: number): Lane[] {
    const key = `l:${cpu}:${lock}`;
    let lanes = this.cache.get(key);
    if (!lanes) {
      const sp = this.trace.tables.spans;
      const rows = pick(this.lockSpans[lock] ?? new Uint32Array(0), sp.cpu, cpu);
      lanes = buildLanes(rows, sp.start, sp.dur, this.weight, MAX_CPU_LOCK_LANES, this.code);
      this.cache.set(key, lanes);
    }
    return lanes;
  }

  /** A lock's own track across all CPUs: who holds it (lanes), and who waits (lanes). */
  lock(lock: number): { holds: Lane[]; waits: Lane[] } {
    const kh = `lh:${lock}`;
    const kw = `lw:${lock}`;
    let holds = this.cache.get(kh);
    let waits = this.cache.get(kw);
    if (!holds || !waits) {
      const sp = this.trace.tables.spans;
      const rows = this.lockSpans[lock] ?? new Uint32Array(0);
      holds = buildLanes(pick(rows, sp.kind, SpanKind.LockHold), sp.start, sp.dur, this.weight, MAX_LOCK_HOLD_LANES, this.code);
      waits = buildLanes(pick(rows, sp.kind, SpanKind.LockWait), sp.start, sp.dur, this.weight, MAX_LOCK_WAIT_LANES, this.code);
      this.cache.set(kh, holds);
      this.cache.set(kw, waits);
    }
    return { holds, waits };
  }

  /**
   * How many hold and wait lanes lock(lock) has, without building them: the
   * Locks group lays out every lock's row from this, and a row's lanes are
   * built when it is first drawn (at 10 M spans building them all took half a
   * second before the first paint, for rows mostly below the fold).
   */
  lockLaneCounts(lock: number): { holds: number; waits: number } {
    let counts = this.lockCounts.get(lock);
    if (!counts) {
      const built = this.cache.get(`lh:${lock}`);
      const waitsBuilt = this.cache.get(`lw:${lock}`);
      if (built && waitsBuilt) counts = { holds: built.length, waits: waitsBuilt.length };
      else {
        const sp = this.trace.tables.spans;
        const rows = this.lockSpans[lock] ?? new Uint32Array(0);
        counts = {
          holds: laneCount(pick(rows, sp.kind, SpanKind.LockHold), sp.start, sp.dur, MAX_LOCK_HOLD_LANES),
          waits: laneCount(pick(rows, sp.kind, SpanKind.LockWait), sp.start, sp.dur, MAX_LOCK_WAIT_LANES),
        };
      }
      this.lockCounts.set(lock, counts);
    }
    return counts;
  }

  /** Unsorted hold/wait rows of a lock (for "who blocked me"). */
  lockRows(lock: number): Uint32Array {
    return this.lockSpans[lock] ?? new Uint32Array(0);
  }

  /** Lanes that hold a given lock's spans, sorted and searchable (built on first use). */
  lockHoldLanes(lock: number): Lane[] {
    return this.lock(lock).holds;
  }
}

/** Spans (trace rows `rows`) with their start, duration, weight and drawing code beside them, in row order. */
class CompactSpans {
  readonly rows: Uint32Array;
  readonly start: Float64Array;
  readonly dur: Float64Array;
  readonly weight: Float64Array;
  readonly code: Uint16Array;

  constructor(n: number) {
    this.rows = new Uint32Array(n);
    this.start = new Float64Array(n);
    this.dur = new Float64Array(n);
    this.weight = new Float64Array(n);
    this.code = new Uint16Array(n);
  }

  /**
   * buildLanes of these spans, the same lanes it makes from the trace's
   * columns (positions here are in row order, so ties in start still fall to
   * the earlier row), with each lane's idx mapped back to trace rows.
   */
  lanes(maxLanes: number): Lane[] {
    const n = this.rows.length;
    const positions = new Uint32Array(n);
    for (let k = 0; k < n; k++) positions[k] = k;
    const lanes = buildLanes(positions, this.start, this.dur, this.weight, maxLanes, this.code);
    const rows = this.rows;
    for (const lane of lanes) {
      const idx = lane.idx;
      for (let p = 0; p < lane.n; p++) idx[p] = rows[idx[p]];
    }
    return lanes;
  }
}

/** The lane a filler made, or (when its records overlap) the first lane buildLanes makes of them. */
function inOrder(f: LaneFiller, start: Float64Array, dur: DurColumn, weight: Float64Array, code: Uint16Array): Lane {
  return f.finish() ?? buildLanes(f.indices(), start, dur, weight, 1, code)[0] ?? emptyLane();
}

/** The rows whose `col` equals `v` (a plain loop: TypedArray.filter with a closure is slow on big inputs). */
function pick(rows: Uint32Array, col: Uint8Array | Uint16Array, v: number): Uint32Array {
  let n = 0;
  for (let k = 0; k < rows.length; k++) if (col[rows[k]] === v) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let k = 0; k < rows.length; k++) if (col[rows[k]] === v) out[n++] = rows[k];
  return out;
}

function filterLane(lane: Lane, keep: (i: number) => boolean): Uint32Array {
  let n = 0;
  for (let k = 0; k < lane.n; k++) if (keep(lane.idx[k])) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let k = 0; k < lane.n; k++) if (keep(lane.idx[k])) out[n++] = lane.idx[k];
  return out;
}

function buildSeries(trace: Trace): SeriesIndex[] {
  const ns = trace.meta.series.length;
  const ct = trace.tables.counters;
  const counts = new Uint32Array(ns);
  for (let i = 0; i < trace.length.counters; i++) if (ct.series[i] < ns) counts[ct.series[i]]++;
  const rows = Array.from(counts, (n) => new Uint32Array(n));
  counts.fill(0);
  for (let i = 0; i < trace.length.counters; i++) if (ct.series[i] < ns) rows[ct.series[i]][counts[ct.series[i]]++] = i;
  return rows.map((r, s) => {
    const idx = sortByStart(r, ct.time);
    const n = idx.length;
    const time = new Float64Array(n);
    const value = new Float64Array(n);
    const minTree = new Float64Array(2 * n);
    const maxTree = new Float64Array(2 * n);
    for (let k = 0; k < n; k++) {
      time[k] = ct.time[idx[k]];
      value[k] = ct.value[idx[k]];
      minTree[n + k] = value[k];
      maxTree[n + k] = value[k];
    }
    for (let i = n - 1; i >= 1; i--) {
      minTree[i] = Math.min(minTree[2 * i], minTree[2 * i + 1]);
      maxTree[i] = Math.max(maxTree[2 * i], maxTree[2 * i + 1]);
    }
    let min = Infinity;
    let max = -Infinity;
    for (let k = 0; k < n; k++) { if (value[k] < min) min = value[k]; if (value[k] > max) max = value[k]; }
    return { series: s, idx, time, value, minTree, maxTree, n, min: n ? min : 0, max: n ? max : 0 };
  });
}

function buildFlows(trace: Trace): FlowIndex {
  const fl = trace.tables.flows;
  const order = sortByStart(Uint32Array.from({ length: trace.length.flows }, (_, i) => i), fl.t0);
  const t0 = new Float64Array(order.length);
  let maxDur = 0;
  for (let k = 0; k < order.length; k++) {
    t0[k] = fl.t0[order[k]];
    maxDur = Math.max(maxDur, fl.t1[order[k]] - fl.t0[order[k]]);
  }
  return { order, t0, maxDur };
}

export { NONE };
