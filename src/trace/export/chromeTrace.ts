// Trace → Chrome Trace Event JSON (object form), read by Perfetto,
// chrome://tracing and speedscope. Layout: see chromeLayout.ts.
//   B / E stacks  per CPU: thread ⊃ frames (root first) ⊃ CPU state, so speedscope and Perfetto
//                 show the call paths (cat = thread / frame / cpu; no args, which speedscope would
//                 fold into the names)
//   X slices      thread runs, lock holds / waits (cat = run / hold / wait; details in args)
//   i instants    interrupts, switches, wake-ups, IPIs, drops, preemptions (cat = instant)
//   flows v2      a zero-length X slice at each end with bind_id + flow_out / flow_in (cat = flow)
//   C counters    one series per counter / queue (args.value)
//   M metadata    process / thread names and sort order
//   stackFrames   every stack id as a frame node {name, parent}; records point at theirs with sf
//   otherData     run facts and the thread / lock / series tables, so our importer rebuilds the
//                 trace exactly (spans, stacks, lock table)
//   systemTraceEvents  ftrace sched_switch text of the thread runs: Perfetto and chrome://tracing
//                 show it as real per-CPU scheduling tracks (µs resolution there; the slices are exact)
// Times are microseconds written exactly to the nanosecond. The bytes go into
// one reused buffer handed to `write` a megabyte at a time (ByteWriter), so
// memory stays flat however long the trace.
import {
  CPU_STATE_NAMES, FLOW_KIND_NAMES, HoldFlags, INSTANT_KIND_NAMES, NONE, SpanKind, WaitKind, frameLabel, type Trace,
} from '../schema';
import { waitHolder } from '../columns';
import { ByteWriter, QuotedNames, utf8, type ByteSink } from './byteWriter';
import { FORMAT_VERSION, GENERATOR, LANE_EVENTS, LANE_LOCKS, LANE_STACKS, LANE_THREADS, tidOf } from './chromeLayout';
import { packNested } from './lanes';
import { groupSpans, sortGroupsByStart, type Groups } from './spanGroups';
import { writeSystrace } from './systrace';

export interface ChromeExportOptions {
  /** Include the ftrace text form of the scheduling (default true). */
  systrace?: boolean;
}

// Enum members as plain numbers for the hot loops (tsx compiles one file at a time).
const CPU_STATE: number = SpanKind.CpuState;
const RUN: number = SpanKind.ThreadRun;
const HOLD: number = SpanKind.LockHold;
const WAIT: number = SpanKind.LockWait;

/** The whole export as one string (small traces, tests). */
export function exportChromeTrace(trace: Trace, opts: ChromeExportOptions = {}): string {
  return Buffer.from(exportChromeBytes(trace, opts)).toString('utf8');
}

/** The whole export as bytes. */
export function exportChromeBytes(trace: Trace, opts: ChromeExportOptions = {}): Uint8Array {
  const parts: Buffer[] = [];
  writeChromeTrace(trace, (b) => { parts.push(Buffer.from(b)); }, opts);
  return Buffer.concat(parts);
}

/**
 * Streams the JSON out: `write` gets views of a reused buffer (about 1 MB
 * each) and must consume them before returning. Returns the bytes written.
 */
export function writeChromeTrace(trace: Trace, write: ByteSink, opts: ChromeExportOptions = {}): number {
  const w = new ByteWriter(write);
  new ChromeWriter(trace, w).write(opts);
  w.flush();
  return w.flushed;
}

