// Locks as the machine sees them: spin mutexes, sleep and adaptive mutexes,
// reader-writer locks, pserialize/RCU read sections with grace-period
// writers, recursion for big locks. Waiters queue FIFO and the lock is handed
// to the head waiter on release, so who waits for whom comes only from what
// the CPUs did. Every acquire and release touches the lock's cache line.
// The spin algorithm (`queued`, `ticket`, `tas`) decides what a release costs
// the CPUs spinning for it: see rereadStorm.
import { CpuState, HoldFlags, NONE, SpanKind, WaitKind, FlowKind } from '../trace/schema';
import { threadAux } from '../trace/columns';
import type { TraceBuilder } from '../trace/builder';
import type { Costs, LockSpec } from './program';
import { CacheLine, settleDoubles, type Ctx } from './runtime';
import { objectArray, removeAt, removeItem } from './arrays';
import type { Rng } from './rng';
import type { Scheduler } from './scheduler';

/** What the locks see of the machine (the Engine is one). */
export interface LockEnv {
  readonly now: number;
  readonly costs: Costs;
  /** The run's length: a take's atomic may land after it (see Locks). */
  readonly durationNs: number;
  /** The order of a ticket or tas lock's re-read storm. */
  readonly rng: Rng;
  readonly rec: Pick<TraceBuilder, 'span' | 'flow'>;
  readonly ctxs: readonly Ctx[];
  /** Sleepers granted a lock are woken. */
  readonly sched: Pick<Scheduler, 'wakeThread'>;
  /** The trace's thread field for a context (NONE: an interrupt). */
  threadField(ctx: Ctx): number;
  /** Whether context `id` is on a CPU (an adaptive waiter spins only while the owner runs). */
  ctxRunning(id: number): boolean;
  /** Whether `w` is the context its CPU is running now (not suspended under an interrupt). */
  ctxOnTop(w: Ctx): boolean;
  /** A spinner granted the lock goes on at `at`. */
  resumeSpinner(w: Ctx, at: number): void;
  /** An adaptive spinner told to sleep: its CPU looks at it again at `t`. */
  kickCpu(cpu: number, t: number): void;
}

export class LockRt {
  /** Exclusive owner context id, or -1. */
  owner = -1;
  /** Contexts holding it for reading (rw) or inside read sections (pserialize). */
  readonly readers: Ctx[] = objectArray();
  readonly waiters: Ctx[] = objectArray();
  readonly line = new CacheLine();
  /** Somebody waited during the current exclusive hold (Tracy's yellow). */
  contended = false;
  /** The last release: where a later acquire's hand-off flow starts when nobody was granted at release time. */
  relTime = 0;
  relCpu = 0;
  relThread = NONE;
  relStack = 0;
  /** pserialize: the writer waiting for a grace period, and the readers it waits for. */
  graceWriter: Ctx | null = null;
  readonly graceReaders = new Set<Ctx>();
  /** The spec's kind and waiting as flags, read on every acquire and release. */
  readonly isPsz: boolean;
  readonly isSpin: boolean;
  /** Waiters spin (a spin mutex, or wait: spin), sleep (wait: sleep), or choose by the owner (adaptive). */
  readonly alwaysSpins: boolean;
  readonly alwaysSleeps: boolean;
  readonly adaptive: boolean;
  readonly race: boolean;
  /** Spinners all watch the lock word (ticket, tas): a release sets off a storm of re-reads. */
  readonly storm: boolean;
  /** test-and-test-and-set: the first spinner whose transfer lands takes it, in no order. */
  readonly tas: boolean;
  /** The spinners of the current release's storm and when each one's read of the line is served. */
  readonly stormCtx: Ctx[] = objectArray();
  readonly stormAt: number[] = [];
  /** The spec's numbers read while running, copied: the spec is the program's literal, whose hidden class may change between runs. */
  readonly recursive: boolean;
  readonly graceNs: number;
  constructor(readonly id: number, readonly spec: LockSpec) {
    this.recursive = spec.recursive;
    this.graceNs = spec.graceNs;
    this.isPsz = spec.kind === 'pserialize';
    this.isSpin = spec.kind === 'spin';
    this.alwaysSpins = spec.wait === 'spin' || this.isSpin;
    this.alwaysSleeps = !this.alwaysSpins && spec.wait === 'sleep';
    this.adaptive = spec.wait === 'adaptive';
    this.race = spec.handoff === 'race';
    this.storm = spec.algorithm === 'ticket' || spec.algorithm === 'tas';
    this.tas = spec.algorithm === 'tas';
  }
}

