// The executable program: what the engine runs and what the model language
// compiles to. Plain data, all references are indexes into the Program's
// tables, all times are integer nanoseconds. Build one by hand with
// ProgramBuilder (src/sim/builder.ts) or from a *.smp.yaml file (src/model).

/** Index into Program.sources; 0 means "no source" (engine-made frames). */
export type SrcId = number;

/** A place in a model file. Lines and columns are 1-based, end exclusive. */
export interface SourceRange {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Name shown for a stack frame whose leaf is this source (the function name). */
  fn?: string;
}

/** A duration drawn per execution. */
export type Dist =
  | { kind: 'fixed'; ns: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exp'; mean: number };

export interface Costs {
  /** Thread context switch, not counting the timecounter read it also does. */
  contextSwitch: number;
  /** Switching into a softint/netisr thread (0 models Linux softirq: no switch). */
  softintSwitch: number;
  /** Interrupt entry + exit overhead charged to every hardware interrupt. */
  interruptEntry: number;
  /** Handling an IPI on the receiving CPU. */
  ipi: number;
  /** Moving a cache line (lock word, shared counter) from another CPU. */
  cacheLineTransfer: number;
  /** An atomic op on a line already in this CPU's cache (lock word, counter). */
  atomicLocal: number;
  /** A per-CPU counter increment. */
  percpuIncrement: number;
  /**
   * A run-queue operation (insert on wake-up, choose on a switch). Charged only
   * under `scheduler: '4bsd'`, where it is done holding sched_lock.
   */
  runqueue: number;
}

export type SchedulerKind = 'ule' | '4bsd';

/**
 * Default time slices (FreeBSD). ULE: sched_slice = realstathz / SCHED_SLICE_DEFAULT_DIVISOR
 * (10) = 12 ticks of stathz 127 ≈ 94.5 ms (sys/kern/sched_ule.c). 4BSD: sched_quantum =
 * SCHED_QUANTUM = hz / 10 ticks = 100 ms (sys/kern/sched_4bsd.c, kern.sched.quantum).
 */
export const DEFAULT_SLICE_NS: Record<SchedulerKind, number> = { ule: Math.round(12e9 / 127), '4bsd': 100_000_000 };
/** FreeBSD's default HZ. */
export const DEFAULT_HZ = 1000;

export interface MachineSpec {
  cpus: number;
  /** CPUs 2k and 2k+1 are hyperthreads of one core: work runs `httSlowdown`x slower while the sibling is busy. */
  htt: boolean;
  httSlowdown: number;
  /** Wake-ups preempt a lower-priority running thread immediately (FreeBSD netisr preemption). */
  preemptOnWakeup: boolean;
  /**
   * Run queues. `ule` (default): one per CPU, an idle CPU steals unbound threads. `4bsd`: one
   * global queue for unbound threads (bound ones keep a per-CPU queue), every run-queue
   * operation done holding the global spin lock `sched_lock`, a lock of the run like any other.
   */
  scheduler?: SchedulerKind;
  /** Source of the `scheduler:` key (sched_lock's declaration in the lock table); 0: none. */
  schedulerSrc?: SrcId;
  /** Round-robin slice among equal-priority runnable threads (ns). Default DEFAULT_SLICE_NS[scheduler]. */
  sliceNs?: number;
  /** Clock ticks per second (hardclock). Default 1000. */
  hz?: number;
  /**
   * kern.sched.ipiwakeup: a thread made runnable for an idle CPU sends it an IPI (default).
   * Off: the idle CPU, halted in cpu_idle, notices at its next clock tick (1/hz).
   */
  ipiWakeup?: boolean;
  timecounter: { name: string; readNs: number };
  costs: Costs;
}

export type LockKind = 'spin' | 'mutex' | 'rw' | 'pserialize';
/** How a blocked acquirer waits. `adaptive`: spin while the owner runs on a CPU, sleep otherwise. */
export type WaitPolicy = 'spin' | 'sleep' | 'adaptive';

export interface LockSpec {
  name: string;
  kind: LockKind;
  wait: WaitPolicy;
  recursive: boolean;
  /** Big locks (Giant, KERNEL_LOCK) are released while their holder sleeps and retaken on wake-up. */
  dropOnSleep: boolean;
  /** pserialize only: fixed cost of a grace period on top of waiting for readers (xcall round). */
  graceNs: number;
  /**
   * How a release passes an exclusive lock on to a sleeping waiter. `fifo` (default): it is handed
   * to the head waiter, fair but prone to convoys. `race` (FreeBSD turnstiles): a spinning waiter
   * gets it if there is one; otherwise the head sleeper is woken and the lock left free, so whoever
   * reaches it first — often the thread that just released it — takes it.
   */
  handoff?: 'fifo' | 'race';
  /**
   * How spinning waiters wait on the lock word, which decides what a release costs them (undefined is
   * `queued`). `queued` (MCS, Linux qspinlock): each waiter spins on its own line; the hand-off is one
   * cache-line transfer to the next in FIFO order. `ticket`: every waiter spins on the lock word; a
   * release invalidates all their copies and they re-read it one after another in no particular order,
   * one transfer each; the next ticket holder goes on when its own read is served (about c·k/2 with k
   * spinners) and the line stays busy with the other reads. `tas` (test-and-test-and-set): the same
   * storm, but every spinner's atomic races and the first to land wins — no order at all.
   */
  algorithm?: SpinAlgorithm;
  src: SrcId;
}

export type SpinAlgorithm = 'queued' | 'ticket' | 'tas';

/**
 * `shared`: one cache line, every increment from another CPU pays a transfer. `percpu`: one slot per
 * CPU, never moving. `per_queue`: one line per RX queue (seeds/000: ifnet statistics per queue) —
 * a context serving a ring counts on that ring's line, any other on line (CPU mod queues). All are
 * summed when read.
 */
export type CounterScope = 'shared' | 'percpu' | 'per_queue';
export interface CounterSpec {
  name: string;
  scope: CounterScope;
  /** Instances, one per virtual network stack (machine.stacks, `per_stack: true`); absent: 1. */
  stacks?: number;
  src: SrcId;
}

/** A FIFO of packets: a netisr queue, an ifqueue (if_snd), a per-CPU soft queue, a NIC ring. */
export interface QueueSpec {
  name: string;
  /** Packets beyond this are dropped and counted under the queue's name. */
  limit: number;
  src: SrcId;
}

export type ThreadKind = 'ithread' | 'softint' | 'kernel' | 'user';
export interface ThreadSpec {
  name: string;
  kind: ThreadKind;
  /** Larger runs first. Convention: ithread 300, softint 200, kernel 150, user 100. */
  priority: number;
  /** Bound to this CPU, or -1 to float (placed on an idle CPU at wake-up). */
  cpu: number;
  /** Function run by the thread; when it returns the thread runs it again unless `once`. */
  entry: number;
  once: boolean;
  /** Start sleeping (woken by `wakeup`, an enqueue, or a timer) instead of runnable. */
  startAsleep: boolean;
  /** A polling thread's ring (index into queues, or -1): its `dequeue: rx`, `irq` and `poll_done` steps act on it. */
  ring?: number;
  src: SrcId;
}

/**
 * FreeBSD netisr (sys/net/netisr.c): packets dispatched to a protocol handler
 * either directly in the caller's context or through per-thread queues. The
 * workstream of a packet is flow % threads.length.
 */
export interface NetisrSpec {
  name: string;
  /** DIRECT: run the handler in the caller; HYBRID: direct when already on the workstream's CPU and its queue is idle, else queue; DEFERRED: always queue. */
  mode: 'direct' | 'hybrid' | 'deferred';
  /** One queue (its limit is net.isr.defaultqlimit) and one thread per workstream. */
  queues: number[];
  threads: number[];
  /** The protocol handler (ip_input) run for each packet. */
  handler: number;
  src: SrcId;
}

/** A receive queue of a NIC with its MSI-X vector. */
export interface RxQueueSpec {
  /** Index into Program.queues: the ring. */
  ring: number;
  /** CPU the vector's interrupt is delivered to (intrctl / smp_affinity). */
  cpu: number;
  /** Function run in interrupt context when the vector fires; its `dequeue: rx` steps read this ring. */
  handler: number;
  /** Interrupt coalescing delay: the vector fires this long after the first packet (0: at once). */
  coalesceNs: number;
}

export interface DeviceSpec {
  name: string;
  rx: RxQueueSpec[];
  /** TX ring (index into queues) drained at line rate; -1 for none (transmit counts as delivered at once). */
  txRing: number;
  /** More hardware TX rings, each drained at line rate: a packet goes to ring (cpu % rings) of [txRing, ...txRings]. */
  txRings?: number[];
  /** Bits per second on the wire, for TX drain and traffic line-rate limits. */
  lineRateBps: number;
  /** Interrupt priority level: a higher one nests over a lower one. */
  ipl: number;
  src: SrcId;
}

export type TrafficPattern =
  | { kind: 'constant' }
  | { kind: 'poisson' }
  | { kind: 'bursty'; burst: number; gapNs: number };

export interface TrafficSpec {
  device: number;
  /** Packets per second offered (capped at the device line rate for `size`). */
  pps: number;
  pattern: TrafficPattern;
  flows: number;
  /** Frame size in bytes (wire overhead of 20 bytes added for line rate). */
  size: number;
  startNs: number;
  /** Stop offering at this time (Infinity: until the end). */
  stopNs: number;
  src: SrcId;
}

/** A periodic interrupt (hardclock, a polling tick) running `handler` on `cpu`. */
export interface TimerSpec { name: string; cpu: number; periodNs: number; handler: number; ipl: number; src: SrcId }

export type Step =
  | { op: 'work'; dist: Dist; src: SrcId }
  /** `perCpu` n > 0: the lock is one of n consecutive instances, chosen by the running CPU (cpu % n). */
  /** `perStack` n > 0: one of n consecutive instances, the context's network stack's (see `StackIndex`). */
  | { op: 'lock'; lock: number; mode: 'exclusive' | 'read'; perCpu?: number; perStack?: number; src: SrcId }
  | { op: 'unlock'; lock: number; perCpu?: number; perStack?: number; src: SrcId }
  /** pserialize writer: wait until every read section that began before now has ended. */
  | { op: 'synchronize'; lock: number; src: SrcId }
  /** Counts on the context's network stack's instance of a per-stack counter. */
  | { op: 'count'; counter: number; n: number; src: SrcId }
  /** Read a counter as a statistics poller does: sum every line of every instance (each line's cost: local or a transfer). */
  | { op: 'sum'; counter: number; src: SrcId }
  | { op: 'call'; fn: number; src: SrcId }
  /** Put the context's current packet on a queue (drop when full); wakes a thread blocked on it. */
  | { op: 'enqueue'; queue: number; perCpu?: number; perStack?: number; src: SrcId }
  /** Take a packet into the context's packet register. `queue` -1: the ring that raised this interrupt.
   *  When empty: `block` sleeps until an enqueue, `break` leaves the innermost loop, `skip` goes on. */
  | { op: 'dequeue'; queue: number; ifEmpty: 'block' | 'break' | 'skip'; perCpu?: number; perStack?: number; src: SrcId }
  /** Wake a thread. `perCpu` n > 0: one of n consecutive instances, the one for the running CPU (cpu % n: softint_schedule);
   *  `perRing` n > 0: of n consecutive ring-bound instances, the one polling the waker's ring (napi_schedule; none: no-op). */
  | { op: 'wakeup'; thread: number; perCpu?: number; perRing?: number; src: SrcId }
  | { op: 'branch'; arms: { p: number; body: Step[] }[]; src: SrcId }
  /** Run body `count` times (Infinity: forever); a `break` dequeue ends it early (a quota loop). */
  | { op: 'loop'; count: number; body: Step[]; src: SrcId }
  | { op: 'timestamp'; src: SrcId }
  /** Sleep for a duration, or (dist null) until woken by `wakeup`. */
  | { op: 'sleep'; dist: Dist | null; src: SrcId }
  | { op: 'yield'; src: SrcId }
  /** The current packet leaves through a device's TX ring (or is delivered locally when device is -1). */
  | { op: 'transmit'; device: number; src: SrcId }
  /** Drop the current packet, counted under `reason`. */
  | { op: 'drop'; reason: string; src: SrcId }
  /** Make a new packet (a local sender) in the packet register, with the given flow. */
  | { op: 'packet'; flow: number; size: number; src: SrcId }
  /** netisr_dispatch: hand the current packet to a netisr (direct call or queue + wake-up, by its mode). */
  | { op: 'dispatch'; netisr: number; src: SrcId }
  /** Mask or unmask the interrupt vector of the context's ring (NAPI: the handler masks, the poller unmasks). */
  | { op: 'irq'; enable: boolean; src: SrcId }
  /** napi_complete: if the ring is empty, unmask its vector and sleep until the next interrupt; else yield and poll again. */
  | { op: 'poll_done'; src: SrcId };

export interface FunctionSpec {
  name: string;
  /** CPU state while a user/kernel thread runs this function (interrupt and softint contexts keep their own). */
  mode: 'user' | 'kernel';
  steps: Step[];
  src: SrcId;
}

export interface RunSpec {
  durationNs: number;
  warmupNs: number;
  seed: number;
  /** Counter and queue-depth sampling period (0: duration / 1000). */
  sampleNs: number;
}

export interface Limits {
  /** Stop after this many events. */
  maxEvents: number;
  /** Stop when the trace holds this many records. */
  maxRecords: number;
}

export interface Program {
  name: string;
  machine: MachineSpec;
  locks: LockSpec[];
  counters: CounterSpec[];
  queues: QueueSpec[];
  functions: FunctionSpec[];
  threads: ThreadSpec[];
  devices: DeviceSpec[];
  traffic: TrafficSpec[];
  timers: TimerSpec[];
  netisrs?: NetisrSpec[];
  run: RunSpec;
  /** sources[0] is a placeholder for "no source". */
  sources: SourceRange[];
}

export const DEFAULT_COSTS: Costs = {
  contextSwitch: 1100,
  softintSwitch: 300,
  interruptEntry: 250,
  ipi: 400,
  cacheLineTransfer: 100,
  atomicLocal: 20,
  percpuIncrement: 2,
  runqueue: 100,
};

/** Read costs of timecounters (RHEL for Real Time 7 reference guide, 15.2.4). */
export const TIMECOUNTERS: Record<string, number> = { tsc: 57, hpet: 1200, 'acpi-pm': 2550, coarse: 12 };

export const DEFAULT_PRIORITY: Record<ThreadKind, number> = { ithread: 300, softint: 200, kernel: 150, user: 100 };

export const DEFAULT_LIMITS: Limits = { maxEvents: 200_000_000, maxRecords: 20_000_000 };
