// The discrete-event machine: CPUs that run execution contexts (threads and
// nested interrupts), one instruction at a time through the interpreter
// (interpreter.ts), a scheduler (scheduler.ts) with per-CPU run queues,
// wake-ups with IPIs and optional preemption, NIC rings raising MSI-X vectors
// (packet I/O in packetIo.ts), and the trace of CPU states it all leaves
// behind. Time is an integer nanosecond; events with equal times run in the
// order they were scheduled.
import { compileProgram } from './bytecode';
import { Interpreter, type InterpreterEnv } from './interpreter';
import { FlatCode } from './flatCode';
import { EventQueue } from './eventQueue';
import { Ev } from './events';
import { Locks, type LockEnv } from './locks';
import { Scheduler, withSchedulerLocks, type SchedulerEnv } from './scheduler';
import { PacketIo, type DeviceRt, type PacketEnv } from './packetIo';
import { Packets, PacketQueue, PacketStatsRt, TrafficSource, rssTable, totalFlows } from './net';
import type { Costs, Limits, Program } from './program';
import { Rng } from './rng';
import { BlockReason, CacheLine, CpuRt, Ctx, MachineCosts, ThreadRt, ThreadState, Vector, type VectorSpec } from './runtime';
import { TraceBuilder } from '../trace/builder';
import {
  TRACE_VERSION, CpuState, FlowKind, InstantKind, NONE, SpanKind, type SeriesInfo, type StopReason, type Trace,
} from '../trace/schema';



/**
 * A trace builder with room for the record limit (plus what the last events
 * and the end of the run add past it): address space, not memory, until
 * written, so a run never copies its trace. At most 32 M rows up front (the
 * spans table is then 1 GiB, under the 2 GiB an Electron extension host will
 * allocate at once); past that a table doubles by copying. Where the system
 * refuses that much address space, a small builder that grows by copying.
 */
function traceBuilderFor(maxRecords: number): TraceBuilder {
  const rows = Math.min(maxRecords, 1 << 25) + (1 << 16);
  try {
    return new TraceBuilder(rows);
  } catch {
    return new TraceBuilder(1 << 16);
  }
}

/**
 * The last engine built in this process, kept reachable until the next one
 * is built. V8 forgets a hidden class (the field layout of CPUs, contexts,
 * locks, the event queue…) once no object has it, and throws away the code
 * optimised for it: without this, every run after the first in one process
 * (a sweep, an RFC 2544 search, the benchmark) spent its first 100 K events
 * at a third to half the speed while it recompiled. Sealing the trace releases the
 * engine's trace builder, so what this keeps is small.
 */
let lastEngine: Engine | null = null;

/** Steps one CPU may run at a single instant before the run is declared stuck. */
const MAX_STEPS_AT_ONE_INSTANT = 200_000;

/**
 * The machine and its event loop. The parts it runs on — the interpreter, the
 * scheduler, the locks and packet I/O — each see it through an interface
 * naming only what that part uses.
 */
export class Engine implements InterpreterEnv, SchedulerEnv, LockEnv, PacketEnv {
  now = 0;
  private events = 0;
  private stopReason: StopReason | null = null;
  private stopDetail = '';
  readonly rec: TraceBuilder;
  readonly costs: Costs;
  readonly cpus: CpuRt[];
  readonly ctxs: Ctx[] = [];
  readonly threads: ThreadRt[];
  readonly locks: Locks;
  readonly sched: Scheduler;
  readonly io: PacketIo;
  readonly queues: PacketQueue[];
  readonly packets = new Packets();
  readonly stats: PacketStatsRt;
  /** Counter values: per counter, per instance (network stack), per CPU — slot (counterSlot[k] + instance) × CPUs + CPU. */
  private readonly counterVals: Float64Array;
  /** Per counter: its first slot, its instances (machine.stacks for per_stack, else 1), its lines per instance. */
  private readonly counterSlot: Int32Array;
  readonly counterStacks: Int32Array;
  private readonly counterLinesPer: Int32Array;
  /**
   * The cache lines of each counter, instance-major: shared, one per instance; per_queue, one per
   * RX queue per instance. Null for a per-CPU counter (one line per CPU, never moving).
   */
  private readonly counterLines: (CacheLine[] | null)[];
  /** Per queue: its ordinal among the devices' RX rings (-1: not an RX ring), for per_queue counters. */
  private readonly rxOrdinal: Int32Array;
  /** Runs the contexts' instructions. */
  private readonly interp: Interpreter;
  readonly vectors: Vector[] = [];
  private readonly ipiVector: number[] = [];
  private readonly timerVector: number[] = [];
  /** Vector raised by each ring (-1: none). */
  readonly ringVector: Int32Array;
  private lastSampleAt = -1;
  readonly htt: boolean;
  readonly devices: DeviceRt[];
  readonly sources: TrafficSource[] = [];
  readonly eq = new EventQueue();
  readonly rng: Rng;
  private readonly sampleNs: number;
  private readonly seriesBase: { queues: number; delivered: number; dropped: number };
  private readonly series: SeriesInfo[] = [];
  /** Per local flow (packets made by a `packet` step): the next sequence number. */
  readonly localSeq: Float64Array;
  readonly localFlowBase: number;
  private steps = 0;
  private stepsAt = -1;

