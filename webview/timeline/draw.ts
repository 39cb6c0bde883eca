// Drawing: a thin layer over the pure level-of-detail functions. Rectangles
// are batched by colour (one path and one fill per colour per frame), labels
// drawn last and only where they fit, so a frame costs O(rows x width).
import { CpuState, FlowKind, InstantKind, NONE, SpanKind, WaitKind, type Trace } from '../../src/trace/schema';
import { lodBuffer, lodLane, type Lane, type LodBuffer } from './lane';
import { lodSeries, seriesColumns, type SeriesColumns } from './counters';
import { bucketStyle } from './flowBuckets';
import { bucketLine, cpuAnchors, curveControls, flowLine } from './flowGeometry';
import { majorityKind } from './flowPairs';
import type { FlowLayer } from './flows';
import { spanMatches, instantMatches, type Matcher } from './highlight';
import { PixelLayer } from './pixels';
import type { Layout, LaneSpec } from './rows';
import { holdColor, textOn, type Theme } from './theme';
import { CODE_SHIFT, CODE_VALUE, type TimelineIndex } from './traceIndex';

/** How far a span that does not match the search fades towards the background. */
const FADED = 0.22;
import { lowerBound } from './search';

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

/** Reused per-frame buffers, sized to the canvas width. */
/** Pixel values for one frame: each fill resolved once, full and faded (search dims what does not match). */
interface Palette {
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
  private palette: Palette | null = null;
  private labels: Label[] = [];
  private counters: { series: number; y: number; h: number }[] = [];
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

