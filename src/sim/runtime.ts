// The mutable state of a running machine: CPUs, execution contexts, threads.
// Plain classes with fixed shapes; the engine and its modules share them.
import { CpuState } from '../trace/schema';
import type { Costs } from './program';
import { objectArray } from './arrays';

export const MAX_DEPTH = 64;

/** Instances kept for the process's life by settleDoubles, so V8 keeps their hidden classes. */
const settled: object[] = [];

/**
 * Give the named fields (times) of `o`'s class a double's representation in V8, at load, on an
 * instance kept for the process's life. A field set to 0 starts as a small integer; the first
 * time read from a Float64Array and stored there (a few hundred events into a worker's first
 * run) changes its representation, which gives the class a new hidden class: the code optimised
 * for the old one was thrown away, and the fields holding such objects (the engine's event queue,
 * a lock's cache line) then met a second class in the next run and their readers were compiled
 * again. Settled here, every instance is made with the final one. Values stay what the code sets.
 */
export function settleDoubles<T extends object>(o: T, fields: readonly string[]): void {
  const r = o as Record<string, unknown>;
  for (const f of fields) {
    if (typeof r[f] !== 'number') throw new Error(`settleDoubles: ${o.constructor.name} has no number field ${f}`);
    r[f] = 0.5;
  }
  settled.push(o);
}

export const enum ThreadState { Runnable, Running, Blocked, Done }

/** Why a thread is blocked (for wake-up bookkeeping). */
export const enum BlockReason { None, Lock, Sleep, Queue, Grace }

/** An execution context: a thread's, or an interrupt vector's. */
export class Ctx {
  readonly fn = new Int32Array(MAX_DEPTH);
  readonly pc = new Int32Array(MAX_DEPTH);
  /** Stack id of the callers' frames at each depth. */
  readonly parentStack = new Uint32Array(MAX_DEPTH);
  depth = -1;
  readonly loops: Float64Array;
  /** The CPU state of its plain work: interrupt for vectors, the thread kind's for threads. */
  baseState = CpuState.Interrupt;
  /**
   * The function it runs from the top (-1: none, an IPI), and whether a thread runs it only once:
   * copied here from the program so starting and ending a context — every few events — reads
   * its own fields instead of the program's thread or vector.
   */
  entry = -1;
  once = false;
  /** The packet register (-1: none). */
  packet = -1;
  /** Interrupt contexts: the ring that raised them (for `dequeue: rx`). */
  ring = -1;
  /** The network stack it works in (curvnet): the flow of the last packet it carried; per-stack steps take it mod their count. */
  vnet = 0;
  cpu = -1;
  /** Time left of an op suspended by an interrupt, and how it was being recorded. */
  remaining = 0;
  resumeState = CpuState.Kernel;
  resumeStack = 0;
  /** Fixed cost to pay before the next instruction (switch-in, interrupt entry, grace period). */
  overhead = 0;
  overheadState = CpuState.Kernel;
  overheadStack = 0;
  /** A second fixed cost queued behind `overhead` (4BSD: the spin for sched_lock, then the switch under it). */
  nextOverhead = 0;
  nextOverheadState = CpuState.Kernel;
  nextOverheadStack = 0;

  // lock wait
  waitLock = -1;
  waitRead = false;
  waitStart = 0;
  waitSpin = false;
  waitHolder = 0;
  waitStack = 0;
  spinning = false;
  /** Woken to race for a lock released under the `race` hand-off: it tries again when it runs. */
  racing = false;
  /** An adaptive spinner whose lock owner went off-CPU: switch to sleeping. */
  mustSleep = false;
  /** Spin locks held or being spun on: interrupts and preemption are off while > 0. */
  spinDepth = 0;
  /** Per lock: recursion depth, hold start, stack of the acquire. */
  readonly holdDepth: Int32Array;
  readonly holdStart: Float64Array;
  readonly holdStack: Uint32Array;
  /** Number of locks held (any kind). */
  heldCount = 0;
  /** Big locks dropped when this thread went to sleep: [lock, recursion depth] pairs, retaken before it goes on. */
  readonly dropped: number[] = [];

  /** A flow to record when this context next runs (wakeup → run). */
  flowPending = false;
  flowT0 = 0;
  flowCpu = 0;
  flowThread = 0;
  flowStack = 0;

  constructor(
    readonly id: number,
    /** Thread index, or -1 for an interrupt context. */
    readonly thread: number,
    /** Vector index for interrupt contexts, -1 for threads. */
    readonly vector: number,
    loopSlots: number,
    locks: number,
  ) {
    this.loops = new Float64Array(Math.max(1, loopSlots));
    this.holdDepth = new Int32Array(Math.max(1, locks));
    this.holdStart = new Float64Array(Math.max(1, locks));
    this.holdStack = new Uint32Array(Math.max(1, locks));
  }
}

export class ThreadRt {
  state = ThreadState.Blocked;
  reason = BlockReason.None;
  cpu: number;
  /** A wakeup that arrived while the thread was not sleeping: the next plain sleep returns at once. */
  wakePending = false;
  /** Bumped to cancel a pending sleep timer. */
  sleepGen = 0;
  /** Queue the thread waits on in a blocking dequeue. */
  waitQueue = -1;
  runStart = 0;
  runCpu = -1;
  /** When it last became runnable (on a run queue, not on a CPU). */
  readyAt = 0;
  /** Time spent runnable but not running: in all, and the longest stretch. */
  waitedNs = 0;
  longestWaitNs = 0;
  /** Time on a CPU in finished runs. */
  ranNs = 0;
  constructor(
    readonly id: number,
    readonly ctx: Ctx,
    readonly prio: number,
    /** Bound CPU or -1. */
    readonly bound: number,
    readonly baseState: CpuState,
    readonly softint: boolean,
  ) {
    this.cpu = bound >= 0 ? bound : 0;
  }
}