  readonly program: Program;
  /**
   * What the event loop and the CPUs read of the program and the limits, copied into fields. The
   * program and the limits are literals built afresh for each run, and V8 now and then gives them a
   * new hidden class (once a collection has dropped the old one): the optimised code reading them
   * then met a "wrong map" and was compiled again, several runs into a worker's life.
   */
  readonly durationNs: number;
  private readonly maxEvents: number;
  private readonly maxRecords: number;
  readonly timecounterNs: number;
  readonly httSlowdown: number;

  constructor(program: Program, limits: Limits) {
    const p = this.program = withSchedulerLocks(program);
    const m = p.machine;
    this.costs = new MachineCosts(m.costs);
    this.durationNs = p.run.durationNs;
    this.maxEvents = limits.maxEvents;
    this.maxRecords = limits.maxRecords;
    this.timecounterNs = m.timecounter.readNs;
    this.httSlowdown = m.httSlowdown;
    this.htt = m.htt;
    this.rng = new Rng(p.run.seed);
    this.rec = traceBuilderFor(limits.maxRecords);
    const compiled = compileProgram(p);
    this.interp = new Interpreter(this, new FlatCode(compiled));
    this.cpus = Array.from({ length: m.cpus }, (_, i) => new CpuRt(i));
    const newCtx = (thread: number, vector: number) => {
      const c = new Ctx(this.ctxs.length, thread, vector, compiled.loopSlots, p.locks.length);
      this.ctxs.push(c);
      return c;
    };
    this.threads = p.threads.map((t, i) => {
      const base = t.kind === 'ithread' ? CpuState.Interrupt : t.kind === 'softint' ? CpuState.Softint
        : t.kind === 'kernel' ? CpuState.Kernel : CpuState.User;
      const ctx = newCtx(i, -1);
      ctx.baseState = base;
      ctx.entry = t.entry;
      ctx.once = t.once;
      return new ThreadRt(i, ctx, t.priority, t.cpu, base, t.kind === 'softint');
    });
    this.locks = new Locks(this, p.locks);
    this.sched = new Scheduler(this);
    this.io = new PacketIo(this);
    this.queues = p.queues.map((q) => new PacketQueue(q.name, q.limit));
    this.rxOrdinal = new Int32Array(Math.max(1, p.queues.length)).fill(-1);
    let rings = 0;
    for (const d of p.devices) for (const rx of d.rx) this.rxOrdinal[rx.ring] = rings++;
    this.counterSlot = new Int32Array(Math.max(1, p.counters.length));
    this.counterStacks = Int32Array.from(p.counters, (c) => c.stacks ?? 1);
    this.counterLinesPer = Int32Array.from(p.counters, (c) => (c.scope === 'per_queue' ? Math.max(1, rings) : 1));
    let slots = 0;
    p.counters.forEach((_, k) => { this.counterSlot[k] = slots; slots += this.counterStacks[k]; });
    this.counterVals = new Float64Array(Math.max(1, slots * m.cpus));
    this.counterLines = p.counters.map((c, k) => (c.scope === 'percpu' ? null
      : Array.from({ length: this.counterStacks[k] * this.counterLinesPer[k] }, () => new CacheLine())));
    const flows = totalFlows(p);
    this.stats = new PacketStatsRt(flows, p.run.warmupNs);
    this.localFlowBase = flows - 1024;
    this.localSeq = new Float64Array(1024);

    const addVector = (v: VectorSpec) => {
      const id = this.vectors.length;
      const label = v.kind === 'ipi' ? '[ipi]' : '[interrupt]';
      const ctx = newCtx(-1, id);
      ctx.entry = v.handler;
      this.vectors.push(new Vector(v, ctx, this.rec.stack(0, this.rec.frame(label, 0))));
      if (v.ring >= 0) this.ringVector[v.ring] = id;
      return id;
    };
    this.ringVector = new Int32Array(Math.max(1, p.queues.length)).fill(-1);
    p.threads.forEach((t, i) => { this.threads[i].ctx.ring = t.ring ?? -1; });
    this.devices = p.devices.map((d) => ({
      tx: [d.txRing, ...(d.txRings ?? [])].filter((r) => r >= 0).map((ring) => ({ ring, busy: false, clock: 0 })),
      rss: rssTable(d.rx.length),
      rxVector: d.rx.map((rx, qi) => addVector({
        name: `${d.name}.rx${qi}`, kind: 'rx', cpu: Math.min(rx.cpu, m.cpus - 1), handler: rx.handler, ring: rx.ring,
        ipl: d.ipl, coalesceNs: rx.coalesceNs,
      })),
    }));
    p.timers.forEach((t) => this.timerVector.push(addVector({ name: t.name, kind: 'timer', cpu: Math.min(t.cpu, m.cpus - 1), handler: t.handler, ring: -1, ipl: t.ipl, coalesceNs: 0 })));
    for (let c = 0; c < m.cpus; c++) {
      this.ipiVector.push(addVector({ name: `ipi${c}`, kind: 'ipi', cpu: c, handler: -1, ring: -1, ipl: 1 << 20, coalesceNs: 0 }));
    }

    // Sampled series: counters, queue depths, cumulative packets.
    for (const c of p.counters) this.series.push({ name: c.name, kind: 'counter', scope: c.scope, src: c.src });
    this.seriesBase = { queues: this.series.length, delivered: -1, dropped: -1 };
    for (const q of p.queues) this.series.push({ name: q.name, kind: 'queue', src: q.src });
    if (p.traffic.length > 0 || compiled.makesPackets) {
      this.seriesBase.delivered = this.series.length;
      this.series.push({ name: 'packets delivered', kind: 'packets', src: 0 });
      this.seriesBase.dropped = this.series.length;
      this.series.push({ name: 'packets dropped', kind: 'drops', src: 0 });
    }
    this.sampleNs = p.run.sampleNs > 0 ? p.run.sampleNs : Math.max(1, Math.round(p.run.durationNs / 1000));
    this.start();
    lastEngine = this;
  }

