// The discrete-event machine: CPUs that run execution contexts (threads and
// nested interrupts) through the compiled functions, a scheduler (scheduler.ts) with per-CPU
// run queues, wake-ups with IPIs and optional preemption, NIC rings raising
// MSI-X vectors (packet I/O in packetIo.ts), and the trace it all leaves behind. Time is an integer
// nanosecond; events with equal times run in the order they were scheduled.
import { Op, compileProgram } from './bytecode';
import { FlatCode } from './flatCode';
import { EventQueue } from './eventQueue';
import { Ev } from './events';
import { Locks } from './locks';
import { Scheduler } from './scheduler';
import { PacketIo } from './packetIo';
import { Packets, PacketQueue, PacketStatsRt, TrafficSource, totalFlows } from './net';
import type { Costs, Limits, Program } from './program';
import { DistKind, Rng } from './rng';
import { BlockReason, CacheLine, CpuRt, Ctx, MAX_DEPTH, ThreadRt, ThreadState } from './runtime';
import { TraceBuilder } from '../trace/builder';
import {
  CpuState, FlowKind, InstantKind, NONE, SpanKind, type SeriesInfo, type StopReason, type Trace,
} from '../trace/schema';



/**
 * A trace builder with room for the record limit (plus what the last events
 * and the end of the run add past it): address space, not memory, until
 * written, so a run never copies its trace. Where the system refuses that much
 * address space, a small builder that grows by copying.
 */
function traceBuilderFor(maxRecords: number): TraceBuilder {
  const rows = Math.min(maxRecords, 1 << 26) + (1 << 16);
  try {
    return new TraceBuilder(rows);
  } catch {
    return new TraceBuilder(1 << 16);
  }
}

/** Caller stacks memoised per instruction (see Engine.leaf). */
const LEAF_WAYS = 16;

/** Steps one CPU may run at a single instant before the run is declared stuck. */
const MAX_STEPS_AT_ONE_INSTANT = 200_000;

export interface Vector {
  name: string;
  kind: 'rx' | 'timer' | 'ipi';
  cpu: number;
  handler: number;
  ring: number;
  ipl: number;
  coalesceNs: number;
  /** Raised and not yet finished (pending on the CPU, or in service). */
  raised: boolean;
  /** Masked by the driver (NAPI): arrivals do not raise it. */
  masked: boolean;
  ctx: Ctx;
  entryStack: number;
}

export interface TxRingRt { ring: number; busy: boolean; clock: number }
export interface DeviceRt { tx: TxRingRt[]; rxVector: number[] }

export class Engine {
  now = 0;
  events = 0;
  stopReason: StopReason | null = null;
  stopDetail = '';
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
  readonly counterVals: Float64Array;
  readonly counterLines: CacheLine[];
  /** Every function's instructions, end to end; a context's pc indexes them. */
  private readonly code: FlatCode;
  /** Frame id of every instruction (its function at its source line). */
  private readonly frames: Int32Array;
  readonly vectors: Vector[] = [];
  private readonly ipiVector: number[] = [];
  private readonly timerVector: number[] = [];
  /** Vector raised by each ring (-1: none). */
  private readonly ringVector: Int32Array;
  private lastSampleAt = -1;
  private readonly htt: boolean;
  readonly devices: DeviceRt[];
  readonly sources: TrafficSource[] = [];
  readonly eq = new EventQueue();
  private readonly rng: Rng;
  private readonly sampleNs: number;
  private readonly seriesBase: { queues: number; delivered: number; dropped: number };
  readonly series: SeriesInfo[] = [];
  private readonly localSeq: Float64Array;
  private readonly localFlowBase: number;
  private steps = 0;
  private stepsAt = -1;
  private readonly leafParent: Float64Array;
  private readonly leafStack: Uint32Array;

