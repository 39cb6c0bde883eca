// Drawing: a thin layer over the pure level-of-detail functions. Rectangles
// are batched by colour (one path and one fill per colour per frame), labels
// drawn last and only where they fit, so a frame costs O(rows x width).
import { FlowKind, type Trace } from '../../../src/trace/schema';
import { lodBuffer, type LodBuffer } from '../data/lane';
import { seriesColumns, type SeriesColumns } from '../data/counters';
import { bucketStyle } from '../flows/flowBuckets';
import { bucketLine, cpuAnchors, curveControls, flowLine } from '../flows/flowGeometry';
import { majorityKind } from '../flows/flowPairs';
import type { FlowLayer } from '../flows/flows';
import type { Matcher } from '../data/highlight';
import { PixelLayer } from './pixels';
import type { Layout } from '../layout/rows';
import type { LaneFrame, LaneSpec } from '../lanes/track';
import { TRACKS } from '../lanes/tracks';
import { holdColor, textOn, type Theme } from './theme';
import type { TimelineIndex } from '../data/traceIndex';

/** How far a span that does not match the search fades towards the background. */
const FADED = 0.22;

export interface Frame {
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  dpr: number;
  scrollTop: number;
  start: number;
  end: number;
}

export interface DrawState {
  trace: Trace;
  index: TimelineIndex;
  layout: Layout;
  theme: Theme;
  matcher: Matcher | null;
  /** Colour per thread id (by name hash). */
  threadColors: string[];
  /** Axis tick times, for grid lines. */
  ticks: number[];
  /** The flows the base canvas draws: none, each one, or buckets of many. */
  flows: FlowLayer;
}

interface Label { x: number; y: number; w: number; text: string; color: string }

/** Pixel values for one frame: each fill resolved once, full and faded (search dims what does not match). */
export interface FramePalette {
  theme: Theme;
  states: number[][];
  threads: number[][];
  hold: number[][];
  wait: number[];
  marks: number[][];
  /** Flow colours by FlowKind (drawn translucent over what is there, so no faded copy). */
  flows: number[];
}

export class Renderer {
  private lod: LodBuffer = lodBuffer(1);
  private cols: SeriesColumns = seriesColumns(1);
  private readonly pixels = new PixelLayer();
  private palette: FramePalette | null = null;
  private labels: Label[] = [];
  /** Lanes drawn with the canvas API after the pixel layer, in this frame. */
  private canvasLanes: { spec: LaneSpec; y: number }[] = [];
  private textWidth = new Map<string, number>();
  private textColor = new Map<string, string>();
  private textTheme: Theme | null = null;
  private font = '';

  /** Label colour on a fill, cached per theme (parsing colours per label would add up). */
  private textOn(theme: Theme, fill: string): string {
    if (theme !== this.textTheme) { this.textTheme = theme; this.textColor.clear(); }
    let c = this.textColor.get(fill);
    if (c === undefined) { c = textOn(theme, fill); this.textColor.set(fill, c); }
    return c;
  }

  private ensure(width: number): void {
    const w = Math.ceil(width) + 2;
    if (this.lod.pos.length < w) this.lod = lodBuffer(w);
    if (this.cols.min.length < w) this.cols = seriesColumns(w);
  }

  private paletteFor(s: DrawState): FramePalette {
    const theme = s.theme;
    if (this.palette && this.palette.theme === theme && this.palette.threads.length === s.threadColors.length) return this.palette;
    const px = this.pixels;
    const both = (css: string): number[] => [px.color(css), px.color(css, FADED)];
    this.palette = {
      theme,
      states: theme.states.map(both),
      threads: s.threadColors.map(both),
      hold: [0, 1, 2, 3].map((flags) => both(holdColor(theme, flags))),
      wait: both(theme.wait),
      marks: theme.marks.map((m) => both(m ?? theme.muted)),
      flows: theme.flows.map((c) => px.color(c ?? theme.foreground)),
    };
    return this.palette;
  }

