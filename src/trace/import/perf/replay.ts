// Replays `perf script` events in time order into a Trace:
//   sched_switch            CPU state spans (thread vs idle), ThreadRun spans,
//                           ContextSwitch instants carrying the outgoing
//                           thread's stack (where it went off-CPU)
//   sched_waking / wakeup   Wakeup instants and a Wakeup flow from the waker to
//                           the woken thread's next switch-in
//   irq / softirq entry+exit  Interrupt / Softint layers over the running thread
//   lock:contention_*       LockWait spans, paired as `perf lock contention`
//                           pairs them: per thread and lock address, so a wait
//                           that hits another lock's contention inside it (a
//                           spinlock in __schedule while asleep on an rwsem) stays
//                           one wait; a second begin on the same lock (a mutex
//                           that spins, then sleeps) continues it. The span's
//                           stack is the call site perf charges the wait to
//                           (contentionCaller.ts); SPIN waits also show as the
//                           CPU's Spin state, with the whole call chain.
// Every event header names the task on its CPU, so a CPU's first event tells
// what it was running since the start of the capture.
import { TRACE_VERSION, CpuState, FlowKind, InstantKind, NONE, SpanKind, WaitKind, type LockInfo, type ThreadInfo, type Trace } from '../../schema';
import { TraceBuilder } from '../../builder';
import type { Problems } from '../result';
import { CpuTrack } from './cpuTrack';
import { contentionSites } from './contentionCaller';
import { NetEvents } from './netEvents';
import { intern, sameText } from './strings';
import {
  lockType, parseContentionBegin, parseContentionEnd, parseIrqEntry, parseIrqExit, parseMigrate, parseSoftirq,
  parseSwitch, parseWake,
} from './fields';
import type { FrameList } from './frameCache';
import type { PerfFrame, PerfHeader } from './lineParse';

const MAX_ID = NONE - 1; // ids are Uint16 with NONE reserved
/** Hard interrupt handlers do not nest deeper than this on Linux; more open ones lost their exits. */
const MAX_IRQ_NEST = 8;
const KTHREAD = /^(kworker|ksoftirqd|migration|rcu_|rcuog|rcuop|kthreadd|cpuhp|idle_inject|irq\/|watchdog|kcompactd|khugepaged|kswapd|jbd2|kauditd|oom_reaper|writeback|kblockd|kintegrityd|ksmd|scsi_|ext4-|xfs|btrfs|napi\/|kdevtmpfs|khungtaskd|kdamond|kthrotld|pool_workqueue|swapper)/;

interface ThreadState {
  idx: number;
  pid: number;
  comm: string;
  prio: number;
  sawStack: boolean;
  sawUser: boolean;
  /** Pending wake-up: the flow starts here and ends at the next switch-in. */
  wakeT0: number; wakeCpu: number; wakeBy: number; wakeStack: number; wakePending: boolean;
  /** Where the thread went off-CPU last (its stack at sched_switch). */
  blockedStack: number;
  nameStack: number;
}

interface OpenWait { lock: number; start: number; cpu: number; thread: number; spin: boolean; read: boolean; stack: number; tag: number }

export class PerfReplay {
  readonly b: TraceBuilder;
  private cpus: (CpuTrack | undefined)[] = [];
  private threads = new Map<number, ThreadState>();
  private threadList: ThreadState[] = [];
  private locks = new Map<string, number>();
  private lockList: LockInfo[] = [];
  /** Open waits by (thread, lock): perf's per-thread, per-address sequence state. */
  private waits = new Map<number, OpenWait>();
  /** Frame ids of call-chain frames (by name, and by call site with its offset). */
  private nameFrames = new Map<PerfFrame, number>();
  private siteFrames = new Map<PerfFrame, number>();
  private processFrames = new Map<number, { comm: string; id: number }>();
  private ignored = new Map<string, { count: number; line: number }>();
  private net: NetEvents;
  private t0 = -1;
  private last = 0;
  private waitTag = 0;
  events = 0;
  /** Events perf reported lost (PERF_RECORD_LOST). */
  lostEvents = 0;
  private lastOnCpu: number[] = [];
  sawCallchains = false;
  private overflowWarned = false;
  private lastEvent = '';
  private lastName = '';
  /** Short names of the event names seen (the header scanner hands out one string per name). */
  private names = new Map<string, string>();