const B = (s: string) => utf8(s);
const K = {
  open: B('{"ph":"'), pid: B('","pid":'), pidN: B(',"pid":'), tid: B(',"tid":'), ts: B(',"ts":'), dur: B(',"dur":'),
  sf: B(',"sf":"'), name: B(',"name":'), args: B(',"args":{'), thread: B('"thread":'), end: B('}'),
  beginThread: B('{"ph":"B","cat":"thread","name":'), beginFrame: B('{"ph":"B","cat":"frame","name":'),
  beginCpu: B('{"ph":"B","cat":"cpu","name":'), endSlice: B('{"ph":"E","name":'),
  run: B('{"ph":"X","cat":"run","name":'), cpuFlat: B('{"ph":"X","cat":"cpu","name":'),
  hold: B('{"ph":"X","cat":"hold","name":'), wait: B('{"ph":"X","cat":"wait","name":'),
  read: B(',"read":true'), contended: B(',"contended":true'), spin: B('"wait":"spin"'), sleep: B('"wait":"sleep"'),
  continued: B(',"continued":true'), unfinished: B(',"unfinished":true'), holder: B(',"holder":'),
  instant: B('{"ph":"i","s":"t","cat":"instant","name":'), obj: B('"obj":'), aux: B('"aux":'),
  flow: B('{"ph":"X","cat":"flow","name":'), flowOut: B(',"dur":0,"bind_id":'), flowOutFlag: B(',"flow_out":true'), flowInFlag: B(',"flow_in":true'),
  counter: B('{"ph":"C","cat":"counter","name":'), value: B(',"args":{"value":'),
};

class ChromeWriter {
  private readonly q = new QuotedNames();
  private readonly cpus: number;
  private readonly extraPid: number;
  private readonly names: string[];
  private first = true;
  /** Quoted names by id. */
  private readonly threadQ: Uint8Array[];
  private readonly lockQ: Uint8Array[];
  private readonly stateQ: Uint8Array[];
  private readonly sfQ: Uint8Array[] = [];

  constructor(private readonly trace: Trace, private readonly w: ByteWriter) {
    const { meta } = trace;
    this.cpus = meta.cpus;
    this.extraPid = meta.cpus + 1;
    this.names = uniqueNames(meta.threads.map((t) => t.name));
    this.threadQ = this.names.map((n) => this.q.get(n));
    this.lockQ = meta.locks.map((l) => this.q.get(l.name));
    this.stateQ = CPU_STATE_NAMES.map((n) => this.q.get(n));
  }

  private pidOf(cpu: number): number { return cpu < this.cpus ? cpu + 1 : this.extraPid; }
  private threadName(t: number): Uint8Array | undefined { return t === NONE ? undefined : this.threadQ[t]; }

  /** Start the next event: a comma and a newline between events. */
  private next(): void {
    const w = this.w;
    w.maybeFlush();
    if (this.first) this.first = false;
    else { w.byte(44); w.byte(10); }
  }
  private track(pid: number, lane: number, ts: number): void {
    const w = this.w;
    w.bytes(K.pidN); w.uint(pid); w.bytes(K.tid); w.uint(tidOf(pid, lane)); w.bytes(K.ts); w.us(ts);
  }
  private sf(stack: number): void {
    if (!stack) return;
    let b = this.sfQ[stack];
    if (!b) this.sfQ[stack] = b = utf8(`,"sf":"${stack}"`);
    this.w.bytes(b);
  }

