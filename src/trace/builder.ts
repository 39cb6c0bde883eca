// Appends records to growable typed columns and interns strings, frames and
// stacks. A builder sized for its limit (see Table) neither copies while
// growing nor when sealing the trace.
import {
  NONE, TABLE_LAYOUT, TABLE_NAMES, type SourceInfo, type TableName, type Trace, type TraceMeta, type TraceTables,
} from './schema';
import { StringTable } from './stringTable';

type AnyArray = Float64Array | Uint8Array | Uint16Array | Uint32Array;

/**
 * Table buffers of traces their owner has finished with (recycleTrace), for the next table of the
 * same size. The engine reserves each table for the record limit — about 1.7 GB of address space at
 * 20 M records — and V8 counts every new reservation as external memory and answers it with full
 * garbage collections: a pool worker running one replication after another paid two a run on V8's
 * threads. A buffer taken back also has its pages already touched (no first-touch faults). Only
 * reservations this large are kept, at most one per table.
 */
const spare: ArrayBuffer[] = [];
const RECYCLE_MIN_BYTES = 1 << 26;
const MAX_SPARE = 4;

function newBuffer(bytes: number): ArrayBuffer {
  if (bytes >= RECYCLE_MIN_BYTES) {
    const i = spare.findIndex((b) => b.byteLength === bytes);
    if (i >= 0) return spare.splice(i, 1)[0];
  }
  return new ArrayBuffer(bytes);
}

/**
 * The caller will read nothing of `trace` again (nor of any view of its columns): the next
 * engine run in this thread may write its rows into the same buffers. Rows past a table's
 * length are never read, so what the last run left there does not matter. A trace whose
 * buffers were transferred away (detached) is skipped.
 */
export function recycleTrace(trace: Trace): void {
  for (const name of TABLE_NAMES) {
    // a table's first column starts its buffer (Table.columns); a widened column has its own, not kept
    const first = Object.values(trace.tables[name])[0] as AnyArray;
    const buf = first.buffer as ArrayBuffer;
    if (buf.byteLength < RECYCLE_MIN_BYTES || spare.includes(buf)) continue;
    spare.push(buf);
    if (spare.length > MAX_SPARE) spare.shift();
  }
  // A thread that goes idle (the extension's warm worker after a sweep) lets go of them: the pages
  // the last run wrote would otherwise stay resident until its next run.
  clearTimeout(dropSpare);
  dropSpare = setTimeout(() => { spare.length = 0; }, SPARE_IDLE_MS);
  (dropSpare as { unref?: () => void }).unref?.();
}
let dropSpare: ReturnType<typeof setTimeout> | undefined;
const SPARE_IDLE_MS = 2000;
/** A typed-array constructor viewing part of a buffer. */
type TypedCtor = { new (buf: ArrayBuffer, offset: number, length: number): AnyArray; BYTES_PER_ELEMENT: number };

/**
 * Growable columns of plain typed arrays, all of a table's columns laid side
 * by side in one ArrayBuffer. A caller that knows its limit (the engine: the
 * run's record limit) asks for that capacity up front: a large buffer is only
 * address space until written (the kernel hands out zero pages on first
 * touch), so rows cost memory as they are written, appending never copies,
 * and sealing is a subarray, not a concatenation (that copy was about a tenth
 * of a simulation's time). One buffer per table, because V8 may collect
 * garbage on every large allocation. Resizable ArrayBuffers would avoid the
 * reservation but V8 writes to them at half the speed. Past the capacity
 * (importers start small), a table doubles by copying.
 */
