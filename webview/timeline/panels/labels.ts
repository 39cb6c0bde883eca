// The track labels left of the canvas: one tree item per row (twisty to
// expand, name to highlight that thread/lock/counter everywhere), plus the
// classes that mark the keyboard focus row and the rows the search matches.
// Labels are DOM, not canvas, so screen readers reach them; the whole tree is
// one Tab stop (roving tabindex: only the focus row's name is tabbable) and
// the arrow keys move inside it as in a tree view.
import type { Highlight } from '../../context';
import { clear, h } from '../../common/dom';
import type { Matcher } from '../data/highlight';
import type { Layout, RowBox } from '../layout/rows';

export interface LabelActions {
  toggleRow(id: string): void;
  clickRow(row: RowBox): void;
  /** Keyboard focus moved to row r inside the tree. */
  focusRow?(r: number): void;
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
      const tw = h('button', 'tl-twisty', { type: 'button', tabindex: '-1', 'aria-label': `${row.expanded ? 'Collapse' : 'Expand'} ${row.label}` }, row.expanded ? '▾' : '▸');
      tw.addEventListener('click', () => on.toggleRow(row.id));
      item.append(tw);
    } else {
      item.append(h('span', 'tl-twisty-space'));
    }
    const name = h('button', 'tl-row-name', { type: 'button', tabindex: r === focusRow ? '0' : '-1', title: `${row.label}${row.detail ? ` (${row.detail})` : ''}` }, row.label);
    name.addEventListener('click', () => on.clickRow(row));
    item.append(name);
    if (row.detail) item.append(h('span', 'tl-row-detail', undefined, row.detail));
    el.append(item);
  });
}

/**
 * What a key on a label does, as in a tree view: ↑/↓ (Home/End) move to a
 * row, → expands a collapsed row, ← collapses an expanded one; null: not ours.
 */
export function labelKey(key: string, layout: Layout, r: number): { focus: number } | { toggle: string } | null {
  const rows = layout.rows;
  const row = rows[r];
  if (!row) return null;
  switch (key) {
    case 'ArrowDown': return { focus: Math.min(rows.length - 1, r + 1) };
    case 'ArrowUp': return { focus: Math.max(0, r - 1) };
    case 'Home': return { focus: 0 };
    case 'End': return { focus: rows.length - 1 };
    case 'ArrowRight': return row.expandable && !row.expanded ? { toggle: row.id } : null;
    case 'ArrowLeft': return row.expandable && row.expanded ? { toggle: row.id } : null;
    default: return null;
  }
}

/** Roving focus inside the tree: one Tab stop, arrows move it (labelKey). Call once per labels element. */
export function wireLabelKeys(el: HTMLElement, layout: () => Layout, on: LabelActions): void {
  el.addEventListener('keydown', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('.tl-row-label');
    if (!item || e.ctrlKey || e.metaKey || e.altKey) return;
    const r = layout().rows.findIndex((x) => x.id === item.dataset.row);
    const act = labelKey(e.key, layout(), r);
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    if ('toggle' in act) { on.toggleRow(act.toggle); return; }
    focusLabel(el, layout().rows[act.focus].id);
    on.focusRow?.(act.focus);
  });
}

/** Make row id's name the tree's one Tab stop and focus it. */
export function focusLabel(el: HTMLElement, id: string, focus = true): void {
  for (const b of el.querySelectorAll<HTMLElement>('.tl-row-name[tabindex="0"]')) b.tabIndex = -1;
  const name = el.querySelector<HTMLElement>(`[data-row="${CSS.escape(id)}"] .tl-row-name`);
  if (!name) return;
  name.tabIndex = 0;
  if (focus) name.focus();
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
  focusLabel(el, id, false); // the tree's Tab stop follows the stage's focus row
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
