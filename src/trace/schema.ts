// The recorded run as data, not objects: four tables of parallel typed arrays
// (spans, instants, flows, counter samples) plus small interned tables
// (strings, frames, stacks, sources) in TraceMeta. Nothing here allocates per
// record. The same shape comes from the engine, from importers (perf, Chrome
// JSON) and crosses to the webview as transferable ArrayBuffers.

/** CPU time states, in the order of DESIGN.md. */
export const enum CpuState { User = 0, Kernel = 1, Interrupt = 2, Softint = 3, Spin = 4, Idle = 5 }
export const CPU_STATE_NAMES = ['user', 'kernel', 'interrupt', 'softint', 'spin', 'idle'] as const;
export type CpuStateName = (typeof CPU_STATE_NAMES)[number];

export const enum SpanKind {
  /** What a CPU was doing; these tile each CPU's timeline exactly. sub = CpuState, thread = running thread or NONE. */
  CpuState = 0,
  /** A thread on a CPU from switch-in to switch-out. */
  ThreadRun = 1,
  /** A lock held. sub = HoldFlags, obj = lock. */
  LockHold = 2,
  /** Waiting for a lock. sub = WaitKind, obj = lock, aux = holder thread + 1 when the wait began (0: none/readers). */
  LockWait = 3,
}
export const SPAN_KIND_NAMES = ['cpu', 'run', 'hold', 'wait'] as const;

export const enum HoldFlags { None = 0, Contended = 1, Read = 2 }
/**
 * LockWait sub: bit 0 sleep (else spin); bit 1 the wait goes on in a following span (adaptive: spin, then sleep);
 * bit 2 a reader's wait (rwsem / rwlock taken for reading); bit 3 the wait had not ended when the capture did
 * (shown to the end of the trace; counted as a contention but, as `perf lock contention` does, with no wait time).
 */
export const enum WaitKind { Spin = 0, Sleep = 1, Continued = 2, Read = 4, Unfinished = 8 }

export const enum InstantKind {
  /** Hardware interrupt taken. obj = vector (device rx queue / timer / IPI id), aux = nesting depth. */
  Interrupt = 0,
  /** Context switch. thread = incoming thread (NONE: to idle), aux = outgoing thread + 1. */
  ContextSwitch = 1,
  /** A thread made runnable. thread = woken, aux = waker thread + 1. */
  Wakeup = 2,
  /** Inter-processor interrupt sent. cpu = sender, obj = target CPU. */
  Ipi = 3,
  /** A packet dropped. aux = string id of where (the queue or reason). */
  Drop = 4,
  /** A running thread preempted. thread = preempted, aux = preempting thread + 1. */
  Preempt = 5,
}
export const INSTANT_KIND_NAMES = ['interrupt', 'switch', 'wakeup', 'ipi', 'drop', 'preempt'] as const;

export const enum FlowKind {
  /** Lock release on one CPU → the waiter's acquire. obj = lock. */
  LockHandoff = 0,
  /** wakeup() → the woken thread starting to run. */
  Wakeup = 1,
  /** IPI sent → handled on the target CPU. */
  Ipi = 2,
  /**
   * A spinner re-reading a ticket or tas lock's line after a release (the re-read storm): t0 → t1 is
   * the transfer, cpu0/thread0 the releaser, cpu1/thread1 the spinner, obj = lock.
   */
  LineTransfer = 3,
}
export const FLOW_KIND_NAMES = ['handoff', 'wakeup', 'ipi', 'transfer'] as const;

/** Thread, lock, CPU or object id meaning "none". */
export const NONE = 0xffff;

/** A span duration column: Uint32Array when every duration is a whole number of ns below 2^32 (4.29 s), else Float64Array. */
export type DurColumn = Float64Array | Uint32Array;