  /** `capacity`: rows per table to reserve (address space until written), so a large capture's tables never copy to grow. */
  constructor(private problems: Problems, capacity = 4096) {
    this.b = new TraceBuilder(capacity);
    this.net = new NetEvents(this.b, problems);
  }

  /**
   * perf's ring buffer overflowed on a CPU: `count` events there since that CPU's previous
   * event are gone. Said as a warning with the time range, and the waits open then are named,
   * since one of their ends may be among the lost.
   */
  lost(cpuId: number, ns: number, count: number, line: number): void {
    const at = this.t0 < 0 ? 0 : Math.max(0, ns - this.t0);
    const from = this.lastOnCpu[cpuId] ?? 0;
    const s = (t: number) => ((t + Math.max(0, this.t0)) / 1e9).toFixed(6);
    const open = this.waits.size;
    this.lostEvents += count;
    this.problems.warn(line, `${count} events lost on CPU ${cpuId} between ${s(from)} s and ${s(at)} s (perf's buffer was full)` +
      (open ? `; ${open} lock wait${open === 1 ? ' was' : 's were'} open then and may be paired wrongly or not at all` : ''));
  }

  /** Time of the latest event replayed, from the capture's first (ns). */
  get lastNs(): number { return this.last; }

  /** Offset of t=0 in the capture's own clock (ns). */
  get originNs(): number { return Math.max(0, this.t0); }

  event(h: PerfHeader, frames: FrameList, line: number): void {
    if (this.t0 < 0) this.t0 = h.ns;
    let t = h.ns - this.t0;
    if (t < this.last) {
      this.problems.once('order', line, `events out of time order (first at ${(h.ns / 1e9).toFixed(6)} s); later ones are clamped`);
      t = this.last;
    }
    this.last = t;
    this.events++;
    if (h.cpu < 4096) this.lastOnCpu[h.cpu] = t;
    // pid -1: perf lost track of the task; trust the timeline for who runs.
    const known = h.tid >= 0;
    const headerThread = h.tid <= 0 ? NONE : this.thread(h.tid, h.comm, line).idx;
    const cpu = this.cpu(h.cpu, headerThread, line);
    if (!cpu) return;
    const current = known ? headerThread : cpu.thread;
    if (frames.length) this.sawCallchains = true;
    if (current !== NONE && frames.length) {
      const th = this.threadList[current];
      th.sawStack = true;
      if (!th.sawUser && frames.hasUser()) th.sawUser = true;
    }
    if (known) this.repair(cpu, current, t, line);
    const ev = h.event;
    // "sched:sched_switch" → "sched_switch", once per kind of event rather than once per event
    if (ev !== this.lastEvent) {
      this.lastEvent = ev;
      let name = this.names.get(ev);
      if (name === undefined) {
        const colon = ev.indexOf(':');
        // Interned: the switch below then compares it with each case by reference, not by its characters.
        name = intern(colon >= 0 ? ev.slice(colon + 1) : ev);
        if (this.names.size < 256) this.names.set(ev, name);
      }
      this.lastName = name;
    }
    const name = this.lastName;
    switch (name) {
      case 'sched_switch': return this.onSwitch(cpu, t, h, frames, line);
      case 'sched_waking': case 'sched_wakeup': case 'sched_wakeup_new': return this.onWake(cpu, t, h, frames, line, name === 'sched_waking');
      case 'sched_migrate_task':
        if (!parseMigrate(h.fields)) this.problems.bad(line, `unreadable sched_migrate_task: ${h.fields}`);
        return;
      case 'irq_handler_entry': return this.onIrqEntry(cpu, t, h, frames, line);
      case 'irq_handler_exit': {
        const irq = parseIrqExit(h.fields);
        if (irq === null) return this.problems.bad(line, `unreadable irq_handler_exit: ${h.fields}`);
        if (!cpu.pop(t, CpuState.Interrupt, irq)) this.problems.once('irqexit', line, 'irq_handler_exit without its entry (capture started inside the handler?)');
        return;
      }
      case 'softirq_entry': {
        const s = parseSoftirq(h.fields);
        if (!s) return this.problems.bad(line, `unreadable softirq_entry: ${h.fields}`);
        cpu.push(t, { state: CpuState.Softint, stack: this.named(`softirq ${s.action}`), tag: s.vec });
        return;
      }
      case 'softirq_exit': {
        const s = parseSoftirq(h.fields);
        if (!s) return this.problems.bad(line, `unreadable softirq_exit: ${h.fields}`);
        if (!cpu.pop(t, CpuState.Softint, s.vec)) this.problems.once('softexit', line, 'softirq_exit without its entry (capture started inside the softirq?)');
        return;
      }
      case 'contention_begin': return this.onContentionBegin(cpu, t, known ? h.tid : -1, current, h, frames, line);
      case 'contention_end': return this.onContentionEnd(t, known ? h.tid : -1, cpu, h, line);
      default: {
        if (this.net.event(name, cpu.id, t, h.fields, current, () => this.stackOf(frames.list), line)) return;
        const seen = this.ignored.get(ev);
        if (seen) seen.count++;
        else this.ignored.set(ev, { count: 1, line });
      }
    }
  }

