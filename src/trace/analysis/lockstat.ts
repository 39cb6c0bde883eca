// The lock contention table: `perf lock contention` columns (contended, total /
// max / mean wait) plus /proc/lock_stat's acquisitions and hold times, one row
// per lock, each with its contending call paths and its top holders.
//
// Definitions (all restricted to a time range; a span counts when it overlaps
// the range and its time is clipped to the range):
//   acquisitions  LockHold spans. A capture has none (its tracepoints see only
//                 contended takes): acquisitionsKnown is false and views show "—".
//   contended     holds whose acquire followed a wait: a LockWait of the same
//                 thread (or, with no thread, the same CPU) on the same lock
//                 ending exactly where the hold starts. An adaptive lock that
//                 spins then sleeps has two wait spans but one contended acquire.
//                 Without holds (a capture): the waits, each counted once (a
//                 wait continued in a second span is one), as perf counts them.
//   waits         wait episodes: LockWait spans not continued by another. A
//                 wait still open when a capture ended counts, with no time.
//   spin / sleep  LockWait spans by WaitKind: count, total, max (per span).
//   mean wait     (spin + sleep time) / contended acquisitions; when none of the
//                 range's waits ended in an acquire inside it, per wait span.
//   max wait      the longest whole wait: an adaptive lock's spin span marked
//                 Continued and the sleep span after it count as one wait.
//   hold          total / max / mean of LockHold durations (readers included).
//   utilisation   exclusive (non-read) hold time / range length.
//   hand-off      per contended acquisition, the time from the release that
//                 passed the lock on (the LockHandoff flow's start) to the new
//                 holder running: the flow's end for a spinner, the wake-up
//                 flow's end for a sleeper granted the lock. Mean over the
//                 contended acquisitions that have a hand-off flow.
//   per CPU       acquisitions by the CPU of each hold (locks only): fairness.
//   paths         per lock and stack of the wait/hold (the `lock:` step): the
//                 same numbers; a path contends when it waited at all.
//   holders       per lock and stack, holds flagged Contended (held while
//                 someone waited): count and hold time.
//   callers       rows by call site instead of by lock, as `perf lock
//                 contention` shows them by default: the paths of every lock
//                 summed per stack. A capture's wait stack is the call site perf
//                 charges the wait to (import/perf/contentionCaller.ts), named
//                 by its first frame with a symbol; a model's is its `lock:` step.
import { FlowKind, HoldFlags, NONE, SpanKind, WaitKind, stackLabel, type DurColumn, type Trace } from '../schema';
import { clippedDuration, rangeOf, type TimeRange } from './range';
import { ActorTimeIndex, actorOf } from './actorTimeIndex';
import { StackKeyedRows, StatColumns } from './statColumns';

export interface WaitStat { count: number; totalNs: number; maxNs: number }

export interface LockNumbers {
  acquisitions: number;
  /** False for a capture, whose tracepoints see only contended acquisitions: show "—", not 0. */
  acquisitionsKnown: boolean;
  contended: number;
  /** Wait episodes (an adaptive spin-then-sleep counts once). */
  waits: number;
  /** contended / acquisitions × 100 (0 with no acquisitions). */
  contendedPct: number;
  spin: WaitStat;
  sleep: WaitStat;
  /** spin + sleep time. */
  waitNs: number;
  meanWaitNs: number;
  maxWaitNs: number;
  holdNs: number;
  meanHoldNs: number;
  maxHoldNs: number;
  /** Exclusive (non-read) hold time / range length. */
  utilisation: number;
  /** Contended acquisitions with a measured hand-off, and their mean release → new holder running. */
  handoffs: number;
  meanHandoffNs: number;
}

export interface LockPath extends LockNumbers {
  stack: number;
  /** "wm_rxintr > ether_input" */
  label: string;
  /** Source of the leaf frame: the `lock:` step. */
  src: number;
}

export interface LockHolder {
  stack: number;
  label: string;
  src: number;
  /** Holds on this path during which another CPU or thread waited. */
  count: number;
  holdNs: number;
}

