// The visible window and how it moves. D3's zoom behaviour owns wheel zoom
// and drag pan on the stage; every programmatic move (keys, buttons, reveal)
// goes through the same d3 transform, so d3's state never drifts from the
// window and the next wheel or drag continues from where the view is.
import { select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import { clampWindow, MIN_WINDOW_NS, panWindow, transformFromWindow, windowFromTransform, zoomWindow, type TimeBounds } from '../layout/scale';
import type { ViewState } from '../viewState';

export class ZoomPan {
  private readonly zoom: ZoomBehavior<HTMLElement, unknown>;
  private readonly sel: Selection<HTMLElement, unknown, null, undefined>;

  /**
   * `moved` runs on every window change d3 reports (wheel, drag, or ours);
   * `redraw` after each programmatic move, even one d3 ignores (before the stage has a size).
   */
  constructor(private readonly s: ViewState, stage: HTMLElement, moved: () => void, private readonly redraw: () => void) {
    this.zoom = d3zoom<HTMLElement, unknown>()
      // Shift+wheel scrolls the tracks, horizontal wheels pan, Shift+drag selects a range: not d3's.
      .filter((e: Event) => {
        if (e.type === 'wheel') {
          const w = e as WheelEvent;
          return !w.shiftKey && Math.abs(w.deltaY) >= Math.abs(w.deltaX);
        }
        const m = e as MouseEvent;
        return !m.shiftKey && !m.ctrlKey && !m.button;
      })
      .on('zoom', (e: D3ZoomEvent<HTMLElement, unknown>) => {
        if (this.s.width <= 1) return;
        this.s.win = windowFromTransform(this.s.bounds, this.s.width, e.transform.k, e.transform.x);
        moved();
      });
    this.sel = select(stage);
    // Double-click is ours (zoom to the span under the pointer), not d3's zoom-in.
    this.sel.call(this.zoom).on('dblclick.zoom', null);
  }

  /** After a resize: d3's extents follow the stage, and the deepest zoom is MIN_WINDOW_NS across. */
  setExtent(w: number, hgt: number): void {
    const span = this.s.bounds.end - this.s.bounds.start;
    this.zoom
      .extent([[0, 0], [w, hgt]])
      .translateExtent([[0, 0], [w, hgt]])
      .scaleExtent([1, Math.max(1, span / MIN_WINDOW_NS)]);
  }

  setWindow(w: TimeBounds): void {
    const c = clampWindow(w, this.s.bounds);
    const t = transformFromWindow(this.s.bounds, this.s.width, c);
    this.s.win = c; // the zoom event will set it again, exactly
    this.sel.call(this.zoom.transform, zoomIdentity.translate(t.x, 0).scale(t.k));
    this.redraw();
  }

  zoomBy(factor: number, anchorX?: number): void {
    const { win, width } = this.s;
    const x = anchorX ?? width / 2;
    const anchor = win.start + (x / width) * (win.end - win.start);
    this.setWindow(zoomWindow(win, anchor, factor, this.s.bounds));
  }

  panBy(fraction: number): void {
    const { win } = this.s;
    this.setWindow(panWindow(win, fraction * (win.end - win.start), this.s.bounds));
  }
}
