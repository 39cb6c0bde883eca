// Any other Chrome trace (a browser trace, a tool's --trace output): each
// (pid, tid) track becomes one timeline row ("CPU" in our views) running one
// thread named after the process and thread; its nested B/E and X slices become
// a stack timeline (as speedscope reads them): a CpuState span per stretch with
// the same open slices, their names root first as the stack; gaps are idle.
// Counters (C) become series, one per args key. Instants and flows have no
// place in this mapping and are counted in a warning. Slices are held as typed
// columns (start, duration, interned name, track), not objects, until the end.
import { TraceBuilder } from '../../builder';
import { TRACE_VERSION, CpuState, NONE, SpanKind, type SeriesInfo, type ThreadInfo, type Trace } from '../../schema';
import { groupSpans, sortGroupsByStart } from '../../export/spanGroups';
import type { Problems } from '../result';
import { ArgType, type EventScanner, type RawEvent } from './eventScanner';

const CH_B = 66, CH_E = 69, CH_X = 88, CH_C = 67, CH_M = 77;

class Column<T extends Float64Array | Int32Array> {
  constructor(public a: T) {}
  grow(n: number): void {
    const b = new (this.a.constructor as { new (n: number): T })(n);
    b.set(this.a);
    this.a = b;
  }
}

export class GenericReader {
  private readonly trackIds = new Map<number, number>();
  private readonly trackPid: number[] = [];
  private readonly trackTid: number[] = [];
  private readonly open: number[][] = [];
  private lastKey = NaN;
  private lastTrack = -1;
  // Slices: start, duration (NaN while a B is open), name id, track, line.
  private n = 0;
  private start: Column<Float64Array>;
  private dur: Column<Float64Array>;
  private name: Column<Int32Array>;
  private track: Column<Int32Array>;
  private line: Column<Int32Array>;
  // Counter samples: time, series, value.
  private nc = 0;
  private ct = new Column(new Float64Array(256));
  private cs = new Column(new Int32Array(256));
  private cv = new Column(new Float64Array(256));
  private readonly seriesOf = new Map<number, number>();
  private readonly series: SeriesInfo[] = [];
  private readonly processNames = new Map<number, string>();
  private readonly threadNames = new Map<number, string>();
  private readonly sortIndex = new Map<number, number>();
  private readonly skipped = new Map<number, number>();
  private minTs = Infinity;
  private maxTs = -Infinity;
  private readonly ids: { processName: number; threadName: number; threadSortIndex: number };
  events = 0;

  /** `capacity`: slices to make room for up front (large typed arrays are address space until written, so no copy while growing). */
  constructor(private readonly scan: EventScanner, private readonly problems: Problems, capacity = 4096) {
    const cap = Math.max(4096, capacity);
    this.start = new Column(new Float64Array(cap));
    this.dur = new Column(new Float64Array(cap));
    this.name = new Column(new Int32Array(cap));
    this.track = new Column(new Int32Array(cap));
    this.line = new Column(new Int32Array(cap));
    const s = scan.strings;
    this.ids = { processName: s.idOf('process_name'), threadName: s.idOf('thread_name'), threadSortIndex: s.idOf('thread_sort_index') };
  }

  /** Records read so far (slices and counter samples). */
  get records(): number { return this.n + this.nc; }

  private trackOf(pid: number, tid: number): number {
    const key = pid * 4294967296 + tid;
    if (key === this.lastKey) return this.lastTrack;
    let t = this.trackIds.get(key);
    if (t === undefined) {
      t = this.trackPid.length;
      this.trackIds.set(key, t);
      this.trackPid.push(pid); this.trackTid.push(tid); this.open.push([]);
    }
    this.lastKey = key;
    this.lastTrack = t;
    return t;
  }

  private slice(start: number, dur: number, name: number, track: number, line: number): number {
    const i = this.n++;
    if (i === this.start.a.length) {
      const cap = i * 2;
      this.start.grow(cap); this.dur.grow(cap); this.name.grow(cap); this.track.grow(cap); this.line.grow(cap);
    }
    this.start.a[i] = start; this.dur.a[i] = dur; this.name.a[i] = name; this.track.a[i] = track; this.line.a[i] = line;
    return i;
  }

  private seen(t: number): void {
    if (t < this.minTs) this.minTs = t;
    if (t > this.maxTs) this.maxTs = t;
  }

