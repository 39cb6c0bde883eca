// Compare's lock matching: how each run's rows are grouped (by lock, or by
// call site as `perf lock contention` shows them) and, for each row of run A,
// which row of run B it stands for — by the same name unless the user picks
// another (a model's `so_rcv` ↔ a capture's `udp_recvmsg+0x13a`). Every
// change redraws the lock deltas and is handed to `save` (the host keeps it
// with the compare). The rule itself is src/core/lockMapping.ts.
import { rowNames, withPair, type LockMapping, type RowGrouping } from '../../src/core/lockMapping';
import type { LockStatTable } from '../../src/trace/analysis/lockstat';
import { h } from '../common/dom';
import { groupedRows, lockDeltas } from './deltas';

/** The option value meaning "match by name" (no entry in the mapping); a row name never starts with NUL. */
const BY_NAME = '\u0000by-name';

/**
 * The editor lists at most this many rows of A, and offers at most this many
 * rows of B in each list — the most waited first (the tables are sorted so),
 * plus every row already mapped — so two runs of thousands of locks cannot
 * build millions of options. The table below still shows every row.
 */
export const EDITOR_ROWS_A = 100;
export const EDITOR_ROWS_B = 300;

export interface LockMatchOptions {
  a: LockStatTable;
  b: LockStatTable;
  mapping: LockMapping;
  /** The lock deltas' table for the mapping (drawn under the editor). */
  show(rows: ReturnType<typeof lockDeltas>, mapping: LockMapping): HTMLElement;
  /** Keep the mapping (the host saves it with the compare); absent in a standalone report. */
  save?(mapping: LockMapping): void;
}

/** The grouping switches, the mapping editor and the lock deltas; redrawn after every change. */
export function lockMatchControls(o: LockMatchOptions): HTMLElement {
  let mapping = o.mapping;
  const box = h('div', 'smp-lock-match');
  const groupSel = (run: 'a' | 'b') => {
    const sel = h('select', undefined, { 'data-run': run });
    for (const [v, t] of [['lock', 'by lock'], ['caller', 'by call site']] as const) {
      const opt = h('option', undefined, { value: v }, t);
      sel.append(opt);
    }
    sel.value = mapping.by[run];
    sel.addEventListener('change', () => {
      mapping = { by: { ...mapping.by, [run]: sel.value as RowGrouping }, pairs: mapping.pairs };
      changed();
    });
    return h('label', undefined, undefined, `Rows of ${run.toUpperCase()} `, sel);
  };
  const bar = h('div', 'smp-lock-match-bar', undefined, groupSel('a'), groupSel('b'));
  const details = h('details', 'smp-lock-mapping');
  const summary = h('summary');
  const editor = h('div');
  details.append(summary, editor);
  const tableBox = h('div', 'smp-lock-deltas');
  // the editor above the table: with a capture's many call sites the table runs long
  box.append(bar, details, tableBox);

  const render = () => {
    const namesA = rowNames(groupedRows(o.a, mapping.by.a).map((r) => r.name));
    const namesB = rowNames(groupedRows(o.b, mapping.by.b).map((r) => r.name));
    const deltas = lockDeltas(o.a, o.b, mapping);
    const paired = deltas.filter((d) => d.nameA && d.nameB).length;
    const mapped = deltas.filter((d) => d.how === 'mapped').length;
    summary.textContent = `Match rows of A with rows of B — ${paired} of ${namesA.length} paired (${mapped} by hand)`;
    // two runs without a name in common (a model beside a capture): the matching is the first thing to do
    if (paired === 0 && namesA.length && namesB.length) details.open = true;
    editorNames = { namesA, namesB, deltas };
    if (details.open) fillEditor();
    tableBox.replaceChildren(o.show(deltas, mapping));
  };

  /** What the editor shows, as of the last render; it is filled only while open. */
  let editorNames: { namesA: string[]; namesB: string[]; deltas: ReturnType<typeof lockDeltas> } | undefined;
  const fillEditor = () => {
    if (!editorNames) return;
    const { namesA, namesB, deltas } = editorNames;
    const bNames = new Set(namesB);
    const has = (k: string) => Object.prototype.hasOwnProperty.call(mapping.pairs, k);
    const shownA = namesA.filter((n, i) => i < EDITOR_ROWS_A || has(n));
    const offeredB = namesB.slice(0, EDITOR_ROWS_B);
    const table = h('table', 'smp-lock-mapping-table', { 'aria-label': 'Rows of run A and the rows of run B they stand for' });
    const head = table.createTHead().insertRow();
    for (const t of [`Row of A (${mapping.by.a === 'lock' ? 'lock' : 'call site'})`, `Row of B (${mapping.by.b === 'lock' ? 'lock' : 'call site'})`]) {
      const th = h('th', undefined, { scope: 'col' }, t);
      head.append(th);
    }
    const body = table.createTBody();
    const partnerOf = new Map(deltas.filter((d) => d.nameA).map((d) => [d.nameA, d.nameB]));
    const takenBy = new Map(deltas.filter((d) => d.nameA && d.nameB).map((d) => [d.nameB, d.nameA]));
    for (const name of shownA) {
      const tr = body.insertRow();
      tr.dataset.row = name;
      tr.append(h('th', undefined, { scope: 'row', title: name }, name));
      const sel = h('select', undefined, { 'aria-label': `Row of B for ${name}` });
      const own = Object.prototype.hasOwnProperty.call(mapping.pairs, name);
      sel.append(h('option', undefined, { value: BY_NAME }, bNames.has(name) ? `(same name: ${name})` : '(by name: none)'));
      sel.append(h('option', undefined, { value: '' }, '— none —'));
      for (const n of offeredB) sel.append(h('option', undefined, { value: n }, n));
      const cur = own ? mapping.pairs[name] : '';
      if (cur !== '' && !offeredB.includes(cur)) {
        // mapped to a row past the list, or (another grouping, another capture) one B no longer has: kept, and shown as such
        sel.append(h('option', undefined, { value: cur }, bNames.has(cur) ? cur : `${cur} (not in B)`));
      }
      sel.value = own ? mapping.pairs[name] : BY_NAME;
      sel.addEventListener('change', () => {
        mapping = withPair(mapping, name, sel.value === BY_NAME ? undefined : sel.value);
        changed();
      });
      const td = tr.insertCell();
      td.append(sel);
      // what the row ends up with: a row of B another row of A took is not paired twice
      if (!partnerOf.get(name)) {
        const want = own ? mapping.pairs[name] : name;
        const other = want ? takenBy.get(want) : undefined;
        td.append(h('span', 'note', undefined, other ? ` unpaired: ${want} is paired with ${other}` : ' unpaired'));
      }
    }
    const more: string[] = [];
    if (shownA.length < namesA.length) more.push(`${namesA.length - shownA.length} more rows of A are not listed (the ${EDITOR_ROWS_A} most waited are)`);
    if (offeredB.length < namesB.length) more.push(`each list offers B's ${EDITOR_ROWS_B} most waited rows of ${namesB.length}`);
    editor.replaceChildren(table, ...(more.length ? [h('p', 'note', undefined, `${more.join('; ')}.`)] : []));
  };
  // built when first opened (and kept up to date while open)
  details.addEventListener('toggle', () => { if (details.open) fillEditor(); });
  const changed = () => {
    render();
    o.save?.(mapping);
  };
  render();
  return box;
}