  // ---------------------------------------------------------------- set-up

  private start(): void {
    const p = this.program;
    this.threads.forEach((th, i) => {
      if (p.threads[i].startAsleep) { th.state = ThreadState.Blocked; th.reason = BlockReason.Sleep; return; }
      th.state = ThreadState.Runnable;
      th.readyAt = 0;
      const cpu = th.bound >= 0 ? Math.min(th.bound, this.cpus.length - 1) : i % this.cpus.length;
      th.cpu = cpu;
      this.sched.enqueue(cpu, i);
    });
    for (const c of this.cpus) this.eq.push(0, Ev.Cpu, c.id, c.gen);
    p.traffic.forEach((t, i) => {
      let base = 0;
      for (let k = 0; k < i; k++) base += p.traffic[k].flows;
      const src = new TrafficSource(t, base, p.devices[t.device], this.rng);
      this.sources.push(src);
      if (t.startNs < t.stopNs) this.eq.push(t.startNs, Ev.Arrival, i, 0);
    });
    p.timers.forEach((t, i) => this.eq.push(t.periodNs, Ev.Timer, i, 0));
    this.eq.push(0, Ev.Sample, 0, 0);
  }

  // ---------------------------------------------------------------- main loop

  /** Run up to `budget` events. Returns false once the run has stopped. */
  runSlice(budget: number): boolean {
    const end = this.durationNs;
    const eq = this.eq;
    const maxEvents = this.maxEvents;
    for (let n = 0; n < budget; n++) {
      if (this.stopReason) return false;
      if (!eq.pop()) { this.halt('quiescent', 'nothing left to do'); return false; }
      const t = eq.popTime;
      if (t > end) { this.now = end; this.halt('completed', ''); return false; }
      this.now = t;
      this.events++;
      this.dispatch(eq.popType, eq.popA, eq.popB);
      if (this.events >= maxEvents) this.halt('event-limit', `stopped after ${maxEvents} events`);
      // the record limit is a memory guard: looked at every 64 events (an event adds a few records)
      else if ((this.events & 63) === 0 && this.rec.records >= this.maxRecords) {
        this.halt('record-limit', `stopped at ${this.rec.records} trace records (limit ${this.maxRecords})`);
      }
    }
    return !this.stopReason;
  }

