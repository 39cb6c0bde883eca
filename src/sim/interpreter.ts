// The interpreter: one instruction of an execution context at a time — work,
// locks, counters, calls, packet queues, wake-ups, sleeps, netisr dispatch —
// over the flat bytecode (flatCode.ts). Each instruction either finishes at
// once (the CPU goes on with the next) or occupies the CPU for a while, waits
// for a lock or an event, or ends the context; the machine around it (CPUs,
// interrupts, the event loop, the trace of CPU states) is the Engine's.
import { Op } from './bytecode';
import type { EventQueue } from './eventQueue';
import { Ev } from './events';
import type { FlatCode } from './flatCode';
import type { Locks } from './locks';
import type { PacketQueue, Packets, PacketStatsRt } from './net';
import type { PacketIo } from './packetIo';
import type { Program } from './program';
import { DistKind, type Rng } from './rng';
import { BlockReason, MAX_DEPTH, ThreadState, type CpuRt, type Ctx, type ThreadRt, type Vector } from './runtime';
import type { Scheduler } from './scheduler';
import type { TraceBuilder } from '../trace/builder';
import { CpuState, type StopReason } from '../trace/schema';

/** What the interpreter sees of the machine (the Engine is one). */
export interface InterpreterEnv {
  readonly now: number;
  readonly program: Program;
  readonly rng: Rng;
  /** Hyper-threading: a busy sibling (CPU id ^ 1) slows work down. */
  readonly htt: boolean;
  /** machine.httSlowdown and the timecounter's read cost, copied from the program (see Engine). */
  readonly httSlowdown: number;
  readonly timecounterNs: number;
  readonly cpus: readonly CpuRt[];
  readonly threads: readonly ThreadRt[];
  readonly vectors: readonly Vector[];
  /** Vector raised by each ring (-1: none). */
  readonly ringVector: Int32Array;
  readonly queues: readonly PacketQueue[];
  readonly packets: Packets;
  readonly stats: PacketStatsRt;
  /** Packets made by a `packet` step: their flows start here, each with its next sequence number. */
  readonly localFlowBase: number;
  readonly localSeq: Float64Array;
  /** Per counter: its instances (network stacks). */
  readonly counterStacks: Int32Array;
  readonly eq: EventQueue;
  /** The interpreter names frames and stacks; it writes no records itself. */
  readonly rec: Pick<TraceBuilder, 'frame' | 'stack'>;
  readonly locks: Pick<Locks, 'all' | 'acquire' | 'release' | 'synchronize'>;
  readonly sched: Pick<Scheduler, 'block' | 'wakeThread' | 'waitingPrio' | 'switchOut' | 'enqueue'>;
  readonly io: Pick<PacketIo, 'drop' | 'transmit'>;
  /** The CPU is busy for `dur` ns in `state` at `stack` on behalf of `ctx`. */
  busy(c: CpuRt, dur: number, state: CpuState, stack: number, ctx: Ctx): void;
  halt(reason: StopReason, detail: string): void;
  /** The no-progress guard: false past the steps one CPU may run at one instant. */
  countStep(): boolean;
  /** "file:line:col" of a source id, for messages. */
  srcText(src: number): string;
  threadField(ctx: Ctx): number;
  /** Add n to a counter instance; returns what the increment costs. */
  countOn(k: number, inst: number, cpu: number, ring: number, n: number, now: number): number;
  /** What reading counter k on `cpu` costs. */
  sumCost(k: number, cpu: number): number;
  raise(vi: number): void;
}

/** Caller stacks memoised per instruction (see Interpreter.leaf). */
const LEAF_WAYS = 16;

export class Interpreter {
  /** Frame id of every instruction (its function at its source line). */
  private readonly frames: Int32Array;
  private readonly leafParent: Float64Array;
  private readonly leafStack: Uint32Array;

  constructor(private readonly e: InterpreterEnv, readonly code: FlatCode) {
    const n = code.length;
    this.frames = Int32Array.from({ length: n }, (_, i) => e.rec.frame(code.names[code.fnOf[i]], code.src[i]));
    this.leafParent = new Float64Array(n * LEAF_WAYS).fill(-1);
    this.leafStack = new Uint32Array(n * LEAF_WAYS);
  }