class Table<C extends object> {
  /** The columns, `capacity` rows each. */
  cur: C;
  length = 0;
  /** Rows the columns hold before the table must grow (read by the builder's fast paths). */
  capacity: number;
  private readonly layout: [string, TypedCtor][];
  private readonly initial: [string, TypedCtor][];
  constructor(layout: Record<string, TypedCtor>, capacity: number) {
    this.initial = Object.entries(layout);
    this.layout = this.initial.slice();
    this.capacity = Math.max(16, capacity);
    this.cur = this.columns(this.capacity, null);
  }
  /** Columns of `rows` rows in one buffer (each column 8-byte aligned), holding the rows of `from`. */
  private columns(rows: number, from: C | null): C {
    let bytes = 0;
    for (const [, ctor] of this.layout) bytes += align8(rows * ctor.BYTES_PER_ELEMENT);
    const buf = newBuffer(bytes);
    const out: Record<string, AnyArray> = {};
    let at = 0;
    for (const [k, ctor] of this.layout) {
      const col = new ctor(buf, at, rows);
      at += align8(rows * ctor.BYTES_PER_ELEMENT);
      if (from) col.set((from as unknown as Record<string, AnyArray>)[k].subarray(0, this.length));
      out[k] = col;
    }
    return out as unknown as C;
  }
  /** Reserve one row; returns its index. */
  push(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }
  private grow(): void {
    this.capacity *= 2;
    this.cur = this.columns(this.capacity, this.cur);
  }
  /** The columns cut to their rows (views: the unwritten tail was never memory). */
  finish(): C {
    const out: Record<string, AnyArray> = {};
    const cur = this.cur as unknown as Record<string, AnyArray>;
    for (const [k] of this.layout) out[k] = cur[k].subarray(0, this.length);
    return out as unknown as C;
  }
  /**
   * Column `key` becomes a `ctor` column (wider), its rows copied: into a buffer of its own until the
   * table next grows. Once per run at most (a span past 2^32 ns), so a copy is cheap enough.
   */
  widen(key: string, ctor: TypedCtor): void {
    const k = this.layout.findIndex(([name]) => name === key);
    this.layout[k] = [key, ctor];
    const cur = this.cur as unknown as Record<string, AnyArray>;
    const col = new ctor(new ArrayBuffer(this.capacity * ctor.BYTES_PER_ELEMENT), 0, this.capacity);
    col.set(cur[key].subarray(0, this.length));
    cur[key] = col;
  }
  /** Start again empty (narrow again), letting go of the rows' buffers. */
  clear(): void {
    this.length = 0;
    this.capacity = 16;
    this.layout.splice(0, this.layout.length, ...this.initial);
    this.cur = this.columns(this.capacity, null);
  }
}

const align8 = (n: number) => (n + 7) & ~7;
const stackHash = (parent: number, frame: number) => Math.imul(parent, 0x9e3779b1) ^ Math.imul(frame + 0x7f4a7c15, 0x85ebca6b);

export class TraceBuilder {
  readonly spans: Table<TraceTables['spans']>;
  readonly instants: Table<TraceTables['instants']>;
  readonly flows: Table<TraceTables['flows']>;
  readonly counters: Table<TraceTables['counters']>;

  private readonly stringTable = new StringTable();
  readonly strings: string[] = this.stringTable.list;
  readonly frameName: number[] = [0];
  readonly frameSrc: number[] = [0];
  private frameIds = new Map<string, number>();
  readonly stackParent: number[] = [0];
  readonly stackFrame: number[] = [0];
  /** (parent, frame) → stack id + 1, open addressing: a Map keyed by parent × 2^20 + frame hashed heap numbers, a fifth of a Chrome import's time. */
  private stackSlots = new Int32Array(1 << 10);

  /**
   * The spans' columns, held here as well: span() is the engine's most frequent call (a CPU state
   * per op, a lock hold and wait per hand-off), and reading them from the table's column object
   * was two loads more a record and a class check per column (the lock workload: 3% of its time;
   * the same for flows measured nothing). Rebound when the table grows, widens or is cleared.
   */
  private sStart: Float64Array;
  private sDur: Uint32Array | Float64Array;
  private sKind: Uint8Array;
  private sSub: Uint8Array;
  private sCpu: Uint16Array;
  private sThread: Uint16Array;
  private sObj: Uint16Array;
  private sAux: Uint16Array;
  private sStack: Uint32Array;

