// The track-label column's width: dragged by the handle on its right edge,
// stepped with the arrow keys when the handle has focus (Home / End: narrowest
// / widest), double-click fits the longest name. Kept in the saved view state.
// The arithmetic is pure (clampLabelWidth, keyedLabelWidth); wireLabelResizer
// only moves numbers between the pointer, the keys and `set`.
import { h } from '../../common/dom';

export const DEFAULT_LABEL_WIDTH = 170;
export const MIN_LABEL_WIDTH = 80;
export const MAX_LABEL_WIDTH = 640;
/** The stage keeps at least this much of the panel. */
export const MIN_STAGE_WIDTH = 160;
const KEY_STEP = 16;

/** A label width the panel can take: within [MIN, MAX], leaving MIN_STAGE_WIDTH for the tracks. */
export function clampLabelWidth(w: number, bodyWidth: number): number {
  const max = Math.max(MIN_LABEL_WIDTH, Math.min(MAX_LABEL_WIDTH, bodyWidth - MIN_STAGE_WIDTH));
  return Math.round(Math.min(max, Math.max(MIN_LABEL_WIDTH, Number.isFinite(w) ? w : DEFAULT_LABEL_WIDTH)));
}

/** The width a key asks for, or null for keys the handle does not take. */
export function keyedLabelWidth(key: string, w: number, bodyWidth: number, big = false): number | null {
  const step = big ? KEY_STEP * 4 : KEY_STEP;
  switch (key) {
    case 'ArrowLeft': return clampLabelWidth(w - step, bodyWidth);
    case 'ArrowRight': return clampLabelWidth(w + step, bodyWidth);
    case 'Home': return clampLabelWidth(MIN_LABEL_WIDTH, bodyWidth);
    case 'End': return clampLabelWidth(MAX_LABEL_WIDTH, bodyWidth);
    default: return null;
  }
}

export interface LabelResizer {
  el: HTMLElement;
  /** Reflect the current width in the handle's ARIA value. */
  update(w: number, bodyWidth: number): void;
}

/** The handle: a focusable vertical separator at the right of the label column. */
export function wireLabelResizer(get: () => number, bodyWidth: () => number, set: (w: number) => void, widest: () => number): LabelResizer {
  const el = h('div', 'tl-label-resizer', {
    role: 'separator', tabindex: '0', 'aria-orientation': 'vertical', 'aria-label': 'Width of the track names',
    title: 'Drag to widen the track names (← → with focus; double-click fits the longest name)',
  });
  el.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const x0 = e.clientX, w0 = get();
    el.setPointerCapture(e.pointerId);
    el.classList.add('tl-dragging');
    const move = (m: PointerEvent) => set(clampLabelWidth(w0 + m.clientX - x0, bodyWidth()));
    const up = () => {
      el.classList.remove('tl-dragging');
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  });
  el.addEventListener('keydown', (e) => {
    const w = keyedLabelWidth(e.key, get(), bodyWidth(), e.shiftKey);
    if (w === null) return;
    e.preventDefault();
    e.stopPropagation();
    set(w);
  });
  el.addEventListener('dblclick', () => set(clampLabelWidth(widest(), bodyWidth())));
  return {
    el,
    update(w, bw) {
      el.setAttribute('aria-valuenow', String(w));
      el.setAttribute('aria-valuemin', String(MIN_LABEL_WIDTH));
      el.setAttribute('aria-valuemax', String(clampLabelWidth(MAX_LABEL_WIDTH, bw)));
    },
  };
}
