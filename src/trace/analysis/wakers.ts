// Who ended each lock wait: the stack of the CPU that released the lock
// (LockHandoff flow) or woke the waiter (Wakeup flow), found in the flows table
// by the waiter (thread1, or the CPU when there is no thread) and the time the
// wait ended (t1). An adaptive lock's spin followed directly by a sleep on the
// same lock is one wait episode: both parts get the waker of its end.
// When no flow ends the wait (a spinner that took a lock freed while an
// interrupt ran, the end of a pserialize grace period), the releaser is the
// last hold of that lock, by anyone else, that ended during the wait: its
// stack is where it took the lock.
import { FlowKind, SpanKind, type Trace } from '../schema';
import { actorOf } from './actorTimeIndex';

export const NO_WAKER = -1;

/** Every LockWait span (grouped by waiter, in time order) with its waker's stack or NO_WAKER. */
export interface WaitWakers { span: Int32Array; waker: Int32Array }

const HANDOFF: number = FlowKind.LockHandoff;
const WAKEUP: number = FlowKind.Wakeup;
const WAIT: number = SpanKind.LockWait;
const HOLD: number = SpanKind.LockHold;

export function waitWakers(trace: Trace): WaitWakers {
  const { meta } = trace;
  const nThreads = meta.threads.length;
  const maxCpu = Math.max(meta.cpus, 1);
  const nActors = nThreads + maxCpu + 1;
  const actor = (t: number, c: number) => actorOf(t, c, nThreads, maxCpu);

  const f = trace.tables.flows;
  const flowRows = new RowList();
  // Columns in locals: the loops run over millions of rows.
  const { kind: fKind, thread1, cpu1 } = f;
  for (let i = 0; i < trace.length.flows; i++) {
    const k = fKind[i];
    if (k === HANDOFF || k === WAKEUP) flowRows.push(i, actor(thread1[i], cpu1[i]));
  }
  const flows = groupSorted(flowRows, nActors, (i) => f.t1[i]);

  const s = trace.tables.spans;
  const waitRows = new RowList();
  const { kind: sKind, thread: sThread, cpu: sCpu } = s;
  for (let i = 0; i < trace.length.spans; i++) if (sKind[i] === WAIT) waitRows.push(i, actor(sThread[i], sCpu[i]));
  const waits = groupSorted(waitRows, nActors, (i) => s.start[i]);
  let holds: Groups | null = null; // built on first need

  const waker = new Int32Array(waits.items.length);
  const { start, dur, obj } = s;
  const { t1: flowT1 } = f;
  for (let a = 0; a < nActors; a++) {
    const w1 = waits.start[a + 1];
    let i = waits.start[a];
    // Episodes end in time order and the actor's flows are in t1 order: one forward pointer finds each.
    let fp = flows.start[a];
    const fEnd = flows.start[a + 1];
    while (i < w1) {
      // Extend the episode while the next wait on the same lock starts where this one ended.
      let j = i;
      while (j + 1 < w1) {
        const cur = waits.items[j], next = waits.items[j + 1];
        if (obj[next] !== obj[cur] || Math.abs(start[next] - (start[cur] + dur[cur])) >= 0.5) break;
        j++;
      }
      const last = waits.items[j];
      const end = start[last] + dur[last];
      while (fp < fEnd && flowT1[flows.items[fp]] < end - 0.5) fp++;
      let w = findWaker(trace, flows, fp, fEnd, end, obj[last]);
      if (w === NO_WAKER && obj[last] < meta.locks.length) {
        holds ??= holdsByLock(trace);
        w = lastRelease(trace, holds, obj[last], start[waits.items[i]], end, a, actor);
      }
      for (let k = i; k <= j; k++) waker[k] = w;
      i = j + 1;
    }
  }
  return { span: waits.items, waker };
}

interface Groups { start: Int32Array; items: Int32Array }

/** Table rows with a group key each, appended to growable typed arrays. */
class RowList {
  rows = new Int32Array(1024);
  keys = new Int32Array(1024);
  length = 0;
  push(row: number, key: number): void {
    if (this.length === this.rows.length) {
      const r = new Int32Array(this.length * 2); r.set(this.rows); this.rows = r;
      const k = new Int32Array(this.length * 2); k.set(this.keys); this.keys = k;
    }
    this.rows[this.length] = row;
    this.keys[this.length++] = key;
  }
}

/** Rows grouped by key (counting sort), each group ordered by `time` (already in order when recorded in time order). */
function groupSorted(list: RowList, nKeys: number, time: (row: number) => number): Groups {
  const start = new Int32Array(nKeys + 1);
  const { rows, keys, length } = list;
  for (let i = 0; i < length; i++) start[keys[i] + 1]++;
  for (let k = 0; k < nKeys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nKeys);
  const items = new Int32Array(length);
  for (let i = 0; i < length; i++) items[fill[keys[i]]++] = rows[i];
  for (let k = 0; k < nKeys; k++) {
    const a = start[k], b = start[k + 1];
    let sorted = true;
    for (let i = a + 1; i < b && sorted; i++) if (time(items[i]) < time(items[i - 1])) sorted = false;
    if (!sorted) items.set(Array.from(items.subarray(a, b)).sort((x, y) => time(x) - time(y)), a);
  }
  return { start, items };
}

/** The releaser's or waker's stack at a wait's end: a handoff of this lock first, then any handoff, then a wakeup. */
function findWaker(trace: Trace, flows: Groups, from: number, to: number, end: number, lock: number): number {
  const f = trace.tables.flows;
  let best = NO_WAKER, bestRank = 0;
  for (let i = from; i < to; i++) {
    const fi = flows.items[i];
    if (f.t1[fi] > end + 0.5) break;
    const rank = f.kind[fi] === HANDOFF ? (f.obj[fi] === lock ? 3 : 2) : 1;
    if (rank > bestRank) {
      best = f.stack0[fi];
      bestRank = rank;
    }
  }
  return best;
}

/** LockHold spans grouped by lock, ordered by their end. */
function holdsByLock(trace: Trace): Groups {
  const s = trace.tables.spans;
  const nLocks = trace.meta.locks.length;
  const list = new RowList();
  const { kind, obj } = s;
  for (let i = 0; i < trace.length.spans; i++) if (kind[i] === HOLD && obj[i] < nLocks) list.push(i, obj[i]);
  return groupSorted(list, nLocks, (i) => s.start[i] + s.dur[i]);
}

/** Stack of the last hold of `lock` by another actor ending within [from, end]. */
function lastRelease(trace: Trace, holds: Groups, lock: number, from: number, end: number, self: number,
  actor: (t: number, c: number) => number): number {
  const s = trace.tables.spans;
  const g0 = holds.start[lock];
  let lo = g0, hi = holds.start[lock + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const h = holds.items[mid];
    if (s.start[h] + s.dur[h] <= end + 0.5) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= g0; i--) {
    const h = holds.items[i];
    if (s.start[h] + s.dur[h] < from - 0.5) break;
    if (actor(s.thread[h], s.cpu[h]) !== self) return s.stack[h];
  }
  return NO_WAKER;
}
