// The elaborated model: every section read and typed, names still names (each
// with the range where it was written), quantities already in base units. The
// checker works on this; compile.ts lowers it to the engine's Program.

import type { Costs, Dist, LockKind, SpinAlgorithm, WaitPolicy, CounterScope, SchedulerKind, ThreadKind, TrafficPattern } from '../sim/program';
import type { Range } from './diagnostics';

/** A name as written at one place: a declaration or a reference. */
export interface NameRef {
  name: string;
  at: Range;
}

export type DequeueEmpty = 'block' | 'break' | 'skip';

export type MStep =
  | { op: 'work'; dist: Dist; at: Range }
  | { op: 'lock'; lock: NameRef; at: Range }
  | { op: 'unlock'; lock: NameRef; at: Range }
  /** `read:` / `write:` block: lock in that mode, run the body, unlock (write on pserialize: synchronize first). */
  | { op: 'section'; mode: 'read' | 'write'; lock: NameRef; body: MStep[]; at: Range }
  | { op: 'synchronize'; lock: NameRef; at: Range }
  | { op: 'count'; counter: NameRef; n: number; at: Range }
  /** Read a counter as a statistics poller does: every line of every instance. */
  | { op: 'sum'; counter: NameRef; at: Range }
  | { op: 'call'; fn: NameRef; at: Range }
  | { op: 'enqueue'; queue: NameRef; at: Range }
  /** queue null: the RX ring that raised this interrupt (`dequeue: rx`). */
  | { op: 'dequeue'; queue: NameRef | null; ifEmpty: DequeueEmpty; at: Range }
  | { op: 'wakeup'; thread: NameRef; at: Range }
  | { op: 'branch'; arms: { p: number; body: MStep[]; at: Range }[]; at: Range }
  | { op: 'loop'; count: number; quota: boolean; body: MStep[]; at: Range }
  | { op: 'timestamp'; at: Range }
  | { op: 'sleep'; dist: Dist | null; at: Range }
  | { op: 'yield'; at: Range }
  /** device null: delivered locally. */
  | { op: 'transmit'; device: NameRef | null; at: Range }
  | { op: 'drop'; reason: string; at: Range }
  | { op: 'packet'; flow: number; size: number; at: Range }
  /** netisr_dispatch: hand the current packet to a netisr (a call or a queue, by its dispatch policy). */
  | { op: 'dispatch'; netisr: NameRef; at: Range }
  /** Mask or unmask the interrupt vector of the context's ring. */
  | { op: 'irq'; enable: boolean; at: Range }
  /** napi_complete: ring empty → unmask and sleep until the next interrupt; else poll again. */
  | { op: 'poll_done'; at: Range };

export type StepOp = MStep['op'];

export interface MFunction {
  name: string;
  at: Range;
  mode: 'user' | 'kernel' | undefined;
  steps: MStep[];
}

export interface MLock {
  name: string;
  at: Range;
  kind: LockKind;
  wait: WaitPolicy;
  recursive: boolean;
  dropOnSleep: boolean;
  graceNs: number;
  /** One instance per CPU (`NAME/0`, …): a step takes the running CPU's. */
  perCpu: boolean;
  /** One instance per network stack (`NAME#0`, … machine.stacks): a step takes its context's stack's. */
  perStack: boolean;
  /** How a release passes the lock to a sleeping waiter: handed over in order, or woken to race for it. */
  handoff: 'fifo' | 'race';
  /** How spinning waiters watch the lock word: what a release costs them. */
  algorithm: SpinAlgorithm;
}

export interface MCounter { name: string; at: Range; scope: CounterScope; perStack: boolean }
/** perCpu: one instance per CPU (`NAME/0`, …); an enqueue or dequeue uses the running CPU's. */
export interface MQueue { name: string; at: Range; limit: number; perCpu: boolean; perStack: boolean }

export interface MThread {
  /** Instance name: `worker`, or `worker/2` for per-CPU and counted threads. */
  name: string;
  /** The declared name (shared by the instances of one declaration). */
  group: string;
  at: Range;
  kind: ThreadKind;
  priority: number;
  cpu: number;
  entry: NameRef;
  once: boolean;
  startAsleep: boolean;
  /** How the declaration made its instances: one thread, one per CPU, `count:` of them, or one per RX ring. */
  binding: 'single' | 'per_cpu' | 'count' | 'ring';
  /** The RX ring a polling thread / ithread serves (`dequeue: rx`, `irq`, `poll_done` act on it), or null. */
  ring: string | null;
}

/** A FreeBSD netisr protocol: its handler, dispatch policy and workstreams (one queue + one softint thread each). */
export interface MNetisr {
  name: string;
  at: Range;
  handler: NameRef;
  mode: 'direct' | 'hybrid' | 'deferred';
  threads: number;
  /** `threads: per_cpu` (net.isr.maxthreads=-1): one workstream per CPU. */
  perCpu: boolean;
  /** net.isr.bindthreads: workstream k's thread is bound to CPU k. */
  bind: boolean;
  qlimit: number;
  priority: number;
}

/** `search: { rfc2544: … }`: the highest zero-loss rate of one traffic source, by binary search. */
export interface MSearch {
  at: Range;
  traffic: number;
  trafficAt: Range;
  fromPps: number;
  /** 'line': the line rate of the receiving device for the frame size. */
  toPps: number | 'line';
  /** Stop when the bracket is narrower than this fraction of the upper rate. */
  resolution: number;
}

export interface MRxQueue { ring: string; cpu: number; coalesceNs: number }

export interface MDevice {
  name: string;
  at: Range;
  rx: MRxQueue[];
  ringSize: number;
  handler: NameRef | null;
  /** TX ring names (`NAME.tx`, or `NAME.tx0`, … with tx_rings > 1); empty for tx_ring: none. */
  txRings: string[];
  txRingSize: number;
  lineRateBps: number;
  ipl: number;
}

export interface MTraffic {
  device: NameRef;
  at: Range;
  pps: number;
  pattern: TrafficPattern;
  flows: number;
  size: number;
  startNs: number;
  stopNs: number;
}

export interface MTimer { name: string; at: Range; cpu: number; periodNs: number; handler: NameRef; ipl: number }

export interface MSpec {
  name: string;
  description: string;
  source: string;
  machine: {
    cpus: number;
    htt: boolean;
    httSlowdown: number;
    preemptOnWakeup: boolean;
    scheduler: SchedulerKind;
    /** Where `scheduler:` is written (sched_lock's place in the lock table), if it is. */
    schedulerAt?: Range;
    sliceNs: number;
    hz: number;
    ipiWakeup: boolean;
    /** Virtual network stacks (FreeBSD vimage): the instances of every `per_stack` declaration. */
    stacks: number;
    timecounter: { name: string; readNs: number };
    costs: Costs;
  };
  locks: MLock[];
  counters: MCounter[];
  queues: MQueue[];
  threads: MThread[];
  netisrs: MNetisr[];
  devices: MDevice[];
  traffic: MTraffic[];
  timers: MTimer[];
  functions: MFunction[];
  run: { durationNs: number; warmupNs: number; seed: number; sampleNs: number; /** As written; undefined when the file does not say (the host's setting applies). */ replications?: number };
  search?: MSearch;
}