  private cpu(id: number, current: number, line: number): CpuTrack | undefined {
    if (id > 4095) { this.problems.bad(line, `CPU ${id} out of range`); return undefined; }
    let c = this.cpus[id];
    if (!c) {
      // The task a CPU's first event shows has been running there since the capture began
      // (no sched_switch on that CPU came before it).
      c = new CpuTrack(id, 0, this.b);
      c.thread = current;
      c.threadStack = current === NONE ? 0 : this.threadStack(this.threadList[current]);
      c.update(0);
      this.cpus[id] = c;
    }
    return c;
  }

  private thread(pid: number, comm: string, line: number): ThreadState {
    let th = this.threads.get(pid);
    if (!th) {
      let idx = this.threadList.length;
      if (idx >= MAX_ID) {
        if (!this.overflowWarned) this.problems.warn(line, `more than ${MAX_ID} threads: the rest are counted as one "other threads"`);
        this.overflowWarned = true;
        idx = MAX_ID - 1;
        return this.threadList[idx];
      }
      th = {
        idx, pid, comm, prio: 120, sawStack: false, sawUser: false,
        wakeT0: 0, wakeCpu: 0, wakeBy: NONE, wakeStack: 0, wakePending: false, blockedStack: 0, nameStack: 0,
      };
      this.threads.set(pid, th);
      this.threadList.push(th);
    } else if (comm && !sameText(comm, th.comm) && !(comm.charCodeAt(0) === 58 /* : */ && comm === ':' + pid)) {
      th.comm = comm; // exec renamed it; the last name wins
    }
    return th;
  }

  private threadStack(th: ThreadState): number {
    if (!th.nameStack) th.nameStack = this.b.stackOf([{ name: `${th.comm}-${th.pid}` }]);
    return th.nameStack;
  }

  private named(frame: string): number {
    return this.b.stackOf([{ name: frame }]);
  }

  /** Root-first stack of a leaf-first call chain (frames are shared objects, so each frame's id is looked up once). */
  private stackOf(frames: PerfFrame[]): number {
    let id = 0;
    for (let i = frames.length - 1; i >= 0; i--) id = this.b.stack(id, this.frameId(frames[i]));
    return id;
  }

  private frameId(f: PerfFrame): number {
    let id = this.nameFrames.get(f);
    if (id === undefined) this.nameFrames.set(f, id = this.b.frame(f.name, 0));
    return id;
  }

  private siteFrameId(f: PerfFrame): number {
    let id = this.siteFrames.get(f);
    if (id === undefined) this.siteFrames.set(f, id = this.b.frame(f.site, 0));
    return id;
  }