  /** The spans' dur column holds 64-bit floats (a duration was not a whole number of ns below 2^32). */
  private durWide = false;

  /** `capacity`: rows per table before a table has to copy to grow (address space until written). */
  constructor(capacity = 1024) {
    const table = <K extends TableName>(k: K) =>
      new Table<TraceTables[K]>(TABLE_LAYOUT[k] as unknown as Record<string, TypedCtor>, capacity);
    // durations start narrow (DurColumn): whole ns in 32 bits, 4 bytes a span fewer
    this.spans = new Table<TraceTables['spans']>({ ...TABLE_LAYOUT.spans, dur: Uint32Array } as unknown as Record<string, TypedCtor>, capacity);
    this.instants = table('instants');
    this.flows = table('flows');
    this.counters = table('counters');
    // (as bind(): TypeScript wants the fields assigned in the constructor itself)
    const c = this.spans.cur;
    this.sStart = c.start; this.sDur = c.dur; this.sKind = c.kind; this.sSub = c.sub; this.sCpu = c.cpu;
    this.sThread = c.thread; this.sObj = c.obj; this.sAux = c.aux; this.sStack = c.stack;
    this.intern('');
  }

  private bind(): void {
    const c = this.spans.cur;
    this.sStart = c.start; this.sDur = c.dur; this.sKind = c.kind; this.sSub = c.sub; this.sCpu = c.cpu;
    this.sThread = c.thread; this.sObj = c.obj; this.sAux = c.aux; this.sStack = c.stack;
  }

  get records(): number {
    return this.spans.length + this.instants.length + this.flows.length + this.counters.length;
  }

  /** Rows of each table so far. */
  get lengths(): Record<TableName, number> {
    return { spans: this.spans.length, instants: this.instants.length, flows: this.flows.length, counters: this.counters.length };
  }

  intern(s: string): number {
    return this.stringTable.id(s);
  }


  /** A frame is a function name at a source location (the call site, or the current step for a leaf). */
  frame(name: string, src: number): number {
    const key = `${src}\u0000${name}`;
    let id = this.frameIds.get(key);
    if (id === undefined) {
      id = this.frameName.length;
      this.frameName.push(this.intern(name));
      this.frameSrc.push(src);
      this.frameIds.set(key, id);
    }
    return id;
  }

  /** The stack `parent` with `frame` pushed on top. */
  stack(parent: number, frame: number): number {
    const slots = this.stackSlots;
    const mask = slots.length - 1;
    let h = stackHash(parent, frame) & mask;
    for (;;) {
      const e = slots[h];
      if (e === 0) break;
      if (this.stackParent[e - 1] === parent && this.stackFrame[e - 1] === frame) return e - 1;
      h = (h + 1) & mask;
    }
    const id = this.stackParent.length;
    this.stackParent.push(parent);
    this.stackFrame.push(frame);
    slots[h] = id + 1;
    if (id * 2 > slots.length) this.rehashStacks();
    return id;
  }

  private rehashStacks(): void {
    const slots = new Int32Array(this.stackSlots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.stackParent.length; id++) {
      let h = stackHash(this.stackParent[id], this.stackFrame[id]) & mask;
      while (slots[h] !== 0) h = (h + 1) & mask;
      slots[h] = id + 1;
    }
    this.stackSlots = slots;
  }

  /** Stack from root-first frame names (importers). */
  stackOf(frames: { name: string; src?: number }[]): number {
    let s = 0;
    for (const f of frames) s = this.stack(s, this.frame(f.name, f.src ?? 0));
    return s;
  }