  /**
   * Execute the next instruction of `ctx`, and the control flow and quiet queue
   * moves after it. False when the CPU now waits for an event (an op in
   * progress, a spin, a block); true when the CPU must look at its state again.
   */
  step(c: CpuRt, ctx: Ctx): boolean {
    const now = this.e.now;
    const code = this.code;
    // Pure control flow (calls, returns, jumps, loop counters, branches) and queue moves that
    // wake nobody change nothing but this context and a queue, so they go straight on to the
    // next instruction here instead of back through the CPU's checks for interrupts, lock
    // states and rescheduling; the no-progress guard still counts each one.
    for (let chained = false; ; chained = true) {
      if (chained && !this.e.countStep()) return true;
      if (ctx.depth < 0) {
        const entry = ctx.entry;
        if (entry < 0) return this.finishContext(c, ctx);
        ctx.depth = 0; ctx.fn[0] = entry; ctx.pc[0] = code.entry[entry]; ctx.parentStack[0] = 0;
      }
      const d = ctx.depth;
      const f = ctx.fn[d];
      const pc = ctx.pc[d]++;
      // An op that occupies the CPU sets how long and at which stack, and breaks out of the switch
      // to the one call of busy below: with a call per op V8 inlined the busy path at a few of them
      // and called it at the rest.
      let dur = 0, stack = 0;
      switch (code.op[pc] as Op) {
        case Op.Work: {
          dur = this.e.rng.duration(code.distKind[pc], code.dist1[pc], code.dist2[pc]);
          if (this.e.htt && this.e.cpus[c.id ^ 1] && this.e.cpus[c.id ^ 1].spanState !== CpuState.Idle) dur = Math.round(dur * this.e.httSlowdown);
          if (dur <= 0) return true;
          stack = this.leaf(ctx, d, pc);
          break;
        }
        case Op.Lock: {
          stack = this.leaf(ctx, d, pc);
          const per = code.perCpu[pc], ps = code.perStack[pc];
          const id = per ? code.a[pc] + (c.id % per) : ps ? code.a[pc] + (this.stackOf(ctx) % ps) : code.a[pc];
          const at = this.e.locks.acquire(ctx, id, code.b[pc] === 1, c.id, now, stack);
          if (at === -2) {
            this.e.halt('deadlock', `${this.e.srcText(code.src[pc])}: ${this.e.program.locks[id].name} taken again by its holder and it is not recursive`);
            return false;
          }
          if (at >= 0) {
            if (at > now) { dur = at - now; break; }
            return true;
          }
          if (ctx.waitSpin) ctx.spinning = true;
          else this.e.sched.block(c, ctx, BlockReason.Lock);
          return true;
        }
        case Op.Unlock: {
          stack = this.leaf(ctx, d, pc);
          let id = code.a[pc];
          // a per-CPU (or per-stack) instance: the one this context holds (it may have migrated since it took it)
          const per = code.perCpu[pc] || code.perStack[pc];
          if (per) for (let k = 0; k < per; k++) if (ctx.holdDepth[code.a[pc] + k] > 0) { id = code.a[pc] + k; break; }
          const at = this.e.locks.release(ctx, id, c.id, now, stack);
          if (at === -2) {
            this.e.halt('deadlock', `${this.e.srcText(code.src[pc])}: unlock of ${this.e.program.locks[id].name}, which this context does not hold`);
            return false;
          }
          if (at > now) { dur = at - now; break; }
          return true;
        }
        case Op.Sync: {
          stack = this.leaf(ctx, d, pc);
          if (this.e.locks.synchronize(ctx, code.a[pc], now, stack)) {
            dur = this.e.locks.all[code.a[pc]].graceNs;
            if (dur > 0) break;
            return true;
          }
          if (ctx.thread < 0) ctx.spinning = true;
          else this.e.sched.block(c, ctx, BlockReason.Grace);
          return true;
        }
        case Op.Count: {
          const k = code.a[pc];
          const st = this.e.counterStacks[k];
          dur = this.e.countOn(k, st > 1 ? this.stackOf(ctx) % st : 0, c.id, ctx.ring, code.b[pc], now);
          if (dur <= 0) return true;
          stack = this.leaf(ctx, d, pc);
          break;
        }
        case Op.Call: {
          if (d + 1 >= MAX_DEPTH) {
            this.e.halt('deadlock', `${this.e.srcText(code.src[pc])}: calls nested deeper than ${MAX_DEPTH}`);
            return false;
          }
          ctx.parentStack[d + 1] = this.leaf(ctx, d, pc);
          const callee = code.a[pc];
          ctx.depth = d + 1; ctx.fn[d + 1] = callee; ctx.pc[d + 1] = code.entry[callee];
          continue;
        }
        case Op.Return:
          if (d > 0) { ctx.depth = d - 1; continue; }
          return this.finishContext(c, ctx);
        case Op.Enqueue: {
          if (ctx.packet < 0) return true;
          const per = code.perCpu[pc], ps = code.perStack[pc];
          const q = this.e.queues[per ? code.a[pc] + (c.id % per) : ps ? code.a[pc] + (this.stackOf(ctx) % ps) : code.a[pc]];
          const p = ctx.packet;
          ctx.packet = -1;
          if (!q.push(p)) { this.e.io.drop(p, q.name, c.id, ctx); return true; }
          // a wake-up may reschedule this very CPU: then back through its checks; otherwise straight on
          if (!q.waiters.length) continue;
          this.e.sched.wakeThread(q.waiters[0], now, c.id, this.e.threadField(ctx), this.leaf(ctx, d, pc));
          return true;
        }
        case Op.Dequeue: {
          const a = code.a[pc], per = code.perCpu[pc], ps = code.perStack[pc], ifEmpty = code.b[pc];
          const qi = a < 0 ? ctx.ring : per ? a + (c.id % per) : ps ? a + (this.stackOf(ctx) % ps) : a;
          if (ctx.packet >= 0) { this.e.io.drop(ctx.packet, 'unhandled', c.id, ctx); ctx.packet = -1; }
          const p = qi >= 0 ? this.e.queues[qi].shift() : -1;
          if (p >= 0) { ctx.packet = p; continue; }
          // break: to the loop's end, or the function's return (the flat target says which)
          if (ifEmpty === 1 || (ifEmpty === 0 && ctx.thread < 0)) { ctx.pc[d] = code.target[pc]; continue; }
          if (ifEmpty === 2 || qi < 0) return true;
          ctx.pc[d] = pc; // retry the dequeue when woken
          this.e.queues[qi].waiters.push(ctx.thread);
          this.e.threads[ctx.thread].waitQueue = qi;
          this.e.sched.block(c, ctx, BlockReason.Queue);
          return true;
        }
        case Op.Wakeup: {
          const a = code.a[pc], per = code.perCpu[pc], perRing = code.b[pc];
          let ti = per ? a + (c.id % per) : a;
          if (perRing > 0) {
            // napi_schedule: the instance polling the ring this context serves
            ti = -1;
            for (let k = 0; k < perRing; k++) if (ctx.ring >= 0 && this.e.threads[a + k].ctx.ring === ctx.ring) { ti = a + k; break; }
            if (ti < 0) return true;
          }
          const th = this.e.threads[ti];
          if (th.state === ThreadState.Blocked && (th.reason === BlockReason.Sleep || th.reason === BlockReason.Queue)) {
            this.e.sched.wakeThread(ti, now, c.id, this.e.threadField(ctx), this.leaf(ctx, d, pc));
          } else th.wakePending = true;
          return true;
        }
        case Op.Branch: {
          const r = this.e.rng.next();
          const ins = code.instrs[pc];
          const cum = ins.cum!;
          let k = 0;
          while (k < cum.length && r >= cum[k]) k++;
          ctx.pc[d] = k < cum.length ? ins.targets![k] : code.target[pc];
          continue;
        }
        case Op.Jump: ctx.pc[d] = code.target[pc]; continue;
        case Op.LoopInit: ctx.loops[code.a[pc]] = code.b[pc]; continue;
        case Op.LoopTest: {
          const slot = code.a[pc];
          if (ctx.loops[slot] <= 0) ctx.pc[d] = code.target[pc];
          else ctx.loops[slot]--;
          continue;
        }
        case Op.LoopNext: {
          // the end of a loop's body: another iteration goes back to the body, the last falls through
          const slot = code.a[pc];
          if (ctx.loops[slot] > 0) { ctx.loops[slot]--; ctx.pc[d] = code.target[pc]; }
          continue;
        }
        case Op.Timestamp: {
          dur = this.e.timecounterNs;
          if (dur <= 0) return true;
          stack = this.leaf(ctx, d, pc);
          break;
        }
        case Op.Sleep: {
          if (ctx.thread < 0) return true; // interrupts cannot sleep (the checker says so too)
          const th = this.e.threads[ctx.thread];
          if (code.distKind[pc] !== DistKind.None) {
            const t = this.e.rng.duration(code.distKind[pc], code.dist1[pc], code.dist2[pc]);
            th.sleepGen++;
            this.e.eq.push(now + Math.max(0, t), Ev.SleepWake, ctx.thread, th.sleepGen);
          } else if (th.wakePending) {
            th.wakePending = false;
            return true;
          }
          this.e.sched.block(c, ctx, BlockReason.Sleep);
          return true;
        }
        case Op.Yield: {
          if (ctx.thread < 0 || c.stack.length !== 1) return true;
          const th = this.e.threads[ctx.thread];
          if (this.e.sched.waitingPrio(c) < th.prio) return true;
          this.e.sched.switchOut(c, ctx, ThreadState.Runnable);
          this.e.sched.enqueue(c.id, ctx.thread);
          return true;
        }
        case Op.Transmit: {
          if (ctx.packet < 0) return true;
          const p = ctx.packet;
          ctx.packet = -1;
          this.e.io.transmit(code.a[pc], p, c.id, ctx);
          return true;
        }
        case Op.Drop:
          if (ctx.packet >= 0) { this.e.io.drop(ctx.packet, code.instrs[pc].text, c.id, ctx); ctx.packet = -1; }
          return true;
        case Op.Dispatch: return this.dispatchNetisr(c, ctx, code.a[pc], d, pc);
        case Op.Sum: {
          dur = this.e.sumCost(code.a[pc], c.id);
          if (dur <= 0) return true;
          stack = this.leaf(ctx, d, pc);
          break;
        }
        case Op.Irq: {
          const vi = ctx.thread < 0 ? ctx.vector : ctx.ring >= 0 ? this.e.ringVector[ctx.ring] : -1;
          if (vi < 0) return true;
          const v = this.e.vectors[vi];
          v.masked = code.b[pc] === 0;
          if (!v.masked && !v.raised && v.ring >= 0 && this.e.queues[v.ring].len > 0) this.e.raise(vi);
          return true;
        }
        case Op.PollDone: {
          if (ctx.thread < 0 || ctx.ring < 0) return true;
          const th = this.e.threads[ctx.thread];
          if (this.e.queues[ctx.ring].len === 0) {
            const vi = this.e.ringVector[ctx.ring];
            if (vi >= 0) this.e.vectors[vi].masked = false;
            if (th.wakePending) { th.wakePending = false; return true; }
            this.e.sched.block(c, ctx, BlockReason.Sleep);
            return true;
          }
          // more work: let others of equal or higher priority run first, then poll again
          if (c.stack.length === 1 && this.e.sched.waitingPrio(c) >= th.prio) {
            this.e.sched.switchOut(c, ctx, ThreadState.Runnable);
            this.e.sched.enqueue(c.id, ctx.thread);
          }
          return true;
        }
        case Op.Packet: {
          if (ctx.packet >= 0) this.e.io.drop(ctx.packet, 'unhandled', c.id, ctx);
          const flow = code.a[pc] % 1024;
          ctx.packet = this.e.packets.alloc(now, this.e.localFlowBase + flow, this.e.localSeq[flow]++, code.b[pc]);
          if (this.e.stats.counts(now)) this.e.stats.offered++;
          return true;
        }
        default: return true;
      }
      this.e.busy(c, dur, this.stateOf(ctx, f), stack, ctx);
      return false;
    }
  }

