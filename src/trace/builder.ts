// Appends records to growable typed columns and interns strings, frames and
// stacks. Columns grow one at a time (the old one is dropped before the next
// grows) so the peak during growth is the trace plus one column, not twice
// the trace.
import {
  NONE, TABLE_LAYOUT, TABLE_NAMES, type SourceInfo, type TableName, type Trace, type TraceMeta, type TraceTables,
} from './schema';

type AnyArray = Float64Array | Uint8Array | Uint16Array | Uint32Array;
type Ctor = new (n: number) => AnyArray;

/**
 * Growable columns stored as chunks (first small, doubling up to CHUNK_MAX), so
 * appending never copies; `finish` concatenates each column once, releasing
 * its chunks before the next column, so the peak is the trace plus a column.
 */
const CHUNK_MAX = 1 << 16;

class Table<C extends object> {
  /** Columns of the chunk being filled. */
  cur: C;
  /** Row within the current chunk. */
  pos = 0;
  private size: number;
  private base = 0;
  private full: Record<string, AnyArray[]> = {};
  constructor(private layout: Record<string, Ctor>, initial: number) {
    this.size = Math.max(16, Math.min(initial, CHUNK_MAX));
    for (const k of Object.keys(layout)) this.full[k] = [];
    this.cur = this.alloc();
  }
  private alloc(): C {
    const cols: Record<string, AnyArray> = {};
    for (const [k, ctor] of Object.entries(this.layout)) cols[k] = new ctor(this.size);
    return cols as unknown as C;
  }
  get length(): number { return this.base + this.pos; }
  /** Reserve one row; returns its index in `cur` (the global row is base + that). */
  push(): number {
    if (this.pos === this.size) {
      const cols = this.cur as unknown as Record<string, AnyArray>;
      for (const k of Object.keys(cols)) this.full[k].push(cols[k]);
      this.base += this.size;
      this.size = Math.min(this.size * 2, CHUNK_MAX);
      this.pos = 0;
      this.cur = this.alloc();
    }
    return this.pos++;
  }
  get rowBase(): number { return this.base; }
  finish(): C {
    const out: Record<string, AnyArray> = {};
    const cur = this.cur as unknown as Record<string, AnyArray>;
    const n = this.length;
    for (const [k, ctor] of Object.entries(this.layout)) {
      const col = new ctor(n);
      let at = 0;
      for (const ch of this.full[k]) { col.set(ch, at); at += ch.length; }
      col.set(cur[k].subarray(0, this.pos), at);
      this.full[k] = [];
      out[k] = col;
    }
    this.cur = out as unknown as C;
    this.base = 0;
    this.pos = n;
    this.size = n;
    return this.cur;
  }
}

export class TraceBuilder {
  readonly spans: Table<TraceTables['spans']>;
  readonly instants: Table<TraceTables['instants']>;
  readonly flows: Table<TraceTables['flows']>;
  readonly counters: Table<TraceTables['counters']>;

  readonly strings: string[] = [];
  private stringIds = new Map<string, number>();
  readonly frameName: number[] = [0];
  readonly frameSrc: number[] = [0];
  private frameIds = new Map<string, number>();
  readonly stackParent: number[] = [0];
  readonly stackFrame: number[] = [0];
  private stackIds = new Map<number, number>();

  constructor(initial = 1024) {
    this.spans = new Table<TraceTables['spans']>(TABLE_LAYOUT.spans as unknown as Record<string, Ctor>, initial);
    this.instants = new Table<TraceTables['instants']>(TABLE_LAYOUT.instants as unknown as Record<string, Ctor>, initial);
    this.flows = new Table<TraceTables['flows']>(TABLE_LAYOUT.flows as unknown as Record<string, Ctor>, initial);
    this.counters = new Table<TraceTables['counters']>(TABLE_LAYOUT.counters as unknown as Record<string, Ctor>, initial);
    this.intern('');
  }

  get records(): number {
    return this.spans.length + this.instants.length + this.flows.length + this.counters.length;
  }

  /** Rows of each table so far. */
  get lengths(): Record<TableName, number> {
    return { spans: this.spans.length, instants: this.instants.length, flows: this.flows.length, counters: this.counters.length };
  }

  intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
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
    const key = parent * 0x100000 + frame; // frames < 2^20; exact below 2^53
    let id = this.stackIds.get(key);
    if (id === undefined) {
      id = this.stackParent.length;
      this.stackParent.push(parent);
      this.stackFrame.push(frame);
      this.stackIds.set(key, id);
    }
    return id;
  }

  /** Stack from root-first frame names (importers). */
  stackOf(frames: { name: string; src?: number }[]): number {
    let s = 0;
    for (const f of frames) s = this.stack(s, this.frame(f.name, f.src ?? 0));
    return s;
  }

  span(start: number, dur: number, kind: number, sub: number, cpu: number, thread: number, obj: number, aux: number, stack: number): number {
    const t = this.spans;
    const i = t.push();
    const c = t.cur;
    c.start[i] = start; c.dur[i] = dur; c.kind[i] = kind; c.sub[i] = sub; c.cpu[i] = cpu;
    c.thread[i] = thread; c.obj[i] = obj; c.aux[i] = aux; c.stack[i] = stack;
    return t.rowBase + i;
  }

  instant(time: number, kind: number, cpu: number, thread: number, obj: number, aux: number, stack: number): number {
    const t = this.instants;
    const i = t.push();
    const c = t.cur;
    c.time[i] = time; c.kind[i] = kind; c.cpu[i] = cpu; c.thread[i] = thread; c.obj[i] = obj; c.aux[i] = aux; c.stack[i] = stack;
    return t.rowBase + i;
  }

  flow(t0: number, t1: number, kind: number, cpu0: number, cpu1: number, thread0: number, thread1: number, obj: number, stack0: number): number {
    const t = this.flows;
    const i = t.push();
    const c = t.cur;
    c.t0[i] = t0; c.t1[i] = t1; c.kind[i] = kind; c.cpu0[i] = cpu0; c.cpu1[i] = cpu1;
    c.thread0[i] = thread0; c.thread1[i] = thread1; c.obj[i] = obj; c.stack0[i] = stack0;
    return t.rowBase + i;
  }

  counter(time: number, series: number, value: number, stack = 0): number {
    const t = this.counters;
    const i = t.push();
    const c = t.cur;
    c.time[i] = time; c.series[i] = series; c.value[i] = value; c.stack[i] = stack;
    return t.rowBase + i;
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