settleDoubles(new LockRt(-1, { name: '', kind: 'spin', wait: 'spin', recursive: false, dropOnSleep: false, graceNs: 0, src: 0 }), ['relTime']);

export class Locks {
  readonly all: LockRt[];
  /**
   * A take's atomic may land after the run's end (a ticket lock's storm
   * queues reads past it): that wait is cut at the end, and the arrows of what
   * had not happened by then are not drawn — as the engine's finish leaves out
   * a hold that would start after the end.
   */
  constructor(private e: LockEnv, specs: LockSpec[]) {
    this.all = specs.map((s, i) => new LockRt(i, s));
  }

  private free(l: LockRt, read: boolean): boolean {
    if (l.owner >= 0) return false;
    if (read) { // writers waiting go first
      for (let i = 0; i < l.waiters.length; i++) if (!l.waiters[i].waitRead) return false;
      return true;
    }
    return l.isPsz || l.readers.length === 0;
  }

  /**
   * Try to take lock `id` for `ctx` on `cpu` at `now`. Returns the time the
   * context may go on, or -1 when it must wait (spinning or asleep: the engine
   * decides which from `ctx.waitSpin`).
   */
  acquire(ctx: Ctx, id: number, read: boolean, cpu: number, now: number, stack: number): number {
    const l = this.all[id];
    const c = this.e.costs;
    if (l.isPsz && read) {
      // pserialize_read_enter: no shared write, nothing to wait for
      l.readers.push(ctx);
      ctx.heldCount++;
      this.startHold(ctx, l, now, stack);
      return now;
    }
    if (!read && l.owner === ctx.id) {
      if (!l.recursive) return -2; // self-deadlock: the engine stops the run
      ctx.holdDepth[id]++;
      return now + c.atomicLocal;
    }
    if (l.isSpin) ctx.spinDepth++; // spinlock_enter: interrupts off from the first attempt
    if (this.free(l, read)) {
      this.take(ctx, l, read);
      const end = l.line.touch(cpu, now, c.atomicLocal, c.cacheLineTransfer);
      this.startHold(ctx, l, end, stack);
      return end;
    }
    // contended
    ctx.waitLock = id;
    ctx.waitRead = read;
    ctx.waitStart = now;
    ctx.waitStack = stack;
    ctx.waitHolder = threadAux(this.holderThread(l));
    ctx.waitSpin = ctx.thread < 0 || this.shouldSpin(l);
    l.waiters.push(ctx);
    l.contended = true;
    return -1;
  }

  /** Adaptive mutexes spin while the owner is running on a CPU and sleep otherwise. */
  shouldSpin(l: LockRt): boolean {
    if (l.alwaysSpins) return true;
    if (l.alwaysSleeps) return false;
    if (l.owner < 0) return false; // read-held: no single owner to watch
    return this.e.ctxRunning(l.owner);
  }

  private holderThread(l: LockRt): number {
    if (l.owner >= 0) return this.e.ctxs[l.owner].thread < 0 ? -1 : this.e.ctxs[l.owner].thread;
    return l.readers.length && l.readers[0].thread >= 0 ? l.readers[0].thread : -1;
  }

  private take(ctx: Ctx, l: LockRt, read: boolean): void {
    if (read) l.readers.push(ctx);
    else { l.owner = ctx.id; l.contended = false; }
    ctx.heldCount++;
  }

  private startHold(ctx: Ctx, l: LockRt, t: number, stack: number): void {
    ctx.holdDepth[l.id] = 1;
    ctx.holdStart[l.id] = t;
    ctx.holdStack[l.id] = stack;
  }

