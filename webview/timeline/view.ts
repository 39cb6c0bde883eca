// The timeline view: DOM, input and scheduling around the pure pieces
// (index, rows, level of detail, hit testing, totals). D3 gives the scale,
// the axis and the zoom behaviour (wheel, drag, double-click); the keyboard
// adds W/S zoom and A/D pan (held keys animate), arrows walk spans, Enter
// opens the model line. Two canvases: the base (spans, redrawn when the view
// moves) and an overlay (hover, selection, flows of the selected span),
// redrawn alone on hover.
import { axisTop, scaleLinear, select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type Selection, type ZoomBehavior } from 'd3';
import { NONE, SpanKind } from '../../src/trace/schema';
import type { Highlight, TimeRange, ViewContext } from '../context';
import { clear, h } from '../dom';
import { relatedFlows, visibleFlows, whoBlocked } from './blockers';
import { readingAt } from './counters';
import { actorName, describeCounter, describeInstant, describeSpan, describeText, lockName, type Description } from './describe';
import { renderDescription } from './describeDom';
import { cpuAnchor, findInLane, Renderer, type DrawState, type Frame } from './draw';
import { formatDuration, formatTick, formatTime } from '../../src/format';
import { matcherFor, matchingSpans, type Matcher } from './highlight';
import { hitLane, type Lane } from './lane';
import { buildRows, DEFAULT_EXPANDED, layoutRows, rowAt, type Layout, type RowBox } from './rows';
import { clampWindow, MIN_WINDOW_NS, panWindow, transformFromWindow, windowFromTransform, zoomWindow, type TimeBounds } from './scale';
import { nameHash, readTheme, type Theme } from './theme';
import { rangeTotals } from './totals';
import { renderTotals } from './totalsDom';
import { TimelineIndex } from './traceIndex';

/** What survives a reload (through the host's getState/setState). */
export interface SavedTimeline {
  /** Identifies the trace (name, variant, seed, length): a window is only restored onto the same run. */
  key: string;
  window?: TimeBounds;
  expanded?: string[];
  scrollTop?: number;
  selectedSpan?: number;
  search?: string;
  flows?: boolean;
  /** The range selection. */
  range?: TimeRange;
}

export interface TimelineOptions {
  saved?: SavedTimeline;
  onSave?: (s: SavedTimeline) => void;
  /** Called once, after the first full frame is drawn. */
  onFirstPaint?: () => void;
}

export type Hit =
  | { kind: 'span'; i: number; row: number; lane: number }
  | { kind: 'instant'; i: number; row: number; lane: number }
  | { kind: 'counter'; series: number; time: number; row: number }
  | null;

/** Above this many flows in view, only the selected span's flows are drawn (the rest would hide the spans). */
const FLOW_LIMIT = 150;

const HELP: [string, string][] = [
  ['Wheel, W / S', 'zoom in / out at the pointer'],
  ['Drag, A / D', 'pan'],
  ['Shift+drag, or drag on the axis', 'select a range and total it'],
  ['Z', 'zoom to the selected range or span'],
  ['F or 0', 'fit the whole run'],
  ['↑ / ↓', 'move between tracks'],
  ['← / →', 'previous / next span in the track'],
  ['Enter', 'open the selected span’s model line'],
  ['Esc', 'clear the selection'],
  ['/', 'search threads, locks, functions, counters'],
  ['Shift+wheel', 'scroll the tracks'],
];
const LABEL_WIDTH = 170;

export function traceKey(ctx: ViewContext): string {
  const m = ctx.trace.meta;
  return `${m.name}|${m.variant}|${m.seed}|${m.startNs}|${m.endNs}|${ctx.trace.length.spans}`;
}

export class TimelineView {
  readonly index: TimelineIndex;
  private readonly bounds: TimeBounds;
  private win: TimeBounds;
  private expanded: Set<string>;
  private layout!: Layout;
  private theme!: Theme;
  private threadColors: string[] = [];
  private matcher: Matcher | null = null;
  private matches: Uint32Array | null = null;
  private matchPos = -1;
  private showFlows: boolean;
  private selectedSpan = -1;
  private hover: Hit = null;
  private hoverX = -1;
  private focusRow = 0;
  private dragRange: TimeRange | null = null;
  private ticks: number[] = [];
  private readonly renderer = new Renderer();
  private width = 1;
  private height = 1;
  /** body.scrollTop, kept from scroll events: reading it while drawing would force a layout. */
  private scrollTop = 0;
  private dpr = 1;
  private baseQueued = false;
  private overlayQueued = false;
  private readonly pressed = new Set<string>();
  private keyLoop = 0;
  private hideTimer = 0;
  private saveTimer = 0;
  private readonly disposers: (() => void)[] = [];
  private painted = false;
  /** Milliseconds the last base frame took (the benchmark reads it). */
  lastFrameMs = 0;

  // DOM
  readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly matchInfo: HTMLElement;
  private readonly status: HTMLElement;
  private readonly help: HTMLElement;
  private readonly helpButton: HTMLButtonElement;
  private readonly axisSvg: SVGSVGElement;
  private readonly body: HTMLElement;
  private readonly content: HTMLElement;
  private readonly labels: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly base: HTMLCanvasElement;
  private readonly overlay: HTMLCanvasElement;
  private readonly tooltip: HTMLElement;
  private readonly details: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly live: HTMLElement;
  private readonly zoom: ZoomBehavior<HTMLElement, unknown>;
  private readonly zoomSel: Selection<HTMLElement, unknown, null, undefined>;
  private readonly scale = scaleLinear();

