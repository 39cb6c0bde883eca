// Time <-> pixel mapping for the timeline. A Viewport is the visible time
// window [start, end) laid over `width` CSS pixels; everything that draws or
// hit-tests goes through these two functions so they always agree.

export interface Viewport {
  /** Visible window in trace ns. */
  start: number;
  end: number;
  /** Width of the drawing area in CSS px. */
  width: number;
}

export interface TimeBounds { start: number; end: number }

export function timeToX(vp: Viewport, t: number): number {
  return ((t - vp.start) * vp.width) / (vp.end - vp.start);
}

export function xToTime(vp: Viewport, x: number): number {
  return vp.start + (x * (vp.end - vp.start)) / vp.width;
}

/** ns per CSS pixel. */
export function nsPerPx(vp: Viewport): number {
  return (vp.end - vp.start) / vp.width;
}

/** The narrowest window we zoom to: 20 ns across the view, i.e. single-ns detail at typical widths. */
export const MIN_WINDOW_NS = 20;

/** Keep a window inside the trace bounds (with a tiny margin) and no narrower than MIN_WINDOW_NS. */
export function clampWindow(w: TimeBounds, bounds: TimeBounds, minWindow = MIN_WINDOW_NS): TimeBounds {
  const total = Math.max(bounds.end - bounds.start, minWindow);
  let len = Math.min(Math.max(w.end - w.start, minWindow), total);
  let start = w.start;
  if (!Number.isFinite(start) || !Number.isFinite(len)) return { start: bounds.start, end: bounds.start + total };
  if (start < bounds.start) start = bounds.start;
  if (start + len > bounds.start + total) start = bounds.start + total - len;
  len = Math.max(len, minWindow);
  return { start, end: start + len };
}

/** Zoom by `factor` (>1 zooms in) keeping time `anchor` at the same pixel. */
export function zoomWindow(w: TimeBounds, anchor: number, factor: number, bounds: TimeBounds): TimeBounds {
  const start = anchor - (anchor - w.start) / factor;
  const end = anchor + (w.end - anchor) / factor;
  return clampWindow({ start, end }, bounds);
}

/** Pan by `dt` ns (positive moves the view later in time). */
export function panWindow(w: TimeBounds, dt: number, bounds: TimeBounds): TimeBounds {
  return clampWindow({ start: w.start + dt, end: w.end + dt }, bounds);
}

/**
 * d3-zoom keeps a transform {k, x} over a base scale that maps the whole trace
 * onto [0, width]. These convert between that transform and a time window.
 */
export function windowFromTransform(bounds: TimeBounds, width: number, k: number, x: number): TimeBounds {
  const span = bounds.end - bounds.start;
  const start = bounds.start + ((-x / k) * span) / width;
  const end = bounds.start + (((width - x) / k) * span) / width;
  return { start, end };
}

export function transformFromWindow(bounds: TimeBounds, width: number, w: TimeBounds): { k: number; x: number } {
  const span = bounds.end - bounds.start;
  const k = span / (w.end - w.start);
  const x = (-(w.start - bounds.start) / span) * width * k;
  return { k, x };
}
