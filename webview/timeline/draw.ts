// Drawing: a thin layer over the pure level-of-detail functions. Rectangles
// are batched by colour (one path and one fill per colour per frame), labels
// drawn last and only where they fit, so a frame costs O(rows x width).
import { CpuState, FlowKind, InstantKind, NONE, SpanKind, WaitKind, type Trace } from '../../src/trace/schema';
import { lodBuffer, lodLane, type Lane, type LodBuffer } from './lane';
import { lodSeries, seriesColumns, type SeriesColumns } from './counters';
import { spanMatches, instantMatches, type Matcher } from './highlight';
import type { Layout, LaneSpec } from './rows';
import { holdColor, textOn, type Theme } from './theme';
import type { TimelineIndex } from './traceIndex';
import { lowerBound } from './search';

export interface Frame {
  width: number;
  height: number;
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
  /** Flows to draw (already limited), or null when too many to draw. */
  flows: number[] | null;
}

/**
 * Colour-batched rectangles: one path per colour, filled once per frame.
 * Rectangles are kept in growable float buffers (no per-rect objects), and a
 * rectangle that continues the previous one (same fill, same row, touching)
 * is merged into it, so a zoomed-out lane costs few path segments.
 */
class Batch {
  private readonly index = new Map<string | CanvasPattern, number>();
  private fills: (string | CanvasPattern)[] = [];
  private bufs: Float32Array[] = [];
  private lens: number[] = [];
  private last = -1;

  private lastFill: string | CanvasPattern | null = null;
  private lastKey = -1;

  add(fill: string | CanvasPattern, x: number, y: number, w: number, h: number): void {
    let k = fill === this.lastFill ? this.lastKey : this.index.get(fill);
    if (k === undefined) {
      k = this.fills.length;
      this.index.set(fill, k);
      this.fills.push(fill);
      this.bufs.push(new Float32Array(4096));
      this.lens.push(0);
    }
    this.lastFill = fill;
    this.lastKey = k;
    let b = this.bufs[k];
    const n = this.lens[k];
    // Merge with the previous rectangle of this colour when it continues it.
    if (this.last === k && n > 0 && b[n - 3] === y && b[n - 1] === h && x <= b[n - 4] + b[n - 2] + 0.01) {
      const end = Math.max(b[n - 4] + b[n - 2], x + w);
      b[n - 2] = end - b[n - 4];
      return;
    }
    if (n + 4 > b.length) {
      const g = new Float32Array(b.length * 2);
      g.set(b);
      this.bufs[k] = b = g;
    }
    b[n] = x; b[n + 1] = y; b[n + 2] = w; b[n + 3] = h;
    this.lens[k] = n + 4;
    this.last = k;
  }

  /** Start a new lane: nothing merges across lanes. */
  break(): void {
    this.last = -1;
  }

  flush(g: CanvasRenderingContext2D, alpha = 1): void {
    g.globalAlpha = alpha;
    for (let k = 0; k < this.fills.length; k++) {
      const n = this.lens[k];
      if (n === 0) continue;
      const b = this.bufs[k];
      g.fillStyle = this.fills[k];
      for (let j = 0; j < n; j += 4) g.fillRect(b[j], b[j + 1], b[j + 2], b[j + 3]);
      this.lens[k] = 0;
    }
    g.globalAlpha = 1;
    this.last = -1;
  }
}

interface Label { x: number; y: number; w: number; text: string; color: string }

/** Reused per-frame buffers, sized to the canvas width. */
export class Renderer {
  private lod: LodBuffer = lodBuffer(1);
  private cols: SeriesColumns = seriesColumns(1);
  private full = new Batch();
  private dim = new Batch();
  private labels: Label[] = [];
  private textWidth = new Map<string, number>();
  private textColor = new Map<string, string>();
  private textTheme: Theme | null = null;

  /** Label colour on a fill, cached per theme (parsing colours per label would add up). */
  private textOn(theme: Theme, fill: string): string {
    if (theme !== this.textTheme) { this.textTheme = theme; this.textColor.clear(); }
    let c = this.textColor.get(fill);
    if (c === undefined) { c = textOn(theme, fill); this.textColor.set(fill, c); }
    return c;
  }
  private font = '';

