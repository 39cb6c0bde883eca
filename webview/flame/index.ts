// The flame graph view: on-CPU time, lock-wait time (spin / sleep) or wakeup
// chains of the loaded run, restricted to the timeline's selection; zoom,
// search, and a sandwich (callers / callees) of one function.
import type { ViewContext } from '../context';
import { buildFlame, type FlameKind, type WaitFilter } from '../../src/trace/analysis/flame';
import type { FlameTree } from '../../src/trace/analysis/flameTree';
import { sandwich } from '../../src/trace/analysis/sandwich';
import { formatDuration, formatPercent } from '../../src/core/format';
import { rangeLabel } from '../common/rangeLabel';
import { FlameCanvas } from './flameCanvas';
import { searchTree } from './search';

const KINDS: { kind: FlameKind; label: string; help: string }[] = [
  { kind: 'cpu', label: 'On-CPU time', help: 'Where CPUs spent non-idle time (spinning included), by stack.' },
  { kind: 'wait', label: 'Lock wait', help: 'Time waiting for locks by the waiter\'s stack; the leaf names the lock and whether it spun or slept.' },
  { kind: 'wakeup', label: 'Wakeup chains', help: 'Wait time by the waiter\'s stack, "--", then the stack that released the lock or woke it (leaf first).' },
];

/** What tests can reach: the main graph's canvas component. */
export interface FlameViewHandle { main: FlameCanvas }

