// The timeline view: composes the pieces under webview/timeline/ around one
// shared ViewState. The pure parts (index, rows, level of detail, hit
// testing, totals) know nothing of the DOM; the modules wired here each own
// one concern:
//   skeleton.ts        the DOM and the toolbar
//   zoomPan.ts         the visible window, through d3's zoom behaviour
//   painter.ts         frame scheduling and the base canvas; overlay.ts the overlay
//   flows.ts           which flow arrows are drawn (flowBuckets.ts when
//                      zoomed out); flowHit.ts finds one under the pointer,
//                      flowFollow.ts the span at its end
//   pointer.ts         hover, click, wheel; keyboard.ts the keys
//   tooltip.ts         hover tooltip; details.ts the selected span's panel
//   rangeSelection.ts  range drag and its totals
//   spanSearch.ts      search, highlight and match stepping
//   labels.ts          track labels; trackNavigation.ts arrow-key steps
//   savedState.ts      what survives a reload
// This file only holds the state transitions that several of them trigger
// (select a span, reveal it, rebuild the rows, resize).
import type { TimeRange, ViewContext } from '../context';
import { TimeAxis } from './layout/axis';
import { describeFlow, describeSpan, describeText } from './panels/describe';
import { renderDetails } from './panels/details';
import { cpuAnchor, cpuAnchors, curvePoint, flowLine } from './flows/flowGeometry';
import { flowClickSpan, followFlow } from './flows/flowFollow';
import { drawnArrows } from './flows/flowHit';
import { NO_FLOWS } from './flows/flows';
import { pointAt, type Hit } from './interaction/hitTest';
import { renderLegend } from './panels/legend';
import { filterRows, NO_FILTER, parseCpuList, type RowFilter } from './layout/rowFilter';
import { clampLabelWidth, DEFAULT_LABEL_WIDTH, wireLabelResizer, type LabelResizer } from './layout/labelColumn';
import { focusLabel, labelHighlight, markFocusLabel, renderLabels, wireLabelKeys } from './panels/labels';
import { KeyboardInput } from './interaction/keyboard';
import { Painter } from './draw/painter';
import { wirePointer } from './interaction/pointer';
import { renderRangeTotals, startRangeDrag } from './interaction/rangeSelection';
import { buildRows, DEFAULT_EXPANDED, layoutRows } from './layout/rows';
import { savedFor, StateSaver, traceKey, type SavedTimeline } from './savedState';
import { clampWindow, MIN_WINDOW_NS, type TimeBounds } from './layout/scale';
import { buildTimelineDom, sizeStage, type TimelineDom } from './panels/skeleton';
import { spanStagePoint } from './lanes/spanLanes';
import { SpanSearch } from './interaction/spanSearch';
import { loadTheme } from './draw/loadTheme';
import { watchTheme } from '../common/theme';
import { Tooltip } from './panels/tooltip';
import { laneName, laneToStep, nextLaneRow, nextNavigableLane, stepInLane } from './interaction/trackNavigation';
import { TimelineIndex } from './data/traceIndex';
import { completeMipmap } from './data/lane';
import type { ViewState } from './viewState';
import { ZoomPan } from './interaction/zoomPan';

export { traceKey, type SavedTimeline } from './savedState';
export type { Hit } from './interaction/hitTest';

export interface TimelineOptions {
  saved?: SavedTimeline;
  onSave?: (s: SavedTimeline) => void;
  /** Called once the index is built (the benchmark's phases). */
  onIndexed?: () => void;
  /** Called once, as the first full frame begins (the benchmark's phases). */
  onFirstFrame?: () => void;
  /** Called once, after the first full frame is drawn. */
  onFirstPaint?: () => void;
  /** The visible window moved (wheel, drag, keys, buttons): a paired timeline follows it. */
  onWindow?: (w: TimeBounds) => void;
}

export class TimelineView {
  readonly index: TimelineIndex;
  readonly root: HTMLElement;
  private readonly s: ViewState;
  private readonly dom: TimelineDom;
  private readonly painter: Painter;
  private readonly zoomPan: ZoomPan;
  private readonly tooltip: Tooltip;
  private readonly keyboard: KeyboardInput;
  private readonly search: SpanSearch;
  private readonly saver: StateSaver;
  private readonly disposers: (() => void)[] = [];
  /** The track names' width the user chose (or the default); shown narrower only while the panel lacks room. */
  private labelWidth: number;
  private filter: RowFilter = NO_FILTER;
  private readonly labelResizer: LabelResizer;

