// (actor, time) → a number, for the lock table's hand-offs: each actor's
// entries in a bucket of their own, sorted by time, read from a cursor that
// follows the actor's holds. The hash this replaces (one open-addressed table
// over every actor, ~5 MB for 90 k hand-offs) was probed at random once per
// hand-off and once per contended hold: about a third of the lock table's time
// per run. Here the buckets are written in flow order and read mostly in
// sequence — an actor's holds come in time order, so the next hold's hand-off
// is usually the entry after the last one found — with a binary search for
// the rest (nested holds, an imported trace's order).
//
// Built in three steps over the same entries: count(actor) each, then
// place() each, then seal(). Only typed arrays and numbers: the class lives
// as long as the process (see lockstat.ts's LockScan), so the code reading it
// is compiled once.

import { NONE } from '../schema';

/**
 * Who a record is charged to in the lock passes (lockstat.ts, wakers.ts): its
 * thread; for work with no thread (an interrupt), its CPU, numbered after the
 * threads; a CPU number past the trace's CPUs (an imported record) shares the
 * one actor after them. So there are nThreads + nCpus + 1 actors.
 */
export function actorOf(thread: number, cpu: number, nThreads: number, nCpus: number): number {
  return thread !== NONE && thread < nThreads ? thread : nThreads + (cpu < nCpus ? cpu : nCpus);
}

export class ActorTimeIndex {
  /** First slot of each actor's bucket (actors + 1 entries once counted). */
  readonly begin: Int32Array;
  /** One past the last slot in use per actor: where place() writes, then the bucket's end after seal(). */
  readonly end: Int32Array;
  /** Per actor, the slot of its last hit: where the next look-up starts. */
  readonly cursor: Int32Array;
  time: Float64Array = new Float64Array(0);
  value: Float64Array = new Float64Array(0);
  constructor(readonly actors: number) {
    this.begin = new Int32Array(actors + 1);
    this.end = new Int32Array(actors);
    this.cursor = new Int32Array(actors);
  }

  /** One more entry for `actor` (before any place()). */
  count(actor: number): void {
    this.begin[actor + 1]++;
  }

  /** After counting: the buckets laid out. */
  layOut(): void {
    const { begin, end, cursor, actors } = this;
    for (let a = 0; a < actors; a++) {
      begin[a + 1] += begin[a];
      end[a] = begin[a];
      cursor[a] = begin[a];
    }
    this.time = new Float64Array(begin[actors]);
    this.value = new Float64Array(begin[actors]);
  }

  /** An entry; for the same actor and time a later one replaces an earlier (as Map.set). A NaN time is never found. */
  place(actor: number, time: number, value: number): void {
    if (time !== time) return;
    const at = this.end[actor]++;
    this.time[at] = time;
    this.value[at] = value;
  }

  /** After placing: each bucket sorted by time (rarely needed: flows come in time order), one entry per time. */
  seal(): void {
    for (let a = 0; a < this.actors; a++) sealBucket(this.time, this.value, this.begin[a], this.end, a);
  }

  /** The value at (actor, time); NaN when there is none. */
  get(actor: number, time: number): number {
    const t = this.time;
    const e = this.end[actor];
    const c = this.cursor[actor];
    if (c < e) {
      const tc = t[c];
      if (tc === time) return this.value[c];
      if (tc < time && c + 1 < e && t[c + 1] === time) {
        this.cursor[actor] = c + 1;
        return this.value[c + 1];
      }
    }
    let lo = this.begin[actor], hi = e;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] < time) lo = mid + 1; else hi = mid;
    }
    if (lo < e && t[lo] === time) {
      this.cursor[actor] = lo;
      return this.value[lo];
    }
    return NaN;
  }
}

/** Sort one bucket by time if it is not (stable: flow order among equal times), then keep the last entry of each time. */
function sealBucket(time: Float64Array, value: Float64Array, b: number, end: Int32Array, a: number): void {
  const e = end[a];
  if (!inOrder(time, b, e)) sortBucket(time, value, b, e);
  end[a] = lastOfEachTime(time, value, b, e);
}

// One loop per function: see lockstat.ts's countHandoffs.

function inOrder(time: Float64Array, b: number, e: number): boolean {
  for (let j = b; j + 1 < e; j++) if (time[j + 1] < time[j]) return false;
  return true;
}

function sortBucket(time: Float64Array, value: Float64Array, b: number, e: number): void {
  const order = Array.from({ length: e - b }, (_, k) => b + k);
  order.sort((x, y) => time[x] - time[y] || x - y);
  const t = order.map((j) => time[j]), v = order.map((j) => value[j]);
  time.set(t, b);
  value.set(v, b);
}

/** Entries of equal time (adjacent once sorted) become one with the last one's value; returns the bucket's new end. */
function lastOfEachTime(time: Float64Array, value: Float64Array, b: number, e: number): number {
  let w = b;
  for (let j = b; j < e; j++) {
    if (w > b && time[w - 1] === time[j]) value[w - 1] = value[j];
    else { time[w] = time[j]; value[w] = value[j]; w++; }
  }
  return w;
}