  write(opts: ChromeExportOptions): void {
    const { trace, w } = this;
    const { meta } = trace;
    const q = JSON.stringify;
    w.text(`{"displayTimeUnit":"ns","otherData":${q({
      generator: GENERATOR, version: FORMAT_VERSION, name: meta.name, variant: meta.variant, seed: meta.seed, cpus: meta.cpus,
      startNs: meta.startNs, endNs: meta.endNs, warmupNs: meta.warmupNs, stopReason: meta.stopReason, stopDetail: meta.stopDetail,
      events: meta.events, threads: meta.threads.map((t, i) => ({ ...t, name: this.names[i] })), locks: meta.locks, series: meta.series,
      counterTotals: meta.counterTotals, ...(meta.packets ? { packets: meta.packets } : {}),
    })}`);
    // stackFrames: stack id → its top frame, parent = the stack below.
    w.ascii(',\n"stackFrames":{');
    for (let s = 1; s < meta.stackParent.length; s++) {
      const p = meta.stackParent[s];
      w.text(`${s > 1 ? ',' : ''}"${s}":{"name":${q(frameLabel(meta, meta.stackFrame[s]))}${p ? `,"parent":"${p}"` : ''}}`);
      w.maybeFlush();
    }
    w.ascii('},\n"traceEvents":[\n');

    const sp = trace.tables.spans;
    const n = trace.length.spans;
    const pids = this.extraPid; // pid p is group p - 1
    // Per pid: CPU states (the stacks track), thread runs, lock spans.
    const states = groupSpans(n, pids, (i) => (sp.kind[i] === CPU_STATE ? this.pidOf(sp.cpu[i]) - 1 : -1));
    const runs = groupSpans(n, pids, (i) => (sp.kind[i] === RUN ? this.pidOf(sp.cpu[i]) - 1 : -1));
    sortGroupsByStart(states, sp.start, sp.dur);
    sortGroupsByStart(runs, sp.start, sp.dur);
    // CPU states that overlap the one before them cannot nest on the stacks track: they go with the locks.
    const overlapping = this.overlapping(states);
    const locks = groupSpans(n, pids, (i) =>
      sp.kind[i] === HOLD || sp.kind[i] === WAIT || overlapping.has(i) ? this.pidOf(sp.cpu[i]) - 1 : -1);
    sortGroupsByStart(locks, sp.start, sp.dur);
    const lanes = packNested(sp.start, (i) => sp.start[i] + sp.dur[i], locks.order);

    for (let pid = 1; pid <= pids; pid++) {
      const g = pid - 1;
      const count = (x: Groups) => x.offsets[g + 1] - x.offsets[g];
      let lockLanes = 0;
      for (let j = locks.offsets[g]; j < locks.offsets[g + 1]; j++) lockLanes = Math.max(lockLanes, lanes[j] + 1);
      const isCpu = pid <= this.cpus;
      const hasCounters = pid === this.extraPid && trace.length.counters > 0;
      if (!isCpu && !count(states) && !count(runs) && !lockLanes && !hasCounters && !this.hasEventsWithoutCpu()) continue;
      this.metadata(pid, isCpu || count(states) > 0, isCpu || count(runs) > 0, lockLanes);
      this.stacks(pid, states, overlapping);
      this.runs(pid, runs);
    }
    this.locks(locks, lanes, overlapping);
    this.instants();
    this.flows();
    this.counters();
    w.ascii('\n]');
    if (opts.systrace !== false && trace.length.spans) writeSystrace(trace, this.names, w);
    w.ascii('}\n');
  }

  private noCpuEvents: boolean | undefined;
  /** Instants or flow ends recorded with no CPU (they go on the extra process). */
  private hasEventsWithoutCpu(): boolean {
    if (this.noCpuEvents !== undefined) return this.noCpuEvents;
    const { trace, cpus } = this;
    const ins = trace.tables.instants, f = trace.tables.flows;
    let any = false;
    for (let i = 0; i < trace.length.instants && !any; i++) any = ins.cpu[i] >= cpus;
    for (let i = 0; i < trace.length.flows && !any; i++) any = f.cpu0[i] >= cpus || f.cpu1[i] >= cpus;
    return (this.noCpuEvents = any);
  }

  private metadata(pid: number, stacks: boolean, threads: boolean, lockLanes: number): void {
    const w = this.w;
    const label = pid <= this.cpus ? `CPU ${pid - 1}` : 'counters and records without a CPU';
    const meta = (name: string, tid: number, args: string) => {
      this.next();
      w.text(`{"ph":"M","name":"${name}","pid":${pid},"tid":${tid},"args":${args}}`);
    };
    meta('process_name', tidOf(pid, 0), `{"name":${JSON.stringify(label)}}`);
    meta('process_sort_index', tidOf(pid, 0), `{"sort_index":${pid}}`);
    const lanes: [number, string][] = [];
    if (stacks) lanes.push([LANE_STACKS, 'stacks']);
    if (threads) lanes.push([LANE_THREADS, 'threads']);
    lanes.push([LANE_EVENTS, 'events']);
    for (let k = 0; k < lockLanes; k++) lanes.push([LANE_LOCKS + k, `locks ${k}`]);
    for (const [lane, name] of lanes) {
      meta('thread_name', tidOf(pid, lane), `{"name":${JSON.stringify(`${label} ${name}`)}}`);
      meta('thread_sort_index', tidOf(pid, lane), `{"sort_index":${lane}}`);
    }
  }