  /**
   * Most events are a CPU's op ending; the rest go through dispatchOther. Kept this small so V8
   * inlines it and the event queue's pop into runSlice: with every kind of event in one switch,
   * this took the loop's inlining budget (and the cold sampler with it) and pop was called instead.
   */
  private dispatch(type: number, a: number, b: number): void {
    if (type !== Ev.Cpu) return this.dispatchOther(type, a, b);
    const c = this.cpus[a];
    if (c.gen !== b) return; // superseded by an interrupt or a re-kick
    c.opEnd = -1;
    this.runCpu(c);
  }

  private dispatchOther(type: number, a: number, b: number): void {
    switch (type) {
      case Ev.Arrival: return this.io.arrival(a);
      case Ev.Irq: return this.deliver(a);
      case Ev.Timer: {
        this.raise(this.timerVector[a]);
        this.eq.push(this.now + this.program.timers[a].periodNs, Ev.Timer, a, 0);
        return;
      }
      case Ev.SleepWake: {
        const th = this.threads[a];
        if (th.sleepGen === b && th.state === ThreadState.Blocked && th.reason === BlockReason.Sleep) {
          this.sched.wakeThread(a, this.now, -1, NONE, 0);
        }
        return;
      }
      case Ev.Tx: return this.io.txDone(a, b);
      case Ev.Sample: return this.sample();
      case Ev.Ipi: {
        const v = this.vectors[this.ipiVector[a]];
        this.rec.flow(this.now, this.now, FlowKind.Ipi, b, a, NONE, NONE, 0, 0);
        if (!v.raised) { v.raised = true; this.deliver(this.ipiVector[a]); }
        return;
      }
      case Ev.Slice: return this.sched.sliceEnd(a, b);
    }
  }

  halt(reason: StopReason, detail: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopDetail = detail;
  }

  // ---------------------------------------------------------------- CPUs

  /** Count one more step at this instant (the no-progress guard); false past the limit. */
  countStep(): boolean {
    return ++this.steps <= MAX_STEPS_AT_ONE_INSTANT;
  }

