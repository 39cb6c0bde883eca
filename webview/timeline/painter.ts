// Draw orchestration. Two canvases: the base (spans, counters, flows in
// view; redrawn when the window, rows, theme or highlight change) and the
// overlay (see overlay.ts; redrawn alone on hover). Requests are coalesced to
// one of each per animation frame, and an overlay request is dropped when a
// base frame is queued because every base frame redraws the overlay too.
import { formatDuration } from '../../src/format';
import type { ViewContext } from '../context';
import type { TimeAxis } from './axis';
import { Renderer, type DrawState, type Frame } from './draw';
import { baseFlows } from './flows';
import { drawOverlay } from './overlay';
import type { TimelineIndex } from './traceIndex';
import type { ViewState } from './viewState';

export interface PainterParts {
  ctx: ViewContext;
  index: TimelineIndex;
  state: ViewState;
  base: HTMLCanvasElement;
  overlay: HTMLCanvasElement;
  /** The overlay marks the focus row only while the stage has keyboard focus. */
  stage: HTMLElement;
  /** Shows the visible duration (and when flows are hidden for being too many). */
  status: HTMLElement;
  axis: TimeAxis;
  /** Called once, after the first full frame is drawn. */
  onFirstPaint?: () => void;
}

export class Painter {
  private readonly renderer = new Renderer();
  private baseQueued = false;
  private overlayQueued = false;
  private painted = false;
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
    const t0 = performance.now();
    s.ticks = this.p.axis.update(s.win, s.width);
    const g = this.p.base.getContext('2d');
    if (!g) return 0;
    g.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
    const flows = baseFlows(s, index);
    this.renderer.draw(g, this.frame(), this.drawState(flows));
    const len = s.win.end - s.win.start;
    this.p.status.textContent = `${formatDuration(len)} visible${s.showFlows && flows === null ? ' · zoom in to see flows' : ''}`;
    this.drawOverlay();
    this.lastFrameMs = performance.now() - t0;
    if (!this.painted) {
      this.painted = true;
      this.p.onFirstPaint?.();
    }
    return this.lastFrameMs;
  }

  private drawOverlay(): void {
    const g = this.p.overlay.getContext('2d');
    if (!g) return;
    const { state: s, index, ctx } = this.p;
    drawOverlay(g, this.frame(), s, index, this.renderer, () => this.drawState(null), ctx.selection.get(), document.activeElement === this.p.stage);
  }

  private frame(): Frame {
    const s = this.p.state;
    return { width: s.width, height: s.height, dpr: s.dpr, scrollTop: s.scrollTop, start: s.win.start, end: s.win.end };
  }

  private drawState(flows: number[] | null): DrawState {
    const s = this.p.state;
    return {
      trace: this.p.ctx.trace, index: this.p.index, layout: s.layout, theme: s.theme, matcher: s.matcher,
      threadColors: s.threadColors, ticks: s.ticks, flows,
    };
  }
}
