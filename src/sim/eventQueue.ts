// The future event list: a 4-ary min-heap in one typed array, keyed by
// (time, sequence) so equal times pop in the order they were pushed —
// which keeps runs deterministic. Pushing and popping allocate nothing.
//
// In front of the heap sits one slot for an event pushed earlier than
// everything queued: a CPU whose next op ends before any other event is the
// common case (short ops — a lock word, a counter — after long ones), and such
// an event is popped next without sifting through the heap twice.

import { settleDoubles } from './runtime';

export class EventQueue {
  /**
   * The heap: four doubles a slot — time, sequence, a × 16 + type, b — in one array, so a level of a
   * sift moves one slot (one array, one cache line) where five columns were five arrays to load,
   * bound-check and store (the heap was a sixth of the packet path's time).
   */
  private h: Float64Array;
  private capacity: number;
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
    this.capacity = capacity;
    this.h = new Float64Array(4 * capacity);
  }

  get size(): number { return this.n + (this.hasFront ? 1 : 0); }

  peekTime(): number {
    const heap = this.n ? this.h[0] : Infinity;
    return this.hasFront && this.fTime < heap ? this.fTime : heap;
  }

  push(time: number, type: number, a: number, b: number): void {
    const s = this.counter++;
    if (!this.hasFront && (this.n === 0 || time < this.h[0])) {
      this.hasFront = true;
      this.fTime = time; this.fType = type; this.fA = a; this.fB = b;
      return;
    }
    // (b as the Int32Array this was stored in before: the same numbers for the generations and indexes it carries)
    this.heapPush(time, s, a * 16 + type, b | 0);
  }

  private heapPush(time: number, s: number, ta: number, b: number): void {
    if (this.n === this.capacity) this.grow();
    const h = this.h;
    // sift up: move parents down until the slot fits
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 2;
      const o = 4 * p;
      const pt = h[o];
      if (pt < time || (pt === time && h[o + 1] < s)) break;
      const d = 4 * i;
      h[d] = pt; h[d + 1] = h[o + 1]; h[d + 2] = h[o + 2]; h[d + 3] = h[o + 3];
      i = p;
    }
    const d = 4 * i;
    h[d] = time; h[d + 1] = s; h[d + 2] = ta; h[d + 3] = b;
  }

  /**
   * Pop the earliest event into popTime/popType/popA/popB; false when empty.
   * Kept this small so the event loop inlines it: most pops take the front slot,
   * and only the rest call into the heap's sift.
   */
  pop(): boolean {
    // The front event went in earlier than everything then in the heap, and whatever was pushed
    // after it has a later sequence number: on equal times it comes first, so time alone decides.
    if (this.hasFront && (this.n === 0 || this.fTime <= this.h[0])) {
      this.hasFront = false;
      this.popTime = this.fTime; this.popType = this.fType; this.popA = this.fA; this.popB = this.fB;
      return true;
    }
    return this.popHeap();
  }

  /** Pop the heap's root (the front slot is empty or later). */
  private popHeap(): boolean {
    if (this.n === 0) return false;
    const h = this.h;
    const ta = h[2];
    this.popTime = h[0]; this.popType = ta & 15; this.popA = ta >> 4; this.popB = h[3];
    const last = --this.n;
    if (last === 0) return true;
    const L = 4 * last;
    const t = h[L], s = h[L + 1], x = h[L + 2], y = h[L + 3];
    // sift down through a 4-ary heap: half the levels of a binary one, and a level's move
    // costs more than its extra comparisons
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= last) break;
      let c = first;
      let ct = h[4 * c], cs = h[4 * c + 1];
      const end = first + 4 < last ? first + 4 : last;
      for (let k = first + 1; k < end; k++) {
        const kt = h[4 * k];
        if (kt < ct || (kt === ct && h[4 * k + 1] < cs)) { c = k; ct = kt; cs = h[4 * k + 1]; }
      }
      if (t < ct || (t === ct && s < cs)) break;
      const d = 4 * i, o = 4 * c;
      h[d] = ct; h[d + 1] = cs; h[d + 2] = h[o + 2]; h[d + 3] = h[o + 3];
      i = c;
    }
    const d = 4 * i;
    h[d] = t; h[d + 1] = s; h[d + 2] = x; h[d + 3] = y;
    return true;
  }

  private grow(): void {
    this.capacity *= 2;
    const h = new Float64Array(4 * this.capacity);
    h.set(this.h);
    this.h = h;
  }
}

settleDoubles(new EventQueue(1), ['fTime', 'popTime']);