  event(e: RawEvent): void {
    this.events++;
    const ph = e.ph;
    if (ph === CH_M) {
      const k = e.nArgs ? e.arg(this.scan.keys.name) : -1;
      const sk = e.nArgs ? e.arg(this.scan.keys.sortIndex) : -1;
      if (e.name === this.ids.processName && k >= 0 && e.argType[k] === ArgType.String) this.processNames.set(e.pid, this.scan.strings.list[e.argStr[k]]);
      else if (e.name === this.ids.threadName && k >= 0 && e.argType[k] === ArgType.String) this.threadNames.set(e.pid * 4294967296 + e.tid, this.scan.strings.list[e.argStr[k]]);
      else if (e.name === this.ids.threadSortIndex && sk >= 0 && e.argType[sk] === ArgType.Number) this.sortIndex.set(e.pid * 4294967296 + e.tid, e.argNum[sk]);
      return;
    }
    const ts = e.ts;
    switch (ph) {
      case CH_X: {
        const dur = e.dur === e.dur ? e.dur : 0;
        this.slice(ts, dur, e.name, this.trackOf(e.pid, e.tid), e.line);
        this.seen(ts); this.seen(ts + dur);
        return;
      }
      case CH_B: {
        const t = this.trackOf(e.pid, e.tid);
        this.open[t].push(this.slice(ts, NaN, e.name, t, e.line));
        this.seen(ts);
        return;
      }
      case CH_E: {
        const t = this.trackOf(e.pid, e.tid);
        const s = this.open[t].pop();
        if (s === undefined) return this.problems.bad(e.line, `"E" event with no open "B" on pid ${e.pid} tid ${e.tid}`);
        this.dur.a[s] = Math.max(0, ts - this.start.a[s]);
        this.seen(ts);
        return;
      }
      case CH_C:
        for (let k = 0; k < e.nArgs; k++) {
          if (e.argType[k] !== ArgType.Number) continue;
          const key = e.name * 2097152 + e.argKey[k];
          let s = this.seriesOf.get(key);
          if (s === undefined) {
            const name = e.name >= 0 ? this.scan.strings.list[e.name] : '';
            const argName = this.scan.strings.list[e.argKey[k]];
            s = this.series.length;
            this.series.push({ name: argName === 'value' ? name : `${name}.${argName}`, kind: 'counter', src: 0 });
            this.seriesOf.set(key, s);
          }
          const i = this.nc++;
          if (i === this.ct.a.length) { this.ct.grow(i * 2); this.cs.grow(i * 2); this.cv.grow(i * 2); }
          this.ct.a[i] = ts; this.cs.a[i] = s; this.cv.a[i] = e.argNum[k];
          this.seen(ts);
        }
        return;
      default:
        this.skipped.set(ph, (this.skipped.get(ph) ?? 0) + 1);
    }
  }