  /** The header names the CPU's current task; if it is not the one we think, a switch was lost. */
  private repair(cpu: CpuTrack, current: number, t: number, line: number): void {
    if (cpu.thread === current) return;
    this.problems.once('lost-switch', line, 'the task on a CPU changed without a sched_switch event (lost events?); the timeline follows the event headers');
    this.switchTo(cpu, current, t, 0);
  }

  private switchTo(cpu: CpuTrack, next: number, t: number, stack: number): void {
    if (cpu.thread !== NONE) {
      this.b.span(cpu.runStart, t - cpu.runStart, SpanKind.ThreadRun, 0, cpu.id, cpu.thread, NONE, 0, stack);
    }
    cpu.thread = next;
    cpu.runStart = t;
    cpu.threadStack = next === NONE ? 0 : this.threadStack(this.threadList[next]);
    cpu.update(t);
  }

  private onSwitch(cpu: CpuTrack, t: number, h: PerfHeader, frames: FrameList, line: number): void {
    const s = parseSwitch(h.fields);
    if (!s) return this.problems.bad(line, `unreadable sched_switch: ${h.fields.slice(0, 120)}`);
    const prev = s.prevPid === 0 ? undefined : this.thread(s.prevPid, s.prevComm, line);
    const next = s.nextPid === 0 ? undefined : this.thread(s.nextPid, s.nextComm, line);
    if (prev) prev.prio = s.prevPrio;
    if (next) next.prio = s.nextPrio;
    const stack = this.stackOf(frames.list);
    if (prev) prev.blockedStack = stack;
    if (cpu.layers.length) {
      this.problems.once('switch-in-irq', line, 'sched_switch while an interrupt or spin was open on that CPU (lost exit events?); closing them');
      cpu.clearLayers();
    }
    const nextIdx = next ? next.idx : NONE;
    this.switchTo(cpu, nextIdx, t, stack);
    this.b.instant(t, InstantKind.ContextSwitch, cpu.id, nextIdx, NONE, prev ? prev.idx + 1 : 0, stack);
    if (next && next.wakePending) {
      next.wakePending = false;
      this.b.flow(next.wakeT0, t, FlowKind.Wakeup, next.wakeCpu, cpu.id, next.wakeBy, next.idx, 0, next.wakeStack);
    }
  }

  private onWake(cpu: CpuTrack, t: number, h: PerfHeader, frames: FrameList, line: number, waking: boolean): void {
    const w = parseWake(h.fields);
    if (!w) return this.problems.bad(line, `unreadable ${h.event}: ${h.fields.slice(0, 120)}`);
    if (w.pid === 0) return;
    const th = this.thread(w.pid, w.comm, line);
    th.prio = w.prio;
    // sched_wakeup follows sched_waking for the same wake-up: keep the earlier one.
    if (!waking && th.wakePending) return;
    const stack = this.stackOf(frames.list);
    const by = cpu.thread;
    th.wakePending = true;
    th.wakeT0 = t; th.wakeCpu = cpu.id; th.wakeBy = by; th.wakeStack = stack;
    this.b.instant(t, InstantKind.Wakeup, cpu.id, th.idx, NONE, by === NONE ? 0 : by + 1, stack);
  }

  private onIrqEntry(cpu: CpuTrack, t: number, h: PerfHeader, frames: FrameList, line: number): void {
    const e = parseIrqEntry(h.fields);
    if (!e) return this.problems.bad(line, `unreadable irq_handler_entry: ${h.fields}`);
    // A handler does not interrupt itself: the same irq still open lost its exit event.
    // Closing it keeps the CPU's layers bounded by the irq numbers in use.
    if (cpu.pop(t, CpuState.Interrupt, e.irq)) this.problems.once('irq-no-exit', line, `irq_handler_entry for irq ${e.irq} while its handler was open (lost irq_handler_exit?); the earlier one is closed there`);
    else if (cpu.depth(CpuState.Interrupt) >= MAX_IRQ_NEST && cpu.popOldest(t, CpuState.Interrupt)) {
      this.problems.once('irq-nest', line, `more than ${MAX_IRQ_NEST} interrupt handlers open on CPU ${cpu.id} (lost irq_handler_exit events?); the oldest is closed there`);
    }
    const depth = cpu.depth(CpuState.Interrupt);
    this.b.instant(t, InstantKind.Interrupt, cpu.id, cpu.thread, Math.min(e.irq, MAX_ID), depth, this.stackOf(frames.list));
    cpu.push(t, { state: CpuState.Interrupt, stack: this.named(`irq/${e.irq} ${e.name}`), tag: e.irq });
  }