  constructor(host: HTMLElement, private readonly ctx: ViewContext, opts: TimelineOptions = {}) {
    const { trace } = ctx;
    this.index = new TimelineIndex(trace);
    opts.onIndexed?.();
    const end = Math.max(trace.meta.endNs, trace.meta.startNs + MIN_WINDOW_NS);
    const bounds = { start: trace.meta.startNs, end };
    const saved = savedFor(ctx, opts.saved);
    const expanded = new Set(saved?.expanded ?? DEFAULT_EXPANDED);
    const layout = layoutRows(buildRows(this.index, expanded)); // no filter yet: they start empty
    this.s = {
      bounds,
      win: saved?.window ? clampWindow(saved.window, bounds) : { ...bounds },
      width: 1, height: 1, dpr: 1, scrollTop: 0,
      expanded, layout, ...loadTheme(trace.meta),
      matcher: null,
      showFlows: saved?.flows ?? true,
      flowLayer: NO_FLOWS,
      selectedSpan: saved?.selectedSpan !== undefined && saved.selectedSpan < trace.length.spans ? saved.selectedSpan : -1,
      hover: null, hoverX: -1,
      focusRow: Math.min(0, layout.rows.length - 1),
      focusLane: -1,
      dragRange: null,
      ticks: [],
    };
    const s = this.s;
    this.saver = new StateSaver(() => this.snapshot(), opts.onSave);

    const dom = buildTimelineDom(host, ctx, s.showFlows, {
      nextMatch: (dir) => this.nextMatch(dir),
      fitAll: () => this.fitAll(),
      zoomToSelection: () => this.zoomToSelection(),
      zoomBy: (f) => this.zoomBy(f),
      setFlows: (on) => { s.showFlows = on; this.painter.scheduleBase(); this.save(); },
      setCpuFilter: (text) => {
        const cpus = parseCpuList(text, trace.meta.cpus);
        if (typeof cpus === 'string') return cpus;
        this.filter = { ...this.filter, cpus };
        this.relayout();
        return null;
      },
      setOnlyMatching: (on) => { this.filter = { ...this.filter, onlyMatching: on }; this.relayout(); },
    });
    this.dom = dom;
    this.root = dom.root;
    this.labelWidth = saved?.labelWidth ?? DEFAULT_LABEL_WIDTH;
    this.labelResizer = wireLabelResizer(() => this.shownLabelWidth(), () => dom.body.clientWidth, (w) => this.setLabelWidth(w), () => this.widestLabel());
    dom.content.append(this.labelResizer.el);
    this.painter = new Painter({
      ctx, index: this.index, state: s, base: dom.base, overlay: dom.overlay, stage: dom.stage, status: dom.status,
      axis: new TimeAxis(dom.axisSvg), onFirstFrame: opts.onFirstFrame, onFirstPaint: () => { opts.onFirstPaint?.(); this.completeMipmapsWhenIdle(); },
    });
    this.showRows();
    wireLabelKeys(dom.labels, () => s.layout, {
      toggleRow: (id) => this.toggleRow(id),
      clickRow: () => {},
      focusRow: (r) => { s.focusRow = r; s.focusLane = -1; this.revealRow(r); this.painter.scheduleOverlay(); },
    });

    // d3's zoom goes on the stage before our own listeners, so it sees wheel and drag first.
    this.zoomPan = new ZoomPan(s, dom.stage, () => { this.painter.scheduleBase(); this.save(); opts.onWindow?.({ ...s.win }); }, () => this.painter.scheduleBase());

    this.tooltip = new Tooltip(dom.tooltip, dom.root, ctx, this.index);
    wirePointer({ stage: dom.stage, axisSvg: dom.axisSvg, body: dom.body, tooltip: this.tooltip }, s, {
      hitTest: (x, y) => this.hitTest(x, y),
      selectSpan: (i) => this.selectSpan(i),
      selectFlowEnd: (f) => this.selectSpan(flowClickSpan(this.index, f)),
      zoomToFlows: (_pair, a, b) => this.zoomToFlows(a, b),
      revealSpan: (i, zoomTo) => this.revealSpan(i, zoomTo),
      zoomBy: (f, x) => this.zoomBy(f, x),
      panBy: (f) => this.panBy(f),
      redrawOverlay: () => this.painter.scheduleOverlay(),
      startRangeDrag: (e, target) => startRangeDrag(e, target, dom.stage, s, ctx, () => this.painter.scheduleOverlay()),
    });
    dom.body.addEventListener('scroll', () => { s.scrollTop = dom.body.scrollTop; this.painter.scheduleBase(); this.save(); });
    this.keyboard = new KeyboardInput(dom.root, dom.stage, s, {
      zoomBy: (f, x) => this.zoomBy(f, x),
      panBy: (f) => this.panBy(f),
      fitAll: () => this.fitAll(),
      zoomToSelection: () => this.zoomToSelection(),
      focusSearch: () => { dom.search.focus(); dom.search.select(); },
      clearSelection: () => { ctx.selection.set(null); this.selectSpan(-1); this.tooltip.hide(); },
      moveFocusRow: (dir) => this.moveFocusRow(dir),
      moveFocusLane: (dir) => this.moveFocusLane(dir),
      stepSpan: (dir) => this.stepSpan(dir),
      openSelected: () => this.openSelected(),
      followFlow: (dir) => this.followFlow(dir),
    });
    this.disposers.push(() => this.keyboard.dispose());
    this.search = new SpanSearch({ input: dom.search, matchInfo: dom.matchInfo, labels: dom.labels, stage: dom.stage }, s, ctx, {
      show: (i) => { this.selectSpan(i); this.revealSpan(i); },
      redrawBase: () => this.painter.scheduleBase(),
      save: () => this.save(),
    });

    const ro = new ResizeObserver(() => this.resize());
    ro.observe(dom.body);
    this.disposers.push(() => ro.disconnect());
    renderLegend(dom.legend, s.theme);
    this.disposers.push(watchTheme(() => { Object.assign(s, loadTheme(trace.meta)); renderLegend(dom.legend, s.theme); this.painter.scheduleBase(); }));

    this.disposers.push(ctx.selection.subscribe((r) => this.onSelection(r)));
    this.disposers.push(ctx.highlight.subscribe((hl) => {
      this.search.onHighlight(hl);
      if (this.filter.onlyMatching) this.relayout();
    }));
    if (saved?.search) {
      dom.search.value = saved.search;
      ctx.highlight.set({ kind: 'search', text: saved.search });
    } else if (ctx.highlight.get()) {
      this.search.onHighlight(ctx.highlight.get());
    }
    this.resize();
    if (saved?.scrollTop) dom.body.scrollTop = saved.scrollTop;
    this.renderDetails();
    if (saved?.range && saved.range.end > saved.range.start && !ctx.selection.get()) ctx.selection.set(saved.range);
    else this.onSelection(ctx.selection.get());
  }

