// Range selection: Shift+drag on the tracks or a drag on the time axis
// selects [start, end) into the shared context (other views follow it), and
// the totals panel sums that range (time by state per CPU, lock waits,
// switches, counters). While dragging, the range lives in the view state only
// and the overlay shows it; the context is set once, on release.
import type { TimeRange, ViewContext } from '../../context';
import { clear, h } from '../../common/dom';
import { rangeTotals } from '../data/totals';
import { renderTotals } from '../panels/totalsDom';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

/** Start a drag at pointer event e; `target` captures the pointer until release. */
export function startRangeDrag(
  e: PointerEvent, target: HTMLElement, stage: HTMLElement, s: ViewState, ctx: ViewContext, redrawOverlay: () => void,
): void {
  e.preventDefault();
  e.stopPropagation();
  const rect = stage.getBoundingClientRect();
  const tAt = (cx: number) => s.win.start + ((cx - rect.left) / s.width) * (s.win.end - s.win.start);
  const t0 = tAt(e.clientX);
  s.dragRange = { start: t0, end: t0 };
  target.setPointerCapture?.(e.pointerId);
  const move = (ev: PointerEvent) => {
    s.dragRange = { start: t0, end: tAt(ev.clientX) };
    redrawOverlay();
  };
  const up = (ev: PointerEvent) => {
    target.removeEventListener('pointermove', move);
    target.removeEventListener('pointerup', up);
    target.removeEventListener('pointercancel', up);
    const t1 = tAt(ev.clientX);
    s.dragRange = null;
    const a = Math.max(s.bounds.start, Math.min(t0, t1));
    const b = Math.min(s.bounds.end, Math.max(t0, t1));
    // A click without a drag (under 3 px) clears the selection.
    if (Math.abs(ev.clientX - e.clientX) < 3) ctx.selection.set(null);
    else ctx.selection.set({ start: a, end: b });
    redrawOverlay();
  };
  target.addEventListener('pointermove', move);
  target.addEventListener('pointerup', up);
  target.addEventListener('pointercancel', up);
}

/** The totals panel for range r, or a hint on how to make one. */
export function renderRangeTotals(el: HTMLElement, index: TimelineIndex, r: TimeRange | null): void {
  clear(el);
  if (r && r.end > r.start) el.append(renderTotals(rangeTotals(index, r.start, r.end)));
  else el.append(h('div', 'tl-muted', undefined, 'Shift+drag on the tracks, or drag on the time axis, to total a range: time by state per CPU, lock waits, switches, counters.'));
}
