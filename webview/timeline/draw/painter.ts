// Draw orchestration. Two canvases: the base (spans, counters, flows in
// view; redrawn when the window, rows, theme or highlight change) and the
// overlay (see overlay.ts; redrawn alone on hover). Requests are coalesced to
// one of each per animation frame, and an overlay request is dropped when a
// base frame is queued because every base frame redraws the overlay too.
import { formatDuration } from '../../../src/core/format';
import type { ViewContext } from '../../context';
import type { TimeAxis } from '../layout/axis';
import { Renderer, type DrawState, type Frame } from './draw';
import { flowBuckets } from '../flows/flowBuckets';
import { baseFlows, NO_FLOWS, type FlowLayer } from '../flows/flows';
import { drawOverlay, overlayIsBlank } from './overlay';
import type { TimelineIndex } from '../data/traceIndex';
import type { ViewState } from '../viewState';

export interface PainterParts {
  ctx: ViewContext;
  index: TimelineIndex;
  state: ViewState;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  /** The overlay marks the focus row only while the stage has keyboard focus. */
  stage: HTMLElement;
  /** Shows the visible duration (and when flows are drawn in buckets). */
  status: HTMLElement;
  axis: TimeAxis;
  /** Called once, as the first full frame begins. */
  onFirstFrame?: () => void;
  /** Called once, after the first full frame is drawn. */
  onFirstPaint?: () => void;
}

export class Painter {
  private readonly renderer = new Renderer();
  /** Reused by every zoomed-out frame. */
  private readonly buckets = flowBuckets();
  private baseQueued = false;
  private overlayQueued = false;
  private painted = false;
  /** Whether the overlay canvas holds nothing (a new canvas does; resizing one clears it). */
  private overlayClear = true;
  /** Milliseconds the last base frame took (the benchmark reads it). */
  lastFrameMs = 0;

  constructor(private readonly p: PainterParts) {}

  scheduleBase(): void {
    if (this.baseQueued) return;
    this.baseQueued = true;
    requestAnimationFrame(() => {
      this.baseQueued = false;
      this.drawBase();
    });
  }

  scheduleOverlay(): void {
    if (this.overlayQueued || this.baseQueued) return;
    this.overlayQueued = true;
    requestAnimationFrame(() => {
      this.overlayQueued = false;
      this.drawOverlay();
    });
  }

  /** Draw the base canvas (and the overlay) now. Returns the time it took in ms. */
  drawBase(): number {
    const { state: s, index } = this.p;
    if (!this.painted) this.p.onFirstFrame?.();
    const t0 = performance.now();
    s.ticks = this.p.axis.update(s.win, s.width);
    const g = this.p.base.getContext('2d');
    if (!g) return 0;
    g.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
    s.flowLayer = baseFlows(s, index, this.buckets);
    this.renderer.draw(g, this.frame(), this.drawState(s.flowLayer));
    const len = s.win.end - s.win.start;
    const grouped = s.flowLayer.kind === 'buckets' ? ` · flows grouped per ${formatDuration(s.flowLayer.buckets.bucketNs)}` : '';
    this.p.status.textContent = `${formatDuration(len)} visible${grouped}`;
    this.drawOverlay();
    this.lastFrameMs = performance.now() - t0;
    if (!this.painted) {
      this.painted = true;
      this.p.onFirstPaint?.();
    }
    return this.lastFrameMs;
  }

  private drawOverlay(): void {
    const { state: s, index, ctx } = this.p;
    const selection = ctx.selection.get();
    const focused = document.activeElement === this.p.stage;
    const blank = overlayIsBlank(s, selection, focused);
    if (blank && this.overlayClear) return;
    const g = this.p.overlay.getContext('2d');
    if (!g) return;
    drawOverlay(g, this.frame(), s, index, this.renderer, () => this.drawState(NO_FLOWS), selection, focused);
    this.overlayClear = blank;
  }

  private frame(): Frame {
    const s = this.p.state;
    return { width: s.width, height: s.height, dpr: s.dpr, scrollTop: s.scrollTop, start: s.win.start, end: s.win.end };
  }

  private drawState(flows: FlowLayer): DrawState {
    const s = this.p.state;
    return {
      trace: this.p.ctx.trace, index: this.p.index, layout: s.layout, theme: s.theme, matcher: s.matcher,
      threadColors: s.threadColors, ticks: s.ticks, flows,
    };
  }
}