  /**
   * The first paint built only the zoomed-out mipmap level each CPU lane read
   * (data/lane.ts): the rest of each pyramid is built now, one lane per task,
   * so zooming in later finds it ready and input is never held up for long.
   */
  private completeMipmapsWhenIdle(): void {
    const lanes = this.index.cpus.flatMap((c) => [c.states, c.threads, c.marks, ...c.locks]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      const lane = lanes.shift();
      if (!lane) return;
      completeMipmap(lane);
      timer = setTimeout(step, 0);
    };
    timer = setTimeout(step, 0);
    this.disposers.push(() => clearTimeout(timer));
  }

  dispose(): void {
    for (const d of this.disposers) d();
    this.keyboard.cancel();
    this.root.remove();
  }

  /** Milliseconds the last base frame took (the benchmark reads it). */
  get lastFrameMs(): number {
    return this.painter.lastFrameMs;
  }

  // ---------------------------------------------------------------- rows and size

  /** Labels and content height for the current layout, and a redraw. */
  private showRows(): void {
    renderLabels(this.dom.labels, this.s.layout, this.s.focusRow, {
      toggleRow: (id) => this.toggleRow(id),
      clickRow: (row) => {
        const next = labelHighlight(row, this.ctx.highlight.get());
        if (next === undefined) this.toggleRow(row.id);
        else this.ctx.highlight.set(next);
      },
    });
    this.updateContentHeight();
    this.painter.scheduleBase();
  }

  /** The rows as expanded and filtered now. */
  private layoutNow() {
    return layoutRows(filterRows(buildRows(this.index, this.s.expanded), this.filter, this.s.matcher, this.index.threadsOnCpu));
  }

  /** The filter or the search it follows changed: rebuild the rows, keeping the focus row when it is still shown. */
  private relayout(): void {
    const s = this.s;
    const focusId = s.layout.rows[s.focusRow]?.id;
    s.layout = this.layoutNow();
    const r = focusId ? s.layout.rows.findIndex((x) => x.id === focusId) : -1;
    s.focusRow = r >= 0 ? r : Math.min(Math.max(0, s.focusRow), s.layout.rows.length - 1);
    s.focusLane = -1;
    this.showRows();
    this.search.onLayout();
  }