  private ensure(width: number): void {
    const w = Math.ceil(width) + 2;
    if (this.lod.pos.length < w) this.lod = lodBuffer(w);
    if (this.cols.min.length < w) this.cols = seriesColumns(w);
  }

  draw(g: CanvasRenderingContext2D, f: Frame, s: DrawState): void {
    this.ensure(f.width);
    const { theme } = s;
    const font = `${theme.fontSize - 1}px ${theme.font}`;
    if (font !== this.font) { this.font = font; this.textWidth.clear(); }
    g.font = font;
    g.textBaseline = 'middle';
    g.fillStyle = theme.background;
    g.fillRect(0, 0, f.width, f.height);
    const npp = (f.end - f.start) / f.width;
    const top = f.scrollTop;
    const bottom = top + f.height;

    // Warm-up: the part of the run excluded from the statistics, shaded.
    const warm = s.trace.meta.warmupNs;
    if (warm > s.trace.meta.startNs && f.start < warm) {
      const xw = Math.min(f.width, (warm - f.start) / npp);
      g.globalAlpha = 0.05;
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

    for (const row of s.layout.rows) {
      if (row.y + row.h < top || row.y > bottom) continue;
      const y0 = row.y - top;
      if (row.kind === 'group') {
        g.globalAlpha = 0.06;
        g.fillStyle = theme.foreground;
        g.fillRect(0, y0, f.width, row.h);
        g.globalAlpha = 1;
      }
      row.lanes.forEach((lane, k) => this.drawLane(g, f, s, lane, row.laneY[k] - top, npp));
      g.globalAlpha = 0.35;
      g.fillStyle = theme.border;
      g.fillRect(0, y0 + row.h - 1, f.width, 1);
      g.globalAlpha = 1;
    }
    this.dim.flush(g, s.matcher ? 0.22 : 1);
    this.full.flush(g);
    this.drawLabels(g);

    // Grid on top of spans but faint, so time alignment across CPUs reads at a glance.
    g.globalAlpha = 0.25;
    g.fillStyle = theme.grid;
    for (const t of s.ticks) g.fillRect(Math.round((t - f.start) / npp), 0, 1, f.height);
    g.globalAlpha = 1;

    if (s.flows) this.drawFlows(g, f, s, s.flows, npp, 0.7);
  }

  private drawLane(g: CanvasRenderingContext2D, f: Frame, s: DrawState, spec: LaneSpec, y: number, npp: number): void {
    if (spec.kind === 'counter') {
      this.drawCounter(g, f, s, spec.series ?? 0, y, spec.height, npp);
      return;
    }
    const lane = spec.lane;
    if (!lane || lane.n === 0) return;
    const out = this.lod;
    const n = lodLane(lane, f.start, npp, Math.ceil(f.width), out);
    if (spec.kind === 'marks') {
      this.drawMarks(s, lane, y, spec.height, n);
      return;
    }
    const { theme, trace, matcher } = s;
    const sp = trace.tables.spans;
    const kindCol = sp.kind;
    const subCol = sp.sub;
    const threadCol = sp.thread;
    const idx = lane.idx;
    const h = spec.height - 1;
    const labelled = spec.kind === 'threads' || spec.kind === 'locks' || spec.kind === 'holds' || spec.kind === 'waits';
    const full = this.full;
    const dim = this.dim;
    full.break();
    dim.break();
    for (let k = 0; k < n; k++) {
      const i = idx[out.pos[k]];
      const x = out.x0[k];
      const w = out.x1[k] - x;
      const kind = kindCol[i];
      const sub = subCol[i];
      let fill: string | CanvasPattern;
      if (kind === SpanKind.CpuState) fill = theme.states[sub] ?? theme.muted;
      else if (kind === SpanKind.ThreadRun) fill = s.threadColors[threadCol[i]] ?? theme.muted;
      else if (kind === SpanKind.LockHold) fill = holdColor(theme, sub);
      else if (kind === SpanKind.LockWait) fill = sub & WaitKind.Sleep ? theme.sleepPattern : theme.wait;
      else fill = theme.muted;
      const batch = matcher === null || spanMatches(trace, matcher, i) ? full : dim;
      // Idle is drawn as a thin line, so busy time stands out.
      if (kind === SpanKind.CpuState && sub === CpuState.Idle) batch.add(fill, x, y + h / 2 - 1, w, 2);
      else batch.add(fill, x, y, w, h);
      if (kind === SpanKind.LockWait && sub & WaitKind.Sleep) batch.add(theme.wait, x, y + h - 1, w, 1);
      if (labelled && w >= 28) {
        const text = spec.kind === 'locks'
          ? trace.meta.locks[sp.obj[i]]?.name ?? ''
          : kind === SpanKind.ThreadRun || spec.kind === 'holds' || spec.kind === 'waits'
            ? (threadCol[i] === NONE ? '' : trace.meta.threads[threadCol[i]]?.name ?? '')
            : '';
        if (text) this.labels.push({ x, y: y + h / 2, w, text, color: typeof fill === 'string' ? this.textOn(theme, fill) : theme.foreground });
      }
    }
  }

  private drawMarks(s: DrawState, lane: Lane, y: number, h: number, n: number): void {
    const { theme, trace, matcher } = s;
    const ins = trace.tables.instants;
    const out = this.lod;
    for (let k = 0; k < n; k++) {
      const i = lane.idx[out.pos[k]];
      const kind = ins.kind[i];
      const fill = theme.marks[kind] ?? theme.muted;
      const batch = !matcher || instantMatches(trace, matcher, i) ? this.full : this.dim;
      const w = kind === InstantKind.Interrupt || kind === InstantKind.Drop ? 3 : kind === InstantKind.ContextSwitch ? 1 : 2;
      const x = out.x0[k] - (w > 1 ? 1 : 0);
      batch.add(fill, x, y, w, kind === InstantKind.ContextSwitch ? h + 2 : h);
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

  /** Arrows from (t0, source CPU row) to (t1, target CPU row). */
  drawFlows(g: CanvasRenderingContext2D, f: Frame, s: DrawState, flows: number[], npp: number, alpha: number, color?: string, width = 1): void {
    const fl = s.trace.tables.flows;
    g.globalAlpha = alpha;
    g.lineWidth = width;
    for (const i of flows) {
      const a = cpuAnchor(s.layout, fl.cpu0[i]);
      const b = cpuAnchor(s.layout, fl.cpu1[i]);
      if (a === null || b === null) continue;
      const x0 = (fl.t0[i] - f.start) / npp;
      const x1 = (fl.t1[i] - f.start) / npp;
      const y0 = a - f.scrollTop;
      const y1 = b - f.scrollTop;
      const stroke = color ?? s.theme.flows[fl.kind[i]] ?? s.theme.foreground;
      g.strokeStyle = stroke;
      g.fillStyle = stroke;
      g.beginPath();
      g.moveTo(x0, y0);
      const mid = (y0 + y1) / 2;
      g.bezierCurveTo(x0, mid, x1, mid, x1, y1);
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

/** Vertical middle of a CPU row's thread lane (where flows attach). */
export function cpuAnchor(layout: Layout, cpu: number): number | null {
  const row = layout.rows[cpuRowIndex(layout, cpu)];
  if (!row || row.kind !== 'cpu') return null;
  let k = row.lanes.findIndex((l) => l.kind === 'threads');
  if (k < 0) k = row.lanes.findIndex((l) => l.kind === 'states');
  return k >= 0 ? row.laneY[k] + row.lanes[k].height / 2 : row.y + row.h / 2;
}

/** CPU rows come first in CPU order, but expanded rows sit between them. */
export function cpuRowIndex(layout: Layout, cpu: number): number {
  return layout.rows.findIndex((r) => r.kind === 'cpu' && r.cpu === cpu);
}

/** Position of record `i` in a lane (by its start), or -1. A capped lane may have pushed the start later. */
export function findInLane(lane: Lane, i: number, start: number): number {
  const p = lowerBound(lane.start, start);
  for (let k = p; k < lane.n && (lane.start[k] <= start || k < p + 16); k++) if (lane.idx[k] === i) return k;
  return -1;
}