  private paletteFor(s: DrawState): Palette {
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
    this.counters.length = 0;
    for (const row of s.layout.rows) {
      if (row.y + row.h < top || row.y > bottom) continue;
      row.lanes.forEach((lane, k) => {
        const y = row.laneY[k] - top;
        if (lane.kind === 'counter') this.counters.push({ series: lane.series ?? 0, y, h: lane.height });
        else this.drawLane(f, s, pal, lane, y, npp);
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
    for (const c of this.counters) this.drawCounter(g, f, s, c.series, c.y, c.h, npp);
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
  private drawFlowBuckets(f: Frame, s: DrawState, pal: Palette, layer: Extract<FlowLayer, { kind: 'buckets' }>): void {
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

  private drawLane(f: Frame, s: DrawState, pal: Palette, spec: LaneSpec, y: number, npp: number): void {
    const lane = spec.lane;
    if (!lane || lane.n === 0) return;
    const out = this.lod;
    const n = lodLane(lane, f.start, npp, Math.ceil(f.width), out);
    if (spec.kind === 'marks') {
      this.drawMarks(s, pal, lane, y, spec.height, n);
      return;
    }
    const { theme, trace, matcher } = s;
    const px = this.pixels;
    const sp = trace.tables.spans;
    const threadCol = sp.thread;
    const idx = lane.idx;
    const h = spec.height - 1;
    const labelled = spec.kind === 'threads' || spec.kind === 'locks' || spec.kind === 'holds' || spec.kind === 'waits';
    // Device rows of the lane and of the idle line, once per lane.
    const [ly0, ly1] = px.rows(y, h);
    const [iy0, iy1] = px.rows(y + h / 2 - 1, 2);
    const codes = lane.code;
    for (let k = 0; k < n; k++) {
      const pos = out.pos[k];
      const x = out.x0[k];
      const x1 = out.x1[k];
      const w = x1 - x;
      // The colour class comes from the lane (read in order), not from the trace's columns.
      const code = codes[pos];
      const kind = code >> CODE_SHIFT;
      const sub = code & CODE_VALUE;
      const faded = matcher !== null && !spanMatches(trace, matcher, idx[pos]) ? 1 : 0;
      if (kind === SpanKind.CpuState) {
        const c = (pal.states[sub] ?? pal.marks[0])[faded];
        // Idle is drawn as a thin line, so busy time stands out.
        if (sub === CpuState.Idle) px.columns(x, x1, iy0, iy1, c);
        else px.columns(x, x1, ly0, ly1, c);
      } else if (kind === SpanKind.ThreadRun) {
        px.columns(x, x1, ly0, ly1, (pal.threads[sub] ?? pal.states[CpuState.Idle])[faded]);
      } else if (kind === SpanKind.LockHold) {
        px.columns(x, x1, ly0, ly1, pal.hold[sub & 3][faded]);
      } else if (kind === SpanKind.LockWait) {
        // Spin waits solid, sleep waits striped with a solid base line: told apart without a legend.
        if (sub & WaitKind.Sleep) {
          px.stripes(x, y, w, h, pal.wait[faded]);
          px.columns(x, x1, ly1 - 1, ly1, pal.wait[faded]);
        } else {
          px.columns(x, x1, ly0, ly1, pal.wait[faded]);
        }
      }
      if (labelled && w >= 28) {
        const i = idx[pos];
        const text = spec.kind === 'locks'
          ? trace.meta.locks[sp.obj[i]]?.name ?? ''
          : kind === SpanKind.ThreadRun || spec.kind === 'holds' || spec.kind === 'waits'
            ? (threadCol[i] === NONE ? '' : trace.meta.threads[threadCol[i]]?.name ?? '')
            : '';
        if (text) {
          const fill = kind === SpanKind.ThreadRun ? s.threadColors[threadCol[i]] : kind === SpanKind.LockHold ? holdColor(theme, sub) : kind === SpanKind.LockWait && !(sub & WaitKind.Sleep) ? theme.wait : theme.background;
          this.labels.push({ x, y: y + h / 2, w, text, color: this.textOn(theme, fill ?? theme.background) });
        }
      }
    }
  }

  private drawMarks(s: DrawState, pal: Palette, lane: Lane, y: number, h: number, n: number): void {
    const { trace, matcher } = s;
    const out = this.lod;
    const px = this.pixels;
    for (let k = 0; k < n; k++) {
      const pos = out.pos[k];
      const kind = lane.code[pos];
      const faded = matcher !== null && !instantMatches(trace, matcher, lane.idx[pos]) ? 1 : 0;
      const c = (pal.marks[kind] ?? pal.marks[0])[faded];
      const w = kind === InstantKind.Interrupt || kind === InstantKind.Drop ? 3 : kind === InstantKind.ContextSwitch ? 1 : 2;
      const x = out.x0[k] - (w > 1 ? 1 : 0);
      px.rect(x, y, w, kind === InstantKind.ContextSwitch ? h + 2 : h, c);
    }
  }

  /**
   * A counter as a step line through each column's maximum (so a spike narrower
   * than a pixel still shows) over a faint area: two path draws per series,
   * with a point only where the value changes.
   */
  private drawCounter(g: CanvasRenderingContext2D, f: Frame, s: DrawState, series: number, y: number, h: number, npp: number): void {
    const si = s.index.series[series];
    if (!si || si.n === 0) return;
    const { theme, matcher } = s;
    const color = theme.series[s.trace.meta.series[series]?.kind ?? 'counter'] ?? theme.foreground;
    const width = Math.ceil(f.width);
    lodSeries(si, f.start, npp, width, this.cols);
    const lo = Math.min(0, si.min);
    const span = si.max - lo || 1;
    const yOf = (v: number) => y + h - 2 - ((v - lo) / span) * (h - 4);
    const base = yOf(Math.max(lo, 0));
    const max = this.cols.max;
    let c0 = 0;
    while (c0 < width && Number.isNaN(max[c0])) c0++;
    if (c0 >= width) return;
    const line = new Path2D();
    const area = new Path2D();
    let top = yOf(max[c0]);
    line.moveTo(c0, top);
    area.moveTo(c0, base);
    area.lineTo(c0, top);
    for (let c = c0 + 1; c < width; c++) {
      const t = yOf(max[c]);
      if (t === top) continue;
      line.lineTo(c, top); line.lineTo(c, t);
      area.lineTo(c, top); area.lineTo(c, t);
      top = t;
    }
    line.lineTo(width, top);
    area.lineTo(width, top);
    area.lineTo(width, base);
    area.closePath();
    const dim = matcher !== null && matcher.series[series] !== 1;
    g.fillStyle = color;
    g.strokeStyle = color;
    g.globalAlpha = dim ? 0.08 : 0.22;
    g.fill(area);
    g.globalAlpha = dim ? 0.3 : 1;
    g.lineWidth = 1.5;
    g.stroke(line);
    g.globalAlpha = 1;
    g.lineWidth = 1;
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

/** Position of record `i` in a lane (by its start), or -1. A capped lane may have pushed the start later. */
export function findInLane(lane: Lane, i: number, start: number): number {
  const p = lowerBound(lane.start, start);
  for (let k = p; k < lane.n && (lane.start[k] <= start || k < p + 16); k++) if (lane.idx[k] === i) return k;
  return -1;
}