  private toggleRow(id: string): void {
    const s = this.s;
    if (s.expanded.has(id)) s.expanded.delete(id);
    else s.expanded.add(id);
    s.layout = this.layoutNow();
    s.focusRow = Math.min(s.focusRow, s.layout.rows.length - 1);
    this.showRows();
    this.save();
    const r = s.layout.rows.findIndex((x) => x.id === id);
    if (r >= 0) { s.focusRow = r; s.focusLane = -1; markFocusLabel(this.dom.labels, id); }
    focusLabel(this.dom.labels, id);
  }

  private updateContentHeight(): void {
    this.dom.content.style.height = `${Math.max(this.s.layout.height, this.dom.body.clientHeight)}px`;
  }

  /** A new width of the track-name column: the stage gives or takes the difference. */
  private setLabelWidth(w: number): void {
    if (w === this.labelWidth) return;
    this.labelWidth = w;
    this.resize();
    this.save();
  }

  /** The width that shows the longest track name whole. */
  private widestLabel(): number {
    let most = 0;
    for (const label of this.dom.labels.querySelectorAll<HTMLElement>('.tl-row-label')) {
      // each part at its natural width (they shrink in the flex row), plus the indent and gaps
      let w = parseFloat(getComputedStyle(label).paddingLeft) || 0;
      for (const part of label.children) w += (part as HTMLElement).scrollWidth + 4;
      most = Math.max(most, w);
    }
    return most + 8;
  }

  /**
   * The width the names get now: the chosen one, within what the panel has
   * room for. A timeline laid out behind another tab has no width at all; it
   * keeps the chosen width for when it is shown (clamping the choice itself
   * squeezed the names to the minimum in every comparison and rerun shown on
   * another tab, and a panel narrowed for a moment lost the width for good).
   */
  private shownLabelWidth(): number {
    const body = this.dom.body.clientWidth;
    return body > 0 ? clampLabelWidth(this.labelWidth, body) : this.labelWidth;
  }

  private resize(): void {
    const s = this.s;
    s.dpr = window.devicePixelRatio || 1;
    const labelWidth = this.shownLabelWidth();
    this.labelResizer.update(labelWidth, this.dom.body.clientWidth);
    const { width, height } = sizeStage(this.dom, s.dpr, labelWidth);
    s.width = width;
    s.height = height;
    this.updateContentHeight();
    this.zoomPan.setExtent(width, height);
    this.setWindow(s.win);
  }

  // ---------------------------------------------------------------- window

  /** Current visible window (trace ns). */
  window(): TimeBounds {
    return { ...this.s.win };
  }

  setWindow(w: TimeBounds): void {
    this.zoomPan.setWindow(w);
  }

  zoomBy(factor: number, anchorX?: number): void {
    this.zoomPan.zoomBy(factor, anchorX);
  }

  panBy(fraction: number): void {
    this.zoomPan.panBy(fraction);
  }

  fitAll(): void {
    this.setWindow(this.s.bounds);
  }

  zoomToSelection(): void {
    const r = this.ctx.selection.get();
    if (r && r.end > r.start) {
      this.setWindow(r);
      return;
    }
    if (this.s.selectedSpan >= 0) this.revealSpan(this.s.selectedSpan, true);
  }

  /** Bring span i into view (zooming in when `zoomTo` or when it would be under 4 px) and scroll its CPU row into view. */
  revealSpan(i: number, zoomTo = false): void {
    const { win, width, height, layout } = this.s;
    const body = this.dom.body;
    const sp = this.ctx.trace.tables.spans;
    const s = sp.start[i];
    const d = Math.max(sp.dur[i], 1);
    const len = win.end - win.start;
    if (zoomTo || (d / len) * width < 4) {
      const want = Math.max(d * 4, MIN_WINDOW_NS);
      this.setWindow({ start: s + d / 2 - want / 2, end: s + d / 2 + want / 2 });
    } else if (s + d < win.start || s > win.end) {
      this.setWindow({ start: s + d / 2 - len / 2, end: s + d / 2 + len / 2 });
    }
    const row = layout.rows.find((r) => r.kind === 'cpu' && r.cpu === sp.cpu[i]);
    if (row && (row.y < body.scrollTop || row.y + row.h > body.scrollTop + height)) {
      body.scrollTop = Math.max(0, row.y - 20);
    }
  }