  /** Run CPU `c` at `now` until it is busy until a later time, spinning, or idle. */
  private runCpu(c: CpuRt): void {
    const now = this.now;
    if (this.stepsAt !== now) { this.stepsAt = now; this.steps = 0; }
    for (;;) {
      if (this.stopReason) return;
      if (++this.steps > MAX_STEPS_AT_ONE_INSTANT) {
        this.halt('no-progress', `CPU ${c.id} ran ${MAX_STEPS_AT_ONE_INSTANT} steps without time passing, in ${this.interp.where(c)}; give the loop a cost or a sleep`);
        return;
      }
      if (c.pending.length && this.mayInterrupt(c, c.pending[0])) {
        this.enterInterrupt(c, c.pending.shift()!);
        continue;
      }
      const ctx = c.top;
      if (!ctx) {
        const t = this.sched.pickNext(c);
        if (t < 0) {
          c.reserved = false;
          this.setSpan(c, CpuState.Idle, NONE, 0);
          return;
        }
        this.sched.switchIn(c, t);
        continue;
      }
      if (ctx.overhead > 0) {
        const d = ctx.overhead, state = ctx.overheadState, stack = ctx.overheadStack;
        ctx.overhead = ctx.nextOverhead;
        if (ctx.nextOverhead > 0) {
          ctx.nextOverhead = 0;
          ctx.overheadState = ctx.nextOverheadState;
          ctx.overheadStack = ctx.nextOverheadStack;
        }
        this.busy(c, d, state, stack, ctx);
        return;
      }
      if (ctx.remaining > 0) {
        const d = ctx.remaining;
        ctx.remaining = 0;
        this.busy(c, d, ctx.resumeState, ctx.resumeStack, ctx);
        return;
      }
      if (ctx.spinning) {
        if (ctx.mustSleep) {
          this.locks.spinToSleep(ctx, now);
          this.sched.block(c, ctx, BlockReason.Lock);
          continue;
        }
        const at = this.locks.retry(ctx, c.id, now);
        if (at < 0) {
          this.setSpan(c, CpuState.Spin, this.threadField(ctx), ctx.waitStack);
          return;
        }
        if (at > now) { this.busy(c, at - now, CpuState.Spin, ctx.waitStack, ctx); return; }
        continue;
      }
      if (ctx.racing) {
        ctx.racing = false;
        const at = this.locks.raceRetry(ctx, c.id, now);
        if (at < 0) { this.sched.block(c, ctx, BlockReason.Lock); continue; }
        if (at > now) { this.busy(c, at - now, CpuState.Kernel, ctx.waitStack, ctx); return; }
        continue;
      }
      if (ctx.dropped.length) {
        // PICKUP_GIANT: retake the big locks dropped across a sleep before going on
        const l = ctx.dropped[0];
        if (ctx.holdDepth[l] > 0) { ctx.holdDepth[l] = ctx.dropped[1]; ctx.dropped.splice(0, 2); continue; }
        const at = this.locks.acquire(ctx, l, false, c.id, now, ctx.holdStack[l]);
        if (at >= 0) {
          if (at > now) { this.busy(c, at - now, CpuState.Kernel, ctx.holdStack[l], ctx); return; }
          continue;
        }
        if (ctx.waitSpin) ctx.spinning = true;
        else this.sched.block(c, ctx, BlockReason.Lock);
        continue;
      }
      // (an interrupt alone on the CPU — an IPI to an idle CPU — leaves the flag for the thread after it;
      // a slice that ends while preemption is off stays over until it is back on)
      if ((c.needResched || c.sliceOver) && c.stack.length === 1 && ctx.thread >= 0) {
        c.needResched = false;
        if (ctx.spinDepth === 0 && this.sched.preemptIfNeeded(c, ctx)) continue;
      }
      if (!this.interp.step(c, ctx)) return;
    }
  }

  private mayInterrupt(c: CpuRt, v: number): boolean {
    const top = c.top;
    if (!top) return true;
    if (top.spinDepth > 0) return false; // spin mutex held or being spun for: interrupts are off
    if (top.thread < 0 && this.vectors[v].ipl <= this.vectors[top.vector].ipl) return false;
    return true;
  }

  private enterInterrupt(c: CpuRt, vi: number): void {
    this.suspend(c);
    const v = this.vectors[vi];
    const ctx = v.ctx;
    ctx.cpu = c.id;
    ctx.depth = -1;
    ctx.ring = v.ring;
    ctx.overhead = v.kind === 'ipi' ? this.costs.ipi : this.costs.interruptEntry;
    ctx.overheadState = CpuState.Interrupt;
    ctx.overheadStack = v.entryStack;
    this.rec.instant(this.now, InstantKind.Interrupt, c.id, c.thread >= 0 ? c.thread : NONE, vi, c.stack.length, v.entryStack);
    c.pushCtx(ctx);
    if (ctx.overhead === 0 && v.handler < 0) { c.popCtx(); v.raised = false; }
  }

  /** Save the time left of the op in progress so the interrupted context resumes it later. */
  private suspend(c: CpuRt): void {
    const top = c.top;
    if (c.opEnd > this.now && top) {
      top.remaining += c.opEnd - this.now;
      top.resumeState = c.spanState;
      top.resumeStack = c.spanStack;
    }
    c.opEnd = -1;
    c.gen++;
  }

  busy(c: CpuRt, dur: number, state: CpuState, stack: number, ctx: Ctx): void {
    this.setSpan(c, state, this.threadField(ctx), stack);
    c.opEnd = this.now + dur;
    c.gen++;
    this.eq.push(c.opEnd, Ev.Cpu, c.id, c.gen);
  }

  /** Make an idle (or spinning) CPU look at its state again at `t`. Never cuts short an op in progress. */
  kickCpu(cpu: number, t: number): void {
    const c = this.cpus[cpu];
    if (c.opEnd > this.now) return;
    c.gen++;
    c.opEnd = t;
    this.eq.push(t, Ev.Cpu, c.id, c.gen);
  }

