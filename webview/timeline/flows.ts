// Which flow arrows (wakeups, lock handoffs, packet hops) are drawn, and where.
// The base canvas draws every flow in view, up to a limit past which arrows
// would hide the spans; the overlay always draws the selected span's own
// flows and who blocked it, so they stay visible at any zoom.
import { relatedFlows, visibleFlows, whoBlocked } from './blockers';
import type { DrawState, Frame, Renderer } from './draw';
import { outlineSpan } from './spanLanes';
import type { TimelineIndex } from './traceIndex';
import type { ViewState } from './viewState';

/** Above this many flows in view, only the selected span's flows are drawn (the rest would hide the spans). */
export const FLOW_LIMIT = 150;

/** Flows for the base canvas: [] when switched off, null when too many are in view. */
export function baseFlows(s: ViewState, index: TimelineIndex): number[] | null {
  return s.showFlows ? visibleFlows(index, s.win.start, s.win.end, FLOW_LIMIT) : [];
}

/** The selected span, outlined, with the holders that blocked it, the handoff that woke it, and its flows. */
export function drawSelectedSpanLinks(
  g: CanvasRenderingContext2D, f: Frame, s: ViewState, index: TimelineIndex, renderer: Renderer, state: () => DrawState,
): void {
  const i = s.selectedSpan;
  if (i < 0) return;
  const th = s.theme;
  const trace = index.trace;
  const npp = (f.end - f.start) / f.width;
  const b = whoBlocked(index, i);
  if (b) {
    for (const hold of b.holds) outlineSpan(g, f, trace, s.layout, hold, th.blocker, 2);
    if (b.handoff >= 0) renderer.drawFlows(g, f, state(), [b.handoff], npp, 1, th.blocker, 2);
  }
  const flows = relatedFlows(index, i);
  renderer.drawFlows(g, f, state(), flows, npp, 1, undefined, 1.5);
  outlineSpan(g, f, trace, s.layout, i, th.focus, 2);
}
