// Where one span appears on screen. A span can show in several lanes at once
// (its CPU row, the expanded thread/lock rows under it, its lock's row), so
// the outline of the selected or hovered span is drawn in every one of them,
// and the test hooks ask for the first (the CPU row's).
import type { Trace } from '../../../src/trace/schema';
import { findInLane } from '../data/lane';
import type { Frame } from '../draw/draw';
import { TRACKS } from './tracks';
import type { Layout, RowBox } from '../layout/rows';

export interface LaneRef { row: RowBox; lane: number }

/** Every lane of the layout that holds span i. */
export function lanesHolding(trace: Trace, layout: Layout, i: number): LaneRef[] {
  const sp = trace.tables.spans;
  const out: LaneRef[] = [];
  for (const row of layout.rows) {
    if (row.cpu !== undefined && row.cpu !== sp.cpu[i] && row.kind !== 'lock') continue;
    if (row.kind === 'lock' && row.lock !== sp.obj[i]) continue;
    if (row.kind === 'series' || row.kind === 'group') continue;
    row.lanes.forEach((spec, k) => {
      if (TRACKS[spec.kind].spanRank === undefined || !spec.lane) return;
      if (findInLane(spec.lane, i, sp.start[i]) >= 0) out.push({ row, lane: k });
    });
  }
  return out;
}

/** Outline span i in every visible lane that holds it (its CPU row, expanded rows, its lock's row). */
export function outlineSpan(g: CanvasRenderingContext2D, f: Frame, trace: Trace, layout: Layout, i: number, color: string, width: number): void {
  const sp = trace.tables.spans;
  const npp = (f.end - f.start) / f.width;
  const x0 = Math.max(-2, (sp.start[i] - f.start) / npp);
  const x1 = Math.min(f.width + 2, (sp.start[i] + sp.dur[i] - f.start) / npp);
  if (x1 < -2 || x0 > f.width + 2) return;
  g.strokeStyle = color;
  g.lineWidth = width;
  for (const { row, lane } of lanesHolding(trace, layout, i)) {
    const y = row.laneY[lane] - f.scrollTop;
    if (y + row.lanes[lane].height < 0 || y > f.height) continue;
    g.strokeRect(x0 - width / 2, y - width / 2 + 0.5, Math.max(x1 - x0, 1) + width, row.lanes[lane].height - 1 + width);
  }
}

/** Stage-local middle of span i's visible part in the first lane holding it, or null when off screen. */
export function spanStagePoint(trace: Trace, layout: Layout, f: Frame, i: number): { x: number; y: number } | null {
  const sp = trace.tables.spans;
  const holding = lanesHolding(trace, layout, i);
  if (!holding.length) return null;
  const { row, lane } = holding[0];
  const npp = (f.end - f.start) / f.width;
  const x0 = Math.max(0, (sp.start[i] - f.start) / npp);
  const x1 = Math.min(f.width, (sp.start[i] + sp.dur[i] - f.start) / npp);
  if (x1 < 0 || x0 > f.width) return null;
  const y = row.laneY[lane] + row.lanes[lane].height / 2 - f.scrollTop;
  if (y < 0 || y > f.height) return null;
  return { x: (x0 + x1) / 2, y };
}
