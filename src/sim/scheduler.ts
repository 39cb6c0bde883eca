// The scheduler: run queues ordered by priority — per CPU with idle CPUs
// stealing unbound threads (ULE), or one global queue under the spin lock
// sched_lock (4BSD) — context switches (with their cost and timecounter read),
// blocking (dropping big locks across sleeps), preemption, round-robin time
// slices among equal priorities, and wake-ups that place a thread and tell its
// CPU: an IPI, or (kern.sched.ipiwakeup off) nothing until that CPU's next tick.
import { insertAt, removeItem } from './arrays';
import type { EventQueue } from './eventQueue';
import { Ev } from './events';
import type { Locks } from './locks';
import type { PacketQueue } from './net';
import { DEFAULT_HZ, DEFAULT_SLICE_NS, type Costs, type LockSpec, type Program } from './program';
import { BlockReason, ThreadState, type CpuRt, type Ctx, type ThreadRt } from './runtime';
import type { TraceBuilder } from '../trace/builder';
import { threadAux } from '../trace/columns';
import { CpuState, FlowKind, HoldFlags, InstantKind, NONE, SpanKind, WaitKind, type StarvedThread } from '../trace/schema';

/** What the scheduler sees of the machine (the Engine is one). */
export interface SchedulerEnv {
  readonly now: number;
  readonly program: Program;
  readonly costs: Costs;
  /** The run's duration and the timecounter's read cost, copied from the program (see Engine). */
  readonly durationNs: number;
  readonly timecounterNs: number;
  readonly cpus: readonly CpuRt[];
  readonly threads: readonly ThreadRt[];
  /** Threads blocked on a queue are taken off its waiters when woken otherwise. */
  readonly queues: readonly PacketQueue[];
  readonly eq: EventQueue;
  readonly rec: Pick<TraceBuilder, 'span' | 'instant' | 'flow' | 'frame' | 'stack'>;
  /** Big locks dropped across a sleep; sched_lock's cache line; adaptive spinners of an owner going off-CPU. */
  readonly locks: Pick<Locks, 'all' | 'release' | 'ownerLeftCpu'>;
  /** Make CPU `cpu` look at its run queue at `t`. */
  kickCpu(cpu: number, t: number): void;
}

/** The name of 4BSD's global run-queue lock in the lock table. */
export const SCHED_LOCK = 'sched_lock';

/**
 * The program the engine runs: under `scheduler: 4bsd`, with sched_lock added
 * to its locks (unless the program declares one itself), so it is a lock of
 * the run like any other — in the trace's lock table, waits and holds.
 */
export function withSchedulerLocks(p: Program): Program {
  if (p.machine.scheduler !== '4bsd' || p.locks.some((l) => l.name === SCHED_LOCK)) return p;
  const lock: LockSpec = { name: SCHED_LOCK, kind: 'spin', wait: 'spin', recursive: false, dropOnSleep: false, graceNs: 0, src: p.machine.schedulerSrc ?? 0 };
  return { ...p, locks: [...p.locks, lock] };
}

/** Insert thread t into queue q by priority: behind its equals (FIFO), or ahead of them (`first`). */
function insertByPrio(e: SchedulerEnv, q: number[], t: number, first: boolean): void {
  const prio = e.threads[t].prio;
  let i: number;
  if (first) {
    i = 0;
    while (i < q.length && e.threads[q[i]].prio > prio) i++;
  } else {
    i = q.length;
    while (i > 0 && e.threads[q[i - 1]].prio < prio) i--;
  }
  insertAt(q, i, t);
}

export class Scheduler {
  /** The thread each CPU last switched to (-1: none), for the switch instant's "from". */
  private readonly lastThread: Int32Array;
  /** The stack shown for time spent switching. */
  readonly switchStack: number;
  /** 4BSD: runnable unbound threads, highest priority first, FIFO within a priority. */
  private readonly globalq: number[] = [];
  private readonly global: boolean;
  readonly sliceNs: number;
  private readonly tickNs: number;
  private readonly ipiWakeup: boolean;
  private readonly preemptOnWakeup: boolean;
  /** sched_lock's index among the locks (-1: none, ULE). */
  readonly schedLock: number;
  /** sched_lock's hold not yet recorded: its contended flag is known when the next acquirer comes. */
  private pendingHold = { start: 0, dur: 0, cpu: 0, thread: NONE, stack: 0, contended: false, live: false };
  private readonly setrunqueueFrame: number;
  /** Of the last takeSchedLock's time before its hold, the part spent spinning. */
  private lastSpin = 0;

