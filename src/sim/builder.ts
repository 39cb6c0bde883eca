// A small typed API for building Programs in code (tests, benchmarks, and
// anyone scripting the engine). It produces exactly what the model language
// compiles to; each step gets a synthetic source so stacks still resolve.
import {
  DEFAULT_COSTS, DEFAULT_PRIORITY, TIMECOUNTERS,
  type CounterScope, type Dist, type LockKind, type MachineSpec, type Program, type SourceRange, type Step,
  type SpinAlgorithm, type ThreadKind, type TrafficPattern, type WaitPolicy,
} from './program';

export const fixed = (ns: number): Dist => ({ kind: 'fixed', ns });
export const uniform = (min: number, max: number): Dist => ({ kind: 'uniform', min, max });
export const exp = (mean: number): Dist => ({ kind: 'exp', mean });

/** Steps without sources; the builder assigns them when the function is added. */
type Bare<S> = S extends { src: number } ? Omit<S, 'src' | 'body' | 'arms'> & ('body' extends keyof S ? { body: BareStep[] } : unknown) & ('arms' extends keyof S ? { arms: { p: number; body: BareStep[] }[] } : unknown) : never;
export type BareStep = Bare<Step>;

export const work = (dist: Dist | number): BareStep => ({ op: 'work', dist: typeof dist === 'number' ? fixed(dist) : dist });
export const lock = (l: number, mode: 'exclusive' | 'read' = 'exclusive'): BareStep => ({ op: 'lock', lock: l, mode });
export const unlock = (l: number): BareStep => ({ op: 'unlock', lock: l });
export const synchronize = (l: number): BareStep => ({ op: 'synchronize', lock: l });
export const count = (counter: number, n = 1): BareStep => ({ op: 'count', counter, n });
export const call = (fn: number): BareStep => ({ op: 'call', fn });
export const enqueue = (queue: number): BareStep => ({ op: 'enqueue', queue });
export const dequeue = (queue: number, ifEmpty: 'block' | 'break' | 'skip' = 'block'): BareStep => ({ op: 'dequeue', queue, ifEmpty });
export const wakeup = (thread: number): BareStep => ({ op: 'wakeup', thread });
/** Wake the instance of n consecutive threads bound to the running CPU (softint_schedule). */
export const wakeupPerCpu = (thread: number, n: number): BareStep => ({ op: 'wakeup', thread, perCpu: n });
/** Wake the instance of n consecutive ring-bound threads that polls the waker's ring (napi_schedule). */
export const wakeupPerRing = (thread: number, n: number): BareStep => ({ op: 'wakeup', thread, perRing: n });
export const loop = (countN: number, body: BareStep[]): BareStep => ({ op: 'loop', count: countN, body });
export const branch = (...arms: { p: number; body: BareStep[] }[]): BareStep => ({ op: 'branch', arms });
export const timestamp = (): BareStep => ({ op: 'timestamp' });
export const sleep = (dist: Dist | null = null): BareStep => ({ op: 'sleep', dist });
export const yieldCpu = (): BareStep => ({ op: 'yield' });
export const transmit = (device: number): BareStep => ({ op: 'transmit', device });
export const drop = (reason: string): BareStep => ({ op: 'drop', reason });
export const packet = (flow: number, size = 64): BareStep => ({ op: 'packet', flow, size });
export const dispatch = (netisr: number): BareStep => ({ op: 'dispatch', netisr });
export const irq = (enable: boolean): BareStep => ({ op: 'irq', enable });
export const pollDone = (): BareStep => ({ op: 'poll_done' });
/** The per-CPU instance of a lock or queue declared with `perCpu` instances. */
export const lockPerCpu = (l: number, n: number, mode: 'exclusive' | 'read' = 'exclusive'): BareStep => ({ op: 'lock', lock: l, mode, perCpu: n });
export const unlockPerCpu = (l: number, n: number): BareStep => ({ op: 'unlock', lock: l, perCpu: n });
export const enqueuePerCpu = (q: number, n: number): BareStep => ({ op: 'enqueue', queue: q, perCpu: n });

export interface MachineOptions extends Partial<Omit<MachineSpec, 'costs' | 'timecounter'>> {
  costs?: Partial<MachineSpec['costs']>;
  timecounter?: string;
}

/** Every overhead zero: for checking the engine against queueing theory. */
export const ZERO_COSTS = {
  contextSwitch: 0, softintSwitch: 0, interruptEntry: 0, ipi: 0, cacheLineTransfer: 0, atomicLocal: 0, percpuIncrement: 0, runqueue: 0,
};

export class ProgramBuilder {
  readonly p: Program;
  private line = 1;