export interface LockRow extends LockNumbers {
  /** Unique among the table's rows and callers: "lock:3", "caller:17". */
  key: string;
  /** The lock (for a caller row: the lock it waited for most). */
  lock: number;
  name: string;
  /** 'spin' | 'mutex' | 'rw' | 'pserialize' ... as declared. */
  type: string;
  /** 'spin' | 'sleep' | 'adaptive' ... as declared. */
  waitPolicy: string;
  /** How its waiters spin, when not the default queued: 'ticket' | 'tas'. */
  algorithm?: string;
  src: number;
  /** Paths that waited for this lock, most wait first. */
  paths: LockPath[];
  /** Paths that held it while others waited, most hold time first. */
  holders: LockHolder[];
  /** Acquisitions by CPU (index = CPU): how fairly the CPUs got it. */
  perCpu: number[];
}

export interface LockStatTable {
  range: TimeRange;
  rangeNs: number;
  /** Sorted by total wait, most first; idle locks last by name. */
  rows: LockRow[];
  /** By call site: one row per wait stack, its paths one per lock; sorted by total wait. */
  callers: LockRow[];
  /** False when the trace has no lock holds at all (a capture). */
  acquisitionsKnown: boolean;
}

// Field offsets in a StatColumns row.
const ACQ = 0, CONT = 1, SPIN_N = 2, SPIN_NS = 3, SPIN_MAX = 4, SLEEP_N = 5, SLEEP_NS = 6, SLEEP_MAX = 7,
  HOLD_NS = 8, HOLD_MAX = 9, CHOLD_N = 10, CHOLD_NS = 11, EXCL_NS = 12, WAIT_MAX = 13, HANDOFF_N = 14, HANDOFF_NS = 15,
  WAITS = 16, READS = 17, STRIDE = 18;

// Enum members as plain locals (see flame.ts).
const HOLD: number = SpanKind.LockHold;
const WAIT: number = SpanKind.LockWait;
const SLEEP: number = WaitKind.Sleep;
const CONTENDED: number = HoldFlags.Contended;
const READ: number = HoldFlags.Read;
const CONTINUED: number = WaitKind.Continued;
const READ_WAIT: number = WaitKind.Read;
const UNFINISHED: number = WaitKind.Unfinished;
const HANDOFF: number = FlowKind.LockHandoff;
const WAKEUP: number = FlowKind.Wakeup;

/** Pending wait ends per actor, matched by the hold that follows (nesting deeper than this is not expected). */
const RING = 8;

/** Spans (flows) per call of scanLockSpans (countHandoffs, placeHandoffs). */
const SLICE = 16384;

/** Calls of each rare path at load (keptScan), more than V8 runs a function before it keeps type feedback (8). */
const PRIMED = 32;

