// Which flow arrow is under the pointer: the arrows the last base frame drew
// (one curve per flow, or one line per bucket) and the selected span's own
// flows on the overlay, measured with the renderer's own geometry
// (flowGeometry.ts); the nearest within a few pixels wins.
import { bucketLine, cpuAnchors, flowLine, nearestArrow, type DrawnArrow } from './flowGeometry';
import { selectedLinks } from './flows';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

/** How far from an arrow the pointer may be and still hover it, in CSS px. */
export const FLOW_HIT_PX = 4;

export type FlowHit =
  | { kind: 'flow'; f: number; distance: number }
  /** Bucket of pair `pair` holding FlowPairs positions [a, b). */
  | { kind: 'flows'; pair: number; a: number; b: number; distance: number };

type Ref = { kind: 'flow'; f: number } | { kind: 'flows'; pair: number; a: number; b: number };

/** Every arrow on screen in drawing order (base, then overlay), with what each stands for. */
export function drawnArrows(s: ViewState, index: TimelineIndex): { arrows: DrawnArrow[]; refs: Ref[] } {
  const arrows: DrawnArrow[] = [];
  const refs: Ref[] = [];
  const trace = index.trace;
  const anchors = cpuAnchors(s.layout, trace.meta.cpus);
  const start = s.win.start;
  const npp = (s.win.end - s.win.start) / s.width;
  const one = (f: number) => {
    const line = flowLine(trace, anchors, f, start, npp);
    if (line) { arrows.push({ line, curved: true }); refs.push({ kind: 'flow', f }); }
  };
  const layer = s.flowLayer;
  if (layer.kind === 'each') for (const f of layer.flows) one(f);
  else if (layer.kind === 'buckets') {
    const { pairs, buckets } = layer;
    for (let k = 0; k < buckets.n; k++) {
      const line = bucketLine(trace, pairs, anchors, buckets.a[k], buckets.b[k], start, npp);
      if (line) { arrows.push({ line, curved: false }); refs.push({ kind: 'flows', pair: buckets.pair[k], a: buckets.a[k], b: buckets.b[k] }); }
    }
  }
  // The overlay draws these whether or not the base shows flows.
  const links = selectedLinks(s, index);
  if (links) {
    if (links.blockers && links.blockers.handoff >= 0) one(links.blockers.handoff);
    for (const f of links.flows) one(f);
  }
  return { arrows, refs };
}

/** The arrow within FLOW_HIT_PX of stage point (x, y), or null. */
export function flowAt(s: ViewState, index: TimelineIndex, x: number, y: number): FlowHit | null {
  const { arrows, refs } = drawnArrows(s, index);
  const near = nearestArrow(arrows, x, y + s.scrollTop, FLOW_HIT_PX);
  if (!near) return null;
  return { ...refs[near.index], distance: near.distance };
}
