// Everything the timeline precomputes from a trace, once: per-CPU lanes
// (threads, states, locks, marks), per-lock span lists, counter series with
// min/max trees, and flows in time order. Rows that are only shown when the
// user expands them (a thread or lock under a CPU, a lock's own track) build
// their lanes on first use and keep them.
import {
  CpuState, InstantKind, NONE, SpanKind, type Trace, type TraceMeta,
} from '../../../src/trace/schema';
import { buildFlowPairs, type FlowPairs } from '../flows/flowPairs';
import { adoptLane, allocLane, buildLanes, emptyLane, finishLane, LaneFiller, laneCount, sortByStart, type Lane } from './lane';
import { MAX_CPU_LOCK_LANES, MAX_LOCK_HOLD_LANES, MAX_LOCK_WAIT_LANES } from '../../../src/trace/laneColouring';
import { laneCounts, NO_LANE, type LanePlan } from '../../../src/trace/lanePlan';

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

export { MAX_CPU_LOCK_LANES, MAX_LOCK_HOLD_LANES, MAX_LOCK_WAIT_LANES };

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
  /** Whether the passes over the spans were made before the trace was whole (prebuildSpans: the report's reader). */
  readonly headStart: boolean;
  /** Whether they were made in one pass with the report writer's plan of the lanes (src/trace/lanePlan.ts). */
  readonly lanePlanned: boolean;
  /** Whether any CPU recorded a ThreadRun span. */
  readonly hasThreadRuns: boolean;
  private readonly cache = new Map<string, Lane[]>();
  private readonly lockCounts = new Map<number, { holds: number; waits: number }>();
  /**
   * Each lock's holds and waits gathered with their columns beside them during the index's pass (read there in
   * order, not scattered later), until lock() lays them out in lanes.
   */
  private readonly lockGathered: ({ holds: SpanGroup; waits: SpanGroup } | undefined)[];
  private pairs: FlowPairs | undefined;
  /** Every span's weight and drawing code, built when a row first needs them scattered (spanWeights). */
  private weightCol: Float64Array | undefined;
  private codeCol: Uint16Array | undefined;

  constructor(readonly trace: Trace) {
    const { meta, tables, length } = trace;
    const nc = meta.cpus;
    const nt = meta.threads.length;
    const nl = meta.locks.length;
    const pre = takePrebuilt(trace);
    this.headStart = pre !== undefined;
    this.lanePlanned = pre?.planned === true;
    const passes = pre ?? spanPasses(meta, tables.spans, length.spans);
    const { busy, lockUse } = passes;
    this.lockSpans = passes.lockSpans;
    this.lockGathered = passes.lockGathered;
    if (passes.weights) { this.weightCol = passes.weights.weight; this.codeCol = passes.weights.code; }

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
        threads: passes.runs[c],
        states: passes.states[c],
        locks: passes.locks[c],
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

  /**
   * Every span's weight and drawing code as columns, for the rows that gather
   * their spans scattered over the trace (a thread or a lock on one CPU, when
   * expanded): built on first use, not before the first paint.
   */
  private spanWeights(): { weight: Float64Array; code: Uint16Array } {
    if (!this.weightCol || !this.codeCol) ({ weight: this.weightCol, code: this.codeCol } = weightColumns(this.trace.tables.spans, this.trace.length.spans));
    return { weight: this.weightCol, code: this.codeCol };
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
      const { weight, code } = this.spanWeights();
      const c = this.cpus[cpu];
      const th = sp.thread;
      const runs = filterLane(c.threads, (i) => th[i] === thread);
      const lockRows: number[] = [];
      for (const lane of c.locks) for (let k = 0; k < lane.n; k++) if (th[lane.idx[k]] === thread) lockRows.push(lane.idx[k]);
      lanes = [
        buildLanes(runs, sp.start, sp.dur, weight, 1, code)[0] ?? emptyLane(),
        ...buildLanes(Uint32Array.from(lockRows), sp.start, sp.dur, weight, MAX_CPU_LOCK_LANES, code),
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
      const { weight, code } = this.spanWeights();
      const rows = pick(this.lockSpans[lock] ?? new Uint32Array(0), sp.cpu, cpu);
      lanes = buildLanes(rows, sp.start, sp.dur, weight, MAX_CPU_LOCK_LANES, code);
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
      const gathered = this.lockGathered[lock];
      holds = gathered?.holds.lanes(MAX_LOCK_HOLD_LANES) ?? [];
      waits = gathered?.waits.lanes(MAX_LOCK_WAIT_LANES) ?? [];
      this.lockGathered[lock] = undefined; // in the lanes now
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
        const gathered = this.lockGathered[lock];
        counts = {
          holds: gathered?.holds.laneCount(MAX_LOCK_HOLD_LANES) ?? 0,
          waits: gathered?.waits.laneCount(MAX_LOCK_WAIT_LANES) ?? 0,
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

/** The span columns the index reads (the first seven of the table: the report's data has them before the rest). */
export type IndexedSpanColumns = Pick<Trace['tables']['spans'], 'start' | 'dur' | 'kind' | 'sub' | 'cpu' | 'thread' | 'obj'>;
export const INDEXED_SPAN_COLUMNS = ['start', 'dur', 'kind', 'sub', 'cpu', 'thread', 'obj'] as const;

/** What the index makes of the spans alone: each CPU's lanes, each lock's spans, and the row orders' figures. */
interface SpanPasses {
  /** What they were made from (a prebuilt one is used only for the same columns and the same counts). */
  columns: IndexedSpanColumns;
  ns: number; nc: number; nt: number; nl: number;
  states: Lane[];
  runs: Lane[];
  locks: Lane[][];
  lockSpans: Uint32Array[];
  lockGathered: { holds: SpanGroup; waits: SpanGroup }[];
  /** Run time per (cpu, thread), uses per (cpu, lock). */
  busy: Float64Array;
  lockUse: Float64Array;
  /** Every span's weight and code, when an overlapping CPU lane needed them. */
  weights?: { weight: Float64Array; code: Uint16Array };
  /** Made in one pass with the report writer's plan of the lanes (fillLanes). */
  planned?: boolean;
}

/**
 * The index's passes over the spans: one to count what goes into each lane
 * (src/trace/lanePlan.ts, laneCounts), one to fill them (fillLanes), each
 * CPU's lock spans gathered for buildLanes.
 */
function spanPasses(meta: Pick<TraceMeta, 'cpus' | 'threads' | 'locks'>, sp: IndexedSpanColumns, ns: number): SpanPasses {
  const passes = fillLanes(meta, sp, ns, laneCounts(meta, sp, ns));
  if (!passes) throw new Error('the spans changed while the index read them');
  return passes;
}

/**
 * The pass that fills the lanes, their sizes known beforehand (counted, or the report writer's plan: lanePlan.ts):
 * each span's significance (spanWeight) and drawing code (spanCode) worked out as it is read, not kept for every
 * span; CPU states and thread runs straight into their lanes (they come in order); a lock span with a lane number
 * (the writer's plan) straight into that lane among its CPU's lock lanes, in row order (its drawn start clipped to
 * the lane's end, as the colouring does past the last lane), one without gathered with its columns beside it for
 * buildLanes, and each lock's holds and waits likewise, so laying them out reads compact arrays, not the trace's
 * columns scattered. Undefined when a count does not hold (a plan for other spans): the caller makes the passes.
 */
function fillLanes(meta: Pick<TraceMeta, 'cpus' | 'threads' | 'locks'>, sp: IndexedSpanColumns, ns: number, plan: LanePlan): SpanPasses | undefined {
  const nc = meta.cpus;
  const nt = meta.threads.length;
  const nl = meta.locks.length;
  const { counts, lanes } = plan;
  const busy = new Float64Array(nc * nt);
  const lockUse = new Float64Array(nc * nl);
  const states = counts.states.map((n) => new LaneFiller(n));
  const runs = counts.runs.map((n) => new LaneFiller(n));
  // Lanes given by the plan, filled in row order; spans without lane numbers gathered for buildLanes, as before.
  const group = (per: number[], planned: number, x: number, max: number): SpanGroup =>
    (planned ? new PlannedLanes(per.slice(x * max, (x + 1) * max)) : new CompactSpans(per[x * max]));
  const cpuLocks = counts.planned.map((p, c) => group(counts.lockLanes, p, c, MAX_CPU_LOCK_LANES));
  const holds = counts.plannedHolds.map((p, l) => group(counts.holdLanes, p, l, MAX_LOCK_HOLD_LANES));
  const waits = counts.plannedWaits.map((p, l) => group(counts.waitLanes, p, l, MAX_LOCK_WAIT_LANES));
  const perLock = counts.holds.map((n, l) => new Uint32Array(n + counts.waits[l]));
  const nLock = new Uint32Array(nl);
  const { cpu: cpuCol, kind: kindCol, thread: threadCol, obj: objCol, dur: durCol, sub: subCol, start: startCol } = sp;
  let j = 0;
  for (let i = 0; i < ns; i++) {
    const c = cpuCol[i];
    if (c >= nc) continue;
    const k = kindCol[i];
    const s = startCol[i];
    const d = durCol[i];
    if (k === SpanKind.CpuState) {
      const sub = subCol[i];
      states[c].add(i, s, s + d, sub === CpuState.Spin ? d + WAIT_WEIGHT : d, (k << CODE_SHIFT) | sub);
    } else if (k === SpanKind.ThreadRun) {
      const t = threadCol[i];
      if (t < nt) busy[c * nt + t] += d;
      runs[c].add(i, s, s + d, d, spanCode(k, subCol[i], t));
    } else if (k === SpanKind.LockHold || k === SpanKind.LockWait) {
      const w = k === SpanKind.LockWait ? d + WAIT_WEIGHT : d;
      const code = (k << CODE_SHIFT) | subCol[i];
      const given = lanes[j++];
      if (!cpuLocks[c].add(given & 15, i, s, d, w, code)) return undefined;
      const l = objCol[i];
      if (l < nl) {
        lockUse[c * nl + l] += 1;
        if (nLock[l] >= perLock[l].length) return undefined;
        perLock[l][nLock[l]++] = i;
        if (!(k === SpanKind.LockHold ? holds : waits)[l].add(given >> 4, i, s, d, w, code)) return undefined;
      }
    }
  }
  // Every lane and list exactly full: the plan was made for these spans.
  if (j !== lanes.length || !states.every((f) => f.full()) || !runs.every((f) => f.full()) || perLock.some((r, l) => nLock[l] !== r.length)
    || ![...cpuLocks, ...holds, ...waits].every((g) => g.full())) return undefined;
  let weights: SpanPasses['weights'];
  // The lane a filler made, or (when its records overlap) the first lane buildLanes makes of them.
  const laneOf = (f: LaneFiller): Lane => {
    const lane = f.finish();
    if (lane) return lane;
    weights ??= weightColumns(sp, ns);
    return buildLanes(f.indices(), startCol, durCol, weights.weight, 1, weights.code)[0] ?? emptyLane();
  };
  return {
    columns: sp, ns, nc, nt, nl,
    states: states.map(laneOf),
    runs: runs.map(laneOf),
    locks: cpuLocks.map((g) => g.lanes(MAX_CPU_LOCK_LANES)),
    lockSpans: perLock,
    lockGathered: holds.map((h, l) => ({ holds: h, waits: waits[l] })),
    busy, lockUse, weights,
  };
}

/**
 * Lock spans on their way into a row's lanes: gathered with their columns beside them (CompactSpans, laid out
 * by buildLanes when the row is first drawn), or straight into the lanes the writer's plan gives (PlannedLanes).
 */
interface SpanGroup {
  /** Adds span `row` (in row order), into lane `lane` when its lanes are given; false when the group is full or the lane is not one of its. */
  add(lane: number, row: number, start: number, dur: number, weight: number, code: number): boolean;
  full(): boolean;
  /** Its lanes, at most maxLanes of them. */
  lanes(maxLanes: number): Lane[];
  /** How many lanes lanes(maxLanes) makes. */
  laneCount(maxLanes: number): number;
}

/**
 * Lanes filled in row order whose records come in their lanes' order (the writer's plan): each record's drawn start
 * is clipped to its lane's end so far (what the colouring does with a record past the last lane; otherwise the lane
 * is free at its start and nothing changes).
 */
class PlannedLanes implements SpanGroup {
  private readonly filled: Lane[];
  private readonly k: Uint32Array;
  private readonly laneEnd: Float64Array;

  constructor(sizes: number[]) {
    this.filled = sizes.map((n) => allocLane(n));
    this.k = new Uint32Array(sizes.length);
    this.laneEnd = new Float64Array(sizes.length).fill(-Infinity);
  }

  add(l: number, i: number, s: number, d: number, weight: number, code: number): boolean {
    const lane = this.filled[l];
    if (!lane) return false;
    const k = this.k[l];
    if (k >= lane.n) return false;
    this.k[l] = k + 1;
    const end = this.laneEnd[l];
    const cs = s > end ? s : end;
    const e = s + d;
    const ce = e > cs ? e : cs;
    lane.idx[k] = i;
    lane.start[k] = cs;
    lane.end[k] = ce;
    lane.weight[k] = weight;
    lane.code[k] = code;
    this.laneEnd[l] = ce;
    return true;
  }

  full(): boolean {
    return this.filled.every((lane, l) => this.k[l] === lane.n);
  }

  lanes(): Lane[] {
    // The colouring opens lanes in order: the ones used are the first.
    const used = this.filled.filter((lane) => lane.n > 0);
    for (const lane of used) finishLane(lane);
    return used;
  }

  laneCount(): number {
    return this.filled.filter((lane) => lane.n > 0).length;
  }
}

/** Span passes made before their trace was whole, by the first column's buffer (the report's reader: prebuildSpans). */
const prebuilt = new WeakMap<ArrayBufferLike, SpanPasses>();

/**
 * The index's passes over the spans, made now from their columns (whole,
 * while the rest of the trace is still on its way), for the TimelineIndex of
 * a trace whose span columns are these same buffers (taken once).
 */
export function prebuildSpans(meta: Pick<TraceMeta, 'cpus' | 'threads' | 'locks'>, spans: IndexedSpanColumns, ns: number, plan?: LanePlan): void {
  const planned = plan && fillLanes(meta, spans, ns, plan);
  prebuilt.set(spans.start.buffer, planned ? { ...planned, planned: true } : spanPasses(meta, spans, ns));
}

function takePrebuilt(trace: Trace): SpanPasses | undefined {
  const sp = trace.tables.spans;
  const pre = prebuilt.get(sp.start.buffer);
  if (!pre) return undefined;
  prebuilt.delete(sp.start.buffer);
  const { meta, length } = trace;
  const same = pre.ns === length.spans && pre.nc === meta.cpus && pre.nt === meta.threads.length && pre.nl === meta.locks.length
    && INDEXED_SPAN_COLUMNS.every((k) => pre.columns[k].buffer === sp[k].buffer && pre.columns[k].byteOffset === sp[k].byteOffset
      && pre.columns[k].length === sp[k].length && pre.columns[k].BYTES_PER_ELEMENT === sp[k].BYTES_PER_ELEMENT);
  return same ? pre : undefined;
}

/** Every span's weight and drawing code as columns. */
function weightColumns(sp: Pick<IndexedSpanColumns, 'kind' | 'sub' | 'dur' | 'thread'>, ns: number): { weight: Float64Array; code: Uint16Array } {
  const weight = new Float64Array(ns);
  const code = new Uint16Array(ns);
  for (let i = 0; i < ns; i++) {
    weight[i] = spanWeight(sp.kind[i], sp.sub[i], sp.dur[i]);
    code[i] = spanCode(sp.kind[i], sp.sub[i], sp.thread[i]);
  }
  return { weight, code };
}

/** Spans (trace rows `rows`) with their start, duration, weight and drawing code beside them, in row order. */
class CompactSpans implements SpanGroup {
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

  private fill = 0;

  /** Adds span `row` after those added before (`lane`: none is given here). */
  add(lane: number, row: number, start: number, dur: number, weight: number, code: number): boolean {
    if (lane !== NO_LANE || this.fill >= this.rows.length) return false;
    this.set(this.fill++, row, start, dur, weight, code);
    return true;
  }

  full(): boolean {
    return this.fill === this.rows.length;
  }

  /** Puts span `row` at position p. */
  set(p: number, row: number, start: number, dur: number, weight: number, code: number): void {
    this.rows[p] = row;
    this.start[p] = start;
    this.dur[p] = dur;
    this.weight[p] = weight;
    this.code[p] = code;
  }

  /** The number of lanes lanes(maxLanes) makes. */
  laneCount(maxLanes: number): number {
    return laneCount(this.positions(), this.start, this.dur, maxLanes);
  }

  private positions(): Uint32Array {
    const n = this.rows.length;
    const positions = new Uint32Array(n);
    for (let k = 0; k < n; k++) positions[k] = k;
    return positions;
  }

  /**
   * buildLanes of these spans, the same lanes it makes from the trace's
   * columns (positions here are in row order, so ties in start still fall to
   * the earlier row), with each lane's idx mapped back to trace rows.
   */
  lanes(maxLanes: number): Lane[] {
    // Already in one lane (a lock's holds, mostly): these arrays become the lane's, no copy.
    const one = adoptLane(this.rows, this.start, this.dur, this.weight, this.code);
    if (one) return [one];
    const lanes = buildLanes(this.positions(), this.start, this.dur, this.weight, maxLanes, this.code);
    const rows = this.rows;
    for (const lane of lanes) {
      const idx = lane.idx;
      for (let p = 0; p < lane.n; p++) idx[p] = rows[idx[p]];
    }
    return lanes;
  }
}

/** A span's significance: its duration, plus WAIT_WEIGHT for waits and spinning (any wait wins a pixel column). */
function spanWeight(kind: number, sub: number, dur: number): number {
  return kind === SpanKind.LockWait || (kind === SpanKind.CpuState && sub === CpuState.Spin) ? dur + WAIT_WEIGHT : dur;
}

/** A span's drawing code: its kind above CODE_SHIFT, its state/flags (or thread, for runs) below. */
function spanCode(kind: number, sub: number, thread: number): number {
  return (kind << CODE_SHIFT) | (kind === SpanKind.ThreadRun ? Math.min(thread, CODE_VALUE) : sub);
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