export function lockStats(trace: Trace, range?: TimeRange | null): LockStatTable {
  const { meta } = trace;
  const r = rangeOf(trace, range);
  const r0 = r.start, r1 = r.end;
  const rangeNs = Math.max(0, r1 - r0);
  const nLocks = meta.locks.length;
  const scan = new LockScan(nLocks, meta.threads.length, meta.cpus, meta.stackParent.length);
  handoffsByActor(trace, scan);
  const sp = trace.tables.spans;
  const n = trace.length.spans;
  let holds = false;
  // In slices: a pass called once per run over all its spans started each of a fresh process's first runs in the
  // interpreter and stayed there until its optimised code was compiled again for entry mid-loop; called per slice,
  // the next slice enters the optimised code as soon as it exists.
  for (let from = 0; from < n; from += SLICE) {
    if (scanLockSpans(scan, sp.start, sp.dur, sp.kind, sp.sub, sp.cpu, sp.thread, sp.obj, sp.stack, from, Math.min(n, from + SLICE), r0, r1)) holds = true;
  }
  const { perLock, pathCols, paths, perCpu, nCpus } = scan;

  // Waits known only as totals (an imported perf lock table) belong to the whole run.
  const whole = !range || (r0 <= meta.startNs && r1 >= meta.endNs);
  if (whole && meta.waitTotals) {
    for (const w of meta.waitTotals) {
      if (w.lock >= nLocks || !(w.count > 0)) continue;
      const p = paths.row(w.stack, w.lock) * STRIDE;
      const base = w.sleep ? SLEEP_N : SPIN_N;
      for (const [d, at] of [[perLock.data, w.lock * STRIDE], [pathCols.data, p]] as const) {
        d[at + base] += w.count;
        d[at + base + 1] += w.totalNs;
        d[at + base + 2] = Math.max(d[at + base + 2], w.maxNs);
        d[at + WAIT_MAX] = Math.max(d[at + WAIT_MAX], w.maxNs);
        d[at + WAITS] += w.count;
        if (w.read) d[at + READS] += w.count;
      }
    }
  }

  const pathsByLock: number[][] = Array.from({ length: nLocks }, () => []);
  for (let p = 0; p < pathCols.rows; p++) pathsByLock[paths.keyOf[p]].push(p);

  const rows: LockRow[] = [];
  for (let l = 0; l < nLocks; l++) {
    const info = meta.locks[l];
    const contending: LockPath[] = [];
    const holders: LockHolder[] = [];
    for (const p of pathsByLock[l]) {
      const st = paths.stackOf[p];
      const label = stackLabel(meta, st);
      const src = meta.frameSrc[meta.stackFrame[st]] ?? 0;
      const nums = numbers(pathCols.data, p * STRIDE, rangeNs, holds);
      if (nums.spin.count + nums.sleep.count > 0) contending.push({ stack: st, label, src, ...nums });
      const cn = pathCols.data[p * STRIDE + CHOLD_N];
      if (cn > 0) holders.push({ stack: st, label, src, count: cn, holdNs: pathCols.data[p * STRIDE + CHOLD_NS] });
    }
    contending.sort((a, b) => b.waitNs - a.waitNs || b.acquisitions - a.acquisitions || a.label.localeCompare(b.label));
    holders.sort((a, b) => b.holdNs - a.holdNs || b.count - a.count || a.label.localeCompare(b.label));
    rows.push({
      key: `lock:${l}`, lock: l, name: info.name, type: typeName(info.kind, perLock.data, l * STRIDE), waitPolicy: info.wait,
      ...(info.algorithm ? { algorithm: info.algorithm } : {}), src: info.src,
      ...numbers(perLock.data, l * STRIDE, rangeNs, holds), paths: contending, holders,
      perCpu: Array.from(perCpu.subarray(l * nCpus, l * nCpus + nCpus)),
    });
  }
  rows.sort((a, b) => b.waitNs - a.waitNs || b.holdNs - a.holdNs || a.name.localeCompare(b.name));
  return { range: r, rangeNs, rows, callers: callerRows(trace, paths, pathCols, rangeNs, holds), acquisitionsKnown: holds };
}

/**
 * What the pass over the spans accumulates. The passes below see only this
 * (a class: one hidden class for the life of the process), typed arrays and
 * numbers — never a trace's own objects, whose hidden classes are built anew
 * with every run (its meta by a spread): code that touched them was thrown
 * away and compiled again on every run of a pool worker (V8's "insufficient
 * type feedback" and "wrong map" deopts), a third of a replication's CPU time.
 */
