// Where a flow arrow is on screen: one set of pure functions that both the
// renderer and the hit test use, so the pointer finds exactly what is drawn.
// A flow runs from (t0, the middle of its source CPU's thread lane) to (t1,
// the same on the target CPU). One flow is drawn as a cubic curve whose
// control points sit at half height above each end (it leaves and arrives
// vertically); a bucket of many flows as a straight line (see flowBuckets.ts).
// x is in stage pixels, y in content pixels (the top of the first row is 0):
// drawing subtracts the scroll offset.
import type { Trace } from '../../../src/trace/schema';
import { medianFlow, type FlowPairs } from './flowPairs';
import type { Layout } from '../layout/rows';
import { firstByRank } from '../lanes/tracks';

export interface FlowLine {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Segments a curve is measured with: within a tenth of a pixel of the true curve for arrows a few hundred pixels long. */
export const CURVE_SEGMENTS = 24;

/** Vertical middle of a CPU row's thread lane (its states lane when no thread ran), or null without a CPU row. */
export function cpuAnchor(layout: Layout, cpu: number): number | null {
  const row = layout.rows[cpuRowIndex(layout, cpu)];
  if (!row || row.kind !== 'cpu') return null;
  const k = firstByRank(row.lanes, (t) => t.anchorRank);
  return k >= 0 ? row.laneY[k] + row.lanes[k].height / 2 : row.y + row.h / 2;
}

/** CPU rows come first in CPU order, but expanded rows sit between them. */
export function cpuRowIndex(layout: Layout, cpu: number): number {
  return layout.rows.findIndex((r) => r.kind === 'cpu' && r.cpu === cpu);
}

const anchorCache = new WeakMap<Layout, Float64Array>();

/** cpuAnchor for every CPU at once (NaN: no row), kept per layout: a frame of many arrows looks each up in O(1). */
export function cpuAnchors(layout: Layout, cpus: number): Float64Array {
  let a = anchorCache.get(layout);
  if (!a || a.length !== cpus) {
    a = new Float64Array(cpus);
    for (let c = 0; c < cpus; c++) a[c] = cpuAnchor(layout, c) ?? NaN;
    anchorCache.set(layout, a);
  }
  return a;
}

/** Flow f's end points for a window starting at `start` with `nsPerPx`, or null when an end has no CPU row. */
export function flowLine(trace: Trace, anchors: Float64Array, f: number, start: number, nsPerPx: number): FlowLine | null {
  const fl = trace.tables.flows;
  const y0 = anchors[fl.cpu0[f]];
  const y1 = anchors[fl.cpu1[f]];
  if (y0 === undefined || y1 === undefined || Number.isNaN(y0) || Number.isNaN(y1)) return null;
  return { x0: (fl.t0[f] - start) / nsPerPx, y0, x1: (fl.t1[f] - start) / nsPerPx, y1 };
}

/** A bucket's arrow (FlowPairs positions [a, b) of one pair): the line of the flow that stands for them (medianFlow). */
export function bucketLine(trace: Trace, pairs: FlowPairs, anchors: Float64Array, a: number, b: number, start: number, nsPerPx: number): FlowLine | null {
  return b > a ? flowLine(trace, anchors, medianFlow(pairs, a, b), start, nsPerPx) : null;
}

/** The two control points of a single flow's curve: straight down (or up) from each end to half height. */
export function curveControls(l: FlowLine): [number, number, number, number] {
  const mid = (l.y0 + l.y1) / 2;
  return [l.x0, mid, l.x1, mid];
}

/** The point at parameter u (0..1) of a single flow's curve. */
export function curvePoint(l: FlowLine, u: number): { x: number; y: number } {
  const [c1x, c1y, c2x, c2y] = curveControls(l);
  const v = 1 - u;
  const a = v * v * v;
  const b = 3 * v * v * u;
  const c = 3 * v * u * u;
  const d = u * u * u;
  return { x: a * l.x0 + b * c1x + c * c2x + d * l.x1, y: a * l.y0 + b * c1y + c * c2y + d * l.y1 };
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
export function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const u = len2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  return Math.hypot(px - (ax + u * dx), py - (ay + u * dy));
}

/** Distance from (px, py) to a single flow's curve (measured on CURVE_SEGMENTS chords). */
export function distanceToCurve(l: FlowLine, px: number, py: number): number {
  let best = Infinity;
  let prev = { x: l.x0, y: l.y0 };
  for (let k = 1; k <= CURVE_SEGMENTS; k++) {
    const p = curvePoint(l, k / CURVE_SEGMENTS);
    best = Math.min(best, distanceToSegment(px, py, prev.x, prev.y, p.x, p.y));
    prev = p;
  }
  return best;
}

/** A drawn arrow as the hit test sees it: a curve (one flow) or a straight line (a bucket of flows). */
export interface DrawnArrow {
  line: FlowLine;
  curved: boolean;
}

/**
 * The arrow nearest to (x, y) within `tol` pixels, and how far it is; on a
 * tie the one drawn last (on top) wins. Arrows whose bounding box (which
 * holds the curve: its control points share the ends' box) is farther than
 * `tol` are skipped without measuring.
 */
export function nearestArrow(arrows: readonly DrawnArrow[], x: number, y: number, tol: number): { index: number; distance: number } | null {
  let index = -1;
  let distance = Infinity;
  for (let k = 0; k < arrows.length; k++) {
    const { line: l, curved } = arrows[k];
    if (x < Math.min(l.x0, l.x1) - tol || x > Math.max(l.x0, l.x1) + tol) continue;
    if (y < Math.min(l.y0, l.y1) - tol || y > Math.max(l.y0, l.y1) + tol) continue;
    const d = curved ? distanceToCurve(l, x, y) : distanceToSegment(x, y, l.x0, l.y0, l.x1, l.y1);
    if (d <= tol && d <= distance) { index = k; distance = d; }
  }
  return index < 0 ? null : { index, distance };
}