  /** CPU-state spans that start before the previous one on their CPU ends. */
  private overlapping(states: Groups): Set<number> {
    const sp = this.trace.tables.spans;
    const out = new Set<number>();
    for (let g = 0; g + 1 < states.offsets.length; g++) {
      let end = -Infinity;
      for (let j = states.offsets[g]; j < states.offsets[g + 1]; j++) {
        const i = states.order[j];
        if (sp.start[i] < end) { out.add(i); continue; }
        end = sp.start[i] + sp.dur[i];
      }
    }
    return out;
  }

  /**
   * One CPU's states as nested slices: thread ⊃ frames ⊃ state. Between two
   * states only the frames that differ close and open (frames compared by
   * name path, so a function called from two places stays one open slice);
   * a gap closes everything.
   */
  private stacks(pid: number, states: Groups, overlapping: Set<number>): void {
    const { trace, w } = this;
    const sp = trace.tables.spans;
    const tree = this.nameTree();
    const tid = tidOf(pid, LANE_STACKS);
    const path: number[] = [];
    let curThread = NONE, cur = 0, end = -Infinity, openAny = false;
    const close = (to: number, at: number) => {
      for (let c = cur; c !== to; c = tree.parent[c]) this.endSlice(tree.name[c], pid, tid, at);
      cur = to;
    };
    const closeAll = (at: number) => {
      close(0, at);
      if (curThread !== NONE) this.endSlice(this.threadQ[curThread], pid, tid, at);
      curThread = NONE;
      openAny = false;
    };
    const g = pid - 1;
    for (let j = states.offsets[g]; j < states.offsets[g + 1]; j++) {
      const i = states.order[j];
      if (overlapping.has(i)) continue;
      const start = sp.start[i], stop = start + sp.dur[i];
      const thread = sp.thread[i] < this.threadQ.length ? sp.thread[i] : NONE;
      if (openAny && start > end) closeAll(end);
      if (thread !== curThread) {
        closeAll(start);
        if (thread !== NONE) { this.beginSlice(K.beginThread, this.threadQ[thread], pid, tid, start); curThread = thread; }
      }
      openAny = true;
      const target = tree.of[sp.stack[i]] ?? 0;
      if (target !== cur) {
        const lca = tree.common(cur, target);
        close(lca, start);
        path.length = 0;
        for (let c = target; c !== lca; c = tree.parent[c]) path.push(c);
        for (let k = path.length - 1; k >= 0; k--) this.beginSlice(K.beginFrame, tree.name[path[k]], pid, tid, start);
        cur = target;
      }
      const state = this.stateQ[sp.sub[i]] ?? this.stateQ[1];
      this.next();
      w.bytes(K.beginCpu); w.bytes(state); this.track(pid, LANE_STACKS, start); this.sf(sp.stack[i]); w.bytes(K.end);
      this.endSlice(state, pid, tid, stop);
      end = stop;
    }
    if (openAny) closeAll(end);
  }

  private beginSlice(head: Uint8Array, name: Uint8Array, pid: number, tid: number, at: number): void {
    const w = this.w;
    this.next();
    w.bytes(head); w.bytes(name); w.bytes(K.pidN); w.uint(pid); w.bytes(K.tid); w.uint(tid); w.bytes(K.ts); w.us(at); w.bytes(K.end);
  }
  private endSlice(name: Uint8Array, pid: number, tid: number, at: number): void {
    const w = this.w;
    this.next();
    w.bytes(K.endSlice); w.bytes(name); w.bytes(K.pidN); w.uint(pid); w.bytes(K.tid); w.uint(tid); w.bytes(K.ts); w.us(at); w.bytes(K.end);
  }