export interface SpanColumns {
  start: Float64Array; // ns
  /** ns: whole ns in 32 bits while every duration is one (a builder widens the column to 64-bit floats at the first that is not). */
  dur: DurColumn;
  kind: Uint8Array; // SpanKind
  sub: Uint8Array; // CpuState | HoldFlags | WaitKind
  cpu: Uint16Array;
  thread: Uint16Array;
  obj: Uint16Array; // lock id for hold/wait
  aux: Uint16Array; // holder+1 for waits (a thread id is < NONE, so it fits): read it with waitHolder (columns.ts)
  stack: Uint32Array;
}
export interface InstantColumns {
  time: Float64Array;
  kind: Uint8Array;
  cpu: Uint16Array;
  thread: Uint16Array;
  obj: Uint16Array;
  /** By kind (see InstantKind): read it with instantPeer, interruptDepth or dropWhere (columns.ts). */
  aux: Uint32Array;
  stack: Uint32Array;
}
export interface FlowColumns {
  t0: Float64Array;
  t1: Float64Array;
  kind: Uint8Array;
  cpu0: Uint16Array;
  cpu1: Uint16Array;
  thread0: Uint16Array;
  thread1: Uint16Array;
  obj: Uint16Array;
  /** Stack of the releaser/waker at t0. (The waiter's stack is its wait span's: not repeated here.) */
  stack0: Uint32Array;
}
export interface CounterColumns {
  time: Float64Array;
  /** Index into meta.series. */
  series: Uint16Array;
  value: Float64Array;
  stack: Uint32Array;
}

export type TableName = 'spans' | 'instants' | 'flows' | 'counters';
export interface TraceTables {
  spans: SpanColumns;
  instants: InstantColumns;
  flows: FlowColumns;
  counters: CounterColumns;
}

/**
 * The layout version of the columns below, written in every trace's meta and so in every `.smptrace` file.
 * 2: a span's `aux` is 16 bits, and its `dur` 32 bits when every duration fits (TraceMeta.durU32): 26 bytes a span
 * instead of 32. 1: both were wider; decoders still read it (formatVersion.ts).
 */
export const TRACE_VERSION = 2;

/**
 * Column constructors per table: the single definition builders, serialisers and importers share. (spans.dur: the
 * wide form; a trace's may be Uint32Array, see DurColumn.)
 */
export const TABLE_LAYOUT = {
  spans: { start: Float64Array, dur: Float64Array, kind: Uint8Array, sub: Uint8Array, cpu: Uint16Array, thread: Uint16Array, obj: Uint16Array, aux: Uint16Array, stack: Uint32Array },
  instants: { time: Float64Array, kind: Uint8Array, cpu: Uint16Array, thread: Uint16Array, obj: Uint16Array, aux: Uint32Array, stack: Uint32Array },
  flows: { t0: Float64Array, t1: Float64Array, kind: Uint8Array, cpu0: Uint16Array, cpu1: Uint16Array, thread0: Uint16Array, thread1: Uint16Array, obj: Uint16Array, stack0: Uint32Array },
  counters: { time: Float64Array, series: Uint16Array, value: Float64Array, stack: Uint32Array },
} as const;
export const TABLE_NAMES: TableName[] = ['spans', 'instants', 'flows', 'counters'];

export interface ThreadInfo { name: string; kind: string; priority: number; cpu: number; src: number }
export interface LockInfo {
  name: string; kind: string; wait: string; src: number;
  /** How waiters spin ('ticket', 'tas'); absent for the default, queued. */
  algorithm?: string;
}
export type SeriesKind = 'counter' | 'queue' | 'packets' | 'drops';
export interface SeriesInfo {
  name: string;
  kind: SeriesKind;
  /** For counters: 'shared' | 'percpu'. */
  scope?: string;
  src: number;
}
/** A source location, as in the model's SourceRange. */
export interface SourceInfo { file: string; line: number; column: number; endLine: number; endColumn: number; fn?: string }

export interface PacketStats {
  offered: number;
  delivered: number;
  dropped: Record<string, number>;
  latencyNs: { min: number; mean: number; p99: number; max: number };
  reordered: number;
  /** Packets still inside the machine when the run ended. */
  inFlight: number;
}