class LockScan {
  readonly perLock: StatColumns;
  readonly pathCols: StatColumns;
  readonly paths: StackKeyedRows;
  /** Actors (actorOf): threads, then one per CPU for work with no thread, then one more. */
  readonly actors: number;
  readonly nCpus: number;
  /** Pending wait ends per actor (RING each), matched by the hold that follows. */
  readonly ringEnd: Float64Array;
  readonly ringLock: Int32Array;
  readonly ringHead: Uint8Array;
  /** Per actor, how many ring slots hold a pending wait end, and the slot written last: a hold looks no further when none or one is pending. */
  readonly ringLive: Uint8Array;
  readonly ringLast: Uint8Array;
  /** The spin part of an adaptive wait, carried into the sleep part that follows it. */
  readonly carried: Float64Array;
  readonly carriedLock: Int32Array;
  readonly perCpu: Float64Array;
  /** (actor, hold start) → hand-off time (handoffsByActor). */
  handoffs: ActorTimeIndex;
  constructor(readonly nLocks: number, readonly nThreads: number, cpus: number, stacks: number) {
    this.perLock = new StatColumns(STRIDE, nLocks);
    for (let l = 0; l < nLocks; l++) this.perLock.add();
    this.pathCols = new StatColumns(STRIDE, 64);
    this.paths = new StackKeyedRows(stacks, this.pathCols);
    this.nCpus = Math.max(cpus, 1);
    this.actors = nThreads + this.nCpus + 1;
    this.ringEnd = new Float64Array(this.actors * RING);
    this.ringLock = new Int32Array(this.actors * RING).fill(-1);
    this.ringHead = new Uint8Array(this.actors);
    this.ringLive = new Uint8Array(this.actors);
    this.ringLast = new Uint8Array(this.actors);
    this.carried = new Float64Array(this.actors);
    this.carriedLock = new Int32Array(this.actors).fill(-1);
    this.perCpu = new Float64Array(nLocks * this.nCpus);
    this.handoffs = new ActorTimeIndex(0);
  }
}

/** The pass over the spans: lock waits and holds into `scan`. True when the trace has any hold. */
function scanLockSpans(
  scan: LockScan, start: Float64Array, dur: DurColumn, kind: Uint8Array, sub: Uint8Array, cpu: Uint16Array,
  thread: Uint16Array, obj: Uint16Array, stack: Uint32Array, from: number, to: number, r0: number, r1: number,
): boolean {
  const { nLocks, nThreads, nCpus, pathCols, paths, ringEnd, ringLock, ringHead, ringLive, ringLast, carried, carriedLock, perCpu, handoffs } = scan;
  const lockData = scan.perLock.data; // one row per lock from the start: never grows
  let pathData = pathCols.data; // grows as paths are found: read again after paths.row
  let holds = false;
  for (let i = from; i < to; i++) {
    const k = kind[i];
    if (k !== HOLD && k !== WAIT) continue;
    if (k === HOLD) holds = true;
    const lock = obj[i];
    if (lock >= nLocks) continue;
    const t = thread[i];
    const actor = actorOf(t, cpu[i], nThreads, nCpus);
    const s = start[i];
    const d = dur[i];
    const sb = sub[i];
    const l = lock * STRIDE;
    if (k === WAIT) {
      const h = ringHead[actor];
      if (ringLock[actor * RING + h] === -1) ringLive[actor]++;
      ringEnd[actor * RING + h] = s + d;
      ringLock[actor * RING + h] = lock;
      ringLast[actor] = h;
      ringHead[actor] = (h + 1) % RING;
      const c = clippedDuration(s, d, r0, r1);
      let whole = c > 0 ? c : 0;
      if (carriedLock[actor] === lock) whole += carried[actor];
      if (sb & CONTINUED) {
        carried[actor] = whole;
        carriedLock[actor] = lock;
      } else {
        carriedLock[actor] = -1;
      }
      if (c < 0) continue;
      const p = paths.row(stack[i], lock) * STRIDE;
      pathData = pathCols.data;
      if (!(sb & CONTINUED)) {
        const read = sb & READ_WAIT ? 1 : 0;
        lockData[l + WAITS]++;
        pathData[p + WAITS]++;
        lockData[l + READS] += read;
        pathData[p + READS] += read;
      }
      if (sb & UNFINISHED) continue; // its end was not seen: no wait time, as perf
      const base = (sb & SLEEP) === SLEEP ? SLEEP_N : SPIN_N;
      addWait(lockData, l + base, c);
      addWait(pathData, p + base, c);
      if (whole > lockData[l + WAIT_MAX]) lockData[l + WAIT_MAX] = whole;
      if (whole > pathData[p + WAIT_MAX]) pathData[p + WAIT_MAX] = whole;
    } else {
      // The first slot (in slot order) holding this lock's wait ending where the hold starts.
      let contended = 0;
      const live = ringLive[actor];
      const last = actor * RING + ringLast[actor];
      if (live === 1 && ringLock[last] !== -1) {
        // the one pending wait is the last written (the common case: a wait, then its hold)
        if (ringLock[last] === lock && Math.abs(ringEnd[last] - s) < 0.5) {
          ringLock[last] = -1;
          ringLive[actor] = 0;
          contended = 1;
        }
      } else if (live > 0) {
        const o = actor * RING;
        for (let j = 0; j < RING; j++) {
          if (ringLock[o + j] === lock && Math.abs(ringEnd[o + j] - s) < 0.5) {
            ringLock[o + j] = -1;
            ringLive[actor] = live - 1;
            contended = 1;
            break;
          }
        }
      }
      const c = clippedDuration(s, d, r0, r1);
      if (c < 0) continue;
      addHold(lockData, l, c, contended, sb);
      const p = paths.row(stack[i], lock) * STRIDE;
      pathData = pathCols.data;
      addHold(pathData, p, c, contended, sb);
      perCpu[lock * nCpus + Math.min(cpu[i], nCpus - 1)]++;
      const h = contended ? handoffs.get(actor, s) : NaN;
      if (h === h) {
        lockData[l + HANDOFF_N]++;
        lockData[l + HANDOFF_NS] += h;
        pathData[p + HANDOFF_N]++;
        pathData[p + HANDOFF_NS] += h;
      }
    }
  }
  return holds;
}