  /** Draw the base canvas now (also used by the benchmark). Returns the time it took in ms. */
  drawBase(): number {
    return this.painter.drawBase();
  }

  /** What is under stage-local point (x, y) in CSS px: a span, mark, counter sample or flow arrow. */
  hitTest(x: number, y: number): Hit {
    return pointAt(this.s, this.index, x, y);
  }

  /** Zoom to the flows an arrow of many stands for (FlowPairs positions [a, b)), with a margin, so each is drawn. */
  private zoomToFlows(a: number, b: number): void {
    const pairs = this.index.flowPairs;
    const fl = this.ctx.trace.tables.flows;
    let start = Infinity;
    let end = -Infinity;
    for (let k = a; k < b; k++) {
      const f = pairs.ids[k];
      start = Math.min(start, fl.t0[f]);
      end = Math.max(end, fl.t1[f]);
    }
    if (!(end >= start)) return;
    const pad = Math.max((end - start) * 0.15, MIN_WINDOW_NS / 2);
    this.setWindow({ start: start - pad, end: end + pad });
  }

  // ---------------------------------------------------------------- selection

  selectSpan(i: number): void {
    this.s.selectedSpan = i;
    this.renderDetails();
    this.painter.scheduleOverlay();
    this.save();
    if (i >= 0) this.dom.live.textContent = describeText(describeSpan(this.ctx.trace, i));
  }

  private renderDetails(): void {
    renderDetails(this.dom.details, this.ctx, this.index, this.s.selectedSpan, (hold) => { this.selectSpan(hold); this.revealSpan(hold); });
  }

  /** The shared range selection changed (here or in another view): totals and overlay follow. */
  private onSelection(r: TimeRange | null): void {
    this.save();
    renderRangeTotals(this.dom.totals, this.index, r);
    this.painter.scheduleOverlay();
  }

  /** Select [start, end) as if dragged (tests and the host use it). */
  selectRange(start: number, end: number): void {
    this.ctx.selection.set({ start, end });
  }

  /** Step to the next (dir 1) or previous (-1) matching span after the current window centre. */
  nextMatch(dir: 1 | -1): void {
    this.search.nextMatch(dir);
  }

  // ---------------------------------------------------------------- keyboard navigation

  private moveFocusRow(dir: number): void {
    const { layout } = this.s;
    const r = nextLaneRow(layout, this.s.focusRow, dir);
    this.s.focusRow = r;
    this.s.focusLane = -1;
    const row = layout.rows[r];
    markFocusLabel(this.dom.labels, row.id);
    this.revealRow(r);
    this.dom.live.textContent = `${row.label}${row.detail ? `, ${row.detail}` : ''}`;
    this.painter.scheduleOverlay();
  }

  /** Shift+↑/↓: the next lane of the focused row whose spans ←/→ then step through (a collapsed CPU row's lock waits, say). */
  private moveFocusLane(dir: number): void {
    const s = this.s;
    const row = s.layout.rows[s.focusRow];
    if (!row) return;
    const k = nextNavigableLane(row, s.focusLane, dir);
    if (k < 0) return;
    s.focusLane = k;
    this.dom.live.textContent = `${row.label}: ${laneName(row.lanes[k].kind)} lane`;
    this.painter.scheduleOverlay();
  }

  private revealRow(r: number): void {
    const row = this.s.layout.rows[r];
    const body = this.dom.body;
    if (!row) return;
    if (row.y < body.scrollTop) body.scrollTop = row.y;
    else if (row.y + row.h > body.scrollTop + this.s.height) body.scrollTop = row.y + row.h - this.s.height;
  }

  /** The next/previous span in the focused row's main lane, from the selected one (or the window centre). */
  private stepSpan(dir: number): void {
    const row = this.s.layout.rows[this.s.focusRow];
    if (!row) return;
    const lane = laneToStep(row, this.s.focusLane);
    if (!lane || lane.n === 0) return;
    const i = stepInLane(this.ctx.trace, lane, this.s.selectedSpan, this.s.win, dir);
    this.selectSpan(i);
    this.revealSpan(i);
  }

