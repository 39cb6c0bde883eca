// The elaborated model: every section read and typed, names still names (each
// with the range where it was written), quantities already in base units. The
// checker works on this; compile.ts lowers it to the engine's Program.

import type { Costs, Dist, LockKind, WaitPolicy, CounterScope, ThreadKind, TrafficPattern } from '../sim/program';
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
  | { op: 'packet'; flow: number; size: number; at: Range };

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
}

export interface MCounter { name: string; at: Range; scope: CounterScope }
export interface MQueue { name: string; at: Range; limit: number }

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
}

export interface MRxQueue { ring: string; cpu: number; coalesceNs: number }

export interface MDevice {
  name: string;
  at: Range;
  rx: MRxQueue[];
  ringSize: number;
  handler: NameRef | null;
  txRing: string | null;
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
    timecounter: { name: string; readNs: number };
    costs: Costs;
  };
  locks: MLock[];
  counters: MCounter[];
  queues: MQueue[];
  threads: MThread[];
  devices: MDevice[];
  traffic: MTraffic[];
  timers: MTimer[];
  functions: MFunction[];
  run: { durationNs: number; warmupNs: number; seed: number; sampleNs: number };
}