/** Rows by wait stack: each stack's paths summed over the locks it waited for. */
function callerRows(trace: Trace, paths: StackKeyedRows, pathCols: StatColumns, rangeNs: number, holds: boolean): LockRow[] {
  const { meta } = trace;
  const byStack = new Map<number, number[]>();
  for (let p = 0; p < pathCols.rows; p++) {
    if (pathCols.data[p * STRIDE + WAITS] === 0) continue;
    const st = paths.stackOf[p];
    const list = byStack.get(st);
    if (list) list.push(p); else byStack.set(st, [p]);
  }
  const sum = new StatColumns(STRIDE, byStack.size);
  const out: LockRow[] = [];
  for (const [st, list] of byStack) {
    const at = sum.add() * STRIDE;
    const d = sum.data;
    let main = list[0];
    for (const p of list) {
      const o = p * STRIDE;
      for (let f = 0; f < STRIDE; f++) {
        if (f === SPIN_MAX || f === SLEEP_MAX || f === HOLD_MAX || f === WAIT_MAX) d[at + f] = Math.max(d[at + f], pathCols.data[o + f]);
        else d[at + f] += pathCols.data[o + f];
      }
      if (pathCols.data[o + WAITS] > pathCols.data[main * STRIDE + WAITS]) main = p;
    }
    const lock = paths.keyOf[main];
    const info = meta.locks[lock];
    const perLock: LockPath[] = list.map((p) => ({
      stack: st, label: meta.locks[paths.keyOf[p]].name, src: 0, ...numbers(pathCols.data, p * STRIDE, rangeNs, holds),
    })).sort((a, b) => b.waitNs - a.waitNs || b.waits - a.waits);
    out.push({
      key: `caller:${st}`, lock, name: callerName(trace, st), type: typeName(info.kind, d, at), waitPolicy: info.wait,
      src: meta.frameSrc[meta.stackFrame[st]] ?? 0, ...numbers(d, at, rangeNs, holds), paths: perLock, holders: [], perCpu: [],
    });
  }
  out.sort((a, b) => b.waitNs - a.waitNs || b.waits - a.waits || a.name.localeCompare(b.name));
  return out;
}

/** A wait stack's caller: its leaf-most frame with a name ("[libc.so.6] 0x85f16" has none). */
function callerName(trace: Trace, stack: number): string {
  const { meta } = trace;
  for (let s = stack; s !== 0; s = meta.stackParent[s]) {
    const name = meta.strings[meta.frameName[meta.stackFrame[s]]];
    if (name && !name.startsWith('[')) return name;
  }
  return stack === 0 ? '(no call chain)' : 'Unknown';
}