/** See TraceMeta.waitTotals. */
export interface WaitTotal { lock: number; stack: number; count: number; totalNs: number; maxNs: number; sleep: boolean; read?: boolean }

export type StopReason =
  | 'completed' | 'quiescent' | 'event-limit' | 'record-limit' | 'cancelled' | 'no-progress' | 'deadlock' | 'imported';

export interface TraceMeta {
  /** Layout version of the columns (TRACE_VERSION): a decoded older file is converted to it. */
  version: typeof TRACE_VERSION;
  /**
   * Only in a trace's wire and file forms, written by the encoders (codec.ts): the spans' dur column is a
   * Uint32Array. A Trace in memory has its column's own type instead.
   */
  durU32?: true;
  name: string;
  variant: string;
  seed: number;
  cpus: number;
  startNs: number;
  endNs: number;
  warmupNs: number;
  stopReason: StopReason;
  stopDetail: string;
  events: number;
  wallMs: number;
  threads: ThreadInfo[];
  locks: LockInfo[];
  series: SeriesInfo[];
  strings: string[];
  /** frame id → [name string id, source id]; frame 0 is the root. */
  frameName: number[];
  frameSrc: number[];
  /** stack id → [parent stack id, frame id]; stack 0 is the empty stack. */
  stackParent: number[];
  stackFrame: number[];
  sources: SourceInfo[];
  /** Exact end-of-run counter values: name → per-CPU totals. */
  counterTotals: Record<string, number[]>;
  packets?: PacketStats;
  /** Threads starved of CPU time (absent: none). */
  starved?: StarvedThread[];
  /**
   * Lock waits known only as totals, not as events (a `perf lock contention` table): per lock and
   * wait stack, how many, how long in all and at most. Counted by the lock table over the whole
   * run (a time range cannot split them); the importer also draws each row's longest wait as a span.
   */
  waitTotals?: WaitTotal[];
  /** Files the sources refer to, so a host can resolve a source id without guessing. */
  files: string[];
}

/** A thread that waited on a run queue, runnable but not running, for half the run or more in one stretch. */
export interface StarvedThread { thread: number; ranNs: number; waitedNs: number; longestWaitNs: number }

export interface Trace {
  meta: TraceMeta;
  tables: TraceTables;
  /** Number of rows in each table. */
  length: Record<TableName, number>;
}

export function recordCount(t: Trace): number {
  return t.length.spans + t.length.instants + t.length.flows + t.length.counters;
}

export function traceBytes(t: Trace): number {
  let n = 0;
  for (const name of TABLE_NAMES) {
    for (const col of Object.values(t.tables[name]) as ArrayLike<number>[]) {
      n += (col as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT * t.length[name];
    }
  }
  return n;
}

/** Frames of a stack, root first. */
export function stackFrames(meta: TraceMeta, stack: number): number[] {
  const out: number[] = [];
  for (let s = stack; s !== 0; s = meta.stackParent[s]) out.push(meta.stackFrame[s]);
  return out.reverse();
}

export function frameLabel(meta: TraceMeta, frame: number): string {
  return meta.strings[meta.frameName[frame]] ?? '?';
}

/** The most frames a stack label names: the engine's call depth; a capture's deeper stacks keep their leaf end. */
export const LABEL_FRAMES = 64;

/**
 * "wm_rxintr > ether_input > ip_input". A stack deeper than `maxFrames` keeps
 * its innermost frames behind "… > ": an imported capture may hold stacks a
 * thousand frames deep, and a label per lock-table row of that length made
 * 200,000 such rows cost gigabytes of strings and a quarter minute of sorting.
 */
export function stackLabel(meta: TraceMeta, stack: number, sep = ' > ', maxFrames = LABEL_FRAMES): string {
  const names: string[] = [];
  let s = stack;
  for (; s !== 0 && names.length < maxFrames; s = meta.stackParent[s]) names.push(frameLabel(meta, meta.stackFrame[s]));
  if (s !== 0) names.push('…');
  return names.reverse().join(sep);
}