  /** Open-wait key: perf keys by the sample's tid (an interrupt waits as the task it interrupted); no tid: the CPU. */
  private waitKey(tid: number, cpu: CpuTrack, lock: number): number {
    return (tid >= 0 ? tid : -1 - cpu.id) * 65536 + lock;
  }

  /**
   * Root-first stack of the call sites perf charges a wait to, named with their offsets. perf
   * keys by absolute addresses, so user-space frames differ between processes even where the
   * text shows the same object offset: such a stack gets its process as the root frame.
   */
  private siteStack(frames: PerfFrame[], pid: number, comm: string): number {
    const sites = contentionSites(frames);
    if (!sites.length) return 0;
    let user = false;
    for (const f of sites) user ||= f.user;
    let id = user && pid > 0 ? this.b.stack(0, this.processFrame(pid, comm)) : 0;
    for (let i = sites.length - 1; i >= 0; i--) id = this.b.stack(id, this.siteFrameId(sites[i]));
    return id;
  }

  /** The frame "[comm pid]" naming a process, made once per process and name. */
  private processFrame(pid: number, comm: string): number {
    const known = this.processFrames.get(pid);
    if (known && sameText(known.comm, comm)) return known.id;
    const id = this.b.frame(`[${comm} ${pid}]`, 0);
    this.processFrames.set(pid, { comm, id });
    return id;
  }

  /** The process's name: its main thread's (pid = tid) when seen, else this thread's. */
  private processName(h: PerfHeader): string {
    return this.threads.get(h.pid)?.comm ?? h.comm;
  }

  private lock(begin: { addr: string; symbol: string; flags: string[] }, line: number): number {
    const key = begin.addr;
    let id = this.locks.get(key);
    if (id === undefined) {
      if (this.lockList.length >= MAX_ID) {
        this.problems.once('locks', line, `more than ${MAX_ID} lock addresses: the rest are counted as one`);
        return MAX_ID - 1;
      }
      const { type, wait } = lockType(begin.flags);
      id = this.lockList.length;
      this.lockList.push({ name: begin.symbol || `0x${begin.addr}`, kind: type, wait, src: 0 });
      this.locks.set(key, id);
    } else if (begin.symbol && this.lockList[id].name.startsWith('0x')) {
      this.lockList[id].name = begin.symbol;
    }
    return id;
  }

  private onContentionBegin(cpu: CpuTrack, t: number, tid: number, current: number, h: PerfHeader, chain: FrameList, line: number): void {
    const frames = chain.list;
    const c = parseContentionBegin(h.fields);
    if (!c) return this.problems.bad(line, `unreadable contention_begin: ${h.fields}`);
    const lock = this.lock(c, line);
    const key = this.waitKey(tid, cpu, lock);
    const open = this.waits.get(key);
    const spin = c.flags.includes('SPIN');
    let stack: number;
    if (open) {
      // The same task contends again on the same lock before its wait ended: a mutex
      // spins, then sleeps. perf keeps the first begin; the wait goes on in a new span.
      this.closeWait(open, t, WaitKind.Continued);
      stack = open.stack;
    } else {
      stack = this.siteStack(frames, h.pid, this.processName(h));
    }
    const tag = ++this.waitTag;
    this.waits.set(key, { lock, start: t, cpu: cpu.id, thread: current, spin, read: c.flags.includes('READ'), stack, tag });
    if (spin) cpu.push(t, { state: CpuState.Spin, stack: this.stackOf(frames), tag });
  }

