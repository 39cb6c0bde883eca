// Which flow arrows (wakeups, lock handoffs, IPIs) are drawn, and where.
// The base canvas draws each flow in view as its own arrow up to a limit;
// past it (zoomed out) it draws the flows in buckets per CPU pair, one
// weighted arrow per bucket (flowBuckets.ts), so hand-off traffic between
// CPUs stays visible at any zoom. The overlay always draws the selected
// span's own flows and who blocked it.
import { relatedFlows, visibleFlows, whoBlocked, type Blockers } from '../data/blockers';
import type { DrawState, Frame, Renderer } from '../draw/draw';
import { bucketFlows, type FlowBuckets } from './flowBuckets';
import type { FlowPairs } from './flowPairs';
import { outlineSpan } from '../lanes/spanLanes';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

/** Above this many flows in view, flows are drawn in buckets instead of one by one. */
export const FLOW_LIMIT = 150;

/** What the base canvas draws for flows in a frame (kept in the view state: the hit test reads it). */
export type FlowLayer =
  | { kind: 'none' }
  | { kind: 'each'; flows: number[] }
  | { kind: 'buckets'; pairs: FlowPairs; buckets: FlowBuckets };

export const NO_FLOWS: FlowLayer = { kind: 'none' };

/** Flows for the base canvas: none when switched off, each one when few are in view, else buckets (filled into `buffer`). */
export function baseFlows(s: ViewState, index: TimelineIndex, buffer: FlowBuckets): FlowLayer {
  if (!s.showFlows || index.trace.length.flows === 0) return NO_FLOWS;
  const each = visibleFlows(index, s.win.start, s.win.end, FLOW_LIMIT);
  if (each) return { kind: 'each', flows: each };
  const pairs = index.flowPairs;
  const npp = (s.win.end - s.win.start) / s.width;
  return { kind: 'buckets', pairs, buckets: bucketFlows(pairs, s.win.start, s.win.end, s.bounds.start, npp, s.width, buffer) };
}

export interface SelectedLinks {
  span: number;
  blockers: Blockers | null;
  /** Flows leaving or entering the span. */
  flows: number[];
}

let lastLinks: { index: TimelineIndex; links: SelectedLinks } | null = null;

/** The selected span's blockers and flows, kept while it stays selected (the overlay redraws on every hover). */
export function selectedLinks(s: ViewState, index: TimelineIndex): SelectedLinks | null {
  const i = s.selectedSpan;
  if (i < 0) return null;
  if (lastLinks && lastLinks.index === index && lastLinks.links.span === i) return lastLinks.links;
  const links = { span: i, blockers: whoBlocked(index, i), flows: relatedFlows(index, i) };
  lastLinks = { index, links };
  return links;
}

/** The selected span, outlined, with the holders that blocked it, the handoff that woke it, and its flows. */
export function drawSelectedSpanLinks(
  g: CanvasRenderingContext2D, f: Frame, s: ViewState, index: TimelineIndex, renderer: Renderer, state: () => DrawState,
): void {
  const links = selectedLinks(s, index);
  if (!links) return;
  const th = s.theme;
  const trace = index.trace;
  const b = links.blockers;
  if (b) {
    for (const hold of b.holds) outlineSpan(g, f, trace, s.layout, hold, th.blocker, 2);
    if (b.handoff >= 0) renderer.drawFlows(g, f, state(), [b.handoff], 1, th.blocker, 2);
  }
  renderer.drawFlows(g, f, state(), links.flows, 1, undefined, 1.5);
  outlineSpan(g, f, trace, s.layout, links.span, th.focus, 2);
}
