// "Who blocked me": for a lock wait, the holds of that lock by other threads
// during the wait (the first one is the holder recorded when the wait began),
// and the handoff/wakeup flow that ended it. For any span, the flows that
// leave or enter it (wakeups, handoffs, IPIs) so the timeline can draw them.
import { FlowKind, NONE, SpanKind } from '../../../src/trace/schema';
import { waitHolder } from '../../../src/trace/columns';
import { overlapping } from './lane';
import { lowerBound, upperBound } from './search';
import type { TimelineIndex } from './traceIndex';

export interface Blockers {
  /** LockHold span rows of the same lock by other threads (or other CPUs, in interrupt context) overlapping the wait, by start. */
  holds: number[];
  /** Thread recorded as holder when the wait began, or -1. */
  holder: number;
  /** The flow (handoff or wakeup of this lock) that ended the wait, or -1. */
  handoff: number;
}

export function whoBlocked(index: TimelineIndex, span: number): Blockers | null {
  const { trace } = index;
  const sp = trace.tables.spans;
  if (span < 0 || span >= trace.length.spans || sp.kind[span] !== SpanKind.LockWait) return null;
  const lock = sp.obj[span];
  const waiter = sp.thread[span];
  const waiterCpu = sp.cpu[span];
  // Someone else: another thread, or (interrupt context, no thread) another CPU.
  const other = (i: number) => sp.thread[i] !== waiter || (waiter === NONE && sp.cpu[i] !== waiterCpu);
  const ws = sp.start[span];
  const we = ws + sp.dur[span];
  const holds: number[] = [];
  for (const lane of index.lockHoldLanes(lock)) {
    const [a, b] = overlapping(lane, ws, Math.max(we, ws + 1e-9));
    for (let k = a; k < b; k++) {
      const i = lane.idx[k];
      if (other(i) && sp.start[i] + sp.dur[i] > ws) holds.push(i);
    }
  }
  holds.sort((x, y) => sp.start[x] - sp.start[y] || x - y);

  const fl = trace.tables.flows;
  const { order, t0 } = index.flows;
  let handoff = -1;
  let bestGap = Infinity;
  const a = lowerBound(t0, ws);
  const b = upperBound(t0, we, a);
  for (let k = a; k < b; k++) {
    const f = order[k];
    if (fl.obj[f] !== lock || fl.thread1[f] !== waiter || (waiter === NONE && fl.cpu1[f] !== waiterCpu)) continue;
    if (fl.kind[f] !== FlowKind.LockHandoff && fl.kind[f] !== FlowKind.Wakeup) continue;
    const gap = Math.abs(fl.t1[f] - we);
    if (gap < bestGap) { bestGap = gap; handoff = f; }
  }
  const holder = waitHolder(sp, span);
  return { holds, holder, handoff };
}

/** Flows leaving (t0 inside, same thread) or entering (t1 inside, same thread) a span. At most `cap` scanned. */
export function relatedFlows(index: TimelineIndex, span: number, cap = 20000): number[] {
  const { trace } = index;
  const sp = trace.tables.spans;
  if (span < 0 || span >= trace.length.spans) return [];
  const s = sp.start[span];
  const e = s + sp.dur[span];
  const th = sp.thread[span];
  const fl = trace.tables.flows;
  const { order, t0, maxDur } = index.flows;
  const out: number[] = [];
  const a = lowerBound(t0, s - maxDur);
  const b = Math.min(upperBound(t0, e, a), a + cap);
  for (let k = a; k < b; k++) {
    const f = order[k];
    const leaves = fl.thread0[f] === th && fl.t0[f] >= s && fl.t0[f] <= e && fl.cpu0[f] === sp.cpu[span];
    const enters = fl.thread1[f] === th && fl.t1[f] >= s && fl.t1[f] <= e && fl.cpu1[f] === sp.cpu[span];
    if (leaves || enters) out.push(f);
  }
  return out;
}

/** Flows overlapping [w0, w1) in t0 order, or null when more than `limit` would be drawn. */
export function visibleFlows(index: TimelineIndex, w0: number, w1: number, limit: number): number[] | null {
  const fl = index.trace.tables.flows;
  const { order, t0, maxDur } = index.flows;
  const a = lowerBound(t0, w0 - maxDur);
  const b = lowerBound(t0, w1, a);
  const out: number[] = [];
  for (let k = a; k < b; k++) {
    const f = order[k];
    if (fl.t1[f] < w0) continue;
    if (out.length >= limit) return null;
    out.push(f);
  }
  return out;
}