  /** Whether `ctx` holds lock `id` (in any mode). */
  holds(ctx: Ctx, id: number): boolean { return ctx.holdDepth[id] > 0; }

  /**
   * Release `id` held by `ctx` at `now` on `cpu`. Returns when the releaser may
   * go on (the atomic on the lock word), or -2 if it did not hold the lock.
   */
  release(ctx: Ctx, id: number, cpu: number, now: number, stack: number): number {
    const l = this.all[id];
    const c = this.e.costs;
    if (ctx.holdDepth[id] <= 0) return -2;
    if (--ctx.holdDepth[id] > 0) return now + c.atomicLocal;
    ctx.heldCount--;
    const read = l.owner !== ctx.id;
    this.e.rec.span(ctx.holdStart[id], now - ctx.holdStart[id], SpanKind.LockHold,
      (read ? HoldFlags.Read : 0) | (l.contended && !read ? HoldFlags.Contended : 0),
      cpu, this.e.threadField(ctx), id, 0, ctx.holdStack[id]);
    if (l.isSpin) ctx.spinDepth--;
    if (l.isPsz && read) {
      removeItem(l.readers, ctx);
      if (l.graceReaders.delete(ctx) && l.graceReaders.size === 0) this.graceDone(l, now, cpu, ctx, stack);
      return now;
    }
    const end = l.line.touch(cpu, now, c.atomicLocal, c.cacheLineTransfer);
    l.relTime = now; l.relCpu = cpu; l.relThread = this.e.threadField(ctx); l.relStack = stack;
    if (read) {
      removeItem(l.readers, ctx);
      if (l.readers.length) return end;
    } else {
      l.owner = -1;
    }
    if (!l.storm) {
      this.handOff(l, now, cpu, ctx, stack);
      return end;
    }
    if (l.waiters.length) this.rereadStorm(l, end, cpu, ctx);
    this.handOff(l, now, cpu, ctx, stack);
    l.stormCtx.length = 0;
    l.stormAt.length = 0;
    return end;
  }

  /**
   * Ticket and test-and-test-and-set locks: every waiter spins reading the lock
   * word, so the release's write (done by `writeEnd`) invalidates every spinner's
   * copy and each re-reads the line, one after another in an order nobody
   * chose (drawn from the run's random stream), one cache-line transfer each —
   * the storm behind ticket locks' collapse (Boyd-Wickizer et al. 2012). A
   * ticket lock's next holder goes on when its own read is served; a tas lock
   * goes to whoever lands first. The line stays busy until the last read, so
   * the new holder's own release queues behind the rest of the storm. Only
   * spinners on their CPU take part: one in an interrupt, or asleep, reads the
   * line when it comes back.
   */
  private rereadStorm(l: LockRt, writeEnd: number, cpu: number, from: Ctx): void {
    const c = this.e.costs;
    const spinners = l.stormCtx;
    for (const w of l.waiters) if (w.spinning && this.e.ctxOnTop(w)) spinners.push(w);
    const rng = this.e.rng;
    for (let i = spinners.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = spinners[i]; spinners[i] = spinners[j]; spinners[j] = t;
    }
    const thread = this.e.threadField(from);
    for (const w of spinners) {
      const at = l.line.touch(w.cpu, writeEnd, c.atomicLocal, c.cacheLineTransfer);
      l.stormAt.push(at);
      if (at <= this.e.durationNs) this.e.rec.flow(at - c.cacheLineTransfer, at, FlowKind.LineTransfer, cpu, w.cpu, thread, this.e.threadField(w), l.id, 0);
    }
    if (l.tas && spinners.length) {
      // no queue order: the spinners go first, in the order their atomics land
      const rest = l.waiters.filter((w) => !spinners.includes(w));
      l.waiters.length = 0;
      l.waiters.push(...spinners, ...rest);
    }
  }