  /** ]/[: follow the selected span's first outgoing (1) or incoming (-1) flow to the span at its other end. */
  private followFlow(dir: 1 | -1): void {
    const from = this.s.selectedSpan;
    if (from < 0) {
      this.dom.live.textContent = 'Select a span first to follow its flows.';
      return;
    }
    const hop = followFlow(this.index, from, dir);
    if (!hop) {
      this.dom.live.textContent = `No ${dir === 1 ? 'outgoing' : 'incoming'} flow from the selected span.`;
      return;
    }
    const flow = describeText(describeFlow(this.ctx.trace, hop.flow));
    if (hop.span < 0) {
      this.dom.live.textContent = `${flow}. Nothing runs at its ${dir === 1 ? 'target' : 'source'}.`;
      return;
    }
    this.selectSpan(hop.span);
    this.revealSpan(hop.span);
    this.dom.live.textContent = `Followed ${flow}. Now: ${this.dom.live.textContent}`;
  }

  /** Open the selected span's leaf model line. */
  private openSelected(): void {
    if (this.s.selectedSpan < 0) return;
    const frames = describeSpan(this.ctx.trace, this.s.selectedSpan).frames.filter((f) => f.src > 0);
    if (frames.length) this.ctx.openSource(frames[frames.length - 1].src);
  }

  // ---------------------------------------------------------------- state

  private save(): void {
    this.saver.request();
  }

  private snapshot(): SavedTimeline {
    const s = this.s;
    const hl = this.ctx.highlight.get();
    return {
      key: traceKey(this.ctx), window: this.window(), expanded: [...s.expanded], scrollTop: this.dom.body.scrollTop,
      selectedSpan: s.selectedSpan >= 0 ? s.selectedSpan : undefined, search: hl?.kind === 'search' ? hl.text : undefined,
      flows: s.showFlows, range: this.ctx.selection.get() ?? undefined,
      labelWidth: this.labelWidth !== DEFAULT_LABEL_WIDTH ? this.labelWidth : undefined,
    };
  }

  // ---------------------------------------------------------------- test and benchmark hooks

  /** Client coordinates of the middle of span i's visible part in its CPU row, or null when off screen. */
  spanClientPoint(i: number): { x: number; y: number } | null {
    const { win, width, height, dpr } = this.s;
    const f = { width, height, dpr, scrollTop: this.dom.body.scrollTop, start: win.start, end: win.end };
    const p = spanStagePoint(this.ctx.trace, this.s.layout, f, i);
    if (!p) return null;
    const r = this.dom.stage.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }

  /** Client y of a CPU row's thread lane (flows attach there). */
  cpuClientY(cpu: number): number | null {
    const y = cpuAnchor(this.s.layout, cpu);
    return y === null ? null : this.dom.stage.getBoundingClientRect().top + y - this.dom.body.scrollTop;
  }

  /** The selected span id, or -1. */
  selectedSpan(): number {
    return this.s.selectedSpan;
  }

  /** Client coordinates of the middle of flow f's curve as drawn now, or null when an end has no CPU row. */
  flowClientPoint(f: number): { x: number; y: number } | null {
    const { win, width, layout } = this.s;
    const l = flowLine(this.ctx.trace, cpuAnchors(layout, this.ctx.trace.meta.cpus), f, win.start, (win.end - win.start) / width);
    if (!l) return null;
    const p = curvePoint(l, 0.5);
    const r = this.dom.stage.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y - this.dom.body.scrollTop };
  }

  /** The flow arrows on screen now: how the base draws them, and each one's middle in client coordinates with what it stands for. */
  flowArrows(): { mode: string; arrows: { x: number; y: number; flow?: number; count: number }[] } {
    const { arrows, refs } = drawnArrows(this.s, this.index);
    const r = this.dom.stage.getBoundingClientRect();
    const top = this.dom.body.scrollTop;
    return {
      mode: this.s.flowLayer.kind,
      arrows: arrows.map(({ line: l, curved }, k) => {
        const p = curved ? curvePoint(l, 0.5) : { x: (l.x0 + l.x1) / 2, y: (l.y0 + l.y1) / 2 };
        const ref = refs[k];
        return { x: r.left + p.x, y: r.top + p.y - top, ...(ref.kind === 'flow' ? { flow: ref.f, count: 1 } : { count: ref.b - ref.a }) };
      }),
    };
  }

  rows(): { id: string; label: string; y: number; h: number }[] {
    return this.s.layout.rows.map((r) => ({ id: r.id, label: r.label, y: r.y, h: r.h }));
  }

  expand(id: string, open = true): void {
    if (open !== this.s.expanded.has(id)) this.toggleRow(id);
  }

  stageSize(): { width: number; height: number } {
    return { width: this.s.width, height: this.s.height };
  }
}