  /**
   * netisr_dispatch (sys/net/netisr.c): DIRECT calls the handler here; HYBRID
   * does so only on the workstream's own CPU with its queue idle and its thread
   * not running; otherwise the packet is queued (dropped and counted when the
   * queue is full) and the workstream's thread woken.
   */
  private dispatchNetisr(c: CpuRt, ctx: Ctx, ni: number, d: number, pc: number): boolean {
    if (ctx.packet < 0) return true;
    const n = this.e.program.netisrs![ni];
    const k = this.e.packets.flow[ctx.packet] % n.queues.length;
    const q = this.e.queues[n.queues[k]];
    const t = this.e.threads[n.threads[k]];
    const home = t.bound >= 0 ? t.bound : k % this.e.cpus.length;
    const direct = n.mode === 'direct'
      || (n.mode === 'hybrid' && home === c.id && q.len === 0 && t.state !== ThreadState.Running);
    const stack = this.leaf(ctx, d, pc);
    if (direct) {
      if (d + 1 >= MAX_DEPTH) { this.e.halt('deadlock', `${this.e.srcText(n.src)}: calls nested deeper than ${MAX_DEPTH}`); return false; }
      ctx.parentStack[d + 1] = stack;
      ctx.depth = d + 1; ctx.fn[d + 1] = n.handler; ctx.pc[d + 1] = this.code.entry[n.handler];
      return true;
    }
    const p = ctx.packet;
    ctx.packet = -1;
    if (!q.push(p)) { this.e.io.drop(p, `${q.name} (qdrops)`, c.id, ctx); return true; }
    // only a netisr asleep (on its empty queue, or not yet started) is woken, as by a wakeup step: one
    // blocked on a lock inside its handler (a turnstile) waits for the lock, and finds the packet when
    // it loops back to its dequeue
    if (t.state === ThreadState.Blocked && (t.reason === BlockReason.Sleep || t.reason === BlockReason.Queue)) this.e.sched.wakeThread(t.id, this.e.now, c.id, this.e.threadField(ctx), stack);
    return true;
  }