  constructor(private e: SchedulerEnv) {
    const m = e.program.machine;
    this.lastThread = new Int32Array(e.cpus.length).fill(-1);
    this.switchStack = e.rec.stack(0, e.rec.frame('[context switch]', 0));
    this.global = m.scheduler === '4bsd';
    this.sliceNs = m.sliceNs ?? DEFAULT_SLICE_NS[m.scheduler ?? 'ule'];
    this.tickNs = 1e9 / (m.hz ?? DEFAULT_HZ);
    this.ipiWakeup = m.ipiWakeup ?? true;
    this.preemptOnWakeup = m.preemptOnWakeup === true;
    this.schedLock = this.global ? e.program.locks.findIndex((l) => l.name === SCHED_LOCK) : -1;
    this.setrunqueueFrame = this.global ? e.rec.frame('setrunqueue', 0) : 0;
  }

  /** Queue runnable thread t for CPU `cpu` (4BSD: the global queue unless t is bound). */
  enqueue(cpu: number, t: number, first = false): void {
    const th = this.e.threads[t];
    if (this.global && th.bound < 0) {
      insertByPrio(this.e, this.globalq, t, first);
      for (const c of this.e.cpus) this.armSlice(c);
    } else {
      insertByPrio(this.e, this.e.cpus[cpu].runq, t, first);
      this.armSlice(this.e.cpus[cpu]);
    }
  }

  /** The highest-priority thread waiting to run on CPU c (-1: none); not stolen ones. */
  private peek(c: CpuRt): number {
    const own = c.runq.length ? c.runq[0] : -1;
    if (!this.global || !this.globalq.length) return own;
    const g = this.globalq[0];
    // sched_4bsd.c sched_choose: the global queue's head only if strictly better than the CPU's own
    return own < 0 || this.e.threads[g].prio > this.e.threads[own].prio ? g : own;
  }

  /** Priority of the best thread waiting for CPU c (-Infinity: none): yield and poll_done step aside for it. */
  waitingPrio(c: CpuRt): number {
    const t = this.peek(c);
    return t < 0 ? -Infinity : this.e.threads[t].prio;
  }

  /** Highest-priority thread for CPU c: its own run queue (and 4BSD's global one), else one stolen from another CPU (ULE). */
  pickNext(c: CpuRt): number {
    const t = this.peek(c);
    if (t >= 0) {
      if (c.runq.length && c.runq[0] === t) c.runq.shift();
      else this.globalq.shift();
      return t;
    }
    if (this.global) return -1;
    let best = -1, bestCpu = -1;
    for (let k = 1; k < this.e.cpus.length; k++) {
      const o = this.e.cpus[(c.id + k) % this.e.cpus.length];
      for (let i = 0; i < o.runq.length; i++) {
        const t = o.runq[i];
        if (this.e.threads[t].bound < 0 && (best < 0 || this.e.threads[t].prio > this.e.threads[best].prio)) { best = t; bestCpu = o.id; }
      }
    }
    if (best >= 0) removeItem(this.e.cpus[bestCpu].runq, best);
    return best;
  }

  switchIn(c: CpuRt, t: number): void {
    const th = this.e.threads[t];
    const ctx = th.ctx;
    const now = this.e.now;
    th.state = ThreadState.Running;
    th.cpu = c.id;
    th.runStart = now;
    th.runCpu = c.id;
    const waited = now - th.readyAt;
    th.waitedNs += waited;
    if (waited > th.longestWaitNs) th.longestWaitNs = waited;
    c.reserved = false;
    c.thread = t;
    c.switches++;
    ctx.cpu = c.id;
    c.pushCtx(ctx);
    let cost = (th.softint ? this.e.costs.softintSwitch : this.e.costs.contextSwitch) + this.e.timecounterNs;
    this.e.rec.instant(now, InstantKind.ContextSwitch, c.id, t, NONE, threadAux(this.lastThread[c.id]), this.switchStack);
    this.lastThread[c.id] = t;
    ctx.overheadState = CpuState.Kernel;
    ctx.overheadStack = this.switchStack;
    if (this.schedLock >= 0) {
      // FreeBSD 5 mi_switch: choosethread and cpu_switch run holding sched_lock
      const hold = cost + this.e.costs.runqueue;
      const before = this.takeSchedLock(c.id, t, hold, this.switchStack);
      const spin = this.lastSpin;
      cost = before + hold;
      if (spin > 0) {
        ctx.overhead = spin;
        ctx.overheadState = CpuState.Spin;
        this.chargeNext(ctx, cost - spin, CpuState.Kernel, this.switchStack);
      } else ctx.overhead = cost;
    } else ctx.overhead = cost;
    if (ctx.flowPending) {
      ctx.flowPending = false;
      // (a switch that completes after the run's end is not drawn: the thread had not run by then)
      if (now + cost <= this.e.durationNs) this.e.rec.flow(ctx.flowT0, now + cost, FlowKind.Wakeup, ctx.flowCpu, c.id, ctx.flowThread, t, 0, ctx.flowStack);
    }
    this.armSlice(c);
  }

