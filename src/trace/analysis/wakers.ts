// Who ended each lock wait: the stack of the CPU that released the lock
// (LockHandoff flow) or woke the waiter (Wakeup flow), found in the flows table
// by the waiter (thread1, or the CPU when there is no thread) and the time the
// wait ended (t1). An adaptive lock's spin followed directly by a sleep on the
// same lock is one wait episode: both parts get the waker of its end.
import { FlowKind, NONE, SpanKind, type Trace } from '../schema';

export const NO_WAKER = -1;

/** Every LockWait span (grouped by waiter, in time order) with its waker's stack or NO_WAKER. */
export interface WaitWakers { span: Int32Array; waker: Int32Array }

const HANDOFF: number = FlowKind.LockHandoff;
const WAKEUP: number = FlowKind.Wakeup;
const WAIT: number = SpanKind.LockWait;

export function waitWakers(trace: Trace): WaitWakers {
  const { meta } = trace;
  const nThreads = meta.threads.length;
  const maxCpu = Math.max(meta.cpus, 1);
  const nActors = nThreads + maxCpu + 1;
  const actor = (t: number, c: number) => (t !== NONE && t < nThreads ? t : nThreads + (c < maxCpu ? c : maxCpu));

  const f = trace.tables.flows;
  const flowActor = new Int32Array(trace.length.flows).fill(-1);
  for (let i = 0; i < trace.length.flows; i++) {
    const k = f.kind[i];
    if (k === HANDOFF || k === WAKEUP) flowActor[i] = actor(f.thread1[i], f.cpu1[i]);
  }
  const flows = groupSorted(flowActor, nActors, f.t1);

  const s = trace.tables.spans;
  const waitActor = new Int32Array(trace.length.spans).fill(-1);
  for (let i = 0; i < trace.length.spans; i++) if (s.kind[i] === WAIT) waitActor[i] = actor(s.thread[i], s.cpu[i]);
  const waits = groupSorted(waitActor, nActors, s.start);

  const waker = new Int32Array(waits.items.length);
  const { start, dur, obj } = s;
  for (let a = 0; a < nActors; a++) {
    const w1 = waits.start[a + 1];
    let i = waits.start[a];
    while (i < w1) {
      // Extend the episode while the next wait on the same lock starts where this one ended.
      let j = i;
      while (j + 1 < w1) {
        const cur = waits.items[j], next = waits.items[j + 1];
        if (obj[next] !== obj[cur] || Math.abs(start[next] - (start[cur] + dur[cur])) >= 0.5) break;
        j++;
      }
      const last = waits.items[j];
      const w = findWaker(trace, flows, a, start[last] + dur[last], obj[last]);
      for (let k = i; k <= j; k++) waker[k] = w;
      i = j + 1;
    }
  }
  return { span: waits.items, waker };
}

interface Groups { start: Int32Array; items: Int32Array }

/** Row indices with key ≥ 0 grouped by key (counting sort), each group ordered by `time`. */
function groupSorted(key: Int32Array, nKeys: number, time: Float64Array): Groups {
  const start = new Int32Array(nKeys + 1);
  for (let i = 0; i < key.length; i++) if (key[i] >= 0) start[key[i] + 1]++;
  for (let k = 0; k < nKeys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nKeys);
  const items = new Int32Array(start[nKeys]);
  for (let i = 0; i < key.length; i++) if (key[i] >= 0) items[fill[key[i]]++] = i;
  for (let k = 0; k < nKeys; k++) {
    const a = start[k], b = start[k + 1];
    let sorted = true;
    for (let i = a + 1; i < b && sorted; i++) if (time[items[i]] < time[items[i - 1]]) sorted = false;
    if (!sorted) items.set(Array.from(items.subarray(a, b)).sort((x, y) => time[x] - time[y]), a);
  }
  return { start, items };
}

/** The releaser's or waker's stack at a wait's end: a handoff of this lock first, then any handoff, then a wakeup. */
function findWaker(trace: Trace, flows: Groups, a: number, end: number, lock: number): number {
  const f = trace.tables.flows;
  let lo = flows.start[a], hi = flows.start[a + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f.t1[flows.items[mid]] < end - 0.5) lo = mid + 1;
    else hi = mid;
  }
  let best = NO_WAKER, bestRank = 0;
  for (let i = lo; i < flows.start[a + 1]; i++) {
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
