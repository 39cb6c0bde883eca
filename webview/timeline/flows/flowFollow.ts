// Following a flow from span to span: the span an arrow leaves from or points
// at (what clicking the arrow selects), and, for a selected span, the flow
// that enters or leaves it (what [ and ] follow). Pure: lanes and binary
// searches on the timeline index.
import { NONE } from '../../../src/trace/schema';
import { relatedFlows } from '../data/blockers';
import type { Lane } from '../data/lane';
import { upperBound } from '../data/search';
import type { TimelineIndex } from '../data/traceIndex';

/** The lane an arrow attaches to on a CPU row (as cpuAnchor): its threads, or its states when nothing ran as a thread. */
function anchorLane(index: TimelineIndex, cpu: number): Lane | undefined {
  const c = index.cpus[cpu];
  if (!c) return undefined;
  return index.hasThreadRuns ? c.threads : c.states;
}

/**
 * The span at one end of flow f, in the lane its arrow attaches to: at the
 * target (end 1) the record running at t1 (a record starting exactly at t1,
 * the woken thread's run, counts); at the source (end 0) the one running
 * just before t0 (a record ending exactly at t0, the releaser's, counts).
 * When the flow names a thread and both candidates touch the time, the
 * thread's own record wins. -1 when nothing is there (an idle gap).
 */
export function flowEndSpan(index: TimelineIndex, f: number, end: 0 | 1): number {
  const fl = index.trace.tables.flows;
  const lane = anchorLane(index, end === 0 ? fl.cpu0[f] : fl.cpu1[f]);
  if (!lane || lane.n === 0) return -1;
  const t = end === 0 ? fl.t0[f] : fl.t1[f];
  const thread = end === 0 ? fl.thread0[f] : fl.thread1[f];
  const th = index.trace.tables.spans.thread;
  // The last record starting at or before t, and the one before it (which may end exactly at t).
  const k = upperBound(lane.start, t) - 1;
  const candidates: number[] = [];
  for (const p of [k, k - 1]) {
    if (p < 0) continue;
    const inside = end === 1 ? lane.start[p] <= t && (t < lane.end[p] || lane.start[p] === t) : lane.start[p] < t && t <= lane.end[p];
    if (inside) candidates.push(p);
  }
  if (candidates.length === 0) return -1;
  const own = thread === NONE ? undefined : candidates.find((p) => th[lane.idx[p]] === thread);
  return lane.idx[own ?? candidates[0]];
}

/** What clicking flow f selects: its target span, or its source span when nothing is at the target. */
export function flowClickSpan(index: TimelineIndex, f: number): number {
  const target = flowEndSpan(index, f, 1);
  return target >= 0 ? target : flowEndSpan(index, f, 0);
}

export interface Followed {
  flow: number;
  /** The span at the flow's other end (-1: none there). */
  span: number;
}

/**
 * From a selected span, the flow to follow: dir 1 the first flow leaving it
 * (by t0) and the span it points at; dir -1 the first flow entering it (by
 * t1) and the span it came from. Null when no flow leaves (enters) it.
 */
export function followFlow(index: TimelineIndex, span: number, dir: 1 | -1): Followed | null {
  const trace = index.trace;
  const sp = trace.tables.spans;
  const fl = trace.tables.flows;
  if (span < 0 || span >= trace.length.spans) return null;
  const s = sp.start[span];
  const e = s + sp.dur[span];
  let best = -1;
  for (const f of relatedFlows(index, span)) {
    const leaves = fl.thread0[f] === sp.thread[span] && fl.cpu0[f] === sp.cpu[span] && fl.t0[f] >= s && fl.t0[f] <= e;
    const enters = fl.thread1[f] === sp.thread[span] && fl.cpu1[f] === sp.cpu[span] && fl.t1[f] >= s && fl.t1[f] <= e;
    if (dir === 1 ? !leaves : !enters) continue;
    const key = dir === 1 ? fl.t0[f] : fl.t1[f];
    const bestKey = best < 0 ? Infinity : dir === 1 ? fl.t0[best] : fl.t1[best];
    if (key < bestKey || (key === bestKey && f < best)) best = f;
  }
  if (best < 0) return null;
  return { flow: best, span: flowEndSpan(index, best, dir === 1 ? 1 : 0) };
}