  private tree_: NameTree | undefined;
  private nameTree(): NameTree {
    return (this.tree_ ??= new NameTree(this.trace, this.q));
  }

  private runs(pid: number, runs: Groups): void {
    const { w } = this;
    const sp = this.trace.tables.spans;
    const idle = this.q.get('idle');
    const g = pid - 1;
    for (let j = runs.offsets[g]; j < runs.offsets[g + 1]; j++) {
      const i = runs.order[j];
      this.next();
      w.bytes(K.run); w.bytes(this.threadName(sp.thread[i]) ?? idle); this.track(pid, LANE_THREADS, sp.start[i]);
      w.bytes(K.dur); w.dur(sp.start[i], sp.dur[i]); this.sf(sp.stack[i]); w.bytes(K.end);
    }
  }

  /**
   * Lock spans (and overlapping CPU states) in the trace's own order, which
   * the lock table relies on (a wait is recorded before the hold it ends in,
   * possibly on another CPU), each on its lane.
   */
  private locks(locks: Groups, lanes: Int32Array, overlapping: Set<number>): void {
    const { w, trace } = this;
    const sp = trace.tables.spans;
    const laneOf = new Int32Array(trace.length.spans);
    for (let j = 0; j < locks.order.length; j++) laneOf[locks.order[j]] = lanes[j];
    for (let i = 0; i < trace.length.spans; i++) {
      const kind = sp.kind[i], sub = sp.sub[i];
      if (kind !== HOLD && kind !== WAIT && !(kind === CPU_STATE && overlapping.has(i))) continue;
      const pid = this.pidOf(sp.cpu[i]);
      const th = this.threadName(sp.thread[i]);
      this.next();
      if (kind === CPU_STATE) {
        w.bytes(K.cpuFlat); w.bytes(this.stateQ[sub] ?? this.stateQ[1]);
      } else {
        w.bytes(kind === HOLD ? K.hold : K.wait);
        w.bytes(this.lockQ[sp.obj[i]] ?? this.q.get(`lock ${sp.obj[i]}`));
      }
      this.track(pid, LANE_LOCKS + laneOf[i], sp.start[i]);
      w.bytes(K.dur); w.dur(sp.start[i], sp.dur[i]); this.sf(sp.stack[i]);
      w.bytes(K.args);
      let comma = false;
      if (th) { w.bytes(K.thread); w.bytes(th); comma = true; }
      if (kind === HOLD) {
        if (sub & HoldFlags.Read) { if (!comma) w.ascii('"read":true'); else w.bytes(K.read); comma = true; }
        if (sub & HoldFlags.Contended) { if (!comma) w.ascii('"contended":true'); else w.bytes(K.contended); comma = true; }
      } else if (kind === WAIT) {
        if (comma) w.byte(44);
        w.bytes(sub & WaitKind.Sleep ? K.sleep : K.spin);
        if (sub & WaitKind.Continued) w.bytes(K.continued);
        if (sub & WaitKind.Read) w.bytes(K.read);
        if (sub & WaitKind.Unfinished) w.bytes(K.unfinished);
        const holder = waitHolder(sp, i);
        if (holder >= 0) {
          w.bytes(K.holder);
          const h = this.threadName(holder);
          if (h) w.bytes(h); else w.uint(holder);
        }
      }
      w.bytes(K.end); w.bytes(K.end);
    }
  }

  private instants(): void {
    const { w, trace } = this;
    const ins = trace.tables.instants;
    const kindQ = INSTANT_KIND_NAMES.map((k) => this.q.get(k));
    const other = this.q.get('instant');
    for (let i = 0; i < trace.length.instants; i++) {
      const pid = this.pidOf(ins.cpu[i]);
      this.next();
      w.bytes(K.instant); w.bytes(kindQ[ins.kind[i]] ?? other); this.track(pid, LANE_EVENTS, ins.time[i]); this.sf(ins.stack[i]);
      w.bytes(K.args);
      let comma = false;
      const th = this.threadName(ins.thread[i]);
      if (th) { w.bytes(K.thread); w.bytes(th); comma = true; }
      if (ins.obj[i] !== NONE) { if (comma) w.byte(44); w.bytes(K.obj); w.uint(ins.obj[i]); comma = true; }
      if (ins.aux[i]) { if (comma) w.byte(44); w.bytes(K.aux); w.uint(ins.aux[i]); }
      w.bytes(K.end); w.bytes(K.end);
    }
  }