/** Reader-writer kinds say which side waited, as perf's types do: "rwsem:W", "rwlock:R". */
const RW_TYPES: Record<string, string> = { rwsem: 'rwsem', rwlock: 'rwlock', 'rwlock-rt': 'rwlock-rt', 'percpu-rwsem': 'pcpu-sem' };
function typeName(kind: string, d: Float64Array, at: number): string {
  const rw = RW_TYPES[kind];
  if (!rw || d[at + WAITS] === 0) return kind;
  return `${rw}:${d[at + READS] === d[at + WAITS] ? 'R' : 'W'}`;
}

/**
 * Per actor (as in lockStats), hold start → hand-off time for every lock
 * hand-off: release to the new holder running. A sleeper is granted the lock
 * at the release (its hold starts then) and runs when its wake-up flow ends.
 */
function handoffsByActor(trace: Trace, scan: LockScan): void {
  const fl = trace.tables.flows;
  const n = trace.length.flows;
  scan.handoffs = new ActorTimeIndex(scan.actors);
  scanHandoffs(scan, fl.t0, fl.t1, fl.kind, fl.cpu1, fl.thread1, n, new WakeupEnds(fl.t0, fl.t1, fl.kind, fl.thread1, n));
}

/** Hand-offs in two passes (count per actor, then place), each its own function: see countHandoffs. */
function scanHandoffs(
  scan: LockScan, t0s: Float64Array, t1s: Float64Array, kind: Uint8Array, cpu1: Uint16Array, thread1: Uint16Array, n: number,
  wakeups: WakeupEnds,
): void {
  const { nThreads, nCpus, handoffs } = scan;
  // in slices, as scanLockSpans
  for (let from = 0; from < n; from += SLICE) countHandoffs(handoffs, kind, cpu1, thread1, from, Math.min(n, from + SLICE), nThreads, nCpus);
  handoffs.layOut();
  for (let from = 0; from < n; from += SLICE) {
    placeHandoffs(handoffs, t0s, t1s, kind, cpu1, thread1, from, Math.min(n, from + SLICE), nThreads, nCpus, wakeups);
  }
  handoffs.seal();
}

/**
 * One loop per function here, and nothing read from objects before it: a
 * function's first call is optimised in the middle of its loop (on-stack
 * replacement), and code after that loop, not yet run, or before it, run
 * before V8 kept type feedback for the function, had none — the optimised code
 * was thrown away on reaching it, and compiled again.
 */
function countHandoffs(
  handoffs: ActorTimeIndex, kind: Uint8Array, cpu1: Uint16Array, thread1: Uint16Array, from: number, to: number, nThreads: number, nCpus: number,
): void {
  for (let f = from; f < to; f++) {
    if (kind[f] !== HANDOFF) continue;
    const t = thread1[f];
    handoffs.count(actorOf(t, cpu1[f], nThreads, nCpus));
  }
}

function placeHandoffs(
  handoffs: ActorTimeIndex, t0s: Float64Array, t1s: Float64Array, kind: Uint8Array, cpu1: Uint16Array, thread1: Uint16Array,
  from: number, to: number, nThreads: number, nCpus: number, wakeups: WakeupEnds,
): void {
  for (let f = from; f < to; f++) {
    if (kind[f] !== HANDOFF) continue;
    const t = thread1[f];
    const actor = actorOf(t, cpu1[f], nThreads, nCpus);
    const t0 = t0s[f], t1 = t1s[f];
    let ran = t1;
    if (t1 === t0 && t !== NONE && t < nThreads) ran = wakeups.ranAt(t, t0, t1);
    handoffs.place(actor, t1, ran - t0);
  }
}

/** Per thread: wake-up time → when the woken thread ran; built on first use (only a sleeper's hand-off needs it). */
class WakeupEnds {
  private byThread: (Map<number, number> | undefined)[] | null = null;
  constructor(
    private readonly t0: Float64Array, private readonly t1: Float64Array, private readonly kind: Uint8Array,
    private readonly thread1: Uint16Array, private readonly n: number,
  ) {}
  /** When thread `t`, woken at `at`, ran; `otherwise` when no wake-up of it at that time is recorded. */
  ranAt(t: number, at: number, otherwise: number): number {
    this.byThread ??= this.build();
    return this.byThread[t]?.get(at) ?? otherwise;
  }
  private build(): (Map<number, number> | undefined)[] {
    const out: (Map<number, number> | undefined)[] = [];
    for (let f = 0; f < this.n; f++) {
      if (this.kind[f] !== WAKEUP || this.thread1[f] === NONE) continue;
      (out[this.thread1[f]] ??= new Map()).set(this.t0[f], this.t1[f]);
    }
    return out;
  }
}