  span(start: number, dur: number, kind: number, sub: number, cpu: number, thread: number, obj: number, aux: number, stack: number): number {
    const t = this.spans;
    const i = t.length;
    // one test for the two rare cases (a full table; a duration the narrow column cannot hold), so the
    // engine's hot paths, where this is inlined, carry a single branch for them
    if (i === t.capacity || (dur >>> 0) !== dur) return this.spanSlow(start, dur, kind, sub, cpu, thread, obj, aux, stack);
    t.length = i + 1;
    this.sStart[i] = start; this.sDur[i] = dur; this.sKind[i] = kind; this.sSub[i] = sub; this.sCpu[i] = cpu;
    this.sThread[i] = thread; this.sObj[i] = obj; this.sAux[i] = aux; this.sStack[i] = stack;
    return i;
  }

  private spanSlow(start: number, dur: number, kind: number, sub: number, cpu: number, thread: number, obj: number, aux: number, stack: number): number {
    // not a whole number of ns below 2^32 (fractional, negative, 4.29 s or more): the column widens, losing nothing
    if ((dur >>> 0) !== dur && !this.durWide) this.widenDur();
    const t = this.spans;
    const i = t.push();
    this.bind(); // (the table may have grown)
    const c = t.cur;
    c.start[i] = start; c.dur[i] = dur; c.kind[i] = kind; c.sub[i] = sub; c.cpu[i] = cpu;
    c.thread[i] = thread; c.obj[i] = obj; c.aux[i] = aux; c.stack[i] = stack;
    return i;
  }

  instant(time: number, kind: number, cpu: number, thread: number, obj: number, aux: number, stack: number): number {
    const t = this.instants;
    const i = t.push();
    const c = t.cur;
    c.time[i] = time; c.kind[i] = kind; c.cpu[i] = cpu; c.thread[i] = thread; c.obj[i] = obj; c.aux[i] = aux; c.stack[i] = stack;
    return i;
  }

  flow(t0: number, t1: number, kind: number, cpu0: number, cpu1: number, thread0: number, thread1: number, obj: number, stack0: number): number {
    const t = this.flows;
    const i = t.push();
    const c = t.cur;
    c.t0[i] = t0; c.t1[i] = t1; c.kind[i] = kind; c.cpu0[i] = cpu0; c.cpu1[i] = cpu1;
    c.thread0[i] = thread0; c.thread1[i] = thread1; c.obj[i] = obj; c.stack0[i] = stack0;
    return i;
  }

  counter(time: number, series: number, value: number, stack = 0): number {
    const t = this.counters;
    const i = t.push();
    const c = t.cur;
    c.time[i] = time; c.series[i] = series; c.value[i] = value; c.stack[i] = stack;
    return i;
  }

  private widenDur(): void {
    this.durWide = true;
    this.spans.widen('dur', Float64Array);
    this.bind();
  }

  /**
   * Let go of the rows: a sealed trace keeps its own views of them, so a
   * builder that outlives its trace (the engine's) holds no trace memory.
   */
  release(): void {
    for (const t of [this.spans, this.instants, this.flows, this.counters] as Table<object>[]) t.clear();
    this.bind();
    this.durWide = false;
  }

  /** Seal the trace. `meta` supplies everything but the interned tables. */
  finish(meta: Omit<TraceMeta, 'strings' | 'frameName' | 'frameSrc' | 'stackParent' | 'stackFrame'>): Trace {
    const length = {
      spans: this.spans.length, instants: this.instants.length, flows: this.flows.length, counters: this.counters.length,
    } as Record<TableName, number>;
    const tables = {
      spans: this.spans.finish(), instants: this.instants.finish(), flows: this.flows.finish(), counters: this.counters.finish(),
    } as TraceTables;
    return {
      meta: {
        ...meta,
        strings: this.strings, frameName: this.frameName, frameSrc: this.frameSrc,
        stackParent: this.stackParent, stackFrame: this.stackFrame,
      },
      tables, length,
    };
  }
}

export { NONE, TABLE_NAMES };
export type { SourceInfo };