  /** A spinner was granted its lock: its CPU goes on at `at` (after the line transfer). */
  resumeSpinner(w: Ctx, at: number): void {
    if (w.cpu < 0 || !this.ctxOnTop(w)) return; // suspended by an interrupt: it goes on when it resumes
    const c = this.cpus[w.cpu];
    c.gen++;
    c.opEnd = at;
    this.eq.push(at, Ev.Cpu, c.id, c.gen);
  }

  private setSpan(c: CpuRt, state: CpuState, thread: number, stack: number): void {
    if (c.spanState === state && c.spanThread === thread && c.spanStack === stack) return;
    const now = this.now;
    if (now > c.spanStart) {
      this.rec.span(c.spanStart, now - c.spanStart, SpanKind.CpuState, c.spanState, c.id, c.spanThread, NONE, 0, c.spanStack);
      c.spanStart = now;
    }
    c.spanState = state; c.spanThread = thread; c.spanStack = stack;
  }

  threadField(ctx: Ctx): number { return ctx.thread >= 0 ? ctx.thread : NONE; }

  ctxRunning(id: number): boolean {
    const ctx = this.ctxs[id];
    return ctx.thread < 0 || this.threads[ctx.thread].state === ThreadState.Running;
  }

  ctxOnTop(w: Ctx): boolean {
    if (w.cpu < 0) return false;
    return this.cpus[w.cpu].top === w;
  }

  srcText(src: number): string {
    const s = this.program.sources[src];
    return s && src > 0 ? `${s.file}:${s.line}:${s.column}` : 'model';
  }

  // ---------------------------------------------------------------- counters

  /**
   * Add n to instance `inst` of counter k on `cpu` (a context serving `ring`)
   * at now; returns what the increment costs: a per-CPU slot's increment, or
   * the touch of the line it lands on — a per_queue counter's line is the
   * ring's (any other context: CPU mod the queues).
   */
  countOn(k: number, inst: number, cpu: number, ring: number, n: number, now: number): number {
    this.counterVals[(this.counterSlot[k] + inst) * this.cpus.length + cpu] += n;
    const lines = this.counterLines[k];
    if (!lines) return this.costs.percpuIncrement;
    const per = this.counterLinesPer[k];
    let li = inst * per;
    if (per > 1) li += ring >= 0 && this.rxOrdinal[ring] >= 0 ? this.rxOrdinal[ring] % per : cpu % per;
    return lines[li].touch(cpu, now, this.costs.atomicLocal, this.costs.cacheLineTransfer) - now;
  }

  /**
   * What reading counter k on `cpu` costs a statistics poller: every line of
   * every instance — CPUs × instances for a per-CPU counter, queues ×
   * instances for a per-queue one — local or moved from the CPU that last
   * wrote it (which then pays a transfer on its next increment).
   */
  sumCost(k: number, cpu: number): number {
    const local = this.costs.atomicLocal, transfer = this.costs.cacheLineTransfer;
    const lines = this.counterLines[k];
    let t = 0;
    if (lines) {
      for (const l of lines) {
        t += l.cpu === cpu ? local : transfer;
        l.cpu = cpu;
      }
      return t;
    }
    const n = this.cpus.length;
    return this.counterStacks[k] * (local + (n - 1) * transfer);
  }

  // ---------------------------------------------------------------- interrupts and devices

  raise(vi: number): void {
    if (vi < 0) return;
    const v = this.vectors[vi];
    if (v.raised || v.masked) return;
    v.raised = true;
    if (v.coalesceNs > 0) this.eq.push(this.now + v.coalesceNs, Ev.Irq, vi, 0);
    else this.deliver(vi);
  }

  /** Post vector vi to its CPU and let the CPU take it if it can. */
  private deliver(vi: number): void {
    const c = this.cpus[this.vectors[vi].cpu];
    c.pending.push(vi);
    if (!this.mayInterrupt(c, vi)) return; // taken when interrupts come back on
    this.runCpu(c);
  }