  constructor(name: string, m: MachineOptions = {}) {
    const tc = m.timecounter ?? 'tsc';
    this.p = {
      name,
      machine: {
        cpus: m.cpus ?? 1,
        htt: m.htt ?? false,
        httSlowdown: m.httSlowdown ?? 1.3,
        preemptOnWakeup: m.preemptOnWakeup ?? true,
        ...(m.scheduler !== undefined ? { scheduler: m.scheduler } : {}),
        ...(m.sliceNs !== undefined ? { sliceNs: m.sliceNs } : {}),
        ...(m.hz !== undefined ? { hz: m.hz } : {}),
        ...(m.ipiWakeup !== undefined ? { ipiWakeup: m.ipiWakeup } : {}),
        timecounter: { name: tc, readNs: TIMECOUNTERS[tc] ?? 0 },
        costs: { ...DEFAULT_COSTS, ...m.costs },
      },
      locks: [], counters: [], queues: [], functions: [], threads: [], devices: [], traffic: [], timers: [],
      run: { durationNs: 1_000_000, warmupNs: 0, seed: 1, sampleNs: 0 },
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }],
    };
  }

  private src(fn?: string): number {
    const l = this.line++;
    this.p.sources.push({ file: `${this.p.name}.builder`, line: l, column: 1, endLine: l, endColumn: 2, fn } satisfies SourceRange);
    return this.p.sources.length - 1;
  }

  lock(name: string, o: { kind?: LockKind; wait?: WaitPolicy; recursive?: boolean; dropOnSleep?: boolean; graceNs?: number; handoff?: 'fifo' | 'race'; algorithm?: SpinAlgorithm } = {}): number {
    const kind = o.kind ?? 'mutex';
    this.p.locks.push({
      name, kind, wait: o.wait ?? (kind === 'spin' ? 'spin' : 'adaptive'), recursive: o.recursive ?? false,
      dropOnSleep: o.dropOnSleep ?? false, graceNs: o.graceNs ?? 0, handoff: o.handoff ?? 'fifo',
      ...(o.algorithm && o.algorithm !== 'queued' ? { algorithm: o.algorithm } : {}), src: this.src(),
    });
    return this.p.locks.length - 1;
  }

  counter(name: string, scope: CounterScope = 'shared'): number {
    this.p.counters.push({ name, scope, src: this.src() });
    return this.p.counters.length - 1;
  }

  queue(name: string, limit = 256): number {
    this.p.queues.push({ name, limit, src: this.src() });
    return this.p.queues.length - 1;
  }

  fn(name: string, steps: BareStep[], mode: 'user' | 'kernel' = 'kernel'): number {
    const attach = (list: BareStep[]): Step[] => list.map((s) => {
      const src = this.src(name);
      if (s.op === 'loop') return { ...s, body: attach(s.body), src } as Step;
      if (s.op === 'branch') return { ...s, arms: s.arms.map((a) => ({ p: a.p, body: attach(a.body) })), src } as Step;
      return { ...s, src } as Step;
    });
    const src = this.src(name);
    this.p.functions.push({ name, mode, steps: attach(steps), src });
    return this.p.functions.length - 1;
  }

  /** Declare a function now and give it steps later (for mutual references). */
  setSteps(fn: number, steps: BareStep[]): void {
    const f = this.p.functions[fn];
    const tmp = this.fn(f.name, steps, f.mode);
    f.steps = this.p.functions[tmp].steps;
    this.p.functions.pop();
  }

  thread(name: string, entry: number, o: { kind?: ThreadKind; priority?: number; cpu?: number; once?: boolean; startAsleep?: boolean; ring?: number } = {}): number {
    const kind = o.kind ?? 'kernel';
    this.p.threads.push({
      name, kind, priority: o.priority ?? DEFAULT_PRIORITY[kind], cpu: o.cpu ?? -1, entry,
      once: o.once ?? false, startAsleep: o.startAsleep ?? false, ring: o.ring ?? -1, src: this.src(),
    });
    return this.p.threads.length - 1;
  }

  /** A netisr with `threads` workstreams (each a queue + a softint thread running the handler per packet). */
  netisr(name: string, o: { mode: 'direct' | 'hybrid' | 'deferred'; handler: number; threads?: number; bind?: boolean; qlimit?: number }): number {
    const n = o.threads ?? 1;
    const queues: number[] = [], threads: number[] = [];
    for (let k = 0; k < n; k++) {
      const q = this.queue(`${name}${k}`, o.qlimit ?? 256);
      const body = this.fn(`swi_${name}${k}`, [dequeue(q, 'block'), call(o.handler)]);
      queues.push(q);
      threads.push(this.thread(`${name}${k}`, body, { kind: 'softint', cpu: o.bind ? k : -1, startAsleep: true }));
    }
    this.p.netisrs = [...(this.p.netisrs ?? []), { name, mode: o.mode, queues, threads, handler: o.handler, src: this.src() }];
    return this.p.netisrs.length - 1;
  }

  device(name: string, o: { rx: { ring: number; cpu: number; handler: number; coalesceNs?: number }[]; txRing?: number; txRings?: number[]; lineRateBps?: number; ipl?: number }): number {
    this.p.devices.push({
      name, rx: o.rx.map((r) => ({ ring: r.ring, cpu: r.cpu, handler: r.handler, coalesceNs: r.coalesceNs ?? 0 })), txRing: o.txRing ?? -1, txRings: o.txRings,
      lineRateBps: o.lineRateBps ?? 10e9, ipl: o.ipl ?? 6, src: this.src(),
    });
    return this.p.devices.length - 1;
  }

  traffic(device: number, pps: number, o: { pattern?: TrafficPattern; flows?: number; size?: number; startNs?: number; stopNs?: number } = {}): void {
    this.p.traffic.push({
      device, pps, pattern: o.pattern ?? { kind: 'constant' }, flows: o.flows ?? 1, size: o.size ?? 64,
      startNs: o.startNs ?? 0, stopNs: o.stopNs ?? Infinity, src: this.src(),
    });
  }

  timer(name: string, cpu: number, periodNs: number, handler: number, ipl = 7): void {
    this.p.timers.push({ name, cpu, periodNs, handler, ipl, src: this.src() });
  }

  build(run: Partial<Program['run']> = {}): Program {
    return { ...this.p, run: { ...this.p.run, ...run } };
  }
}