  /** What the lanes' tracks draw with in this frame. */
  private laneFrame(f: Frame, s: DrawState, pal: FramePalette, npp: number): LaneFrame {
    return {
      f, s, pal, npp, px: this.pixels, lod: this.lod, cols: this.cols,
      label: (x, y, w, text, fill) => { this.labels.push({ x, y, w, text, color: this.textOn(s.theme, fill) }); },
    };
  }

  draw(g: CanvasRenderingContext2D, f: Frame, s: DrawState): void {
    this.ensure(f.width);
    const { theme } = s;
    const font = `${theme.fontSize - 1}px ${theme.font}`;
    if (font !== this.font) { this.font = font; this.textWidth.clear(); }
    const npp = (f.end - f.start) / f.width;
    const top = f.scrollTop;
    const bottom = top + f.height;

    // 1. Spans and marks as pixels, in one putImageData.
    this.pixels.begin(g, g.canvas.width, g.canvas.height, f.dpr, theme.background);
    const pal = this.paletteFor(s);
    const d = this.laneFrame(f, s, pal, npp);
    this.canvasLanes.length = 0;
    for (const row of s.layout.rows) {
      if (row.y + row.h < top || row.y > bottom) continue;
      row.lanes.forEach((lane, k) => {
        const y = row.laneY[k] - top;
        const track = TRACKS[lane.kind];
        track.drawPixels?.(d, lane, y);
        if (track.drawCanvas) this.canvasLanes.push({ spec: lane, y });
      });
    }
    if (s.flows.kind === 'buckets') this.drawFlowBuckets(f, s, pal, s.flows);
    this.pixels.end(g);

    // 2. Everything else on top with the canvas API.
    g.font = font;
    g.textBaseline = 'middle';
    for (const row of s.layout.rows) {
      if (row.y + row.h < top || row.y > bottom) continue;
      const y0 = row.y - top;
      if (row.kind === 'group') {
        g.globalAlpha = 0.06;
        g.fillStyle = theme.foreground;
        g.fillRect(0, y0, f.width, row.h);
      }
      g.globalAlpha = 0.35;
      g.fillStyle = theme.border;
      g.fillRect(0, y0 + row.h - 1, f.width, 1);
      g.globalAlpha = 1;
    }
    for (const c of this.canvasLanes) TRACKS[c.spec.kind].drawCanvas!(g, d, c.spec, c.y);
    this.drawLabels(g);

    // Warm-up: the part of the run excluded from the run's statistics, shaded.
    const warm = s.trace.meta.warmupNs;
    if (warm > s.trace.meta.startNs && f.start < warm) {
      const xw = Math.min(f.width, (warm - f.start) / npp);
      g.globalAlpha = 0.06;
      g.fillStyle = theme.foreground;
      g.fillRect(0, 0, xw, f.height);
      g.globalAlpha = 1;
      if (xw < f.width) {
        g.fillStyle = theme.muted;
        g.fillRect(Math.round(xw), 0, 1, f.height);
      }
      if (xw > 60) {
        g.fillStyle = theme.muted;
        g.fillText('warm-up', 4, f.height - 8);
      }
    }

    // Grid on top of spans but faint, so time alignment across CPUs reads at a glance.
    g.globalAlpha = 0.25;
    g.fillStyle = theme.grid;
    for (const t of s.ticks) g.fillRect(Math.round((t - f.start) / npp), 0, 1, f.height);
    g.globalAlpha = 1;

    if (s.flows.kind === 'each') this.drawFlows(g, f, s, s.flows.flows, 0.7);
  }