  private sample(): void {
    const now = this.now;
    this.lastSampleAt = now;
    const n = this.cpus.length;
    this.program.counters.forEach((_, k) => {
      let v = 0;
      const from = this.counterSlot[k] * n, to = from + this.counterStacks[k] * n;
      for (let i = from; i < to; i++) v += this.counterVals[i];
      this.rec.counter(now, k, v);
    });
    this.queues.forEach((q, i) => this.rec.counter(now, this.seriesBase.queues + i, q.len));
    if (this.seriesBase.delivered >= 0) {
      this.rec.counter(now, this.seriesBase.delivered, this.stats.delivered);
      this.rec.counter(now, this.seriesBase.dropped, this.stats.droppedTotal);
    }
    const next = now + this.sampleNs;
    if (next < this.durationNs) this.eq.push(next, Ev.Sample, 0, 0);
  }

  // ---------------------------------------------------------------- end of run

  /** Close every open span at the stop time and seal the trace. */
  finish(meta: { variant: string; wallMs: number; files: string[] }): Trace {
    const end = this.now;
    if (this.lastSampleAt !== end) this.sample();
    for (const c of this.cpus) {
      if (end > c.spanStart) this.rec.span(c.spanStart, end - c.spanStart, SpanKind.CpuState, c.spanState, c.id, c.spanThread, NONE, 0, c.spanStack);
      c.spanStart = end;
      if (c.thread >= 0) {
        const th = this.threads[c.thread];
        this.rec.span(th.runStart, end - th.runStart, SpanKind.ThreadRun, 0, c.id, th.id, NONE, 0, 0);
      }
    }
    for (const ctx of this.ctxs) {
      if (ctx.waitLock >= 0) this.locks.endWait(ctx, end);
      for (let l = 0; l < this.program.locks.length; l++) {
        // A hold starts when the atomic that takes the lock is done (locks.ts), which may be after the stop:
        // that take did not finish within the run, so there is no hold to close (it was a span starting
        // after the end with a negative duration).
        if (ctx.holdDepth[l] > 0 && ctx.holdStart[l] <= end) {
          const lk = this.locks.all[l];
          this.rec.span(ctx.holdStart[l], end - ctx.holdStart[l], SpanKind.LockHold, lk.owner === ctx.id && lk.contended ? 1 : lk.owner === ctx.id ? 0 : 2,
            ctx.cpu >= 0 ? ctx.cpu : 0, this.threadField(ctx), l, 0, ctx.holdStack[l]);
        }
      }
    }
    const starved = this.sched.finish(end);
    const p = this.program;
    const n = this.cpus.length;
    const counterTotals: Record<string, number[]> = {};
    p.counters.forEach((c, k) => {
      const per = new Array<number>(n).fill(0);
      for (let s = 0; s < this.counterStacks[k]; s++) for (let cpu = 0; cpu < n; cpu++) per[cpu] += this.counterVals[(this.counterSlot[k] + s) * n + cpu];
      counterTotals[c.name] = per;
    });
    const s = this.stats;
    const hasPackets = this.seriesBase.delivered >= 0;
    const trace = this.rec.finish({
      version: TRACE_VERSION,
      name: p.name,
      variant: meta.variant,
      seed: p.run.seed,
      cpus: n,
      startNs: 0,
      endNs: end,
      warmupNs: Math.min(p.run.warmupNs, end),
      stopReason: this.stopReason ?? 'completed',
      stopDetail: this.stopDetail,
      events: this.events,
      wallMs: meta.wallMs,
      threads: p.threads.map((t) => ({ name: t.name, kind: t.kind, priority: t.priority, cpu: t.cpu, src: t.src })),
      // (the default spin algorithm is left out, so traces from before it existed stay byte-identical)
      locks: p.locks.map((l) => ({ name: l.name, kind: l.kind, wait: l.wait, src: l.src, ...(l.algorithm && l.algorithm !== 'queued' ? { algorithm: l.algorithm } : {}) })),
      series: this.series,
      sources: p.sources.map((x) => ({ ...x })),
      counterTotals,
      packets: hasPackets ? {
        offered: s.offered,
        delivered: s.delivered,
        dropped: Object.fromEntries([...s.dropped.entries()].sort()),
        latencyNs: s.latency.count
          ? { min: s.latency.min, mean: s.latency.sum / s.latency.count, p99: s.latency.quantile(0.99), max: s.latency.max }
          : { min: 0, mean: 0, p99: 0, max: 0 },
        reordered: s.reordered,
        inFlight: this.packets.live,
      } : undefined,
      ...(starved.length ? { starved } : {}),
      files: meta.files,
    });
    this.rec.release(); // this engine may be kept (lastEngine): the trace alone holds its rows
    return trace;
  }
}
