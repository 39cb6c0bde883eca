// The scaling curve's geometry: sweep points (throughput against what the
// sweep varies: CPUs, queues, the offered rate) and the fitted Universal
// Scalability Law curve mapped to an SVG box. Pure, so the chart's placement
// is tested without a browser.
import { uslThroughput, type UslFit } from '../../src/trace/analysis/usl';

export interface ScalingPoint {
  label: string;
  x: number;
  throughput: number;
  /** 95% half-width (replications): drawn as an error bar. */
  ci?: number;
}

export interface ScalingLayout {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xMax: number;
  yMax: number;
  /** `bar`: the error bar's ends (top above bottom on screen), when the point has an interval. */
  points: { cx: number; cy: number; p: ScalingPoint; bar?: { top: number; bottom: number } }[];
  /** SVG path of the fitted curve ("" without a fit). */
  curve: string;
  /** Without a fit: the points joined in order of x (a load sweep reads as a curve too); "" with one. */
  line: string;
  /** Where the fitted peak lies, if inside the x range. */
  peak: { cx: number; cy: number } | null;
  xTicks: { v: number; x: number }[];
  yTicks: { v: number; y: number }[];
  sx(v: number): number;
  sy(v: number): number;
}

const MARGIN = { left: 64, top: 12, right: 16, bottom: 36 };

export function scalingLayout(points: readonly ScalingPoint[], fit: UslFit | null, width: number, height: number): ScalingLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const maxX = Math.max(1, ...points.map((p) => p.x));
  // Show the peak when it is not far beyond the sweep.
  const xMax = niceCeil(fit && Number.isFinite(fit.peakN) && fit.peakN > maxX && fit.peakN < 2 * maxX ? fit.peakN * 1.1 : maxX);
  let yTop = Math.max(0, ...points.map((p) => p.throughput + (p.ci && p.ci > 0 ? p.ci : 0)));
  const samples: [number, number][] = [];
  if (fit) {
    for (let i = 0; i <= 120; i++) {
      const n = 1 + ((xMax - 1) * i) / 120;
      const y = uslThroughput(fit, n);
      samples.push([n, y]);
      yTop = Math.max(yTop, y);
    }
  }
  const yMax = niceCeil(yTop * 1.05 || 1);
  const sx = (v: number) => plot.left + ((plot.right - plot.left) * v) / xMax;
  const sy = (v: number) => plot.bottom - ((plot.bottom - plot.top) * v) / yMax;
  const curve = samples.map(([n, y], i) => `${i ? 'L' : 'M'}${sx(n).toFixed(1)},${sy(y).toFixed(1)}`).join('');
  const peak = fit && Number.isFinite(fit.peakN) && fit.peakN <= xMax ? { cx: sx(fit.peakN), cy: sy(fit.peakThroughput) } : null;
  return {
    width, height, plot, xMax, yMax,
    points: points.map((p) => ({
      cx: sx(p.x), cy: sy(p.throughput), p,
      ...(p.ci && p.ci > 0 ? { bar: { top: sy(p.throughput + p.ci), bottom: sy(Math.max(0, p.throughput - p.ci)) } } : {}),
    })),
    curve, peak,
    line: fit ? '' : [...points].sort((a, b) => a.x - b.x).map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.throughput).toFixed(1)}`).join(''),
    xTicks: ticks(xMax).map((v) => ({ v, x: sx(v) })),
    yTicks: ticks(yMax).map((v) => ({ v, y: sy(v) })),
    sx, sy,
  };
}

/** 1, 2, 5 × 10^k at or above v. */
export function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const e = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * e >= v - 1e-12 * e) return m * e;
  return 10 * e;
}

/** Up to ~6 evenly spaced round ticks from 0 to max. */
export function ticks(max: number): number[] {
  const raw = max / 5;
  const e = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * e).find((s) => s >= raw - 1e-12 * e) ?? 10 * e;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(+v.toPrecision(12));
  return out;
}

/** What a sweep varies, as its chart and the USL's words name it. */
export interface SweepAxis {
  /** The x axis's title: "CPUs", "rx_queues", "rate". */
  title: string;
  /** N's unit in the USL's words: "CPU", "rx_queues". */
  unit: string;
  /**
   * Its values count parallel units (CPUs, queues, stacks: whole numbers from
   * 1), which is what the USL's N is; an offered rate is not, and gets no fit.
   */
  counts: boolean;
}

/** The axis of a sweep from its points: the parameter its labels name (`cpus=4`, `rate=100kpps`) and its values. */
export function sweepAxis(points: readonly { label: string; x: number }[]): SweepAxis {
  // `cpus=4` (the model's sweep points), or `4 CPUs`
  const names = new Set(points.map((p) => /^([^=]+)=/.exec(p.label)?.[1] ?? /^[\d.]+\s*(\S+)$/.exec(p.label)?.[1] ?? ''));
  const name = names.size === 1 ? [...names][0] : '';
  const counts = points.length > 0 && points.every((p) => Number.isInteger(p.x) && p.x >= 1 && p.x <= MAX_COUNT);
  if (name.toLowerCase() === 'cpus') return { title: 'CPUs', unit: 'CPU', counts };
  return { title: name || 'sweep value', unit: name || 'unit', counts };
}

/** Above this a sweep value is not a count of CPUs, queues or stacks (an offered rate in pps is far above it). */
const MAX_COUNT = 4096;
