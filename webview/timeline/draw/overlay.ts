// The overlay canvas: everything that changes on hover or selection without
// the view moving (range selection, selected span with its links, hovered
// record, keyboard focus row, cursor line). It is cheap to redraw alone, so
// hovering never repaints the spans underneath.
import type { TimeRange } from '../../context';
import type { DrawState, Frame, Renderer } from './draw';
import { bucketLine, cpuAnchors } from '../flows/flowGeometry';
import { majorityKind } from '../flows/flowPairs';
import { drawSelectedSpanLinks } from '../flows/flows';
import { outlineSpan } from '../lanes/spanLanes';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

/**
 * Whether drawOverlay would draw nothing but the clearing: no range, no selected span, nothing hovered, no
 * focus ring, no cursor line. The painter then leaves a canvas that is already clear alone (the first frame's
 * overlay was its 2D context made and a full clear: 10–20 ms at 1 M spans before the first paint, for nothing).
 */
export function overlayIsBlank(s: ViewState, selection: TimeRange | null, stageFocused: boolean): boolean {
  return !(s.dragRange ?? selection) && s.selectedSpan < 0 && !s.hover && s.hoverX < 0
    && !(stageFocused && s.layout.rows[s.focusRow]);
}

export function drawOverlay(
  g: CanvasRenderingContext2D, f: Frame, s: ViewState, index: TimelineIndex, renderer: Renderer,
  state: () => DrawState, selection: TimeRange | null, stageFocused: boolean,
): void {
  g.setTransform(f.dpr, 0, 0, f.dpr, 0, 0);
  g.clearRect(0, 0, f.width, f.height);
  const npp = (f.end - f.start) / f.width;
  const xOf = (t: number) => (t - f.start) / npp;
  const th = s.theme;
  const trace = index.trace;

  // Range selection (or the one being dragged).
  const r = s.dragRange ?? selection;
  if (r) {
    const x0 = xOf(Math.min(r.start, r.end));
    const x1 = xOf(Math.max(r.start, r.end));
    g.globalAlpha = 0.25;
    g.fillStyle = th.selection;
    g.fillRect(x0, 0, x1 - x0, f.height);
    g.globalAlpha = 1;
    g.fillStyle = th.selectionBorder;
    g.fillRect(Math.round(x0), 0, 1, f.height);
    g.fillRect(Math.round(x1), 0, 1, f.height);
  }

  // The selected span, who blocked it, and its flows.
  drawSelectedSpanLinks(g, f, s, index, renderer, state);
  if (s.hover?.kind === 'span') outlineSpan(g, f, trace, s.layout, s.hover.i, th.foreground, 1);
  // A hovered arrow, drawn again bolder over itself.
  if (s.hover?.kind === 'flow') renderer.drawFlows(g, f, state(), [s.hover.f], 1, undefined, 2.5);
  if (s.hover?.kind === 'flows') {
    const { a, b } = s.hover;
    const pairs = index.flowPairs;
    const l = bucketLine(trace, pairs, cpuAnchors(s.layout, trace.meta.cpus), a, b, f.start, npp);
    if (l) {
      g.strokeStyle = th.flows[majorityKind(pairs, a, b)] ?? th.foreground;
      g.lineWidth = 3;
      g.beginPath();
      g.moveTo(l.x0, l.y0 - f.scrollTop);
      g.lineTo(l.x1, l.y1 - f.scrollTop);
      g.stroke();
      g.lineWidth = 1;
    }
  }
  if (s.hover?.kind === 'counter' || s.hover?.kind === 'instant') {
    const row = s.layout.rows[s.hover.row];
    const t = s.hover.kind === 'counter' ? s.hover.time : trace.tables.instants.time[s.hover.i];
    g.fillStyle = th.foreground;
    g.fillRect(Math.round(xOf(t)), row.y - f.scrollTop, 1, row.h);
  }
  // Keyboard focus row.
  const fr = s.layout.rows[s.focusRow];
  if (fr && stageFocused) {
    g.strokeStyle = th.focus;
    g.lineWidth = 1;
    g.strokeRect(0.5, fr.y - f.scrollTop + 0.5, f.width - 1, fr.h - 1);
    // the lane ←/→ step through, when Shift+↑/↓ picked one
    const ly = s.focusLane >= 0 ? fr.laneY[s.focusLane] : undefined;
    if (ly !== undefined) {
      g.lineWidth = 2;
      g.strokeRect(1, ly - f.scrollTop, f.width - 2, fr.lanes[s.focusLane].height);
      g.lineWidth = 1;
    }
  }
  // Cursor line.
  if (s.hoverX >= 0) {
    g.globalAlpha = 0.5;
    g.fillStyle = th.muted;
    g.fillRect(Math.round(s.hoverX), 0, 1, f.height);
    g.globalAlpha = 1;
  }
}
