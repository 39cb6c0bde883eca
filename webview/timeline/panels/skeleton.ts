// The timeline's DOM: toolbar (search, match stepping, zoom buttons, flows
// toggle, status, legend, key help), the time axis, the scrolling tracks (labels
// beside a stage of two stacked canvases), the details and totals panels,
// the tooltip and a live region for screen readers. Only structure and the
// toolbar's own clicks live here; the behaviour is wired in view.ts.
import type { ViewContext } from '../../context';
import { h } from '../../common/dom';

import { DEFAULT_LABEL_WIDTH } from '../layout/labelColumn';

const HELP: [string, string][] = [
  ['Wheel, W / S', 'zoom in / out at the pointer'],
  ['Drag, A / D', 'pan'],
  ['Shift+drag, or drag on the axis', 'select a range and total it'],
  ['Z', 'zoom to the selected range or span'],
  ['F or 0', 'fit the whole run'],
  ['↑ / ↓', 'move between tracks'],
  ['Shift+↑ / ↓', 'move between the lanes of a track (a collapsed CPU’s thread, lock and state lanes)'],
  ['Tab', 'one stop for the track names; ↑ ↓ move in them, → ← expand and collapse'],
  ['← / →', 'previous / next span in the track'],
  ['Enter', 'open the selected span’s model line'],
  ['] / [', 'follow the selected span’s outgoing / incoming flow (wakeup, lock handoff, IPI)'],
  ['Click an arrow', 'select the span it points at; an arrow of many flows zooms in to them'],
  ['Esc', 'clear the selection'],
  ['/', 'search threads, locks, functions, counters'],
  ['Shift+wheel', 'scroll the tracks'],
];

export interface ToolbarActions {
  nextMatch(dir: 1 | -1): void;
  fitAll(): void;
  zoomToSelection(): void;
  zoomBy(factor: number): void;
  setFlows(on: boolean): void;
  /** The CPU list typed in the filter; returns an error to show, or null. */
  setCpuFilter(text: string): string | null;
  setOnlyMatching(on: boolean): void;
}

export interface TimelineDom {
  root: HTMLElement;
  legend: HTMLElement;
  search: HTMLInputElement;
  matchInfo: HTMLElement;
  status: HTMLElement;
  axisSvg: SVGSVGElement;
  /** Scrolls the tracks vertically. */
  body: HTMLElement;
  /** As tall as all rows, so the body scrolls. */
  content: HTMLElement;
  labels: HTMLElement;
  stage: HTMLElement;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  tooltip: HTMLElement;
  details: HTMLElement;
  totals: HTMLElement;
  /** Announces keyboard moves to screen readers. */
  live: HTMLElement;
}