  private onContentionEnd(t: number, tid: number, cpu: CpuTrack, h: PerfHeader, line: number): void {
    const c = parseContentionEnd(h.fields);
    if (!c) return this.problems.bad(line, `unreadable contention_end: ${h.fields}`);
    const lock = this.locks.get(c.addr);
    const key = lock === undefined ? -1 : this.waitKey(tid, cpu, lock);
    const open = lock === undefined ? undefined : this.waits.get(key);
    if (!open) {
      this.problems.once('end-without-begin', line, 'contention_end without its contention_begin (capture started during the wait?); not counted, as perf does');
      return;
    }
    this.closeWait(open, t, 0);
    this.waits.delete(key);
  }

  private closeWait(w: OpenWait, t: number, flags: number): void {
    const sub = (w.spin ? WaitKind.Spin : WaitKind.Sleep) | (w.read ? WaitKind.Read : 0) | flags;
    this.b.span(w.start, t - w.start, SpanKind.LockWait, sub, w.cpu, w.thread, w.lock, 0, w.stack);
    if (w.spin) this.cpus[w.cpu]?.pop(t, CpuState.Spin, w.tag);
  }

  finish(name: string, wallMs: number): Trace {
    const end = this.last;
    if (this.waits.size) {
      this.problems.warn(0, `${this.waits.size} lock wait${this.waits.size === 1 ? '' : 's'} had not ended when the capture did: shown to its end, counted as contended with no wait time (as perf does)`);
    }
    for (const w of this.waits.values()) this.closeWait(w, end, WaitKind.Unfinished);
    this.waits.clear();
    for (const c of this.cpus) {
      if (!c) continue;
      if (c.thread !== NONE) this.b.span(c.runStart, end - c.runStart, SpanKind.ThreadRun, 0, c.id, c.thread, NONE, 0, 0);
      c.clearLayers();
      c.close(end);
    }
    const nCpus = this.cpus.length;
    for (let id = 0; id < nCpus; id++) {
      if (this.cpus[id]) continue;
      // No event at all on this CPU: nothing was switched, interrupted or woken there.
      this.problems.warn(0, `CPU ${id} has no events: shown idle`);
      if (end > 0) this.b.span(0, end, SpanKind.CpuState, CpuState.Idle, id, NONE, NONE, 0, 0);
    }
    const kernel = this.threadList.map((th) => (this.sawCallchains && th.sawStack ? !th.sawUser : KTHREAD.test(th.comm)));
    for (const [ev, { count, line }] of this.ignored) this.problems.warn(line, `${count} ${ev} event${count === 1 ? '' : 's'} not used`);
    const threads: ThreadInfo[] = this.threadList.map((th, i) => ({
      name: `${th.comm}-${th.pid}`, kind: kernel[i] ? 'kernel' : 'user', priority: 140 - th.prio, cpu: -1, src: 0,
    }));
    const originS = (this.originNs / 1e9).toFixed(6);
    const trace = this.b.finish({
      version: TRACE_VERSION, name, variant: '', seed: 0, cpus: nCpus, startNs: 0, endNs: end, warmupNs: 0,
      stopReason: 'imported',
      stopDetail: `perf script: ${this.events} events on ${nCpus} CPUs${this.lostEvents ? ` (${this.lostEvents} lost)` : ''}; t=0 is ${originS} s in the capture's clock`,
      events: this.events, wallMs, threads, locks: this.lockList, series: this.net.series,
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }],
      counterTotals: this.net.counterTotals(nCpus), files: [],
    });
    // Running time of kernel threads is kernel time; of user threads it is both
    // (perf's sched events do not say which), shown as user.
    const sp = trace.tables.spans;
    for (let i = 0; i < trace.length.spans; i++) {
      if (sp.kind[i] === SpanKind.CpuState && sp.sub[i] === CpuState.User && sp.thread[i] !== NONE && kernel[sp.thread[i]]) {
        sp.sub[i] = CpuState.Kernel;
      }
    }
    return trace;
  }
}