  /**
   * Dense flows: one straight arrow per bucket (flowBuckets.ts), as pixels,
   * its opacity and weight growing with the number of flows it stands for,
   * in the colour of the kind most of them are.
   */
  private drawFlowBuckets(f: Frame, s: DrawState, pal: FramePalette, layer: Extract<FlowLayer, { kind: 'buckets' }>): void {
    const { pairs, buckets } = layer;
    const anchors = cpuAnchors(s.layout, s.trace.meta.cpus);
    const npp = (f.end - f.start) / f.width;
    const px = this.pixels;
    for (let k = 0; k < buckets.n; k++) {
      const a = buckets.a[k];
      const b = buckets.b[k];
      const l = bucketLine(s.trace, pairs, anchors, a, b, f.start, npp);
      if (!l) continue;
      if (Math.max(l.x0, l.x1) < -4 || Math.min(l.x0, l.x1) > f.width + 4) continue;
      const y0 = l.y0 - f.scrollTop;
      const y1 = l.y1 - f.scrollTop;
      if (Math.max(y0, y1) < -8 || Math.min(y0, y1) > f.height + 8) continue;
      const { alpha, width } = bucketStyle(b - a, buckets.maxCount);
      const color = pal.flows[majorityKind(pairs, a, b)] ?? pal.flows[0];
      px.line(l.x0, y0, l.x1, y1, color, alpha, width);
      px.head(l.x1, y1, y1 >= y0 ? 1 : -1, color, alpha);
    }
  }

  private drawLabels(g: CanvasRenderingContext2D): void {
    for (const l of this.labels) {
      const text = this.fit(g, l.text, l.w - 6);
      if (!text) continue;
      g.fillStyle = l.color;
      g.fillText(text, l.x + 3, l.y);
    }
    this.labels.length = 0;
  }

  /** The label, shortened with an ellipsis to fit `w` px, or '' when not even 2 characters fit. */
  fit(g: CanvasRenderingContext2D, text: string, w: number): string {
    let full = this.textWidth.get(text);
    if (full === undefined) { full = g.measureText(text).width; this.textWidth.set(text, full); }
    if (full <= w) return text;
    const per = full / text.length;
    const n = Math.floor((w - per) / per);
    return n >= 2 ? `${text.slice(0, n)}…` : '';
  }

  /** One curved arrow per flow from (t0, source CPU row) to (t1, target CPU row), with the geometry of flowGeometry.ts. */
  drawFlows(g: CanvasRenderingContext2D, f: Frame, s: DrawState, flows: readonly number[], alpha: number, color?: string, width = 1): void {
    const fl = s.trace.tables.flows;
    const anchors = cpuAnchors(s.layout, s.trace.meta.cpus);
    const npp = (f.end - f.start) / f.width;
    g.globalAlpha = alpha;
    g.lineWidth = width;
    for (const i of flows) {
      const l = flowLine(s.trace, anchors, i, f.start, npp);
      if (!l) continue;
      const { x0, x1 } = l;
      const y0 = l.y0 - f.scrollTop;
      const y1 = l.y1 - f.scrollTop;
      const [c1x, c1y, c2x, c2y] = curveControls(l);
      const stroke = color ?? s.theme.flows[fl.kind[i]] ?? s.theme.foreground;
      g.strokeStyle = stroke;
      g.fillStyle = stroke;
      g.beginPath();
      g.moveTo(x0, y0);
      g.bezierCurveTo(c1x, c1y - f.scrollTop, c2x, c2y - f.scrollTop, x1, y1);
      g.stroke();
      arrowHead(g, x1, y1, y1 >= y0 ? 1 : -1);
      if (fl.kind[i] === FlowKind.Ipi || x1 - x0 > 2) {
        g.beginPath();
        g.arc(x0, y0, 2, 0, Math.PI * 2);
        g.fill();
      }
    }
    g.globalAlpha = 1;
    g.lineWidth = 1;
  }
}

function arrowHead(g: CanvasRenderingContext2D, x: number, y: number, dir: number): void {
  g.beginPath();
  g.moveTo(x, y);
  g.lineTo(x - 3.5, y - 6 * dir);
  g.lineTo(x + 3.5, y - 6 * dir);
  g.closePath();
  g.fill();
}