  /** The top function of a context returned. */
  private finishContext(c: CpuRt, ctx: Ctx): boolean {
    ctx.depth = -1;
    if (ctx.packet >= 0) { this.e.io.drop(ctx.packet, 'unhandled', c.id, ctx); ctx.packet = -1; }
    if (ctx.heldCount > 0) {
      const held = this.e.program.locks.filter((_, i) => ctx.holdDepth[i] > 0).map((l) => l.name).join(', ');
      const who = ctx.thread >= 0 ? `thread ${this.e.program.threads[ctx.thread].name}` : `interrupt ${this.e.vectors[ctx.vector].name}`;
      this.e.halt('deadlock', `${who} returned holding ${held}`);
      return false;
    }
    if (ctx.thread < 0) {
      // interrupt exit: a level-triggered vector fires again while its ring has packets
      c.popCtx();
      const v = this.e.vectors[ctx.vector];
      v.raised = false;
      if (!v.masked && v.ring >= 0 && this.e.queues[v.ring].len > 0) { v.raised = true; c.pending.push(ctx.vector); }
      return true;
    }
    if (ctx.once) this.e.sched.switchOut(c, ctx, ThreadState.Done);
    return true;
  }

  /**
   * The network stack (vimage) the context works in, as a number the per-stack
   * declarations take modulo their instance count: the flow of the packet it
   * carries — traffic spread over the stacks — or, with none, of the last one
   * it carried (curvnet stays set).
   */
  private stackOf(ctx: Ctx): number {
    if (ctx.packet >= 0) ctx.vnet = this.e.packets.flow[ctx.packet];
    return ctx.vnet;
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
    const s = this.e.rec.stack(parent, this.frames[pc]);
    this.leafParent[k] = parent;
    this.leafStack[k] = s;
    return s;
  }

  /** Where CPU c is in the model, for messages: function (file:line:col). */
  where(c: CpuRt): string {
    const ctx = c.stack[c.stack.length - 1];
    if (!ctx) return `CPU ${c.id}`;
    if (ctx.depth < 0) {
      const entry = ctx.thread >= 0 ? this.e.program.threads[ctx.thread].entry : this.e.vectors[ctx.vector].handler;
      return entry >= 0 ? `${this.code.names[entry]} (${this.e.srcText(this.e.program.functions[entry].src)})` : `CPU ${c.id}`;
    }
    const pc = Math.max(this.code.entry[ctx.fn[ctx.depth]], ctx.pc[ctx.depth] - 1);
    return `${this.code.names[ctx.fn[ctx.depth]]} (${this.e.srcText(this.code.src[pc])})`;
  }
}