  private flows(): void {
    const { w, trace } = this;
    const f = trace.tables.flows;
    const kindQ = FLOW_KIND_NAMES.map((k) => this.q.get(k));
    const other = this.q.get('flow');
    for (let i = 0; i < trace.length.flows; i++) {
      const name = kindQ[f.kind[i]] ?? other;
      for (let end = 0; end < 2; end++) {
        const pid = this.pidOf(end ? f.cpu1[i] : f.cpu0[i]);
        this.next();
        w.bytes(K.flow); w.bytes(name); this.track(pid, LANE_EVENTS, end ? f.t1[i] : f.t0[i]);
        w.bytes(K.flowOut); w.uint(i + 1); w.bytes(end ? K.flowInFlag : K.flowOutFlag);
        if (!end) this.sf(f.stack0[i]);
        w.bytes(K.args);
        const th = this.threadName(end ? f.thread1[i] : f.thread0[i]);
        if (th) { w.bytes(K.thread); w.bytes(th); }
        if (!end && f.obj[i] !== NONE) { if (th) w.byte(44); w.bytes(K.obj); w.uint(f.obj[i]); }
        w.bytes(K.end); w.bytes(K.end);
      }
    }
  }

  private counters(): void {
    const { w, trace } = this;
    const c = trace.tables.counters;
    const seriesQ = trace.meta.series.map((s) => this.q.get(s.name));
    for (let i = 0; i < trace.length.counters; i++) {
      this.next();
      w.bytes(K.counter); w.bytes(seriesQ[c.series[i]] ?? this.q.get(`series ${c.series[i]}`));
      this.track(this.extraPid, LANE_EVENTS, c.time[i]); this.sf(c.stack[i]);
      w.bytes(K.value); w.num(c.value[i]); w.bytes(K.end); w.bytes(K.end);
    }
  }
}

/**
 * The trace's stacks with frames merged by name path: node ids such that two
 * stacks whose frames have the same names root first get the same node. Used
 * to open and close as few frame slices as possible between CPU states.
 */
class NameTree {
  /** stack id → node; node 0 is the empty stack. */
  readonly of: Int32Array;
  readonly parent: number[] = [0];
  readonly name: Uint8Array[] = [new Uint8Array()];
  private readonly depth: number[] = [0];

  constructor(trace: Trace, q: QuotedNames) {
    const { meta } = trace;
    const n = meta.stackParent.length;
    this.of = new Int32Array(n);
    const ids = new Map<number, number>();
    for (let s = 1; s < n; s++) {
      const p = meta.stackParent[s];
      const parentNode = p < s ? this.of[p] : 0; // parents come first; anything else is treated as a root
      const nameId = meta.frameName[meta.stackFrame[s]] ?? 0;
      const key = parentNode * 0x400000 + nameId;
      let node = ids.get(key);
      if (node === undefined) {
        node = this.parent.length;
        ids.set(key, node);
        this.parent.push(parentNode);
        this.name.push(q.get(frameLabel(meta, meta.stackFrame[s])));
        this.depth.push(this.depth[parentNode] + 1);
      }
      this.of[s] = node;
    }
  }

  /** The deepest node both are inside of. */
  common(a: number, b: number): number {
    const { depth, parent } = this;
    while (depth[a] > depth[b]) a = parent[a];
    while (depth[b] > depth[a]) b = parent[b];
    while (a !== b) { a = parent[a]; b = parent[b]; }
    return a;
  }
}

/** Thread names made unique (Chrome tracks and our importer key threads by name). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n} #${k + 1}`;
  });
}
