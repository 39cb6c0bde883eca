// Pointer input on the stage beyond what d3's zoom handles: hover (tooltip,
// outline, cursor line), click to select (a span, or the span a flow arrow
// points at; a bucket of flows zooms in to them), double-click to zoom to a
// span, Shift+drag or an axis drag to select a range, Shift+wheel to scroll
// the tracks and a horizontal wheel to pan.
import type { Hit } from './hitTest';
import { rowAt } from '../layout/rows';
import type { Tooltip } from '../panels/tooltip';
import type { ViewState } from '../viewState';

export interface PointerParts {
  stage: HTMLElement;
  axisSvg: SVGSVGElement;
  /** The scrolling container of the tracks. */
  body: HTMLElement;
  tooltip: Tooltip;
}

export interface PointerActions {
  /** What is under stage point (x, y): span, mark, counter or flow arrow. */
  hitTest(x: number, y: number): Hit;
  selectSpan(i: number): void;
  /** A flow arrow was clicked: select the span it points at. */
  selectFlowEnd(f: number): void;
  /** An arrow standing for many flows was clicked: zoom in to them. */
  zoomToFlows(pair: number, a: number, b: number): void;
  revealSpan(i: number, zoomTo?: boolean): void;
  zoomBy(factor: number, anchorX?: number): void;
  panBy(fraction: number): void;
  redrawOverlay(): void;
  startRangeDrag(e: PointerEvent, target: HTMLElement): void;
}

export function wirePointer(p: PointerParts, s: ViewState, on: PointerActions): void {
  const { stage, body, tooltip } = p;
  const local = (e: MouseEvent) => {
    const r = stage.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  stage.addEventListener('pointermove', (e) => {
    if (s.dragRange) return;
    const { x, y } = local(e);
    s.hoverX = x;
    const hit = on.hitTest(x, y);
    const same = JSON.stringify(hit) === JSON.stringify(s.hover);
    s.hover = hit;
    // Also after a click hid it: hovering on over the same span brings it back.
    if (!same || hit?.kind === 'counter' || (hit && tooltip.hidden)) tooltip.show(hit, e.clientX, e.clientY);
    else if (hit) tooltip.place(e.clientX, e.clientY);
    on.redrawOverlay();
  });
  stage.addEventListener('pointerleave', () => {
    s.hoverX = -1;
    s.hover = null;
    on.redrawOverlay();
    // A grace period so the pointer can travel into the tooltip and click a frame.
    tooltip.hideSoon(600);
  });
  stage.addEventListener('click', (e) => {
    if (e.shiftKey) return;
    const { x, y } = local(e);
    const hit = on.hitTest(x, y);
    const at = rowAt(s.layout, y + body.scrollTop);
    if (at) { s.focusRow = at.row; s.focusLane = at.lane; }
    if (hit?.kind === 'flow') on.selectFlowEnd(hit.f);
    else if (hit?.kind === 'flows') on.zoomToFlows(hit.pair, hit.a, hit.b);
    else on.selectSpan(hit?.kind === 'span' ? hit.i : -1);
    stage.focus({ preventScroll: true });
  });
  stage.addEventListener('dblclick', (e) => {
    const { x, y } = local(e);
    const hit = on.hitTest(x, y);
    if (hit?.kind === 'span') {
      on.selectSpan(hit.i);
      on.revealSpan(hit.i, true);
    } else {
      on.zoomBy(2, x);
    }
  });
  // Capture phase: a Shift+drag must start before d3's drag-to-pan sees the press.
  stage.addEventListener('pointerdown', (e) => {
    tooltip.hide();
    if (e.shiftKey && e.button === 0) on.startRangeDrag(e, stage);
  }, true);
  p.axisSvg.addEventListener('pointerdown', (e) => { if (e.button === 0) on.startRangeDrag(e, p.axisSvg as unknown as HTMLElement); });
  // Vertical wheel without Shift is d3's zoom (see zoomPan.ts).
  stage.addEventListener('wheel', (e) => {
    if (e.shiftKey) {
      e.preventDefault();
      body.scrollTop += e.deltaY || e.deltaX;
    } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      on.panBy(e.deltaX / s.width);
    }
  }, { passive: false });
}
