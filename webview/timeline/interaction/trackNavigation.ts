// Keyboard navigation over the tracks, as pure steps on the layout: the next
// row that has lanes (group headers have none), a row's main lane, and the
// next/previous span in that lane.
import type { Trace } from '../../../src/trace/schema';
import { findInLane, type Lane } from '../data/lane';
import type { Layout, RowBox } from '../layout/rows';
import type { LaneKind } from '../lanes/track';
import { firstByRank, isSpanLane, TRACKS } from '../lanes/tracks';
import type { TimeBounds } from '../layout/scale';

/** The next row after `from` in direction dir that has lanes, wrapping around. */
export function nextLaneRow(layout: Layout, from: number, dir: number): number {
  const n = layout.rows.length;
  let r = from;
  do r = (r + dir + n) % n; while (layout.rows[r].lanes.length === 0 && r !== from);
  return r;
}

/** The lane after (dir 1) or before (-1) lane `from` of the row that holds spans, wrapping; -1 when it has none. From -1, the main lane's neighbour. */
export function nextNavigableLane(row: RowBox, from: number, dir: number): number {
  const ok = row.lanes.map((l, k) => (isSpanLane(l) ? k : -1)).filter((k) => k >= 0);
  if (ok.length === 0) return -1;
  let at = ok.indexOf(from);
  if (at < 0) { const main = mainLane(row); at = Math.max(0, row.lanes.findIndex((l) => l.lane === main)); at = Math.max(0, ok.indexOf(at)); }
  return ok[(at + dir + ok.length) % ok.length];
}

/** A lane kind in words, for the screen-reader announcement. */
export function laneName(kind: LaneKind): string {
  return TRACKS[kind].name;
}

/** The lane arrows step through: the first non-empty one by this preference. */
export function mainLane(row: RowBox): Lane | undefined {
  const k = firstByRank(row.lanes, (t) => t.spanRank, isSpanLane);
  return k >= 0 ? row.lanes[k].lane : undefined;
}

/** The span after (dir 1) or before (-1) the selected one in lane, or, with none selected in it, the first at the window centre. */
export function stepInLane(trace: Trace, lane: Lane, selectedSpan: number, win: TimeBounds, dir: number): number {
  const sp = trace.tables.spans;
  let k = selectedSpan >= 0 ? findInLane(lane, selectedSpan, sp.start[selectedSpan]) : -1;
  if (k < 0) {
    const mid = (win.start + win.end) / 2;
    k = 0;
    while (k < lane.n - 1 && lane.start[k] < mid) k++;
  } else {
    k = Math.max(0, Math.min(lane.n - 1, k + dir));
  }
  return lane.idx[k];
}

/** The lane ←/→ step through: the focused lane when it holds spans, else the row's main lane. */
export function laneToStep(row: RowBox, focusLane: number): Lane | undefined {
  const l = focusLane >= 0 ? row.lanes[focusLane] : undefined;
  return l && isSpanLane(l) ? l.lane : mainLane(row);
}
