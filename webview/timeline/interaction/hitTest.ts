// What is under the pointer: a row and lane from the layout, then that lane's
// track looks (lanes/: a binary search at the current zoom, so a hover costs
// O(log n) whatever the trace size); and the flow arrow nearest the pointer
// (flowHit.ts), which wins over the span beneath only when the pointer is on
// the line itself. Also turns a hit into its description, which the tooltip
// shows.
import type { Trace } from '../../../src/trace/schema';
import { describeFlow, describeFlowBucket, type Description } from '../panels/describe';
import { flowAt, type FlowHit } from '../flows/flowHit';
import { rowAt } from '../layout/rows';
import { describeCounterHit } from '../lanes/counterTrack';
import { describeInstantHit } from '../lanes/marksTrack';
import { describeSpanHit } from '../lanes/spanTrack';
import type { LaneHit } from '../lanes/track';
import { TRACKS } from '../lanes/tracks';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

export type Hit =
  | LaneHit
  /** One flow arrow. */
  | { kind: 'flow'; f: number }
  /** One arrow standing for the flows at FlowPairs positions [a, b) of CPU pair `pair`. */
  | { kind: 'flows'; pair: number; a: number; b: number }
  | null;

/** Closer than this to an arrow (CSS px), the arrow wins over the span under it; farther, only where no span is. */
export const FLOW_OVER_SPAN_PX = 2;

/** Span or flow: spans stay easy to point at among many arrows, yet an arrow is never out of reach. */
export function pickHit(under: Hit, flow: FlowHit | null): Hit {
  if (!flow) return under;
  const hit: Hit = flow.kind === 'flow' ? { kind: 'flow', f: flow.f } : { kind: 'flows', pair: flow.pair, a: flow.a, b: flow.b };
  if (flow.distance <= FLOW_OVER_SPAN_PX) return hit;
  return under ?? hit;
}

/** What is under stage-local point (x, y) in CSS px, flows included. */
export function pointAt(s: ViewState, index: TimelineIndex, x: number, y: number): Hit {
  return pickHit(hitTest(s, x, y), flowAt(s, index, x, y));
}

/** What is under stage-local point (x, y) in CSS px. */
export function hitTest(s: ViewState, x: number, y: number): Hit {
  const at = rowAt(s.layout, y + s.scrollTop);
  if (!at || at.lane < 0) return null;
  const row = s.layout.rows[at.row];
  const spec = row.lanes[at.lane];
  const npp = (s.win.end - s.win.start) / s.width;
  return TRACKS[spec.kind].hit(spec, s.win.start, npp, x, at.row, at.lane);
}

/** The description of a hit, or null (a counter before its first sample has nothing to say). */
export function describeHit(trace: Trace, index: TimelineIndex, hit: Hit): Description | null {
  if (!hit) return null;
  switch (hit.kind) {
    case 'span': return describeSpanHit(trace, index, hit);
    case 'instant': return describeInstantHit(trace, index, hit);
    case 'counter': return describeCounterHit(trace, index, hit);
    case 'flow': return describeFlow(trace, hit.f);
    case 'flows': return describeFlowBucket(trace, index.flowPairs, hit.pair, hit.a, hit.b);
  }
}
