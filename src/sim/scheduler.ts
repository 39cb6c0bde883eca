// The scheduler: per-CPU run queues ordered by priority, idle CPUs stealing
// unbound threads, context switches (with their cost and timecounter read),
// blocking (dropping big locks across sleeps), preemption, and wake-ups that
// place a thread and send an IPI when its CPU must notice.
import { insertAt, removeItem } from './arrays';
import type { Engine } from './engine';
import { Ev } from './events';
import { BlockReason, ThreadState, type CpuRt, type Ctx, type ThreadRt } from './runtime';
import { CpuState, FlowKind, InstantKind, NONE, SpanKind } from '../trace/schema';

export class Scheduler {
  /** The thread each CPU last switched to (-1: none), for the switch instant's "from". */
  private readonly lastThread: Int32Array;
  /** The stack shown for time spent switching. */
  readonly switchStack: number;

  constructor(private e: Engine) {
    this.lastThread = new Int32Array(e.cpus.length).fill(-1);
    this.switchStack = e.rec.stack(0, e.rec.frame('[context switch]', 0));
  }

  enqueue(cpu: number, t: number): void {
    const q = this.e.cpus[cpu].runq;
    const prio = this.e.threads[t].prio;
    let i = q.length;
    while (i > 0 && this.e.threads[q[i - 1]].prio < prio) i--;
    insertAt(q, i, t);
  }

  /** Highest-priority thread for CPU c: its own run queue, else one stolen from another CPU. */
  pickNext(c: CpuRt): number {
    if (c.runq.length) return c.runq.shift()!;
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
    th.state = ThreadState.Running;
    th.cpu = c.id;
    th.runStart = this.e.now;
    th.runCpu = c.id;
    c.reserved = false;
    c.thread = t;
    ctx.cpu = c.id;
    c.stack.push(ctx);
    const cost = (th.softint ? this.e.costs.softintSwitch : this.e.costs.contextSwitch) + this.e.program.machine.timecounter.readNs;
    this.e.rec.instant(this.e.now, InstantKind.ContextSwitch, c.id, t, NONE, this.lastThread[c.id] + 1, this.switchStack);
    this.lastThread[c.id] = t;
    ctx.overhead = cost;
    ctx.overheadState = CpuState.Kernel;
    ctx.overheadStack = this.switchStack;
    if (ctx.flowPending) {
      ctx.flowPending = false;
      this.e.rec.flow(ctx.flowT0, this.e.now + cost, FlowKind.Wakeup, ctx.flowCpu, c.id, ctx.flowThread, t, 0, ctx.flowStack);
    }
  }

  /** Take the running thread of CPU c off it (blocked, preempted, yielded or done). */
  switchOut(c: CpuRt, ctx: Ctx, state: ThreadState): void {
    const th = this.e.threads[ctx.thread];
    th.state = state;
    this.e.rec.span(th.runStart, this.e.now - th.runStart, SpanKind.ThreadRun, 0, c.id, ctx.thread, NONE, 0, 0);
    c.stack.pop();
    c.thread = -1;
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

  preemptIfNeeded(c: CpuRt, ctx: Ctx): boolean {
    if (!c.runq.length) return false;
    const th = this.e.threads[ctx.thread];
    const next = this.e.threads[c.runq[0]];
    if (next.prio <= th.prio) return false;
    this.e.rec.instant(this.e.now, InstantKind.Preempt, c.id, ctx.thread, NONE, c.runq[0] + 1, c.spanStack);
    this.switchOut(c, ctx, ThreadState.Runnable);
    // back at the head of its priority so it resumes first among equals
    const q = c.runq;
    let i = 0;
    while (i < q.length && this.e.threads[q[i]].prio > th.prio) i++;
    insertAt(q, i, th.id);
    return true;
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
    const ctx = th.ctx;
    const from = wakerCpu >= 0 ? wakerCpu : th.cpu;
    ctx.flowPending = true; ctx.flowT0 = now; ctx.flowCpu = from; ctx.flowThread = wakerThread; ctx.flowStack = wakerStack;
    this.e.rec.instant(now, InstantKind.Wakeup, from, t, NONE, wakerThread === NONE ? 0 : wakerThread + 1, wakerStack);
    const target = this.place(th);
    this.enqueue(target, t);
    const tc = this.e.cpus[target];
    if (this.isIdle(tc)) {
      tc.reserved = true;
      if (wakerCpu >= 0 && target !== wakerCpu) this.sendIpi(wakerCpu, target);
      else this.e.kickCpu(target, now);
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
    return this.e.program.machine.preemptOnWakeup || this.e.program.threads[th.id].kind === 'ithread';
  }

  private sendIpi(from: number, to: number): void {
    this.e.rec.instant(this.e.now, InstantKind.Ipi, from, this.e.cpus[from].thread >= 0 ? this.e.cpus[from].thread : NONE, to, 0, 0);
    this.e.eq.push(this.e.now, Ev.Ipi, to, from);
  }
}