  /** Give a free lock to the head waiters: one writer, or a run of readers. */
  handOff(l: LockRt, now: number, cpu: number, from: Ctx | null, stack: number): void {
    let i = 0;
    while (i < l.waiters.length) {
      const w = l.waiters[i];
      // A spinner whose CPU is busy with an interrupt cannot take it now; it retries when it resumes.
      if (w.spinning && !this.e.ctxOnTop(w)) { i++; continue; }
      if (l.owner >= 0) break;
      if (!w.waitRead && !l.isPsz && l.readers.length > 0) break;
      if (l.race && !w.waitRead && !w.spinning) {
        // turnstile wake-up: a spinner behind takes it at once; else the sleeper is woken to race for it
        const s = this.activeSpinner(l, i + 1);
        if (s < 0) {
          removeAt(l.waiters, i);
          w.racing = true;
          this.e.sched.wakeThread(w.thread, now, cpu, from ? this.e.threadField(from) : NONE, stack);
          return;
        }
        i = s;
        continue;
      }
      removeAt(l.waiters, i);
      this.grant(w, l, now, cpu, from, stack);
      if (!w.waitRead) break;
    }
  }

  private grant(w: Ctx, l: LockRt, now: number, fromCpu: number, from: Ctx | null, fromStack: number): void {
    const c = this.e.costs;
    this.take(w, l, w.waitRead);
    // A spinner pays the line transfer before it goes on; a sleeper pays it when it runs.
    const at = !w.spinning ? now : l.storm ? this.stormReadAt(l, w, now) : l.line.touch(w.cpu, now, c.atomicLocal, c.cacheLineTransfer);
    this.endWait(w, at);
    this.startHold(w, l, at, w.waitStack);
    const toThread = this.e.threadField(w);
    if (at <= this.e.durationNs) this.e.rec.flow(now, at, FlowKind.LockHandoff, fromCpu, w.cpu >= 0 ? w.cpu : fromCpu,
      from ? this.e.threadField(from) : NONE, toThread, l.id, fromStack);
    w.waitLock = -1;
    if (w.spinning) {
      w.spinning = false;
      this.e.resumeSpinner(w, at);
    } else {
      this.e.sched.wakeThread(w.thread, now, fromCpu, from ? this.e.threadField(from) : NONE, fromStack);
      // The new owner is not running yet: adaptive spinners stop spinning (they would spin on a
      // lock whose owner may need their very CPU to run — a higher-priority spinner never yields it).
      this.adaptiveSpinnersSleep(l);
    }
  }

  /** When the storm served `w`'s read of the line (a spinner that missed the storm transfers it now). */
  private stormReadAt(l: LockRt, w: Ctx, now: number): number {
    const k = l.stormCtx.indexOf(w);
    if (k >= 0) return l.stormAt[k];
    return l.line.touch(w.cpu, now, this.e.costs.atomicLocal, this.e.costs.cacheLineTransfer);
  }

  /** Adaptive spinners of `l` (thread contexts) switch to sleeping: its owner is off-CPU. */
  private adaptiveSpinnersSleep(l: LockRt): void {
    if (!l.adaptive) return;
    for (const w of l.waiters) {
      if (w.spinning && w.thread >= 0) {
        w.mustSleep = true;
        this.e.kickCpu(w.cpu, this.e.now);
      }
    }
  }

  /** Index of the first waiter from `from` spinning on its CPU (-1: none). */
  private activeSpinner(l: LockRt, from: number): number {
    for (let k = from; k < l.waiters.length; k++) if (l.waiters[k].spinning && this.e.ctxOnTop(l.waiters[k])) return k;
    return -1;
  }

  /**
   * A waiter woken under the `race` hand-off runs: it takes the lock if it is
   * still free (its wait ends, the flow starting at the release), else it
   * queues again and its wait goes on. Returns when it may go on, or -1.
   */
  raceRetry(w: Ctx, cpu: number, now: number): number {
    const l = this.all[w.waitLock];
    if (this.free(l, false)) return this.takeAfterRelease(w, l, cpu, now);
    l.waiters.push(w);
    l.contended = true;
    return -1;
  }

