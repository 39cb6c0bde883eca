// What is under the pointer: a row and lane from the layout, then a binary
// search in that lane (hitLane) at the current zoom, so a hover costs
// O(log n) whatever the trace size; and the flow arrow nearest the pointer
// (flowHit.ts), which wins over the span beneath only when the pointer is on
// the line itself. Also turns a hit into its description, which the tooltip
// shows.
import type { Trace } from '../../src/trace/schema';
import { readingAt } from './counters';
import { describeCounter, describeFlow, describeFlowBucket, describeInstant, describeSpan, type Description } from './describe';
import { flowAt, type FlowHit } from './flowHit';
import { hitLane } from './lane';
import { rowAt } from './rows';
import type { TimelineIndex } from './traceIndex';
import type { ViewState } from './viewState';

export type Hit =
  | { kind: 'span'; i: number; row: number; lane: number }
  | { kind: 'instant'; i: number; row: number; lane: number }
  | { kind: 'counter'; series: number; time: number; row: number }
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
  if (spec.kind === 'counter') {
    return { kind: 'counter', series: spec.series ?? 0, time: s.win.start + x * npp, row: at.row };
  }
  if (!spec.lane) return null;
  // Instants are thin marks: a wider tolerance makes them possible to point at.
  const pos = hitLane(spec.lane, s.win.start, npp, x, spec.kind === 'marks' ? 3 : 2);
  if (pos < 0) return null;
  const i = spec.lane.idx[pos];
  return spec.kind === 'marks' ? { kind: 'instant', i, row: at.row, lane: at.lane } : { kind: 'span', i, row: at.row, lane: at.lane };
}

/** The description of a hit, or null (a counter before its first sample has nothing to say). */
export function describeHit(trace: Trace, index: TimelineIndex, hit: Hit): Description | null {
  if (!hit) return null;
  if (hit.kind === 'span') return describeSpan(trace, hit.i);
  if (hit.kind === 'instant') return describeInstant(trace, hit.i);
  if (hit.kind === 'flow') return describeFlow(trace, hit.f);
  if (hit.kind === 'flows') return describeFlowBucket(trace, index.flowPairs, hit.pair, hit.a, hit.b);
  const si = index.series[hit.series];
  const reading = si ? readingAt(si, hit.time) : null;
  return reading ? describeCounter(trace, hit.series, reading) : null;
}