export function buildTimelineDom(host: HTMLElement, ctx: ViewContext, showFlows: boolean, on: ToolbarActions): TimelineDom {
  const root = h('div', 'tl-root');
  const search = h('input', 'tl-search', {
    type: 'search', placeholder: 'Search thread, lock, function, counter', 'aria-label': 'Search threads, locks, functions and counters', spellcheck: 'false',
  });
  const matchInfo = h('span', 'tl-match-info', { 'aria-live': 'polite' });
  const btn = (label: string, title: string, fn: () => void, cls = '') => {
    const b = h('button', `tl-button ${cls}`.trim(), { type: 'button', title }, label);
    b.addEventListener('click', fn);
    return b;
  };
  const flowsToggle = h('input', undefined, { type: 'checkbox', id: `tl-flows-${ctx.runId}` });
  flowsToggle.checked = showFlows;
  flowsToggle.addEventListener('change', () => on.setFlows(flowsToggle.checked));
  const status = h('span', 'tl-status');
  // Filters hide tracks (the search only dims): a CPU list, and "only matching" for the search's threads, locks, counters.
  const cpuFilter = h('input', 'tl-cpu-filter', {
    type: 'text', placeholder: 'CPUs: all', 'aria-label': 'Show only these CPUs (e.g. 0-3, 6)', title: 'Show only these CPUs: 0-3, 6 (empty: all)', spellcheck: 'false',
  });
  cpuFilter.addEventListener('input', () => {
    const err = on.setCpuFilter(cpuFilter.value);
    cpuFilter.setCustomValidity(err ?? '');
    cpuFilter.title = err ?? 'Show only these CPUs: 0-3, 6 (empty: all)';
    cpuFilter.classList.toggle('tl-invalid', !!err);
  });
  const onlyMatching = h('input', undefined, { type: 'checkbox', id: `tl-only-${ctx.runId}` });
  onlyMatching.addEventListener('change', () => on.setOnlyMatching(onlyMatching.checked));
  const help = h('div', 'tl-help-panel', { id: `tl-help-${ctx.runId}`, role: 'note', hidden: '' },
    ...HELP.map(([k, v]) => h('div', undefined, undefined, h('kbd', undefined, undefined, k), ` ${v}`)));
  const helpButton = h('button', 'tl-button tl-help', { type: 'button', 'aria-expanded': 'false', 'aria-controls': help.id, title: 'Keyboard and mouse' }, 'Keys');
  helpButton.addEventListener('click', () => {
    help.hidden = !help.hidden;
    helpButton.setAttribute('aria-expanded', String(!help.hidden));
  });
  // What the colours mean: shown until the user hides it (legend.ts fills it in the theme's colours).
  const legend = h('div', 'tl-legend', { id: `tl-legend-${ctx.runId}`, role: 'note', 'aria-label': 'Legend' });
  const legendButton = h('button', 'tl-button tl-legend-toggle', { type: 'button', 'aria-expanded': 'true', 'aria-controls': legend.id, title: 'What the colours mean' }, 'Legend');
  legendButton.addEventListener('click', () => {
    legend.hidden = !legend.hidden;
    legendButton.setAttribute('aria-expanded', String(!legend.hidden));
  });
  const toolbar = h('div', 'tl-toolbar', { role: 'toolbar', 'aria-label': 'Timeline tools' },
    search, matchInfo,
    btn('‹', 'Previous match (Shift+Enter)', () => on.nextMatch(-1)),
    btn('›', 'Next match (Enter)', () => on.nextMatch(1)),
    h('label', 'tl-check', { for: onlyMatching.id, title: 'Hide the tracks the search does not match' }, onlyMatching, ' Only matching'),
    cpuFilter,
    h('span', 'tl-sep'),
    btn('Fit', 'Fit the whole run (F)', () => on.fitAll()),
    btn('Zoom to selection', 'Zoom to the selected range or span (Z)', () => on.zoomToSelection()),
    btn('+', 'Zoom in (W)', () => on.zoomBy(2)),
    btn('−', 'Zoom out (S)', () => on.zoomBy(0.5)),
    h('label', 'tl-check', { for: flowsToggle.id }, flowsToggle, ' Flows'),
    h('span', 'tl-sep'),
    status,
    legendButton,
    helpButton,
  );
  const axisSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  axisSvg.setAttribute('class', 'tl-axis-svg');
  axisSvg.setAttribute('aria-label', 'Time axis: drag to select a range');
  const axisRow = h('div', 'tl-axis', undefined, h('div', 'tl-axis-spacer', undefined, h('span', 'tl-axis-title', undefined, ctx.title)), axisSvg);
  const labels = h('div', 'tl-labels', { role: 'tree', 'aria-label': 'Tracks' });
  const base = h('canvas', 'tl-canvas');
  const overlay = h('canvas', 'tl-canvas tl-overlay');
  const tooltip = h('div', 'tl-tooltip', { role: 'tooltip', hidden: '' });
  const stage = h('div', 'tl-stage', {
    tabindex: '0', role: 'application',
    'aria-label': 'Timeline. W and S zoom, A and D pan, arrows move between tracks and spans, Enter opens the model line, ] and [ follow flows.',
  }, base, overlay);
  const content = h('div', 'tl-content', undefined, labels, stage);
  const body = h('div', 'tl-body', undefined, content);
  const details = h('div', 'tl-details', { 'aria-live': 'polite' });
  const totals = h('div', 'tl-totals');
  const live = h('div', 'tl-visually-hidden', { 'aria-live': 'polite' });
  const bottom = h('div', 'tl-bottom', undefined, details, totals);
  root.append(toolbar, help, legend, axisRow, body, bottom, tooltip, live);
  root.style.setProperty('--tl-label-width', `${DEFAULT_LABEL_WIDTH}px`);
  host.append(root);
  return { root, legend, search, matchInfo, status, axisSvg, body, content, labels, stage, base, overlay, tooltip, details, totals, live };
}

/** Size the label column, the stage, both canvases (in device pixels) and the axis to the body; returns the stage size in CSS px. */
export function sizeStage(d: TimelineDom, dpr: number, labelWidth: number): { width: number; height: number } {
  d.root.style.setProperty('--tl-label-width', `${labelWidth}px`);
  const w = Math.max(1, d.body.clientWidth - labelWidth);
  const hgt = Math.max(1, d.body.clientHeight);
  d.stage.style.width = `${w}px`;
  d.stage.style.height = `${hgt}px`;
  for (const c of [d.base, d.overlay]) {
    c.width = Math.round(w * dpr);
    c.height = Math.round(hgt * dpr);
    c.style.width = `${w}px`;
    c.style.height = `${hgt}px`;
  }
  d.axisSvg.setAttribute('width', String(w));
  d.axisSvg.style.width = `${w}px`;
  return { width: w, height: hgt };
}