  /** Take the running thread of CPU c off it (blocked, preempted, yielded or done). */
  switchOut(c: CpuRt, ctx: Ctx, state: ThreadState): void {
    const th = this.e.threads[ctx.thread];
    const now = this.e.now;
    th.state = state;
    th.ranNs += now - th.runStart;
    if (state === ThreadState.Runnable) th.readyAt = now;
    this.e.rec.span(th.runStart, now - th.runStart, SpanKind.ThreadRun, 0, c.id, ctx.thread, NONE, 0, 0);
    c.popCtx();
    c.thread = -1;
    c.sliceOver = false;
    this.e.locks.ownerLeftCpu(ctx);
  }

  block(c: CpuRt, ctx: Ctx, reason: BlockReason): void {
    this.e.threads[ctx.thread].reason = reason;
    // DROP_GIANT: sleeping on a sleep queue lets go of big locks (blocking on a turnstile does not)
    if (ctx.heldCount > 0 && (reason === BlockReason.Sleep || reason === BlockReason.Queue)) {
      this.e.program.locks.forEach((spec, l) => {
        if (!spec.dropOnSleep || ctx.holdDepth[l] <= 0 || this.e.locks.all[l].owner !== ctx.id) return;
        ctx.dropped.push(l, ctx.holdDepth[l]);
        ctx.holdDepth[l] = 1;
        this.e.locks.release(ctx, l, c.id, this.e.now, ctx.holdStack[l]);
      });
    }
    this.switchOut(c, ctx, ThreadState.Blocked);
  }

  /**
   * At an instruction boundary of the thread running on c with a reschedule
   * pending: switch to a waiting thread of higher priority, or — its time
   * slice over — of equal priority, the preempted thread going behind its
   * equals (round robin).
   */
  preemptIfNeeded(c: CpuRt, ctx: Ctx): boolean {
    const roundRobin = c.sliceOver;
    c.sliceOver = false;
    const next = this.peek(c);
    if (next < 0) return false;
    const th = this.e.threads[ctx.thread];
    const np = this.e.threads[next].prio;
    if (np < th.prio || (np === th.prio && !roundRobin)) return false;
    this.e.rec.instant(this.e.now, InstantKind.Preempt, c.id, ctx.thread, NONE, threadAux(next), c.spanStack);
    this.switchOut(c, ctx, ThreadState.Runnable);
    // preempted by a higher priority: back at the head of its priority, so it resumes first among equals
    this.enqueue(c.id, th.id, !roundRobin);
    return true;
  }

  /**
   * Arm CPU c's slice timer for the thread running there, if a thread of its
   * priority or higher waits for the CPU and the timer is not armed for this
   * run. Armed only then, so runs where nobody competes have no slice events.
   * It fires at the end of the running thread's current slice: slices are
   * counted from its switch-in and renewed while nobody waits (sched_clock
   * gives a thread a new slice each time one runs out), so a newcomer waits
   * for the rest of the current one.
   */
  private armSlice(c: CpuRt): void {
    if (c.thread < 0 || c.sliceArmed === c.switches) return;
    const th = this.e.threads[c.thread];
    if (this.waitingPrio(c) < th.prio) return;
    c.sliceArmed = c.switches;
    const slices = Math.max(1, Math.ceil((this.e.now - th.runStart) / this.sliceNs));
    this.e.eq.push(th.runStart + slices * this.sliceNs, Ev.Slice, c.id, c.switches);
  }