  /** Close the wait span of `w` at `t` (spin and sleep parts are separate spans). */
  endWait(w: Ctx, t: number, continued = false): void {
    this.e.rec.span(w.waitStart, Math.min(t, this.e.durationNs) - w.waitStart, SpanKind.LockWait, (w.waitSpin ? WaitKind.Spin : WaitKind.Sleep) | (continued ? WaitKind.Continued : 0),
      w.cpu >= 0 ? w.cpu : 0, this.e.threadField(w), w.waitLock >= 0 ? w.waitLock : 0, w.waitHolder, w.waitStack);
  }

  /** An adaptive spinner switching to sleep: its spin part ends now. */
  spinToSleep(w: Ctx, now: number): void {
    this.endWait(w, now, true);
    w.waitStart = now;
    w.waitSpin = false;
    w.spinning = false;
    w.mustSleep = false;
  }

  /** A spinner resuming after an interrupt retries a lock freed meanwhile. */
  retry(w: Ctx, cpu: number, now: number): number {
    const l = this.all[w.waitLock];
    if (l.graceWriter === w || !this.free(l, w.waitRead)) return -1;
    // a sleeper queued ahead keeps its turn
    const at = l.waiters.indexOf(w);
    for (let i = 0; i < at; i++) if (!l.waiters[i].spinning) return -1;
    removeAt(l.waiters, at);
    w.spinning = false;
    // freed while this spinner was in an interrupt
    return this.takeAfterRelease(w, l, cpu, now);
  }

  /**
   * `w` takes the free lock `l` after waiting for it, nobody having handed it
   * over: its wait ends and the hand-off flow starts at the lock's last release.
   */
  private takeAfterRelease(w: Ctx, l: LockRt, cpu: number, now: number): number {
    this.take(w, l, w.waitRead);
    const end = l.line.touch(cpu, now, this.e.costs.atomicLocal, this.e.costs.cacheLineTransfer);
    this.endWait(w, end);
    this.startHold(w, l, end, w.waitStack);
    if (end <= this.e.durationNs) this.e.rec.flow(l.relTime, end, FlowKind.LockHandoff, l.relCpu, cpu, l.relThread, this.e.threadField(w), l.id, l.relStack);
    w.waitLock = -1;
    return end;
  }

  /** The owner `ctx` went off-CPU: its adaptive spinners go to sleep. */
  ownerLeftCpu(ctx: Ctx): void {
    if (ctx.heldCount === 0) return;
    for (const l of this.all) if (l.owner === ctx.id) this.adaptiveSpinnersSleep(l);
  }

  /** pserialize_perform: wait for read sections begun before now. Returns true when none are open. */
  synchronize(ctx: Ctx, id: number, now: number, stack: number): boolean {
    const l = this.all[id];
    if (l.readers.length === 0) return true;
    for (const r of l.readers) l.graceReaders.add(r);
    l.graceWriter = ctx;
    ctx.waitLock = id;
    ctx.waitRead = false;
    ctx.waitStart = now;
    ctx.waitStack = stack;
    ctx.waitHolder = threadAux(l.readers[0].thread);
    ctx.waitSpin = ctx.thread < 0;
    return false;
  }

  /** The last reader the writer waited for has left: the writer goes on (woken by that reader). */
  private graceDone(l: LockRt, now: number, cpu: number, reader: Ctx, readerStack: number): void {
    const w = l.graceWriter!;
    l.graceWriter = null;
    this.endWait(w, now);
    w.waitLock = -1;
    // the grace period's own cost (the xcall round) is paid when the writer runs again
    w.remaining += l.graceNs;
    w.resumeState = CpuState.Kernel;
    w.resumeStack = w.waitStack;
    this.e.rec.flow(now, now, FlowKind.LockHandoff, cpu, w.cpu >= 0 ? w.cpu : cpu, this.e.threadField(reader), this.e.threadField(w), l.id, readerStack);
    if (w.spinning || w.thread < 0) {
      w.spinning = false;
      this.e.resumeSpinner(w, now);
    } else {
      this.e.sched.wakeThread(w.thread, now, cpu, this.e.threadField(reader), readerStack);
    }
  }
}
