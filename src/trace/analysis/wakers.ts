// Who ended each lock wait: the stack of the CPU that released the lock
// (LockHandoff flow) or woke the waiter (Wakeup flow), found in the flows table
// by the waiter (thread1, or the CPU when there is no thread) and the time the
// wait ended (t1). An adaptive lock's spin followed directly by a sleep on the
// same lock is one wait episode: both parts get the waker of its end.
import { FlowKind, NONE, SpanKind, type Trace } from '../schema';

export const NO_WAKER = -1;

/** Calls `found(spanIndex, wakerStack | NO_WAKER)` for every LockWait span. */
export function wakerStacks(trace: Trace, found: (span: number, waker: number) => void): void {
  const { meta } = trace;
  const nThreads = meta.threads.length;
  const nActors = nThreads + Math.max(meta.cpus, 1) + 1;
  const actor = (t: number, c: number) => (t !== NONE && t < nThreads ? t : nThreads + Math.min(c, nActors - nThreads - 1));

  const f = trace.tables.flows;
  const flowIdx: number[] = [];
  const flowActor: number[] = [];
  for (let i = 0; i < trace.length.flows; i++) {
    if (f.kind[i] !== FlowKind.LockHandoff && f.kind[i] !== FlowKind.Wakeup) continue;
    flowIdx.push(i);
    flowActor.push(actor(f.thread1[i], f.cpu1[i]));
  }
  const flows = groupSorted(flowIdx, flowActor, nActors, f.t1);

  const s = trace.tables.spans;
  const waitIdx: number[] = [];
  const waitActor: number[] = [];
  for (let i = 0; i < trace.length.spans; i++) {
    if (s.kind[i] !== SpanKind.LockWait) continue;
    waitIdx.push(i);
    waitActor.push(actor(s.thread[i], s.cpu[i]));
  }
  const waits = groupSorted(waitIdx, waitActor, nActors, s.start);

  for (let a = 0; a < nActors; a++) {
    const w0 = waits.start[a], w1 = waits.start[a + 1];
    let i = w0;
    while (i < w1) {
      // Extend the episode while the next wait on the same lock starts where this one ended.
      let j = i;
      while (j + 1 < w1) {
        const cur = waits.items[j], next = waits.items[j + 1];
        if (s.obj[next] !== s.obj[cur] || Math.abs(s.start[next] - (s.start[cur] + s.dur[cur])) >= 0.5) break;
        j++;
      }
      const last = waits.items[j];
      const waker = findWaker(trace, flows, a, s.start[last] + s.dur[last], s.obj[last]);
      for (let k = i; k <= j; k++) found(waits.items[k], waker);
      i = j + 1;
    }
  }
}

interface Groups { start: Int32Array; items: Int32Array }

/** Indices grouped by key (counting sort), each group ordered by `time`. */
function groupSorted(idx: number[], key: number[], nKeys: number, time: Float64Array): Groups {
  const start = new Int32Array(nKeys + 1);
  for (const k of key) start[k + 1]++;
  for (let k = 0; k < nKeys; k++) start[k + 1] += start[k];
  const fill = start.slice(0, nKeys);
  const items = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) items[fill[key[i]]++] = idx[i];
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
    const rank = f.kind[fi] === FlowKind.LockHandoff ? (f.obj[fi] === lock ? 3 : 2) : 1;
    if (rank > bestRank) {
      best = f.stack0[fi];
      bestRank = rank;
    }
  }
  return best;
}