/**
 * One small scan kept for the life of the process, like the engine's
 * lastEngine (src/sim/engine.ts): V8 forgets a hidden class once no object
 * has it — here, between two runs of a pool worker — and throws away the code
 * optimised for it, so each run compiled the passes again (four times as much
 * compiler time as they took to run). While this one lives, the scans of
 * every later run have its hidden classes, and the code stays.
 */
const keptScan = (() => {
  const scan = new LockScan(1, 1, 1, PRIMED);
  scan.handoffs = new ActorTimeIndex(1);
  // Each rare path taken more often than V8's first calls of a function, which run before it keeps type feedback:
  // a run's first rows of its paths and its wake-up table's build then have feedback when optimised code built
  // in an earlier run meets them (without it, that code was thrown away at the start of a worker's second run).
  for (let s = 0; s < PRIMED; s++) {
    scan.paths.row(s, 0);
    scan.paths.row(s, 1); // the other key of the same stack: the overflow index
  }
  const one = new Float64Array(1);
  let wakeups = new WakeupEnds(one, one, new Uint8Array(1), new Uint16Array(1), 1);
  for (let k = 0; k < PRIMED; k++) {
    wakeups = new WakeupEnds(one, one, new Uint8Array(1), new Uint16Array(1), 1);
    wakeups.ranAt(0, 0, 0); // its table built
  }
  return { scan, wakeups };
})();

function addWait(d: Float64Array, at: number, ns: number): void {
  d[at] += 1;
  d[at + 1] += ns;
  if (ns > d[at + 2]) d[at + 2] = ns;
}

function addHold(d: Float64Array, at: number, ns: number, contended: number, flags: number): void {
  d[at + ACQ] += 1;
  d[at + CONT] += contended;
  d[at + HOLD_NS] += ns;
  if (!(flags & READ)) d[at + EXCL_NS] += ns;
  if (ns > d[at + HOLD_MAX]) d[at + HOLD_MAX] = ns;
  if (flags & CONTENDED) {
    d[at + CHOLD_N] += 1;
    d[at + CHOLD_NS] += ns;
  }
}

function numbers(d: Float64Array, at: number, rangeNs: number, acquisitionsKnown: boolean): LockNumbers {
  const acquisitions = d[at + ACQ];
  const waitEpisodes = d[at + WAITS];
  const contended = acquisitionsKnown ? d[at + CONT] : waitEpisodes;
  const spin = { count: d[at + SPIN_N], totalNs: d[at + SPIN_NS], maxNs: d[at + SPIN_MAX] };
  const sleep = { count: d[at + SLEEP_N], totalNs: d[at + SLEEP_NS], maxNs: d[at + SLEEP_MAX] };
  const waitNs = spin.totalNs + sleep.totalNs;
  const waits = spin.count + sleep.count;
  const holdNs = d[at + HOLD_NS];
  return {
    acquisitions,
    acquisitionsKnown,
    contended,
    waits: waitEpisodes,
    contendedPct: acquisitions > 0 ? (100 * contended) / acquisitions : 0,
    spin,
    sleep,
    waitNs,
    meanWaitNs: contended > 0 ? waitNs / contended : waits > 0 ? waitNs / waits : 0,
    maxWaitNs: d[at + WAIT_MAX],
    holdNs,
    meanHoldNs: acquisitions > 0 ? holdNs / acquisitions : 0,
    maxHoldNs: d[at + HOLD_MAX],
    utilisation: rangeNs > 0 ? d[at + EXCL_NS] / rangeNs : 0,
    handoffs: d[at + HANDOFF_N],
    meanHandoffNs: d[at + HANDOFF_N] > 0 ? d[at + HANDOFF_NS] / d[at + HANDOFF_N] : 0,
  };
}
