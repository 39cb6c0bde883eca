// The lock contention table: one row per lock, sortable, expandable into its
// contending call paths and top holders. Follows the timeline's range
// selection; clicking a lock highlights it everywhere, clicking a path opens
// its `lock:` step in the model. A real <table> with focusable rows: arrows
// move, Enter expands a lock or opens a path.
import type { ViewContext } from '../context';
import { lockStats, type LockPath, type LockRow, type LockStatTable } from '../../src/trace/analysis/lockstat';
import { formatCount, formatDuration } from '../../src/core/format';
import { COLUMNS, DEFAULT_SORT, formatMeanCi, nextSort, sortRows, type Column, type SortState } from './columns';
import { rangeLabel } from '../common/rangeLabel';
import { sourceText } from '../common/source';

/** Rows shown per expanded lock before "n more". */
const MAX_PATHS = 50;

export function mountLocks(el: HTMLElement, ctx: ViewContext): void {
  const { meta } = ctx.trace;
  let sort: SortState = DEFAULT_SORT;
  const expanded = new Set<string>();
  /** Rows by lock, or by call site as `perf lock contention` shows them. */
  let by: 'lock' | 'caller' = 'lock';
  let data: LockStatTable = lockStats(ctx.trace, ctx.selection.get());

  const root = h('div', 'smp-locks');
  const bar = h('div', 'smp-locks-bar');
  const range = h('span', 'smp-locks-range');
  range.setAttribute('aria-live', 'polite');
  const clear = h('button', 'smp-button');
  clear.textContent = 'Clear selection';
  clear.addEventListener('click', () => ctx.selection.set(null));
  const byButton = h('button', 'smp-button');
  const syncBy = () => {
    byButton.textContent = by === 'lock' ? 'Group by call site' : 'Group by lock';
    byButton.title = by === 'lock'
      ? 'One row per call site that waited (perf lock contention\'s default), summed over the locks it waited for'
      : 'One row per lock, its call paths inside';
  };
  syncBy();
  byButton.addEventListener('click', () => { by = by === 'lock' ? 'caller' : 'lock'; expanded.clear(); syncBy(); render(); });
  // With replications: what the numbers are (the rows by lock over the statistics range are means ± CI).
  const reps = h('span', 'smp-locks-reps');
  bar.append(range, clear, byButton, reps);
  const table = h('table', 'smp-locks-table');
  table.setAttribute('aria-label', `Lock contention in ${ctx.title}`);
  const thead = h('thead');
  const tbody = h('tbody');
  table.append(thead, tbody);
  root.append(bar, table);
  el.replaceChildren(root);

  const renderHead = () => {
    const top = h('tr');
    const sub = h('tr');
    const headerCell = (key: string, label: string, title: string, into: HTMLElement, span?: { rows?: number }) => {
      const th = h('th', key === 'name' ? undefined : 'smp-num');
      th.scope = 'col';
      if (span?.rows) th.rowSpan = span.rows;
      const b = h('button', 'smp-sort');
      b.textContent = label;
      b.title = `${title} — sort`;
      b.addEventListener('click', () => { sort = nextSort(sort, key); render(); });
      th.append(b);
      if (sort.key === key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      into.append(th);
    };
    headerCell('name', 'Lock', 'Lock name', top, { rows: 2 });
    const type = h('th');
    type.scope = 'col';
    type.rowSpan = 2;
    type.textContent = 'Type';
    top.append(type);
    for (let i = 0; i < COLUMNS.length; i++) {
      const c = COLUMNS[i];
      if (!c.group) { headerCell(c.key, c.label, c.title, top, { rows: 2 }); continue; }
      if (COLUMNS[i - 1]?.group !== c.group) {
        const g = h('th', 'smp-group');
        g.scope = 'colgroup';
        g.colSpan = COLUMNS.filter((x) => x.group === c.group).length;
        g.textContent = c.group;
        top.append(g);
      }
      headerCell(c.key, c.label, `${c.group} ${c.label}: ${c.title}`, sub);
    }
    thead.replaceChildren(top, sub);
  };

  /** The replications' means ± CI of a lock row, when they apply: rows by lock over the statistics range (no selection). */
  const replicatedRow = (r: LockRow) => (ctx.replicated && by === 'lock' && !ctx.selection.get() ? ctx.replicated.locks[r.name] : undefined);

  const render = () => {
    const sel = ctx.selection.get();
    range.textContent = rangeLabel(sel, meta);
    clear.hidden = !sel;
    const rep = ctx.replicated;
    reps.hidden = !rep;
    if (rep) {
      reps.textContent = by === 'lock' && !sel
        ? `Mean ± 95% CI of ${rep.replications} replications; a lock's call paths are the first replication's`
        : `The first of ${rep.replications} replications (means ± CI: rows by lock, no selection)`;
    }
    renderHead();
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    const rows: HTMLElement[] = [];
    const shownRows = by === 'caller' ? data.callers : data.rows;
    if (shownRows.length === 0) {
      const tr = h('tr');
      const td = h('td', 'smp-empty');
      td.colSpan = COLUMNS.length + 2;
      td.textContent = by === 'caller' ? 'Nobody waited for a lock in this range.' : 'This run has no locks.';
      tr.append(td);
      rows.push(tr);
    }
    const hl = ctx.highlight.get();
    const sortValue = (r: LockRow, c: Column) => replicatedRow(r)?.[c.key].mean ?? c.value(r);
    for (const r of sortRows(shownRows, sort, sortValue)) {
      rows.push(lockRow(r, hl?.kind === 'lock' && hl.id === r.lock));
      if (expanded.has(r.key)) rows.push(detailRow(r));
    }
    tbody.replaceChildren(...rows);
    if (focusedKey) (tbody.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`) as HTMLElement | null)?.focus();
  };

  const lockRow = (r: LockRow, selected: boolean) => {
    const tr = h('tr', 'smp-lock-row');
    tr.tabIndex = 0;
    tr.dataset.key = r.key;
    tr.dataset.lock = String(r.lock);
    tr.setAttribute('aria-expanded', String(expanded.has(r.key)));
    tr.setAttribute('aria-current', String(selected));
    const name = h('th');
    name.scope = 'row';
    const twisty = h('span', 'smp-twisty');
    twisty.textContent = expanded.has(r.key) ? '▾' : '▸';
    twisty.setAttribute('aria-hidden', 'true');
    name.append(twisty, document.createTextNode(r.name));
    name.title = r.name; // the name column truncates long names (locks.css)
    const type = h('td', 'smp-type');
    const how = [r.waitPolicy && r.waitPolicy !== r.type ? r.waitPolicy : '', r.algorithm ?? ''].filter(Boolean).join(', ');
    type.textContent = how ? `${r.type} (${how})` : r.type;
    const rep = replicatedRow(r);
    tr.append(name, type, ...(rep ? COLUMNS.map((c) => cell(formatMeanCi(c, rep[c.key]), `Mean ± 95% half-width over ${ctx.replicated!.replications} replications`)) : numberCells(r)));
    const toggle = () => {
      if (expanded.has(r.key)) expanded.delete(r.key);
      else expanded.add(r.key);
      ctx.highlight.set({ kind: 'lock', id: r.lock });
      render();
    };
    tr.addEventListener('click', toggle);
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); }
      else moveFocus(e, tr);
    });
    return tr;
  };

  const detailRow = (r: LockRow) => {
    const tr = h('tr', 'smp-detail');
    const td = h('td');
    td.colSpan = COLUMNS.length + 2;
    const caller = r.key.startsWith('caller:');
    const paths = subTable(caller ? `Locks ${r.name} waited for` : `Call paths waiting for ${r.name}`,
      [caller ? 'Lock' : 'Contending call path', ...COLUMNS.map((c) => (c.group ? `${c.group} ${c.label}` : c.label))]);
    const shown = r.paths.slice(0, MAX_PATHS);
    if (shown.length === 0) paths.body.append(noteRow('Nobody waited for this lock in this range.', COLUMNS.length + 1));
    for (const p of shown) paths.body.append(pathRow(r, p, numberCells(p)));
    if (r.paths.length > shown.length) paths.body.append(noteRow(`${r.paths.length - shown.length} more paths`, COLUMNS.length + 1));

    const holders = subTable(`Paths holding ${r.name} while others waited`, ['Top holder', 'Holds while contended', 'Hold time', 'Share']);
    // three numbers: beside their path, not spread over the lock table's width (off-screen in a narrow panel)
    holders.table.classList.add('smp-holders');
    const held = r.holders.reduce((a, x) => a + x.holdNs, 0);
    if (r.holders.length === 0) holders.body.append(noteRow('No hold of this lock had waiters in this range.', 4));
    for (const p of r.holders.slice(0, MAX_PATHS)) {
      holders.body.append(pathRow(r, p, [
        cell(formatCount(p.count)), cell(formatDuration(p.holdNs)), cell(held > 0 ? `${((100 * p.holdNs) / held).toFixed(1)}%` : '–'),
      ], 'holder'));
    }
    // the box takes the table's width without widening it, so the lock columns above stay in view
    const box = h('div', 'smp-detail-box');
    if (caller) box.append(paths.table); // holders belong to locks, not call sites
    else box.append(paths.table, holders.table);
    td.append(box);
    tr.append(td);
    return tr;
  };

  const pathRow = (r: LockRow, p: { stack: number; label: string; src: number }, cells: HTMLElement[], role = 'path') => {
    const tr = h('tr', 'smp-path-row');
    tr.tabIndex = 0;
    // A caller row's paths are its locks (one stack, several locks): keyed by the lock's name.
    tr.dataset.key = r.key.startsWith('caller:') ? `${role}:${r.key}:${p.label}` : `${role}:${r.lock}:${p.stack}`;
    tr.dataset.src = String(p.src);
    const th = h('th');
    th.scope = 'row';
    th.textContent = p.label || '(no stack)';
    th.title = p.label || '(no stack)'; // long call paths wrap; the whole one on hover
    const where = sourceText(meta, p.src);
    if (where) {
      const s = h('span', 'smp-src');
      s.textContent = where;
      th.append(s);
    }
    tr.title = p.src > 0 ? `Open ${where || 'the model line'}` : 'No model line recorded';
    tr.append(th, ...cells);
    const open = () => { if (p.src > 0) ctx.openSource(p.src); };
    tr.addEventListener('click', (e) => { e.stopPropagation(); open(); });
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); open(); }
      else moveFocus(e, tr);
    });
    return tr;
  };

  const moveFocus = (e: KeyboardEvent, from: HTMLElement) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    e.stopPropagation();
    const all = Array.from(tbody.querySelectorAll<HTMLElement>('tr[tabindex]'));
    const i = all.indexOf(from) + (e.key === 'ArrowDown' ? 1 : -1);
    all[Math.max(0, Math.min(all.length - 1, i))]?.focus();
  };

  let pending = 0;
  ctx.selection.subscribe(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      data = lockStats(ctx.trace, ctx.selection.get());
      render();
    });
  });
  ctx.highlight.subscribe((hl) => {
    for (const tr of tbody.querySelectorAll<HTMLElement>('tr.smp-lock-row')) {
      const on = hl?.kind === 'lock' && hl.id === Number(tr.dataset.lock);
      tr.setAttribute('aria-current', String(on));
      if (on && !tr.contains(document.activeElement)) tr.scrollIntoView({ block: 'nearest' });
    }
  });
  render();
}

function numberCells(r: LockRow | LockPath): HTMLElement[] {
  return COLUMNS.map((c) => cell(c.format(r), c.hint?.(r)));
}

function cell(text: string, hint?: string): HTMLElement {
  const td = h('td', 'smp-num');
  td.textContent = text;
  if (hint) td.title = hint;
  return td;
}

function noteRow(text: string, span: number): HTMLElement {
  const tr = h('tr');
  const td = h('td', 'smp-note');
  td.colSpan = span;
  td.textContent = text;
  tr.append(td);
  return tr;
}

function subTable(caption: string, headers: string[]) {
  const table = h('table', 'smp-sub-table');
  const cap = h('caption');
  cap.textContent = caption;
  const head = h('thead');
  const tr = h('tr');
  for (const [i, x] of headers.entries()) {
    const th = h('th', i > 0 ? 'smp-num' : undefined);
    th.scope = 'col';
    th.textContent = x;
    tr.append(th);
  }
  head.append(tr);
  const body = h('tbody');
  table.append(cap, head, body);
  return { table, body };
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  return e;
}