  constructor(readonly program: Program, readonly limits: Limits) {
    const p = program;
    const m = p.machine;
    this.costs = m.costs;
    this.htt = m.htt;
    this.rng = new Rng(p.run.seed);
    this.rec = traceBuilderFor(limits.maxRecords);
    const compiled = compileProgram(p);
    const code = this.code = new FlatCode(compiled);
    const nInstr = code.length;
    this.frames = Int32Array.from({ length: nInstr }, (_, i) => this.rec.frame(code.names[code.fnOf[i]], code.src[i]));
    this.leafParent = new Float64Array(nInstr * LEAF_WAYS).fill(-1);
    this.leafStack = new Uint32Array(nInstr * LEAF_WAYS);
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
      return new ThreadRt(i, ctx, t.priority, t.cpu, base, t.kind === 'softint');
    });
    this.locks = new Locks(this, p.locks);
    this.sched = new Scheduler(this);
    this.io = new PacketIo(this);
    this.queues = p.queues.map((q) => new PacketQueue(q.name, q.limit));
    this.counterVals = new Float64Array(Math.max(1, p.counters.length * m.cpus));
    this.counterLines = p.counters.map(() => new CacheLine());
    const flows = totalFlows(p);
    this.stats = new PacketStatsRt(flows, p.run.warmupNs);
    this.localFlowBase = flows - 1024;
    this.localSeq = new Float64Array(1024);

    const addVector = (v: Omit<Vector, 'raised' | 'masked' | 'ctx' | 'entryStack'>) => {
      const id = this.vectors.length;
      const label = v.kind === 'ipi' ? '[ipi]' : '[interrupt]';
      this.vectors.push({ ...v, raised: false, masked: false, ctx: newCtx(-1, id), entryStack: this.rec.stack(0, this.rec.frame(label, 0)) });
      if (v.ring >= 0) this.ringVector[v.ring] = id;
      return id;
    };
    this.ringVector = new Int32Array(Math.max(1, p.queues.length)).fill(-1);
    p.threads.forEach((t, i) => { this.threads[i].ctx.ring = t.ring ?? -1; });
    this.devices = p.devices.map((d) => ({
      tx: [d.txRing, ...(d.txRings ?? [])].filter((r) => r >= 0).map((ring) => ({ ring, busy: false, clock: 0 })),
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
    const hasPackets = p.traffic.length > 0 || p.functions.some((f) => JSON.stringify(f.steps).includes('"packet"'));
    if (hasPackets) {
      this.seriesBase.delivered = this.series.length;
      this.series.push({ name: 'packets delivered', kind: 'packets', src: 0 });
      this.seriesBase.dropped = this.series.length;
      this.series.push({ name: 'packets dropped', kind: 'drops', src: 0 });
    }
    this.sampleNs = p.run.sampleNs > 0 ? p.run.sampleNs : Math.max(1, Math.round(p.run.durationNs / 1000));
    this.start();
  }

  // ---------------------------------------------------------------- set-up

  private start(): void {
    const p = this.program;
    this.threads.forEach((th, i) => {
      if (p.threads[i].startAsleep) { th.state = ThreadState.Blocked; th.reason = BlockReason.Sleep; return; }
      th.state = ThreadState.Runnable;
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
    const end = this.program.run.durationNs;
    const eq = this.eq;
    const maxEvents = this.limits.maxEvents;
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
      else if ((this.events & 63) === 0 && this.rec.records >= this.limits.maxRecords) {
        this.halt('record-limit', `stopped at ${this.rec.records} trace records (limit ${this.limits.maxRecords})`);
      }
    }
    return !this.stopReason;
  }

  private dispatch(type: number, a: number, b: number): void {
    switch (type) {
      case Ev.Cpu: {
        const c = this.cpus[a];
        if (c.gen !== b) return; // superseded by an interrupt or a re-kick
        c.opEnd = -1;
        this.runCpu(c);
        return;
      }
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
    }
  }

  halt(reason: StopReason, detail: string): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.stopDetail = detail;
  }

  // ---------------------------------------------------------------- CPUs

  /** Run CPU `c` at `now` until it is busy until a later time, spinning, or idle. */
  private runCpu(c: CpuRt): void {
    const now = this.now;
    if (this.stepsAt !== now) { this.stepsAt = now; this.steps = 0; }
    for (;;) {
      if (this.stopReason) return;
      if (++this.steps > MAX_STEPS_AT_ONE_INSTANT) {
        this.halt('no-progress', `CPU ${c.id} ran ${MAX_STEPS_AT_ONE_INSTANT} steps without time passing, in ${this.where(c)}; give the loop a cost or a sleep`);
        return;
      }
      if (c.pending.length && this.mayInterrupt(c, c.pending[0])) {
        this.enterInterrupt(c, c.pending.shift()!);
        continue;
      }
      const ctx = c.stack.length ? c.stack[c.stack.length - 1] : null;
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
        const d = ctx.overhead;
        ctx.overhead = 0;
        this.busy(c, d, ctx.overheadState, ctx.overheadStack, ctx);
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
      // (an interrupt alone on the CPU — an IPI to an idle CPU — leaves the flag for the thread after it)
      if (c.needResched && c.stack.length === 1 && ctx.thread >= 0) {
        c.needResched = false;
        if (ctx.spinDepth === 0 && this.sched.preemptIfNeeded(c, ctx)) continue;
      }
      if (!this.step(c, ctx)) return;
    }
  }

  /** Execute one instruction of `ctx`. False when the CPU now waits for an event. */
  private step(c: CpuRt, ctx: Ctx): boolean {
    const now = this.now;
    if (ctx.depth < 0) {
      const entry = ctx.thread >= 0 ? this.program.threads[ctx.thread].entry : this.vectors[ctx.vector].handler;
      if (entry < 0) return this.finishContext(c, ctx);
      ctx.depth = 0; ctx.fn[0] = entry; ctx.pc[0] = this.code.entry[entry]; ctx.parentStack[0] = 0;
    }
    const code = this.code;
    const d = ctx.depth;
    const f = ctx.fn[d];
    const pc = ctx.pc[d]++;
    switch (code.op[pc] as Op) {
      case Op.Work: {
        let dur = this.rng.duration(code.distKind[pc], code.dist1[pc], code.dist2[pc]);
        if (this.htt && this.cpus[c.id ^ 1] && this.cpus[c.id ^ 1].spanState !== CpuState.Idle) dur = Math.round(dur * this.program.machine.httSlowdown);
        if (dur <= 0) return true;
        this.busy(c, dur, this.stateOf(ctx, f), this.leaf(ctx, d, pc), ctx);
        return false;
      }
      case Op.Lock: {
        const stack = this.leaf(ctx, d, pc);
        const per = code.perCpu[pc];
        const id = per ? code.a[pc] + (c.id % per) : code.a[pc];
        const at = this.locks.acquire(ctx, id, code.b[pc] === 1, c.id, now, stack);
        if (at === -2) {
          this.halt('deadlock', `${this.srcText(code.src[pc])}: ${this.program.locks[id].name} taken again by its holder and it is not recursive`);
          return false;
        }
        if (at >= 0) {
          if (at > now) { this.busy(c, at - now, this.stateOf(ctx, f), stack, ctx); return false; }
          return true;
        }
        if (ctx.waitSpin) ctx.spinning = true;
        else this.sched.block(c, ctx, BlockReason.Lock);
        return true;
      }
      case Op.Unlock: {
        const stack = this.leaf(ctx, d, pc);
        let id = code.a[pc];
        // a per-CPU instance: the one this context holds (it may have migrated since it took it)
        const per = code.perCpu[pc];
        if (per) for (let k = 0; k < per; k++) if (ctx.holdDepth[code.a[pc] + k] > 0) { id = code.a[pc] + k; break; }
        const at = this.locks.release(ctx, id, c.id, now, stack);
        if (at === -2) {
          this.halt('deadlock', `${this.srcText(code.src[pc])}: unlock of ${this.program.locks[id].name}, which this context does not hold`);
          return false;
        }
        if (at > now) { this.busy(c, at - now, this.stateOf(ctx, f), stack, ctx); return false; }
        return true;
      }
      case Op.Sync: {
        const stack = this.leaf(ctx, d, pc);
        if (this.locks.synchronize(ctx, code.a[pc], now, stack)) {
          const g = this.program.locks[code.a[pc]].graceNs;
          if (g > 0) { this.busy(c, g, this.stateOf(ctx, f), stack, ctx); return false; }
          return true;
        }
        if (ctx.thread < 0) ctx.spinning = true;
        else this.sched.block(c, ctx, BlockReason.Grace);
        return true;
      }
      case Op.Count: {
        const k = code.a[pc];
        this.counterVals[k * this.cpus.length + c.id] += code.b[pc];
        const cost = this.program.counters[k].scope === 'shared'
          ? this.counterLines[k].touch(c.id, now, this.costs.atomicLocal, this.costs.cacheLineTransfer) - now
          : this.costs.percpuIncrement;
        if (cost > 0) { this.busy(c, cost, this.stateOf(ctx, f), this.leaf(ctx, d, pc), ctx); return false; }
        return true;
      }
      case Op.Call: {
        if (d + 1 >= MAX_DEPTH) {
          this.halt('deadlock', `${this.srcText(code.src[pc])}: calls nested deeper than ${MAX_DEPTH}`);
          return false;
        }
        ctx.parentStack[d + 1] = this.leaf(ctx, d, pc);
        const callee = code.a[pc];
        ctx.depth = d + 1; ctx.fn[d + 1] = callee; ctx.pc[d + 1] = code.entry[callee];
        return true;
      }
      case Op.Return:
        if (d > 0) { ctx.depth = d - 1; return true; }
        return this.finishContext(c, ctx);
      case Op.Enqueue: {
        if (ctx.packet < 0) return true;
        const per = code.perCpu[pc];
        const q = this.queues[per ? code.a[pc] + (c.id % per) : code.a[pc]];
        const p = ctx.packet;
        ctx.packet = -1;
        if (!q.push(p)) { this.io.drop(p, q.name, c.id, ctx); return true; }
        if (q.waiters.length) this.sched.wakeThread(q.waiters[0], now, c.id, this.threadField(ctx), this.leaf(ctx, d, pc));
        return true;
      }
      case Op.Dequeue: {
        const a = code.a[pc], per = code.perCpu[pc], ifEmpty = code.b[pc];
        const qi = a < 0 ? ctx.ring : per ? a + (c.id % per) : a;
        if (ctx.packet >= 0) { this.io.drop(ctx.packet, 'unhandled', c.id, ctx); ctx.packet = -1; }
        const p = qi >= 0 ? this.queues[qi].shift() : -1;
        if (p >= 0) { ctx.packet = p; return true; }
        // break: to the loop's end, or the function's return (the flat target says which)
        if (ifEmpty === 1 || (ifEmpty === 0 && ctx.thread < 0)) { ctx.pc[d] = code.target[pc]; return true; }
        if (ifEmpty === 2 || qi < 0) return true;
        ctx.pc[d] = pc; // retry the dequeue when woken
        this.queues[qi].waiters.push(ctx.thread);
        this.threads[ctx.thread].waitQueue = qi;
        this.sched.block(c, ctx, BlockReason.Queue);
        return true;
      }
      case Op.Wakeup: {
        const a = code.a[pc], per = code.perCpu[pc], perRing = code.b[pc];
        let ti = per ? a + (c.id % per) : a;
        if (perRing > 0) {
          // napi_schedule: the instance polling the ring this context serves
          ti = -1;
          for (let k = 0; k < perRing; k++) if (ctx.ring >= 0 && this.threads[a + k].ctx.ring === ctx.ring) { ti = a + k; break; }
          if (ti < 0) return true;
        }
        const th = this.threads[ti];
        if (th.state === ThreadState.Blocked && (th.reason === BlockReason.Sleep || th.reason === BlockReason.Queue)) {
          this.sched.wakeThread(ti, now, c.id, this.threadField(ctx), this.leaf(ctx, d, pc));
        } else th.wakePending = true;
        return true;
      }
      case Op.Branch: {
        const r = this.rng.next();
        const ins = code.instrs[pc];
        const cum = ins.cum!;
        let k = 0;
        while (k < cum.length && r >= cum[k]) k++;
        ctx.pc[d] = k < cum.length ? ins.targets![k] : code.target[pc];
        return true;
      }
      case Op.Jump: ctx.pc[d] = code.target[pc]; return true;
      case Op.LoopInit: ctx.loops[code.a[pc]] = code.b[pc]; return true;
      case Op.LoopTest: {
        const slot = code.a[pc];
        if (ctx.loops[slot] <= 0) ctx.pc[d] = code.target[pc];
        else ctx.loops[slot]--;
        return true;
      }
      case Op.Timestamp: {
        const r = this.program.machine.timecounter.readNs;
        if (r > 0) { this.busy(c, r, this.stateOf(ctx, f), this.leaf(ctx, d, pc), ctx); return false; }
        return true;
      }
      case Op.Sleep: {
        if (ctx.thread < 0) return true; // interrupts cannot sleep (the checker says so too)
        const th = this.threads[ctx.thread];
        if (code.distKind[pc] !== DistKind.None) {
          const t = this.rng.duration(code.distKind[pc], code.dist1[pc], code.dist2[pc]);
          th.sleepGen++;
          this.eq.push(now + Math.max(0, t), Ev.SleepWake, ctx.thread, th.sleepGen);
        } else if (th.wakePending) {
          th.wakePending = false;
          return true;
        }
        this.sched.block(c, ctx, BlockReason.Sleep);
        return true;
      }
      case Op.Yield: {
        if (ctx.thread < 0 || c.stack.length !== 1) return true;
        const th = this.threads[ctx.thread];
        if (!c.runq.length || this.threads[c.runq[0]].prio < th.prio) return true;
        this.sched.switchOut(c, ctx, ThreadState.Runnable);
        this.sched.enqueue(c.id, ctx.thread);
        return true;
      }
      case Op.Transmit: {
        if (ctx.packet < 0) return true;
        const p = ctx.packet;
        ctx.packet = -1;
        this.io.transmit(code.a[pc], p, c.id, ctx);
        return true;
      }
      case Op.Drop:
        if (ctx.packet >= 0) { this.io.drop(ctx.packet, code.instrs[pc].text, c.id, ctx); ctx.packet = -1; }
        return true;
      case Op.Dispatch: return this.dispatchNetisr(c, ctx, code.a[pc], d, pc);
      case Op.Irq: {
        const vi = ctx.thread < 0 ? ctx.vector : ctx.ring >= 0 ? this.ringVector[ctx.ring] : -1;
        if (vi < 0) return true;
        const v = this.vectors[vi];
        v.masked = code.b[pc] === 0;
        if (!v.masked && !v.raised && v.ring >= 0 && this.queues[v.ring].len > 0) this.raise(vi);
        return true;
      }
      case Op.PollDone: {
        if (ctx.thread < 0 || ctx.ring < 0) return true;
        const th = this.threads[ctx.thread];
        if (this.queues[ctx.ring].len === 0) {
          const vi = this.ringVector[ctx.ring];
          if (vi >= 0) this.vectors[vi].masked = false;
          if (th.wakePending) { th.wakePending = false; return true; }
          this.sched.block(c, ctx, BlockReason.Sleep);
          return true;
        }
        // more work: let others of equal or higher priority run first, then poll again
        if (c.stack.length === 1 && c.runq.length && this.threads[c.runq[0]].prio >= th.prio) {
          this.sched.switchOut(c, ctx, ThreadState.Runnable);
          this.sched.enqueue(c.id, ctx.thread);
        }
        return true;
      }
      case Op.Packet: {
        if (ctx.packet >= 0) this.io.drop(ctx.packet, 'unhandled', c.id, ctx);
        const flow = code.a[pc] % 1024;
        ctx.packet = this.packets.alloc(now, this.localFlowBase + flow, this.localSeq[flow]++, code.b[pc]);
        if (this.stats.counts(now)) this.stats.offered++;
        return true;
      }
    }
    return true;
  }

  /**
   * netisr_dispatch (sys/net/netisr.c): DIRECT calls the handler here; HYBRID
   * does so only on the workstream's own CPU with its queue idle and its thread
   * not running; otherwise the packet is queued (dropped and counted when the
   * queue is full) and the workstream's thread woken.
   */
  private dispatchNetisr(c: CpuRt, ctx: Ctx, ni: number, d: number, pc: number): boolean {
    if (ctx.packet < 0) return true;
    const n = this.program.netisrs![ni];
    const k = this.packets.flow[ctx.packet] % n.queues.length;
    const q = this.queues[n.queues[k]];
    const t = this.threads[n.threads[k]];
    const home = t.bound >= 0 ? t.bound : k % this.cpus.length;
    const direct = n.mode === 'direct'
      || (n.mode === 'hybrid' && home === c.id && q.len === 0 && t.state !== ThreadState.Running);
    const stack = this.leaf(ctx, d, pc);
    if (direct) {
      if (d + 1 >= MAX_DEPTH) { this.halt('deadlock', `${this.srcText(n.src)}: calls nested deeper than ${MAX_DEPTH}`); return false; }
      ctx.parentStack[d + 1] = stack;
      ctx.depth = d + 1; ctx.fn[d + 1] = n.handler; ctx.pc[d + 1] = this.code.entry[n.handler];
      return true;
    }
    const p = ctx.packet;
    ctx.packet = -1;
    if (!q.push(p)) { this.io.drop(p, `${q.name} (qdrops)`, c.id, ctx); return true; }
    if (t.state === ThreadState.Blocked) this.sched.wakeThread(t.id, this.now, c.id, this.threadField(ctx), stack);
    return true;
  }

  /** The top function of a context returned. */
  private finishContext(c: CpuRt, ctx: Ctx): boolean {
    ctx.depth = -1;
    if (ctx.packet >= 0) { this.io.drop(ctx.packet, 'unhandled', c.id, ctx); ctx.packet = -1; }
    if (ctx.heldCount > 0) {
      const held = this.program.locks.filter((_, i) => ctx.holdDepth[i] > 0).map((l) => l.name).join(', ');
      const who = ctx.thread >= 0 ? `thread ${this.program.threads[ctx.thread].name}` : `interrupt ${this.vectors[ctx.vector].name}`;
      this.halt('deadlock', `${who} returned holding ${held}`);
      return false;
    }
    if (ctx.thread < 0) {
      // interrupt exit: a level-triggered vector fires again while its ring has packets
      c.stack.pop();
      const v = this.vectors[ctx.vector];
      v.raised = false;
      if (!v.masked && v.ring >= 0 && this.queues[v.ring].len > 0) { v.raised = true; c.pending.push(ctx.vector); }
      return true;
    }
    if (this.program.threads[ctx.thread].once) this.sched.switchOut(c, ctx, ThreadState.Done);
    return true;
  }

  private mayInterrupt(c: CpuRt, v: number): boolean {
    if (!c.stack.length) return true;
    const top = c.stack[c.stack.length - 1];
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
    c.stack.push(ctx);
    if (ctx.overhead === 0 && v.handler < 0) { c.stack.pop(); v.raised = false; }
  }

  /** Save the time left of the op in progress so the interrupted context resumes it later. */
  private suspend(c: CpuRt): void {
    if (c.opEnd > this.now && c.stack.length) {
      const top = c.stack[c.stack.length - 1];
      top.remaining += c.opEnd - this.now;
      top.resumeState = c.spanState;
      top.resumeStack = c.spanStack;
    }
    c.opEnd = -1;
    c.gen++;
  }

  private busy(c: CpuRt, dur: number, state: CpuState, stack: number, ctx: Ctx): void {
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

  /** What the CPU is doing while `ctx` runs function `f`: a user thread in a kernel function is in the kernel. */
  private stateOf(ctx: Ctx, f: number): CpuState {
    const base = ctx.baseState;
    return base === CpuState.User && this.code.kernel[f] === 1 ? CpuState.Kernel : base;
  }

  /**
   * Stack id of instruction pc under the caller stack of depth d.
   * Memoised per instruction and context (direct-mapped by the context's id,
   * 16 ways): a context reaches a function by the same path almost always,
   * and different contexts by different paths — ip_input from each CPU's
   * netisr thread — so this skips the intern-table lookup.
   */
  private leaf(ctx: Ctx, d: number, pc: number): number {
    const parent = ctx.parentStack[d];
    const k = pc * LEAF_WAYS + (ctx.id & (LEAF_WAYS - 1));
    if (this.leafParent[k] === parent) return this.leafStack[k];
    const s = this.rec.stack(parent, this.frames[pc]);
    this.leafParent[k] = parent;
    this.leafStack[k] = s;
    return s;
  }

  threadField(ctx: Ctx): number { return ctx.thread >= 0 ? ctx.thread : NONE; }

  ctxRunning(id: number): boolean {
    const ctx = this.ctxs[id];
    return ctx.thread < 0 || this.threads[ctx.thread].state === ThreadState.Running;
  }

  ctxOnTop(w: Ctx): boolean {
    if (w.cpu < 0) return false;
    const s = this.cpus[w.cpu].stack;
    return s.length > 0 && s[s.length - 1] === w;
  }

  private where(c: CpuRt): string {
    const ctx = c.stack[c.stack.length - 1];
    if (!ctx) return `CPU ${c.id}`;
    if (ctx.depth < 0) {
      const entry = ctx.thread >= 0 ? this.program.threads[ctx.thread].entry : this.vectors[ctx.vector].handler;
      return entry >= 0 ? `${this.code.names[entry]} (${this.srcText(this.program.functions[entry].src)})` : `CPU ${c.id}`;
    }
    const pc = Math.max(this.code.entry[ctx.fn[ctx.depth]], ctx.pc[ctx.depth] - 1);
    return `${this.code.names[ctx.fn[ctx.depth]]} (${this.srcText(this.code.src[pc])})`;
  }

  private srcText(src: number): string {
    const s = this.program.sources[src];
    return s && src > 0 ? `${s.file}:${s.line}:${s.column}` : 'model';
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
      for (let c = 0; c < n; c++) v += this.counterVals[k * n + c];
      this.rec.counter(now, k, v);
    });
    this.queues.forEach((q, i) => this.rec.counter(now, this.seriesBase.queues + i, q.len));
    if (this.seriesBase.delivered >= 0) {
      this.rec.counter(now, this.seriesBase.delivered, this.stats.delivered);
      this.rec.counter(now, this.seriesBase.dropped, this.stats.droppedTotal);
    }
    const next = now + this.sampleNs;
    if (next < this.program.run.durationNs) this.eq.push(next, Ev.Sample, 0, 0);
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
        if (ctx.holdDepth[l] > 0) {
          const lk = this.locks.all[l];
          this.rec.span(ctx.holdStart[l], end - ctx.holdStart[l], SpanKind.LockHold, lk.owner === ctx.id && lk.contended ? 1 : lk.owner === ctx.id ? 0 : 2,
            ctx.cpu >= 0 ? ctx.cpu : 0, this.threadField(ctx), l, 0, ctx.holdStack[l]);
        }
      }
    }
    const p = this.program;
    const n = this.cpus.length;
    const counterTotals: Record<string, number[]> = {};
    p.counters.forEach((c, k) => { counterTotals[c.name] = Array.from(this.counterVals.subarray(k * n, k * n + n)); });
    const s = this.stats;
    const hasPackets = this.seriesBase.delivered >= 0;
    return this.rec.finish({
      version: 1,
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
      locks: p.locks.map((l) => ({ name: l.name, kind: l.kind, wait: l.wait, src: l.src })),
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
      files: meta.files,
    });
  }
}