  /** Slice timer of CPU `cpu` for its run number `run`: the thread yields at its next instruction boundary. */
  sliceEnd(cpu: number, run: number): void {
    const c = this.e.cpus[cpu];
    if (c.switches !== run || c.thread < 0) return;
    c.sliceArmed = -1; // a thread arriving later re-arms it for the end of the slice then running
    if (this.waitingPrio(c) < this.e.threads[c.thread].prio) return;
    c.sliceOver = true;
  }

  private isIdle(c: CpuRt): boolean { return c.stack.length === 0 && !c.reserved && c.opEnd <= this.e.now; }

  /** Make a blocked thread runnable; `wakerCpu` -1 for timers. */
  wakeThread(t: number, now: number, wakerCpu: number, wakerThread: number, wakerStack: number): void {
    const th = this.e.threads[t];
    if (th.state !== ThreadState.Blocked) { th.wakePending = true; return; }
    th.sleepGen++;
    if (th.waitQueue >= 0) {
      removeItem(this.e.queues[th.waitQueue].waiters, t);
      th.waitQueue = -1;
    }
    th.state = ThreadState.Runnable;
    th.reason = BlockReason.None;
    th.readyAt = now;
    const ctx = th.ctx;
    const from = wakerCpu >= 0 ? wakerCpu : th.cpu;
    ctx.flowPending = true; ctx.flowT0 = now; ctx.flowCpu = from; ctx.flowThread = wakerThread; ctx.flowStack = wakerStack;
    this.e.rec.instant(now, InstantKind.Wakeup, from, t, NONE, threadAux(wakerThread), wakerStack);
    if (this.schedLock >= 0 && wakerCpu >= 0) this.setrunqueueCharge(wakerCpu, wakerThread, wakerStack);
    const target = this.place(th);
    this.enqueue(target, t);
    const tc = this.e.cpus[target];
    if (this.isIdle(tc)) {
      tc.reserved = true;
      if (wakerCpu >= 0 && target !== wakerCpu) {
        if (this.ipiWakeup) this.sendIpi(wakerCpu, target);
        // halted in cpu_idle with nobody to wake it: it looks at its run queue at its next clock tick
        else this.e.kickCpu(target, (Math.floor(now / this.tickNs) + 1) * this.tickNs);
      } else this.e.kickCpu(target, now);
    } else if (this.preempts(th, tc)) {
      tc.needResched = true;
      if (wakerCpu >= 0 && target !== wakerCpu) this.sendIpi(wakerCpu, target);
      else if (wakerCpu < 0) this.e.kickCpu(target, now);
    }
  }

  /** Bound threads go to their CPU; others to their last CPU if idle, else the first idle one, else their last. */
  private place(th: ThreadRt): number {
    if (th.bound >= 0) return Math.min(th.bound, this.e.cpus.length - 1);
    if (this.isIdle(this.e.cpus[th.cpu])) return th.cpu;
    for (const c of this.e.cpus) if (this.isIdle(c)) return c.id;
    return th.cpu;
  }

  private preempts(th: ThreadRt, tc: CpuRt): boolean {
    if (tc.thread < 0) return false;
    if (th.prio <= this.e.threads[tc.thread].prio) return false;
    return this.preemptOnWakeup || th.baseState === CpuState.Interrupt; // an ithread
  }

  private sendIpi(from: number, to: number): void {
    this.e.rec.instant(this.e.now, InstantKind.Ipi, from, this.e.cpus[from].thread >= 0 ? this.e.cpus[from].thread : NONE, to, 0, 0);
    this.e.eq.push(this.e.now, Ev.Ipi, to, from);
  }

  // ---------------------------------------------------------------- 4BSD's sched_lock

  /**
   * The waker on CPU `cpu` puts the woken thread on the run queue holding
   * sched_lock (setrunqueue): it spins for the lock if another CPU holds it,
   * then holds it for a run-queue operation; both are charged to the context
   * running there before its next instruction.
   */
  private setrunqueueCharge(cpu: number, thread: number, wakerStack: number): void {
    const s = this.e.cpus[cpu].stack;
    if (!s.length) return;
    const ctx = s[s.length - 1];
    const stack = this.e.rec.stack(wakerStack, this.setrunqueueFrame);
    const hold = this.e.costs.runqueue;
    const before = this.takeSchedLock(cpu, thread, hold, stack);
    const spin = this.lastSpin;
    if (spin > 0) this.chargeNext(ctx, spin, CpuState.Spin, stack);
    this.chargeNext(ctx, before - spin + hold, CpuState.Kernel, stack);
  }