  constructor(host: HTMLElement, private readonly ctx: ViewContext, private readonly opts: TimelineOptions = {}) {
    const { trace } = ctx;
    this.index = new TimelineIndex(trace);
    const end = Math.max(trace.meta.endNs, trace.meta.startNs + MIN_WINDOW_NS);
    this.bounds = { start: trace.meta.startNs, end };
    const saved = opts.saved && opts.saved.key === traceKey(ctx) ? opts.saved : undefined;
    this.win = saved?.window ? clampWindow(saved.window, this.bounds) : { ...this.bounds };
    this.expanded = new Set(saved?.expanded ?? DEFAULT_EXPANDED);
    this.showFlows = saved?.flows ?? true;
    if (saved?.selectedSpan !== undefined && saved.selectedSpan < trace.length.spans) this.selectedSpan = saved.selectedSpan;

    // ---- DOM ----
    this.root = h('div', 'tl-root');
    this.search = h('input', 'tl-search', {
      type: 'search', placeholder: 'Search thread, lock, function, counter', 'aria-label': 'Search threads, locks, functions and counters', spellcheck: 'false',
    });
    this.matchInfo = h('span', 'tl-match-info', { 'aria-live': 'polite' });
    const btn = (label: string, title: string, fn: () => void, cls = '') => {
      const b = h('button', `tl-button ${cls}`.trim(), { type: 'button', title }, label);
      b.addEventListener('click', fn);
      return b;
    };
    const flowsToggle = h('input', undefined, { type: 'checkbox', id: `tl-flows-${ctx.runId}` });
    flowsToggle.checked = this.showFlows;
    flowsToggle.addEventListener('change', () => { this.showFlows = flowsToggle.checked; this.scheduleBase(); this.save(); });
    this.status = h('span', 'tl-status');
    this.help = h('div', 'tl-help-panel', { id: `tl-help-${ctx.runId}`, role: 'note', hidden: '' },
      ...HELP.map(([k, v]) => h('div', undefined, undefined, h('kbd', undefined, undefined, k), ` ${v}`)));
    this.helpButton = h('button', 'tl-button tl-help', { type: 'button', 'aria-expanded': 'false', 'aria-controls': this.help.id, title: 'Keyboard and mouse' }, 'Keys');
    this.helpButton.addEventListener('click', () => {
      this.help.hidden = !this.help.hidden;
      this.helpButton.setAttribute('aria-expanded', String(!this.help.hidden));
    });
    const toolbar = h('div', 'tl-toolbar', { role: 'toolbar', 'aria-label': 'Timeline tools' },
      this.search, this.matchInfo,
      btn('‹', 'Previous match (Shift+Enter)', () => this.nextMatch(-1)),
      btn('›', 'Next match (Enter)', () => this.nextMatch(1)),
      h('span', 'tl-sep'),
      btn('Fit', 'Fit the whole run (F)', () => this.fitAll()),
      btn('Zoom to selection', 'Zoom to the selected range or span (Z)', () => this.zoomToSelection()),
      btn('+', 'Zoom in (W)', () => this.zoomBy(2)),
      btn('−', 'Zoom out (S)', () => this.zoomBy(0.5)),
      h('label', 'tl-check', { for: flowsToggle.id }, flowsToggle, ' Flows'),
      h('span', 'tl-sep'),
      this.status,
      this.helpButton,
    );
    this.axisSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.axisSvg.setAttribute('class', 'tl-axis-svg');
    this.axisSvg.setAttribute('aria-label', 'Time axis: drag to select a range');
    const axisRow = h('div', 'tl-axis', undefined, h('div', 'tl-axis-spacer', undefined, h('span', 'tl-axis-title', undefined, this.ctx.title)), this.axisSvg);
    this.labels = h('div', 'tl-labels', { role: 'tree', 'aria-label': 'Tracks' });
    this.base = h('canvas', 'tl-canvas');
    this.overlay = h('canvas', 'tl-canvas tl-overlay');
    this.tooltip = h('div', 'tl-tooltip', { role: 'tooltip', hidden: '' });
    this.stage = h('div', 'tl-stage', {
      tabindex: '0', role: 'application',
      'aria-label': 'Timeline. W and S zoom, A and D pan, arrows move between tracks and spans, Enter opens the model line.',
    }, this.base, this.overlay);
    this.content = h('div', 'tl-content', undefined, this.labels, this.stage);
    this.body = h('div', 'tl-body', undefined, this.content);
    this.details = h('div', 'tl-details', { 'aria-live': 'polite' });
    this.totals = h('div', 'tl-totals');
    this.live = h('div', 'tl-visually-hidden', { 'aria-live': 'polite' });
    const bottom = h('div', 'tl-bottom', undefined, this.details, this.totals);
    this.root.append(toolbar, this.help, axisRow, this.body, bottom, this.tooltip, this.live);
    this.root.style.setProperty('--tl-label-width', `${LABEL_WIDTH}px`);
    host.append(this.root);

    this.loadTheme();
    this.rebuildRows();

    // ---- zoom behaviour (d3) ----
    this.zoom = d3zoom<HTMLElement, unknown>()
      .filter((e: Event) => {
        if (e.type === 'wheel') {
          const w = e as WheelEvent;
          return !w.shiftKey && Math.abs(w.deltaY) >= Math.abs(w.deltaX);
        }
        const m = e as MouseEvent;
        return !m.shiftKey && !m.ctrlKey && !m.button;
      })
      .on('zoom', (e: D3ZoomEvent<HTMLElement, unknown>) => {
        if (this.width <= 1) return;
        this.win = windowFromTransform(this.bounds, this.width, e.transform.k, e.transform.x);
        this.scheduleBase();
        this.save();
      });
    this.zoomSel = select(this.stage);
    this.zoomSel.call(this.zoom).on('dblclick.zoom', null);

    // ---- input ----
    this.stage.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.stage.addEventListener('pointerleave', () => this.onPointerLeave());
    this.stage.addEventListener('click', (e) => this.onClick(e));
    this.stage.addEventListener('dblclick', (e) => this.onDoubleClick(e));
    this.stage.addEventListener('pointerdown', (e) => {
      this.hideTooltip();
      if (e.shiftKey && e.button === 0) this.startRangeDrag(e, this.stage);
    }, true);
    this.axisSvg.addEventListener('pointerdown', (e) => { if (e.button === 0) this.startRangeDrag(e, this.axisSvg as unknown as HTMLElement); });
    this.stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.tooltip.addEventListener('pointerenter', () => window.clearTimeout(this.hideTimer));
    this.tooltip.addEventListener('pointerleave', () => this.hideTooltip());
    this.body.addEventListener('scroll', () => { this.scrollTop = this.body.scrollTop; this.scheduleBase(); this.save(); });
    // Keys work wherever focus is in the page (a webview often has focus on its body), unless typing or another tab is shown.
    const keydown = (e: KeyboardEvent) => this.onKeyDown(e);
    const keyup = (e: KeyboardEvent) => this.pressed.delete(e.key.toLowerCase());
    document.addEventListener('keydown', keydown);
    document.addEventListener('keyup', keyup);
    this.disposers.push(() => { document.removeEventListener('keydown', keydown); document.removeEventListener('keyup', keyup); });
    this.stage.addEventListener('blur', () => this.pressed.clear());
    let searchTimer = 0;
    this.search.addEventListener('input', () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => {
        const text = this.search.value.trim();
        this.ctx.highlight.set(text ? { kind: 'search', text } : null);
      }, 120);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        window.clearTimeout(searchTimer);
        const text = this.search.value.trim();
        const cur = this.ctx.highlight.get();
        if (text && !(cur?.kind === 'search' && cur.text === text)) this.ctx.highlight.set({ kind: 'search', text });
        this.nextMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.search.value = '';
        this.ctx.highlight.set(null);
        this.stage.focus();
      }
    });

    const ro = new ResizeObserver(() => this.resize());
    ro.observe(this.body);
    this.disposers.push(() => ro.disconnect());
    // Theme: VS Code changes the body class; the report follows the OS scheme.
    const mo = new MutationObserver(() => { this.loadTheme(); this.scheduleBase(); });
    mo.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.disposers.push(() => mo.disconnect());
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onScheme = () => { this.loadTheme(); this.scheduleBase(); };
    mq?.addEventListener?.('change', onScheme);
    this.disposers.push(() => mq?.removeEventListener?.('change', onScheme));

    this.disposers.push(ctx.selection.subscribe((r) => this.onSelection(r)));
    this.disposers.push(ctx.highlight.subscribe((hl) => this.onHighlight(hl)));
    if (saved?.search) {
      this.search.value = saved.search;
      ctx.highlight.set({ kind: 'search', text: saved.search });
    } else if (ctx.highlight.get()) {
      this.onHighlight(ctx.highlight.get());
    }
    this.resize();
    if (saved?.scrollTop) this.body.scrollTop = saved.scrollTop;
    this.renderDetails();
    if (saved?.range && saved.range.end > saved.range.start && !ctx.selection.get()) ctx.selection.set(saved.range);
    else this.onSelection(ctx.selection.get());
  }

  dispose(): void {
    for (const d of this.disposers) d();
    cancelAnimationFrame(this.keyLoop);
    this.root.remove();
  }

  // ---------------------------------------------------------------- setup

  private loadTheme(): void {
    this.theme = readTheme(document.body);
    const pal = this.theme.threads;
    this.threadColors = this.ctx.trace.meta.threads.map((t) => pal[nameHash(t.name) % pal.length]);
  }

  private rebuildRows(): void {
    this.layout = layoutRows(buildRows(this.index, this.expanded));
    this.focusRow = Math.min(this.focusRow, this.layout.rows.length - 1);
    this.renderLabels();
    this.updateContentHeight();
    this.scheduleBase();
  }

  private renderLabels(): void {
    clear(this.labels);
    this.layout.rows.forEach((row, r) => {
      const el = h('div', `tl-row-label tl-row-${row.kind}${r === this.focusRow ? ' tl-row-focus' : ''}`, {
        role: 'treeitem', 'aria-level': String(row.depth + 1), 'data-row': row.id,
      });
      el.style.top = `${row.y}px`;
      el.style.height = `${row.h}px`;
      el.style.paddingLeft = `${4 + row.depth * 14}px`;
      if (row.expandable) {
        el.setAttribute('aria-expanded', String(row.expanded));
        const tw = h('button', 'tl-twisty', { type: 'button', 'aria-label': `${row.expanded ? 'Collapse' : 'Expand'} ${row.label}` }, row.expanded ? '▾' : '▸');
        tw.addEventListener('click', () => this.toggleRow(row.id));
        el.append(tw);
      } else {
        el.append(h('span', 'tl-twisty-space'));
      }
      const name = h('button', 'tl-row-name', { type: 'button', title: `${row.label}${row.detail ? ` (${row.detail})` : ''}` }, row.label);
      name.addEventListener('click', () => this.onLabelClick(row));
      el.append(name);
      if (row.detail) el.append(h('span', 'tl-row-detail', undefined, row.detail));
      this.labels.append(el);
    });
  }

  private toggleRow(id: string): void {
    if (this.expanded.has(id)) this.expanded.delete(id);
    else this.expanded.add(id);
    this.rebuildRows();
    this.save();
    const el = this.labels.querySelector<HTMLElement>(`[data-row="${CSS.escape(id)}"] .tl-twisty`);
    el?.focus();
  }

  /** A label click highlights that thread/lock/counter everywhere (again: clears). */
  private onLabelClick(row: RowBox): void {
    const cur = this.ctx.highlight.get();
    let next: Highlight = null;
    if (row.thread !== undefined) next = { kind: 'thread', id: row.thread };
    else if (row.lock !== undefined) next = { kind: 'lock', id: row.lock };
    else if (row.series !== undefined) next = { kind: 'series', id: row.series };
    else if (row.expandable) { this.toggleRow(row.id); return; }
    if (next && cur && cur.kind === next.kind && 'id' in cur && 'id' in next && cur.id === next.id) next = null;
    this.ctx.highlight.set(next);
  }

  private updateContentHeight(): void {
    this.content.style.height = `${Math.max(this.layout.height, this.body.clientHeight)}px`;
  }

  private resize(): void {
    const w = Math.max(1, this.body.clientWidth - LABEL_WIDTH);
    const hgt = Math.max(1, this.body.clientHeight);
    this.dpr = window.devicePixelRatio || 1;
    this.width = w;
    this.height = hgt;
    this.stage.style.width = `${w}px`;
    this.stage.style.height = `${hgt}px`;
    for (const c of [this.base, this.overlay]) {
      c.width = Math.round(w * this.dpr);
      c.height = Math.round(hgt * this.dpr);
      c.style.width = `${w}px`;
      c.style.height = `${hgt}px`;
    }
    this.axisSvg.setAttribute('width', String(w));
    this.axisSvg.style.width = `${w}px`;
    this.updateContentHeight();
    const span = this.bounds.end - this.bounds.start;
    this.zoom
      .extent([[0, 0], [w, hgt]])
      .translateExtent([[0, 0], [w, hgt]])
      .scaleExtent([1, Math.max(1, span / MIN_WINDOW_NS)]);
    this.setWindow(this.win);
  }

  // ---------------------------------------------------------------- window

  /** Current visible window (trace ns). */
  window(): TimeBounds {
    return { ...this.win };
  }

  setWindow(w: TimeBounds): void {
    const c = clampWindow(w, this.bounds);
    const t = transformFromWindow(this.bounds, this.width, c);
    this.win = c; // the zoom event will set it again, exactly
    this.zoomSel.call(this.zoom.transform, zoomIdentity.translate(t.x, 0).scale(t.k));
    this.scheduleBase();
  }

  zoomBy(factor: number, anchorX?: number): void {
    const x = anchorX ?? this.width / 2;
    const anchor = this.win.start + (x / this.width) * (this.win.end - this.win.start);
    this.setWindow(zoomWindow(this.win, anchor, factor, this.bounds));
  }

  panBy(fraction: number): void {
    this.setWindow(panWindow(this.win, fraction * (this.win.end - this.win.start), this.bounds));
  }

  fitAll(): void {
    this.setWindow(this.bounds);
  }

  zoomToSelection(): void {
    const r = this.ctx.selection.get();
    if (r && r.end > r.start) {
      this.setWindow(r);
      return;
    }
    if (this.selectedSpan >= 0) this.revealSpan(this.selectedSpan, true);
  }

  /** Bring span i into view (zooming in when `zoomTo` or when it would be under 4 px) and scroll its CPU row into view. */
  revealSpan(i: number, zoomTo = false): void {
    const sp = this.ctx.trace.tables.spans;
    const s = sp.start[i];
    const d = Math.max(sp.dur[i], 1);
    const len = this.win.end - this.win.start;
    if (zoomTo || (d / len) * this.width < 4) {
      const want = Math.max(d * 4, MIN_WINDOW_NS);
      this.setWindow({ start: s + d / 2 - want / 2, end: s + d / 2 + want / 2 });
    } else if (s + d < this.win.start || s > this.win.end) {
      this.setWindow({ start: s + d / 2 - len / 2, end: s + d / 2 + len / 2 });
    }
    const row = this.layout.rows.find((r) => r.kind === 'cpu' && r.cpu === sp.cpu[i]);
    if (row && (row.y < this.body.scrollTop || row.y + row.h > this.body.scrollTop + this.height)) {
      this.body.scrollTop = Math.max(0, row.y - 20);
    }
  }

  // ---------------------------------------------------------------- drawing

  private scheduleBase(): void {
    if (this.baseQueued) return;
    this.baseQueued = true;
    requestAnimationFrame(() => {
      this.baseQueued = false;
      this.drawBase();
    });
  }

  private scheduleOverlay(): void {
    if (this.overlayQueued || this.baseQueued) return;
    this.overlayQueued = true;
    requestAnimationFrame(() => {
      this.overlayQueued = false;
      this.drawOverlay();
    });
  }

  private frame(): Frame {
    return { width: this.width, height: this.height, dpr: this.dpr, scrollTop: this.scrollTop, start: this.win.start, end: this.win.end };
  }

  /** Draw the base canvas now (also used by the benchmark). Returns the time it took in ms. */
  drawBase(): number {
    const t0 = performance.now();
    this.updateAxis();
    const g = this.base.getContext('2d');
    if (!g) return 0;
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const flows = this.showFlows ? visibleFlows(this.index, this.win.start, this.win.end, FLOW_LIMIT) : [];
    const state: DrawState = {
      trace: this.ctx.trace, index: this.index, layout: this.layout, theme: this.theme, matcher: this.matcher,
      threadColors: this.threadColors, ticks: this.ticks, flows,
    };
    this.renderer.draw(g, this.frame(), state);
    const len = this.win.end - this.win.start;
    this.status.textContent = `${formatDuration(len)} visible${this.showFlows && flows === null ? ' · zoom in to see flows' : ''}`;
    this.drawOverlay();
    this.lastFrameMs = performance.now() - t0;
    if (!this.painted) {
      this.painted = true;
      this.opts.onFirstPaint?.();
    }
    return this.lastFrameMs;
  }

  private updateAxis(): void {
    const w = this.width;
    this.scale.domain([this.win.start, this.win.end]).range([0, w]);
    const count = Math.max(2, Math.floor(w / 120));
    const ticks = this.scale.ticks(count);
    this.ticks = ticks;
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : this.win.end - this.win.start;
    const magnitude = Math.max(Math.abs(this.win.start), Math.abs(this.win.end));
    // Labels centred on a tick near an edge would be cut off: leave those ticks to the grid.
    const labelled = ticks.filter((t) => { const x = this.scale(t); return x >= 36 && x <= w - 36; });
    const axis = axisTop(this.scale).tickValues(labelled).tickSizeOuter(0).tickFormat((t) => formatTick(+t, step, magnitude));
    const svg = select(this.axisSvg);
    svg.attr('height', 24);
    let g = svg.select<SVGGElement>('g.tl-axis-g');
    if (g.empty()) g = svg.append('g').attr('class', 'tl-axis-g');
    g.attr('transform', 'translate(0,23)').call(axis);
  }

  private drawOverlay(): void {
    const g = this.overlay.getContext('2d');
    if (!g) return;
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    g.clearRect(0, 0, this.width, this.height);
    const f = this.frame();
    const npp = (f.end - f.start) / f.width;
    const xOf = (t: number) => (t - f.start) / npp;
    const th = this.theme;

    // Range selection (or the one being dragged).
    const r = this.dragRange ?? this.ctx.selection.get();
    if (r) {
      const x0 = xOf(Math.min(r.start, r.end));
      const x1 = xOf(Math.max(r.start, r.end));
      g.globalAlpha = 0.25;
      g.fillStyle = th.selection;
      g.fillRect(x0, 0, x1 - x0, f.height);
      g.globalAlpha = 1;
      g.fillStyle = th.selectionBorder;
      g.fillRect(Math.round(x0), 0, 1, f.height);
      g.fillRect(Math.round(x1), 0, 1, f.height);
    }

    // The selected span, who blocked it, and its flows.
    if (this.selectedSpan >= 0) {
      const i = this.selectedSpan;
      const b = whoBlocked(this.index, i);
      if (b) {
        for (const hold of b.holds) this.outlineSpan(g, f, hold, th.blocker, 2);
        if (b.handoff >= 0) this.renderer.drawFlows(g, f, this.state(), [b.handoff], npp, 1, th.blocker, 2);
      }
      const flows = relatedFlows(this.index, i);
      this.renderer.drawFlows(g, f, this.state(), flows, npp, 1, undefined, 1.5);
      this.outlineSpan(g, f, i, th.focus, 2);
    }
    if (this.hover?.kind === 'span') this.outlineSpan(g, f, this.hover.i, th.foreground, 1);
    if (this.hover?.kind === 'counter' || this.hover?.kind === 'instant') {
      const row = this.layout.rows[this.hover.row];
      const t = this.hover.kind === 'counter' ? this.hover.time : this.ctx.trace.tables.instants.time[this.hover.i];
      g.fillStyle = th.foreground;
      g.fillRect(Math.round(xOf(t)), row.y - f.scrollTop, 1, row.h);
    }
    // Keyboard focus row.
    const fr = this.layout.rows[this.focusRow];
    if (fr && document.activeElement === this.stage) {
      g.strokeStyle = th.focus;
      g.lineWidth = 1;
      g.strokeRect(0.5, fr.y - f.scrollTop + 0.5, f.width - 1, fr.h - 1);
    }
    // Cursor line.
    if (this.hoverX >= 0) {
      g.globalAlpha = 0.5;
      g.fillStyle = th.muted;
      g.fillRect(Math.round(this.hoverX), 0, 1, f.height);
      g.globalAlpha = 1;
    }
  }

  private state(): DrawState {
    return {
      trace: this.ctx.trace, index: this.index, layout: this.layout, theme: this.theme, matcher: this.matcher,
      threadColors: this.threadColors, ticks: this.ticks, flows: null,
    };
  }

  /** Outline span i in every visible lane that holds it (its CPU row, expanded rows, its lock's row). */
  private outlineSpan(g: CanvasRenderingContext2D, f: Frame, i: number, color: string, width: number): void {
    const sp = this.ctx.trace.tables.spans;
    const npp = (f.end - f.start) / f.width;
    const x0 = Math.max(-2, (sp.start[i] - f.start) / npp);
    const x1 = Math.min(f.width + 2, (sp.start[i] + sp.dur[i] - f.start) / npp);
    if (x1 < -2 || x0 > f.width + 2) return;
    g.strokeStyle = color;
    g.lineWidth = width;
    for (const { row, lane } of this.lanesHolding(i)) {
      const y = row.laneY[lane] - f.scrollTop;
      if (y + row.lanes[lane].height < 0 || y > f.height) continue;
      g.strokeRect(x0 - width / 2, y - width / 2 + 0.5, Math.max(x1 - x0, 1) + width, row.lanes[lane].height - 1 + width);
    }
  }

  private lanesHolding(i: number): { row: RowBox; lane: number }[] {
    const sp = this.ctx.trace.tables.spans;
    const out: { row: RowBox; lane: number }[] = [];
    for (const row of this.layout.rows) {
      if (row.cpu !== undefined && row.cpu !== sp.cpu[i] && row.kind !== 'lock') continue;
      if (row.kind === 'lock' && row.lock !== sp.obj[i]) continue;
      if (row.kind === 'series' || row.kind === 'group') continue;
      row.lanes.forEach((spec, k) => {
        if (spec.kind === 'marks' || !spec.lane) return;
        if (findInLane(spec.lane, i, sp.start[i]) >= 0) out.push({ row, lane: k });
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- hit testing

  /** What is under stage-local point (x, y) in CSS px. */
  hitTest(x: number, y: number): Hit {
    const at = rowAt(this.layout, y + this.scrollTop);
    if (!at || at.lane < 0) return null;
    const row = this.layout.rows[at.row];
    const spec = row.lanes[at.lane];
    const npp = (this.win.end - this.win.start) / this.width;
    if (spec.kind === 'counter') {
      return { kind: 'counter', series: spec.series ?? 0, time: this.win.start + x * npp, row: at.row };
    }
    if (!spec.lane) return null;
    const pos = hitLane(spec.lane, this.win.start, npp, x, spec.kind === 'marks' ? 3 : 2);
    if (pos < 0) return null;
    const i = spec.lane.idx[pos];
    return spec.kind === 'marks' ? { kind: 'instant', i, row: at.row, lane: at.lane } : { kind: 'span', i, row: at.row, lane: at.lane };
  }

  private describe(hit: Hit): Description | null {
    if (!hit) return null;
    const trace = this.ctx.trace;
    if (hit.kind === 'span') return describeSpan(trace, hit.i);
    if (hit.kind === 'instant') return describeInstant(trace, hit.i);
    const si = this.index.series[hit.series];
    const reading = si ? readingAt(si, hit.time) : null;
    return reading ? describeCounter(trace, hit.series, reading) : null;
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.stage.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.dragRange) return;
    const { x, y } = this.local(e);
    this.hoverX = x;
    const hit = this.hitTest(x, y);
    const same = JSON.stringify(hit) === JSON.stringify(this.hover);
    this.hover = hit;
    // Also after a click hid it: hovering on over the same span brings it back.
    if (!same || hit?.kind === 'counter' || (hit && this.tooltip.hidden)) this.showTooltip(hit, e.clientX, e.clientY);
    else if (hit) this.placeTooltip(e.clientX, e.clientY);
    this.scheduleOverlay();
  }

  private onPointerLeave(): void {
    this.hoverX = -1;
    this.hover = null;
    this.scheduleOverlay();
    window.clearTimeout(this.hideTimer);
    // A grace period so the pointer can travel into the tooltip and click a frame.
    this.hideTimer = window.setTimeout(() => this.hideTooltip(), 600);
  }

  private showTooltip(hit: Hit, cx: number, cy: number): void {
    window.clearTimeout(this.hideTimer);
    const d = this.describe(hit);
    if (!d) {
      this.hideTimer = window.setTimeout(() => this.hideTooltip(), 250);
      return;
    }
    clear(this.tooltip);
    this.tooltip.append(renderDescription(d, (src) => this.ctx.openSource(src)));
    if (hit?.kind === 'span' && this.ctx.trace.tables.spans.kind[hit.i] === SpanKind.LockWait) {
      const b = whoBlocked(this.index, hit.i);
      if (b && b.holds.length) {
        const sp = this.ctx.trace.tables.spans;
        const names = [...new Set(b.holds.map((x) => actorName(this.ctx.trace.meta, sp.thread[x], sp.cpu[x])))];
        this.tooltip.append(h('div', 'tl-desc-note', undefined, `Blocked by ${names.join(', ')} holding ${lockName(this.ctx.trace.meta, sp.obj[hit.i])}. Click to show.`));
      }
    }
    this.tooltip.hidden = false;
    this.placeTooltip(cx, cy);
  }

  private placeTooltip(cx: number, cy: number): void {
    const rr = this.root.getBoundingClientRect();
    const tw = this.tooltip.offsetWidth;
    const th = this.tooltip.offsetHeight;
    let x = cx - rr.left + 14;
    let y = cy - rr.top + 14;
    if (x + tw > rr.width - 4) x = Math.max(4, cx - rr.left - tw - 14);
    if (y + th > rr.height - 4) y = Math.max(4, cy - rr.top - th - 14);
    this.tooltip.style.left = `${x}px`;
    this.tooltip.style.top = `${y}px`;
  }

  private hideTooltip(): void {
    window.clearTimeout(this.hideTimer);
    this.tooltip.hidden = true;
  }

  private onClick(e: MouseEvent): void {
    if (e.shiftKey) return;
    const { x, y } = this.local(e);
    const hit = this.hitTest(x, y);
    const at = rowAt(this.layout, y + this.body.scrollTop);
    if (at) this.focusRow = at.row;
    this.selectSpan(hit?.kind === 'span' ? hit.i : -1);
    this.stage.focus({ preventScroll: true });
  }

  private onDoubleClick(e: MouseEvent): void {
    const { x, y } = this.local(e);
    const hit = this.hitTest(x, y);
    if (hit?.kind === 'span') {
      this.selectSpan(hit.i);
      this.revealSpan(hit.i, true);
    } else {
      this.zoomBy(2, x);
    }
  }

  selectSpan(i: number): void {
    this.selectedSpan = i;
    this.renderDetails();
    this.scheduleOverlay();
    this.save();
    if (i >= 0) this.live.textContent = describeText(describeSpan(this.ctx.trace, i));
  }

  private renderDetails(): void {
    clear(this.details);
    const i = this.selectedSpan;
    if (i < 0) {
      this.details.append(h('div', 'tl-muted', undefined, 'Click a span to see its details and stack; Shift+drag to total a range.'));
      return;
    }
    const trace = this.ctx.trace;
    const d = describeSpan(trace, i);
    const open = (src: number) => this.ctx.openSource(src);
    this.details.append(renderDescription(d, open));
    const b = whoBlocked(this.index, i);
    if (b) {
      const sp = trace.tables.spans;
      const list = h('div', 'tl-blockers');
      list.append(h('div', 'tl-desc-subtitle', undefined, b.holds.length ? 'Who blocked me' : 'No holder recorded during this wait'));
      for (const hold of b.holds) {
        const item = h('button', 'tl-blocker', { type: 'button', 'data-span': String(hold) },
          `${actorName(trace.meta, sp.thread[hold], sp.cpu[hold])} held ${lockName(trace.meta, sp.obj[hold])}${sp.thread[hold] === NONE ? '' : ` on CPU ${sp.cpu[hold]}`} for ${formatDuration(sp.dur[hold])} (from ${formatTime(sp.start[hold])})`);
        item.addEventListener('click', () => { this.selectSpan(hold); this.revealSpan(hold); });
        list.append(item);
      }
      if (b.handoff >= 0) {
        const fl = trace.tables.flows;
        list.append(h('div', 'tl-muted', undefined, `Handed over at ${formatTime(fl.t1[b.handoff])} by ${actorName(trace.meta, fl.thread0[b.handoff], fl.cpu0[b.handoff])}${fl.thread0[b.handoff] === NONE ? '' : ` on CPU ${fl.cpu0[b.handoff]}`} (${formatDuration(fl.t1[b.handoff] - fl.t0[b.handoff])} handoff)`));
      }
      this.details.append(list);
    }
  }

  // ---------------------------------------------------------------- range selection

  private startRangeDrag(e: PointerEvent, target: HTMLElement): void {
    e.preventDefault();
    e.stopPropagation();
    const rect = this.stage.getBoundingClientRect();
    const tAt = (cx: number) => this.win.start + ((cx - rect.left) / this.width) * (this.win.end - this.win.start);
    const t0 = tAt(e.clientX);
    this.dragRange = { start: t0, end: t0 };
    target.setPointerCapture?.(e.pointerId);
    const move = (ev: PointerEvent) => {
      this.dragRange = { start: t0, end: tAt(ev.clientX) };
      this.scheduleOverlay();
    };
    const up = (ev: PointerEvent) => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
      target.removeEventListener('pointercancel', up);
      const t1 = tAt(ev.clientX);
      this.dragRange = null;
      const a = Math.max(this.bounds.start, Math.min(t0, t1));
      const b = Math.min(this.bounds.end, Math.max(t0, t1));
      // A click without a drag (under 3 px) clears the selection.
      if (Math.abs(ev.clientX - e.clientX) < 3) this.ctx.selection.set(null);
      else this.ctx.selection.set({ start: a, end: b });
      this.scheduleOverlay();
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
    target.addEventListener('pointercancel', up);
  }

  /** Select [start, end) as if dragged (tests and the host use it). */
  selectRange(start: number, end: number): void {
    this.ctx.selection.set({ start, end });
  }

  private onSelection(r: TimeRange | null): void {
    this.save();
    clear(this.totals);
    if (r && r.end > r.start) this.totals.append(renderTotals(rangeTotals(this.index, r.start, r.end)));
    else this.totals.append(h('div', 'tl-muted', undefined, 'Shift+drag on the tracks, or drag on the time axis, to total a range: time by state per CPU, lock waits, switches, counters.'));
    this.scheduleOverlay();
  }

  // ---------------------------------------------------------------- search / highlight

  private onHighlight(hl: Highlight): void {
    this.matcher = matcherFor(this.ctx.trace.meta, hl);
    this.matches = null;
    this.matchPos = -1;
    if (hl?.kind === 'search') {
      if (this.search.value.trim() !== hl.text) this.search.value = hl.text;
    } else if (hl) {
      this.search.value = '';
    }
    this.updateMatchInfo(hl);
    for (const el of this.labels.querySelectorAll<HTMLElement>('.tl-row-label')) {
      const row = this.layout.rows.find((r) => r.id === el.dataset.row);
      const m = this.matcher;
      const on = !!m && !!row && ((row.thread !== undefined && m.threads[row.thread] === 1) || (row.lock !== undefined && m.locks[row.lock] === 1) || (row.series !== undefined && m.series[row.series] === 1));
      el.classList.toggle('tl-row-match', on);
    }
    this.scheduleBase();
    this.save();
  }

  private matchList(): Uint32Array {
    if (!this.matches) this.matches = this.matcher ? matchingSpans(this.ctx.trace, this.matcher) : new Uint32Array(0);
    return this.matches;
  }

  private updateMatchInfo(hl: Highlight): void {
    if (!this.matcher || !hl) {
      this.matchInfo.textContent = '';
      return;
    }
    const n = this.matchList().length;
    const c = this.matcher.counts;
    const parts: string[] = [];
    if (c.threads) parts.push(`${c.threads} thread${c.threads > 1 ? 's' : ''}`);
    if (c.locks) parts.push(`${c.locks} lock${c.locks > 1 ? 's' : ''}`);
    if (c.functions) parts.push(`${c.functions} function${c.functions > 1 ? 's' : ''}`);
    if (c.series) parts.push(`${c.series} counter${c.series > 1 ? 's' : ''}`);
    this.matchInfo.textContent = parts.length ? `${n.toLocaleString('en-US')} spans · ${parts.join(', ')}` : 'no match';
  }

  /** Step to the next (dir 1) or previous (-1) matching span after the current window centre. */
  nextMatch(dir: 1 | -1): void {
    const list = this.matchList();
    if (!list.length) return;
    const sp = this.ctx.trace.tables.spans;
    if (this.matchPos < 0) {
      const mid = (this.win.start + this.win.end) / 2;
      let k = 0;
      while (k < list.length && sp.start[list[k]] < mid) k++;
      this.matchPos = dir > 0 ? k % list.length : (k - 1 + list.length) % list.length;
    } else {
      this.matchPos = (this.matchPos + dir + list.length) % list.length;
    }
    const i = list[this.matchPos];
    this.selectSpan(i);
    this.revealSpan(i);
    this.matchInfo.textContent = `${this.matchPos + 1} / ${list.length.toLocaleString('en-US')}`;
  }

  // ---------------------------------------------------------------- keyboard / wheel

  private onWheel(e: WheelEvent): void {
    if (e.shiftKey) {
      e.preventDefault();
      this.body.scrollTop += e.deltaY || e.deltaX;
    } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      e.preventDefault();
      this.panBy(e.deltaX / this.width);
    }
  }

  private onKeyDown(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    if (!this.root.isConnected || this.root.offsetParent === null) return; // the timeline tab is hidden
    if (t !== document.body && !this.root.contains(t)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    const onStage = t === this.stage;
    switch (key) {
      case 'w': case 's': case 'a': case 'd':
        e.preventDefault();
        this.pressed.add(key);
        this.startKeyLoop();
        return;
      case '+': case '=': this.zoomBy(1.5); break;
      case '-': case '_': this.zoomBy(1 / 1.5); break;
      case 'f': case '0': this.fitAll(); break;
      case 'z': this.zoomToSelection(); break;
      case '/': this.search.focus(); this.search.select(); break;
      case 'escape':
        this.ctx.selection.set(null);
        this.selectSpan(-1);
        this.hideTooltip();
        break;
      case 'arrowup': case 'arrowdown':
        if (!onStage) return;
        this.moveFocusRow(key === 'arrowup' ? -1 : 1);
        break;
      case 'arrowleft': case 'arrowright':
        if (!onStage) return;
        this.stepSpan(key === 'arrowleft' ? -1 : 1);
        break;
      case 'enter':
        if (!onStage) return;
        if (this.selectedSpan >= 0) {
          const frames = describeSpan(this.ctx.trace, this.selectedSpan).frames.filter((f) => f.src > 0);
          if (frames.length) this.ctx.openSource(frames[frames.length - 1].src);
        }
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private startKeyLoop(): void {
    if (this.keyLoop) return;
    let last = performance.now();
    const tick = (now: number) => {
      const dt = Math.min(50, now - last);
      last = now;
      if (!this.pressed.size) {
        this.keyLoop = 0;
        return;
      }
      const anchorX = this.hoverX >= 0 ? this.hoverX : this.width / 2;
      if (this.pressed.has('w')) this.zoomBy(Math.exp(dt * 0.004), anchorX);
      if (this.pressed.has('s')) this.zoomBy(Math.exp(-dt * 0.004), anchorX);
      if (this.pressed.has('a')) this.panBy(-dt * 0.0012);
      if (this.pressed.has('d')) this.panBy(dt * 0.0012);
      this.keyLoop = requestAnimationFrame(tick);
    };
    this.keyLoop = requestAnimationFrame(tick);
  }

  private moveFocusRow(dir: number): void {
    const n = this.layout.rows.length;
    let r = this.focusRow;
    do r = (r + dir + n) % n; while (this.layout.rows[r].lanes.length === 0 && r !== this.focusRow);
    this.focusRow = r;
    const row = this.layout.rows[r];
    for (const el of this.labels.querySelectorAll('.tl-row-focus')) el.classList.remove('tl-row-focus');
    this.labels.querySelector(`[data-row="${CSS.escape(row.id)}"]`)?.classList.add('tl-row-focus');
    if (row.y < this.body.scrollTop) this.body.scrollTop = row.y;
    else if (row.y + row.h > this.body.scrollTop + this.height) this.body.scrollTop = row.y + row.h - this.height;
    this.live.textContent = `${row.label}${row.detail ? `, ${row.detail}` : ''}`;
    this.scheduleOverlay();
  }

  /** The next/previous span in the focused row's main lane, from the selected one (or the window centre). */
  private stepSpan(dir: number): void {
    const row = this.layout.rows[this.focusRow];
    if (!row) return;
    const lane = this.mainLane(row);
    if (!lane || lane.n === 0) return;
    const sp = this.ctx.trace.tables.spans;
    let k = this.selectedSpan >= 0 ? findInLane(lane, this.selectedSpan, sp.start[this.selectedSpan]) : -1;
    if (k < 0) {
      const mid = (this.win.start + this.win.end) / 2;
      k = 0;
      while (k < lane.n - 1 && lane.start[k] < mid) k++;
    } else {
      k = Math.max(0, Math.min(lane.n - 1, k + dir));
    }
    const i = lane.idx[k];
    this.selectSpan(i);
    this.revealSpan(i);
  }

  private mainLane(row: RowBox): Lane | undefined {
    const pref = ['threads', 'holds', 'locks', 'waits', 'states'];
    for (const kind of pref) {
      const l = row.lanes.find((x) => x.kind === kind && x.lane && x.lane.n > 0);
      if (l) return l.lane;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- state

  private save(): void {
    if (!this.opts.onSave) return;
    window.clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      const hl = this.ctx.highlight.get();
      this.opts.onSave?.({
        key: traceKey(this.ctx), window: this.window(), expanded: [...this.expanded], scrollTop: this.body.scrollTop,
        selectedSpan: this.selectedSpan >= 0 ? this.selectedSpan : undefined, search: hl?.kind === 'search' ? hl.text : undefined,
        flows: this.showFlows, range: this.ctx.selection.get() ?? undefined,
      });
    }, 250);
  }

  // ---------------------------------------------------------------- test and benchmark hooks

  /** Client coordinates of the middle of span i's visible part in its CPU row, or null when off screen. */
  spanClientPoint(i: number): { x: number; y: number } | null {
    const sp = this.ctx.trace.tables.spans;
    const holding = this.lanesHolding(i);
    if (!holding.length) return null;
    const { row, lane } = holding[0];
    const npp = (this.win.end - this.win.start) / this.width;
    const x0 = Math.max(0, (sp.start[i] - this.win.start) / npp);
    const x1 = Math.min(this.width, (sp.start[i] + sp.dur[i] - this.win.start) / npp);
    if (x1 < 0 || x0 > this.width) return null;
    const y = row.laneY[lane] + row.lanes[lane].height / 2 - this.body.scrollTop;
    if (y < 0 || y > this.height) return null;
    const r = this.stage.getBoundingClientRect();
    return { x: r.left + (x0 + x1) / 2, y: r.top + y };
  }

  /** Client y of a CPU row's thread lane (flows attach there). */
  cpuClientY(cpu: number): number | null {
    const y = cpuAnchor(this.layout, cpu);
    return y === null ? null : this.stage.getBoundingClientRect().top + y - this.body.scrollTop;
  }

  rows(): { id: string; label: string; y: number; h: number }[] {
    return this.layout.rows.map((r) => ({ id: r.id, label: r.label, y: r.y, h: r.h }));
  }

  expand(id: string, open = true): void {
    if (open !== this.expanded.has(id)) this.toggleRow(id);
  }

  stageSize(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }
}
