// The track labels left of the canvas: one tree item per row (twisty to
// expand, name to highlight that thread/lock/counter everywhere), plus the
// classes that mark the keyboard focus row and the rows the search matches.
// Labels are DOM, not canvas, so screen readers and Tab reach them.
import type { Highlight } from '../context';
import { clear, h } from '../dom';
import type { Matcher } from './highlight';
import type { Layout, RowBox } from './rows';

export interface LabelActions {
  toggleRow(id: string): void;
  clickRow(row: RowBox): void;
}

export function renderLabels(el: HTMLElement, layout: Layout, focusRow: number, on: LabelActions): void {
  clear(el);
  layout.rows.forEach((row, r) => {
    const item = h('div', `tl-row-label tl-row-${row.kind}${r === focusRow ? ' tl-row-focus' : ''}`, {
      role: 'treeitem', 'aria-level': String(row.depth + 1), 'data-row': row.id,
    });
    item.style.top = `${row.y}px`;
    item.style.height = `${row.h}px`;
    item.style.paddingLeft = `${4 + row.depth * 14}px`;
    if (row.expandable) {
      item.setAttribute('aria-expanded', String(row.expanded));
      const tw = h('button', 'tl-twisty', { type: 'button', 'aria-label': `${row.expanded ? 'Collapse' : 'Expand'} ${row.label}` }, row.expanded ? '▾' : '▸');
      tw.addEventListener('click', () => on.toggleRow(row.id));
      item.append(tw);
    } else {
      item.append(h('span', 'tl-twisty-space'));
    }
    const name = h('button', 'tl-row-name', { type: 'button', title: `${row.label}${row.detail ? ` (${row.detail})` : ''}` }, row.label);
    name.addEventListener('click', () => on.clickRow(row));
    item.append(name);
    if (row.detail) item.append(h('span', 'tl-row-detail', undefined, row.detail));
    el.append(item);
  });
}

/** Mark the labels of the rows whose thread, lock or counter the matcher selects. */
export function markMatchingLabels(el: HTMLElement, layout: Layout, m: Matcher | null): void {
  for (const label of el.querySelectorAll<HTMLElement>('.tl-row-label')) {
    const row = layout.rows.find((r) => r.id === label.dataset.row);
    const on = !!m && !!row && ((row.thread !== undefined && m.threads[row.thread] === 1) || (row.lock !== undefined && m.locks[row.lock] === 1) || (row.series !== undefined && m.series[row.series] === 1));
    label.classList.toggle('tl-row-match', on);
  }
}

/** Move the focus-row mark to row `id`. */
export function markFocusLabel(el: HTMLElement, id: string): void {
  for (const f of el.querySelectorAll('.tl-row-focus')) f.classList.remove('tl-row-focus');
  el.querySelector(`[data-row="${CSS.escape(id)}"]`)?.classList.add('tl-row-focus');
}

/**
 * The highlight a click on row's label asks for: its thread, lock or counter,
 * or none when that one is already highlighted (a second click clears).
 * Undefined for a row with nothing to highlight.
 */
export function labelHighlight(row: RowBox, cur: Highlight): Highlight | undefined {
  let next: Highlight = null;
  if (row.thread !== undefined) next = { kind: 'thread', id: row.thread };
  else if (row.lock !== undefined) next = { kind: 'lock', id: row.lock };
  else if (row.series !== undefined) next = { kind: 'series', id: row.series };
  else if (row.expandable) return undefined;
  if (next && cur && cur.kind === next.kind && 'id' in cur && 'id' in next && cur.id === next.id) next = null;
  return next;
}