  /** Queue a fixed cost on ctx after those already pending (two at most; a third merges into the second). */
  private chargeNext(ctx: Ctx, ns: number, state: CpuState, stack: number): void {
    if (ns <= 0) return;
    if (ctx.overhead === 0) { ctx.overhead = ns; ctx.overheadState = state; ctx.overheadStack = stack; }
    else if (ctx.nextOverhead === 0) { ctx.nextOverhead = ns; ctx.nextOverheadState = state; ctx.nextOverheadStack = stack; }
    else ctx.nextOverhead += ns;
  }

  /**
   * CPU `cpu` takes sched_lock at now for `hold` ns: a spin lock whose holds,
   * being run-queue operations, have known lengths, so it is a single FIFO
   * server — an acquirer waits until the holder before it lets go, then pays
   * the lock word's cache-line move. Records the wait and hold spans (the
   * lock table's figures). Returns the time until the hold begins; of it,
   * `lastSpin` is spent spinning (the rest moves the lock word).
   */
  private takeSchedLock(cpu: number, thread: number, hold: number, stack: number): number {
    const l = this.e.locks.all[this.schedLock];
    const now = this.e.now;
    const p = this.pendingHold;
    // A hold is recorded when it is taken but paid when its context next runs: a nested interrupt
    // can take the lock again on the same CPU before the earlier hold is paid. One CPU never waits
    // for itself: its holds follow each other, with no spin.
    const self = p.live && p.cpu === cpu && l.line.busyUntil > now;
    const start = Math.max(now, l.line.busyUntil);
    const got = self ? start + this.e.costs.atomicLocal : l.line.touch(cpu, now, this.e.costs.atomicLocal, this.e.costs.cacheLineTransfer);
    l.line.busyUntil = got + hold;
    if (self) {
      this.flushHold(this.e.durationNs);
      p.start = got; p.dur = hold; p.cpu = cpu; p.thread = thread; p.stack = stack; p.contended = false; p.live = true;
      this.lastSpin = 0;
      return this.e.costs.atomicLocal;
    }
    if (start > now) {
      // the spin ends when the lock word arrives, where the hold begins; the holder before hands it over
      // (recorded ahead of time: a wait that outlasts the run is cut at its end, like the engine's open waits)
      const endNs = this.e.durationNs;
      this.e.rec.span(now, Math.min(got, endNs) - now, SpanKind.LockWait, WaitKind.Spin, cpu, thread, this.schedLock, p.live ? threadAux(p.thread) : 0, stack);
      if (p.live && got <= endNs) this.e.rec.flow(p.start + p.dur, got, FlowKind.LockHandoff, p.cpu, cpu, p.thread, thread, this.schedLock, p.stack);
      p.contended = true;
    }
    this.flushHold(this.e.durationNs);
    p.start = got; p.dur = hold; p.cpu = cpu; p.thread = thread; p.stack = stack; p.contended = false; p.live = true;
    this.lastSpin = start > now ? got - now : 0;
    return got - now;
  }

  /** Record sched_lock's last hold (cut at `end`). */
  private flushHold(end: number): void {
    const p = this.pendingHold;
    if (!p.live) return;
    p.live = false;
    const dur = Math.min(p.dur, end - p.start);
    if (dur > 0) this.e.rec.span(p.start, dur, SpanKind.LockHold, p.contended ? HoldFlags.Contended : 0, p.cpu, p.thread, this.schedLock, 0, p.stack);
  }

  // ---------------------------------------------------------------- end of run

  /** Close what the scheduler keeps open, and name the threads that waited on a run queue for half the run or more. */
  finish(end: number): StarvedThread[] {
    if (this.schedLock >= 0) this.flushHold(end);
    const out: StarvedThread[] = [];
    for (const th of this.e.threads) {
      let ran = th.ranNs, waited = th.waitedNs, longest = th.longestWaitNs;
      if (th.state === ThreadState.Running) ran += end - th.runStart;
      else if (th.state === ThreadState.Runnable) {
        waited += end - th.readyAt;
        longest = Math.max(longest, end - th.readyAt);
      }
      if (end > 0 && longest * 2 >= end) out.push({ thread: th.id, ranNs: ran, waitedNs: waited, longestWaitNs: longest });
    }
    return out;
  }
}