export class CpuRt {
  /** [thread ctx?, interrupt ctxs…]: the top runs. */
  readonly stack: Ctx[] = objectArray();
  /** The stack's top (null: none), kept beside it: read at every event, where the array's last element was two loads more. */
  top: Ctx | null = null;
  /** Thread currently on this CPU (-1: idle). */
  thread = -1;
  gen = 0;
  /** End of the op in progress, or -1. */
  opEnd = -1;
  /** Vectors waiting to be taken. */
  readonly pending: number[] = [];
  needResched = false;
  /** The running thread's time slice ended with others of its priority waiting: it steps aside at its next instruction. */
  sliceOver = false;
  /** Switches into a thread so far: numbers the runs, so a slice timer of an earlier run is ignored. */
  switches = 0;
  /** The run whose slice timer is armed (-1: none). */
  sliceArmed = -1;
  /** A thread was placed here while idle: not idle for placement any more. */
  reserved = false;
  /** Run queue: thread ids, highest priority first, FIFO within a priority. */
  readonly runq: number[] = [];
  // the CPU state span being recorded
  spanStart = 0;
  spanState = CpuState.Idle;
  spanThread = 0xffff;
  spanStack = 0;
  constructor(readonly id: number) {}
  pushCtx(ctx: Ctx): void { this.stack.push(ctx); this.top = ctx; }
  popCtx(): void {
    this.stack.pop();
    this.top = this.stack.length ? this.stack[this.stack.length - 1] : null;
  }
}

/**
 * The machine's costs as the engine reads them: a class of the engine's own, copied from the
 * program's object. The program is rebuilt from the model for every run, and V8 now and then
 * gives its literals a new hidden class (once a collection has dropped the old one): every
 * lock operation reading a cost then met a "wrong map", several runs into a worker's life,
 * and was deoptimised and compiled again.
 */
export class MachineCosts implements Costs {
  readonly contextSwitch: number;
  readonly softintSwitch: number;
  readonly interruptEntry: number;
  readonly ipi: number;
  readonly cacheLineTransfer: number;
  readonly atomicLocal: number;
  readonly percpuIncrement: number;
  readonly runqueue: number;
  constructor(c: Costs) {
    this.contextSwitch = c.contextSwitch; this.softintSwitch = c.softintSwitch; this.interruptEntry = c.interruptEntry;
    this.ipi = c.ipi; this.cacheLineTransfer = c.cacheLineTransfer; this.atomicLocal = c.atomicLocal;
    this.percpuIncrement = c.percpuIncrement; this.runqueue = c.runqueue;
  }
}

/** A cache line (lock word, shared counter): one CPU owns it; moving it costs a transfer, and transfers queue. */
export class CacheLine {
  cpu = -1;
  busyUntil = 0;
  transfers = 0;
  /** When the CPU `cpu` may go on after touching the line at `now`. */
  touch(cpu: number, now: number, local: number, transfer: number): number {
    const start = now > this.busyUntil ? now : this.busyUntil;
    let end: number;
    if (this.cpu === cpu) end = start + local;
    else {
      end = start + transfer;
      if (this.cpu >= 0) this.transfers++;
      this.cpu = cpu;
    }
    this.busyUntil = end;
    return end;
  }
}

settleDoubles(new Ctx(-1, -1, -1, 0, 0), ['remaining', 'overhead', 'nextOverhead', 'waitStart', 'flowT0']);
settleDoubles(new ThreadRt(-1, new Ctx(-1, -1, -1, 0, 0), 0, -1, CpuState.Kernel, false), ['runStart', 'readyAt', 'waitedNs', 'longestWaitNs', 'ranNs']);
settleDoubles(new CpuRt(-1), ['opEnd', 'spanStart']);
settleDoubles(new CacheLine(), ['busyUntil']);

export interface VectorSpec {
  name: string;
  kind: 'rx' | 'timer' | 'ipi';
  cpu: number;
  handler: number;
  ring: number;
  ipl: number;
  coalesceNs: number;
}

/**
 * An interrupt vector (an MSI-X RX vector, a timer, an IPI). A class, not a
 * spread literal: V8 gave each spread object its own hidden class, which made
 * every read of a vector on the interrupt path polymorphic (8% of the packet
 * path's time) and invalidated the optimised code at the start of each run.
 */
export class Vector implements VectorSpec {
  readonly name: string;
  readonly kind: 'rx' | 'timer' | 'ipi';
  readonly cpu: number;
  readonly handler: number;
  readonly ring: number;
  readonly ipl: number;
  readonly coalesceNs: number;
  /** Raised and not yet finished (pending on the CPU, or in service). */
  raised = false;
  /** Masked by the driver (NAPI): arrivals do not raise it. */
  masked = false;
  constructor(spec: VectorSpec, readonly ctx: Ctx, readonly entryStack: number) {
    this.name = spec.name; this.kind = spec.kind; this.cpu = spec.cpu; this.handler = spec.handler;
    this.ring = spec.ring; this.ipl = spec.ipl; this.coalesceNs = spec.coalesceNs;
  }
}