export function mountFlame(el: HTMLElement, ctx: ViewContext): FlameViewHandle {
  const { meta } = ctx.trace;
  let kind: FlameKind = 'cpu';
  const waits: WaitFilter = { spin: true, sleep: true };
  let tree: FlameTree = buildFlame(ctx.trace, kind, ctx.selection.get(), waits);
  let sandwichOf: string | null = null;
  let selectedName: string | null = null;

  const root = div('smp-flame');
  const bar = div('smp-flame-bar');
  const kindSel = document.createElement('select');
  kindSel.setAttribute('aria-label', 'Flame graph');
  for (const k of KINDS) {
    const o = document.createElement('option');
    o.value = k.kind;
    o.textContent = k.label;
    o.title = k.help;
    kindSel.append(o);
  }
  const spin = checkbox('Spin', true);
  const sleep = checkbox('Sleep', true);
  const search = document.createElement('input');
  search.type = 'search';
  search.placeholder = 'Search functions';
  search.setAttribute('aria-label', 'Search functions');
  const matchInfo = span('smp-flame-info');
  const sandwichBtn = button('Callers / callees');
  sandwichBtn.disabled = true;
  const resetBtn = button('Reset zoom');
  const rangeText = span('smp-flame-info');
  const wholeBtn = button('Clear selection');
  wholeBtn.addEventListener('click', () => ctx.selection.set(null));
  bar.append(labelled('Graph', kindSel), spin.label, sleep.label, search, matchInfo, sandwichBtn, resetBtn, rangeText, wholeBtn);
  const help = div('smp-flame-info');
  const empty = div('smp-flame-empty');
  const body = div('smp-flame-body');
  root.append(bar, help, empty, body);
  el.replaceChildren(root);

  const open = (src: number) => { if (src > 0) ctx.openSource(src); };
  const onSelect = (_n: number, name: string) => {
    selectedName = name;
    sandwichBtn.disabled = false;
    sandwichBtn.textContent = `Callers / callees of ${name}`;
    ctx.highlight.set({ kind: 'function', name });
  };
  /** No frame selected: the sandwich button waits for one and the function highlight this view set goes. */
  const clearSelection = () => {
    main.clearSelection();
    const hl = ctx.highlight.get();
    if (selectedName !== null && hl?.kind === 'function' && hl.name === selectedName) ctx.highlight.set(null);
    selectedName = null;
    sandwichBtn.disabled = true;
    sandwichBtn.textContent = 'Callers / callees';
  };
  const main = new FlameCanvas(body, { meta, open, selected: onSelect, cleared: () => clearSelection(), label: 'Flame graph' });
  const sandwichPane = div('smp-flame-sandwich');
  body.append(sandwichPane);
  let callers: FlameCanvas | null = null;
  let callees: FlameCanvas | null = null;

  const applyMatch = () => {
    const q = search.value.trim();
    const hl = ctx.highlight.get();
    const text = q || (hl?.kind === 'search' ? hl.text : '');
    const exact = !text && hl?.kind === 'function' ? hl.name : null;
    const r = text ? searchTree(tree, text) : exact ? searchTree(tree, exact, true) : null;
    main.setMatch(r ? r.match : null);
    if (r && r.count === 0) matchInfo.textContent = `no frame matches ${text || exact} in this graph`;
    else matchInfo.textContent = r ? `${r.count} ${r.count === 1 ? 'frame' : 'frames'} · ${formatDuration(r.total)} · ${formatPercent(r.total, tree.total[0])}` : '';
  };

  const renderSandwich = () => {
    callers?.destroy();
    callees?.destroy();
    callers = callees = null;
    sandwichPane.replaceChildren();
    main.el.hidden = !!sandwichOf;
    if (!sandwichOf) return;
    const s = sandwich(tree, sandwichOf);
    const back = button('Back to the whole graph');
    back.addEventListener('click', () => { sandwichOf = null; render(false); });
    const title = div('smp-flame-pane-title');
    title.textContent = `${sandwichOf}: ${formatDuration(s.total)} total (${formatPercent(s.total, tree.total[0])}), ${formatDuration(s.self)} self`;
    const t1 = div('smp-flame-pane-title');
    t1.textContent = `Callers of ${sandwichOf} (read downwards: who called it)`;
    const t2 = div('smp-flame-pane-title');
    t2.textContent = `Callees of ${sandwichOf} (what it called)`;
    sandwichPane.append(back, title, t1);
    callers = new FlameCanvas(sandwichPane, { meta, open, label: `Callers of ${sandwichOf}` });
    sandwichPane.append(t2);
    callees = new FlameCanvas(sandwichPane, { meta, open, label: `Callees of ${sandwichOf}` });
    callers.setTree(s.callers);
    callees.setTree(s.callees);
  };

  const render = (recompute: boolean) => {
    if (recompute) tree = buildFlame(ctx.trace, kind, ctx.selection.get(), waits);
    const sel = ctx.selection.get();
    rangeText.textContent = rangeLabel(sel, meta);
    wholeBtn.hidden = !sel;
    spin.label.hidden = sleep.label.hidden = kind === 'cpu';
    help.textContent = `${KINDS.find((k) => k.kind === kind)!.help} Total ${formatDuration(tree.total[0])}.`;
    const nothing = tree.total[0] > 0 ? '' : kind === 'cpu' ? 'No CPU was busy in this range.' : 'Nobody waited for a lock in this range.';
    empty.textContent = nothing;
    empty.hidden = !nothing;
    body.hidden = !!nothing;
    main.setTree(tree, null, true);
    applyMatch();
    renderSandwich();
  };

  // a frame of one graph kind means nothing in another: each kind starts unselected
  kindSel.addEventListener('change', () => { kind = kindSel.value as FlameKind; clearSelection(); render(true); });
  spin.input.addEventListener('change', () => { waits.spin = spin.input.checked; render(true); });
  sleep.input.addEventListener('change', () => { waits.sleep = sleep.input.checked; render(true); });
  search.addEventListener('input', applyMatch);
  sandwichBtn.addEventListener('click', () => { if (selectedName) { sandwichOf = selectedName; renderSandwich(); } });
  resetBtn.addEventListener('click', () => { main.zoom(0); clearSelection(); });
  ctx.highlight.subscribe(applyMatch);
  let pending = 0;
  ctx.selection.subscribe(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = 0; render(true); });
  });
  render(false);
  return { main };
}

function div(cls: string): HTMLDivElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}
function span(cls: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  return s;
}
function button(text: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.className = 'smp-button';
  b.textContent = text;
  return b;
}
function checkbox(text: string, checked: boolean) {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  const label = document.createElement('label');
  label.append(input, document.createTextNode(text));
  return { input, label };
}
function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(document.createTextNode(text), control);
  return label;
}