  finish(name: string, wallMs: number): Trace {
    const origin = Number.isFinite(this.minTs) ? this.minTs : 0;
    const end = Number.isFinite(this.maxTs) ? this.maxTs - origin : 0;
    for (const [ph, n] of this.skipped) this.problems.warn(0, `${n} "${ph > 0 ? String.fromCharCode(ph) : '?'}" events have no place in this timeline; skipped`);
    const start = this.start.a, dur = this.dur.a, names = this.name.a, trackOf = this.track.a;
    // Slices still open end with the trace.
    this.open.forEach((o, t) => {
      if (!o.length) return;
      this.problems.warn(this.line.a[o[0]], `${o.length} "B" events on pid ${this.trackPid[t]} tid ${this.trackTid[t]} never ended; closed at the end`);
      for (const s of o) dur[s] = this.maxTs - start[s];
    });
    const nTracks = this.trackPid.length;
    const groups = groupSpans(this.n, nTracks, (i) => trackOf[i]);
    const used = [];
    for (let t = 0; t < nTracks; t++) if (groups.offsets[t + 1] > groups.offsets[t]) used.push(t);
    const key = (t: number) => this.trackPid[t] * 4294967296 + this.trackTid[t];
    used.sort((a, b) => this.trackPid[a] - this.trackPid[b] || (this.sortIndex.get(key(a)) ?? 0) - (this.sortIndex.get(key(b)) ?? 0) || this.trackTid[a] - this.trackTid[b]);
    if (used.length > NONE - 1) this.problems.warn(0, `${used.length} tracks: only the first ${NONE - 1} are kept`);
    const kept = used.slice(0, NONE - 1);
    sortGroupsByStart(groups, start, dur);
    const threads: ThreadInfo[] = kept.map((t) => {
      const p = this.processNames.get(this.trackPid[t]) ?? `pid ${this.trackPid[t]}`;
      const th = this.threadNames.get(key(t)) ?? `tid ${this.trackTid[t]}`;
      return { name: `${p} / ${th}`, kind: 'user', priority: 0, cpu: -1, src: 0 };
    });
    // Up to three spans (states before, inside and after, and a run) per slice: reserved, not touched, until written.
    const b = new TraceBuilder(3 * this.n + 2 * kept.length + 16);
    const frameOf = new Int32Array(this.scan.strings.list.length).fill(-1);
    const frame = (id: number) => {
      if (id < 0) return b.frame('', 0);
      let f = frameOf[id];
      if (f < 0) frameOf[id] = f = b.frame(this.scan.strings.list[id], 0);
      return f;
    };
    let nesting = false;
    memoName.fill(-2);
    kept.forEach((t, row) => {
      const order = groups.order.subarray(groups.offsets[t], groups.offsets[t + 1]);
      nesting = flatten(b, order, start, dur, names, frame, row, origin, end) || nesting;
    });
    if (nesting) this.problems.warn(0, 'some slices overlap without nesting (not allowed by the format); each was cut at its parent\'s end');
    // Counters in time order.
    const ci = new Uint32Array(this.nc);
    for (let i = 0; i < this.nc; i++) ci[i] = i;
    const ct = this.ct.a;
    ci.sort((x, y) => ct[x] - ct[y] || x - y);
    for (const i of ci) b.counter(ct[i] - origin, this.cs.a[i], this.cv.a[i]);
    return b.finish({
      version: TRACE_VERSION, name, variant: '', seed: 0, cpus: kept.length, startNs: 0, endNs: end, warmupNs: 0,
      stopReason: 'imported', stopDetail: `Chrome trace: ${this.events} events, ${kept.length} tracks (one row each)`,
      events: this.events, wallMs, threads, locks: [], series: this.series,
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
    });
  }
}

// Per parent stack, the name and stack of its last child: nested slices repeat, so most look-ups end here.
let memoName = new Int32Array(1024).fill(-2);
let memoStack = new Int32Array(1024);
function childStack(b: TraceBuilder, parent: number, name: number, frame: (id: number) => number): number {
  if (parent < memoName.length && memoName[parent] === name) return memoStack[parent];
  const s = b.stack(parent, frame(name));
  if (parent >= memoName.length) {
    const n = new Int32Array(Math.max(parent + 1, memoName.length * 2)).fill(-2);
    n.set(memoName); memoName = n;
    const m = new Int32Array(n.length); m.set(memoStack); memoStack = m;
  }
  memoName[parent] = name;
  memoStack[parent] = s;
  return s;
}

/** One track's slices (in order of start, longer first) → tiling CpuState spans with the open slices as stack; true if nesting was repaired. */
function flatten(b: TraceBuilder, order: Uint32Array, start: Float64Array, dur: Float64Array, names: Int32Array,
  frame: (id: number) => number, row: number, origin: number, end: number): boolean {
  let repaired = false;
  const openEnd: number[] = [];
  const openStack: number[] = [];
  let at = 0; // time covered so far (relative)
  let runStart = -1;
  const USER: number = CpuState.User, IDLE: number = CpuState.Idle, STATE: number = SpanKind.CpuState, RUN: number = SpanKind.ThreadRun;
  const emit = (upTo: number) => {
    if (upTo <= at) return;
    const d = openStack.length;
    b.span(at, upTo - at, STATE, d ? USER : IDLE, row, d ? row : NONE, NONE, 0, d ? openStack[d - 1] : 0);
    at = upTo;
  };
  const closeUntil = (time: number) => {
    while (openEnd.length && openEnd[openEnd.length - 1] <= time) {
      emit(openEnd[openEnd.length - 1]);
      openEnd.pop(); openStack.pop();
      if (!openEnd.length && runStart >= 0) { b.span(runStart, at - runStart, RUN, 0, row, row, NONE, 0, 0); runStart = -1; }
    }
  };
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const s = start[i] - origin;
    let e = s + dur[i];
    closeUntil(s);
    emit(s);
    const d = openEnd.length;
    if (d && e > openEnd[d - 1]) { e = openEnd[d - 1]; repaired = true; }
    if (!d) runStart = s;
    openEnd.push(e);
    openStack.push(childStack(b, d ? openStack[d - 1] : 0, names[i], frame));
  }
  closeUntil(Infinity);
  emit(end);
  return repaired;
}
