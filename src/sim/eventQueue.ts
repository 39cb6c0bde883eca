// The future event list: a 4-ary min-heap over parallel typed arrays, keyed
// by (time, sequence) so equal times pop in the order they were pushed —
// which keeps runs deterministic. Pushing and popping allocate nothing.
//
// In front of the heap sits one slot for an event pushed earlier than
// everything queued: a CPU whose next op ends before any other event is the
// common case (short ops — a lock word, a counter — after long ones), and such
// an event is popped next without sifting through the heap twice.

import { settleDoubles } from './runtime';

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private type: Uint8Array;
  private a: Int32Array;
  private b: Int32Array;
  private n = 0;
  private counter = 0;

  /** The front slot (hasFront: it holds an event earlier than the heap's root when it was pushed). */
  private hasFront = false;
  private fTime = 0;
  private fType = 0;
  private fA = 0;
  private fB = 0;

  /** Fields of the event last popped. */
  popTime = 0;
  popType = 0;
  popA = 0;
  popB = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.type = new Uint8Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }

  get size(): number { return this.n + (this.hasFront ? 1 : 0); }

  peekTime(): number {
    const heap = this.n ? this.time[0] : Infinity;
    return this.hasFront && this.fTime < heap ? this.fTime : heap;
  }

  push(time: number, type: number, a: number, b: number): void {
    const s = this.counter++;
    if (!this.hasFront && (this.n === 0 || time < this.time[0])) {
      this.hasFront = true;
      this.fTime = time; this.fType = type; this.fA = a; this.fB = b;
      return;
    }
    this.heapPush(time, s, type, a, b);
  }

  private heapPush(time: number, s: number, type: number, a: number, b: number): void {
    if (this.n === this.time.length) this.grow();
    const tm = this.time, sq = this.seq;
    // sift up: move parents down until the slot fits
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      if (tm[p] < time || (tm[p] === time && sq[p] < s)) break;
      this.move(p, i);
      i = p;
    }
    tm[i] = time; sq[i] = s; this.type[i] = type; this.a[i] = a; this.b[i] = b;
  }

  /**
   * Pop the earliest event into popTime/popType/popA/popB; false when empty.
   * Kept this small so the event loop inlines it: most pops take the front slot,
   * and only the rest call into the heap's sift.
   */
  pop(): boolean {
    // The front event went in earlier than everything then in the heap, and whatever was pushed
    // after it has a later sequence number: on equal times it comes first, so time alone decides.
    if (this.hasFront && (this.n === 0 || this.fTime <= this.time[0])) {
      this.hasFront = false;
      this.popTime = this.fTime; this.popType = this.fType; this.popA = this.fA; this.popB = this.fB;
      return true;
    }
    return this.popHeap();
  }

  /** Pop the heap's root (the front slot is empty or later). */
  private popHeap(): boolean {
    if (this.n === 0) return false;
    this.popTime = this.time[0]; this.popType = this.type[0]; this.popA = this.a[0]; this.popB = this.b[0];
    const last = --this.n;
    if (last === 0) return true;
    const tm = this.time, sq = this.seq;
    const t = tm[last], s = sq[last], ty = this.type[last], a = this.a[last], b = this.b[last];
    // sift down through a 4-ary heap: half the levels of a binary one, and a level's moves
    // (five columns each) cost more than its extra comparisons
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= last) break;
      let c = first;
      const end = first + 4 < last ? first + 4 : last;
      for (let k = first + 1; k < end; k++) if (tm[k] < tm[c] || (tm[k] === tm[c] && sq[k] < sq[c])) c = k;
      if (t < tm[c] || (t === tm[c] && s < sq[c])) break;
      this.move(c, i);
      i = c;
    }
    tm[i] = t; sq[i] = s; this.type[i] = ty; this.a[i] = a; this.b[i] = b;
    return true;
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]; this.seq[to] = this.seq[from]; this.type[to] = this.type[from];
    this.a[to] = this.a[from]; this.b[to] = this.b[from];
  }

  private grow(): void {
    const n = this.time.length * 2;
    const g = <T extends Float64Array | Uint8Array | Int32Array>(old: T, C: new (n: number) => T): T => { const x = new C(n); x.set(old); return x; };
    this.time = g(this.time, Float64Array); this.seq = g(this.seq, Float64Array); this.type = g(this.type, Uint8Array);
    this.a = g(this.a, Int32Array); this.b = g(this.b, Int32Array);
  }
}

settleDoubles(new EventQueue(1), ['fTime', 'popTime']);
