// The vocabulary of the language in one place: the keys each section accepts
// and the step actions. The elaborator reports anything else with a "did you
// mean"; a test keeps schemas/smp-model.schema.json in step with these lists.

import type { Costs } from '../sim/program';

export const TOP_KEYS = ['name', 'description', 'source', 'machine', 'locks', 'counters', 'queues', 'threads', 'netisrs', 'devices', 'traffic', 'timers', 'functions', 'variants', 'sweep', 'search', 'run'] as const;
export const MACHINE_KEYS = ['cpus', 'htt', 'htt_slowdown', 'preempt', 'scheduler', 'slice', 'hz', 'ipiwakeup', 'stacks', 'timecounter', 'costs'] as const;
/** machine.scheduler: FreeBSD's two schedulers (seeds/001, "Scheduler Choices – 4BSD, ULE"). */
export const SCHEDULERS = ['ule', '4bsd'] as const;
export const TIMECOUNTER_KEYS = ['name', 'read'] as const;
/** Model key → Costs field. */
export const COST_KEYS: Record<string, keyof Costs> = {
  context_switch: 'contextSwitch',
  softint_switch: 'softintSwitch',
  interrupt_entry: 'interruptEntry',
  ipi: 'ipi',
  cache_line_transfer: 'cacheLineTransfer',
  atomic_local: 'atomicLocal',
  percpu_increment: 'percpuIncrement',
  runqueue: 'runqueue',
};
export const LOCK_KEYS = ['type', 'wait', 'recursive', 'drop_on_sleep', 'grace', 'per_cpu', 'per_stack', 'handoff', 'algorithm'] as const;
export const HANDOFF_POLICIES = ['fifo', 'race'] as const;
/** How spinning waiters watch the lock (src/sim/program.ts SpinAlgorithm). */
export const SPIN_ALGORITHMS = ['queued', 'ticket', 'tas'] as const;
export const LOCK_TYPES = ['spin', 'mutex', 'rw', 'pserialize'] as const;
export const WAIT_POLICIES = ['spin', 'sleep', 'adaptive'] as const;
export const COUNTER_KEYS = ['scope', 'per_stack'] as const;
export const COUNTER_SCOPES = ['shared', 'percpu', 'per_queue'] as const;
export const QUEUE_KEYS = ['limit', 'per_cpu', 'per_stack'] as const;
export const THREAD_KEYS = ['kind', 'run', 'cpu', 'per_cpu', 'count', 'ring', 'priority', 'once', 'asleep'] as const;
export const THREAD_KINDS = ['ithread', 'softint', 'kernel', 'user'] as const;
export const DEVICE_KEYS = ['rx_queues', 'ring', 'handler', 'coalesce', 'irq', 'tx_ring', 'tx_rings', 'line_rate'] as const;
export const IRQ_KEYS = ['vectors', 'affinity', 'ipl'] as const;
export const TRAFFIC_KEYS = ['to', 'rate', 'pattern', 'burst', 'gap', 'flows', 'size', 'start', 'stop'] as const;
export const TRAFFIC_PATTERNS = ['constant', 'poisson', 'bursty'] as const;
export const TIMER_KEYS = ['cpu', 'period', 'handler', 'ipl'] as const;
export const FUNCTION_KEYS = ['mode', 'steps'] as const;
/** netisrs: FreeBSD netisr protocols (sys/net/netisr.c; the sysctls net.isr.dispatch, maxthreads, bindthreads, defaultqlimit). */
export const NETISR_KEYS = ['handler', 'dispatch', 'threads', 'bind', 'qlimit', 'priority'] as const;
export const NETISR_DISPATCH = ['direct', 'hybrid', 'deferred'] as const;
/** search: an RFC 2544 throughput search over one traffic source's rate. */
export const SEARCH_KEYS = ['rfc2544'] as const;
export const RFC2544_KEYS = ['traffic', 'from', 'to', 'resolution'] as const;
export const VARIANT_KEYS = ['description', 'set', 'remove'] as const;
export const RUN_KEYS = ['duration', 'warmup', 'seed', 'sample', 'replications'] as const;

/** Step actions: each step is a map with exactly one of these keys (or, for the argument-less ones, just the word). */
export const STEP_OPS = [
  'work', 'lock', 'unlock', 'read', 'write', 'synchronize', 'count', 'call', 'enqueue', 'dequeue',
  'wakeup', 'branch', 'loop', 'timestamp', 'sleep', 'yield', 'transmit', 'drop', 'packet', 'dispatch', 'irq', 'poll_done', 'sum',
] as const;
export type StepKey = (typeof STEP_OPS)[number];
/** Keys allowed beside the action key. */
export const STEP_MODIFIERS: Partial<Record<StepKey, readonly string[]>> = {
  read: ['do'],
  write: ['do'],
  loop: ['do'],
  count: ['by'],
  dequeue: ['if_empty'],
};
/** Actions that may be written as a bare word (`- timestamp`). */
export const BARE_OPS: readonly StepKey[] = ['timestamp', 'yield', 'sleep', 'poll_done'];
export const WORK_KEYS = ['fixed', 'exp', 'uniform'] as const;
export const LOOP_KEYS = ['count', 'quota'] as const;
export const BRANCH_ARM_KEYS = ['p', 'do'] as const;
export const PACKET_KEYS = ['flow', 'size'] as const;
export const DEQUEUE_EMPTY = ['block', 'break', 'skip'] as const;
export const IRQ_ACTIONS = ['mask', 'unmask'] as const;
