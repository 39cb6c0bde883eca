// Draws the scaling curve laid out by scaling.ts as SVG, with the fitted USL
// parameters in words beside it. With replications each point carries a 95%
// error bar; with `onOpen` each point is a button that opens its timeline.
import type { UslFit } from '../../src/trace/analysis/usl';
import { formatCompact, formatRate, withHalfWidth } from '../../src/core/format';
import { scalingLayout, type ScalingPoint, type SweepAxis } from './scaling';

const CPU_AXIS: SweepAxis = { title: 'CPUs', unit: 'CPU', counts: true };

const SVG = 'http://www.w3.org/2000/svg';

export function scalingChart(points: ScalingPoint[], fit: UslFit | null, width = 560, height = 300, onOpen?: (index: number) => void, axis: SweepAxis = CPU_AXIS): HTMLElement {
  const box = document.createElement('div');
  box.className = 'smp-scaling';
  const l = scalingLayout(points, fit, width, height);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img' });
  svg.setAttribute('aria-label', `Throughput against ${axis.title}: ${points.map((p) => `${p.label} → ${formatRate(p.throughput)}`).join(', ')}`);
  for (const t of l.yTicks) {
    svg.append(el('line', { class: 'grid', x1: l.plot.left, x2: l.plot.right, y1: t.y, y2: t.y }));
    svg.append(text(formatCompact(t.v), l.plot.left - 6, t.y + 4, 'end'));
  }
  for (const t of l.xTicks) {
    svg.append(el('line', { class: 'axis', x1: t.x, x2: t.x, y1: l.plot.bottom, y2: l.plot.bottom + 4 }));
    svg.append(text(formatCompact(t.v), t.x, l.plot.bottom + 16, 'middle'));
  }
  svg.append(el('line', { class: 'axis', x1: l.plot.left, x2: l.plot.right, y1: l.plot.bottom, y2: l.plot.bottom }));
  svg.append(el('line', { class: 'axis', x1: l.plot.left, x2: l.plot.left, y1: l.plot.top, y2: l.plot.bottom }));
  svg.append(text(axis.title, (l.plot.left + l.plot.right) / 2, height - 4, 'middle'));
  const yLabel = text('throughput /s', 12, (l.plot.top + l.plot.bottom) / 2, 'middle');
  yLabel.setAttribute('transform', `rotate(-90 12 ${(l.plot.top + l.plot.bottom) / 2})`);
  svg.append(yLabel);
  if (l.curve) svg.append(el('path', { class: 'curve', d: l.curve }));
  if (l.line) svg.append(el('path', { class: 'joined', d: l.line }));
  if (l.peak) {
    const c = el('circle', { class: 'peak', cx: l.peak.cx, cy: l.peak.cy, r: 5 });
    c.append(title(`USL peak at ${fit!.peakN.toFixed(1)} ${axis.title}`));
    svg.append(c);
  }
  l.points.forEach((p, i) => {
    if (p.bar) {
      svg.append(el('line', { class: 'errbar', x1: p.cx, x2: p.cx, y1: p.bar.top, y2: p.bar.bottom }));
      for (const y of [p.bar.top, p.bar.bottom]) svg.append(el('line', { class: 'errbar', x1: p.cx - 4, x2: p.cx + 4, y1: y, y2: y }));
    }
    const c = el('circle', { class: onOpen ? 'point open' : 'point', cx: p.cx, cy: p.cy, r: onOpen ? 5 : 4 });
    c.append(title(`${p.p.label}: ${withHalfWidth(formatRate(p.p.throughput), p.p.ci, formatRate)}${onOpen ? ' — click to open its timeline' : ''}`));
    if (onOpen) {
      c.setAttribute('tabindex', '0');
      c.setAttribute('role', 'button');
      c.setAttribute('aria-label', `Open the timeline of ${p.p.label}`);
      c.addEventListener('click', () => onOpen(i));
      c.addEventListener('keydown', (e) => {
        const k = (e as KeyboardEvent).key;
        if (k === 'Enter' || k === ' ') { e.preventDefault(); onOpen(i); }
      });
    }
    svg.append(c);
  });
  box.append(svg, uslText(fit, points.length, points.some((p) => p.ci && p.ci > 0), axis));
  return box;
}

/** The fit in words: σ, κ, λ, the peak and the goodness of fit. */
export function uslWords(fit: UslFit | null, points: number, axis: SweepAxis = CPU_AXIS): string {
  if (!axis.counts) return `No Universal Scalability Law fit: its N counts CPUs (or queues), and ${axis.title} is not a count; the points are joined in order.`;
  if (!fit) return `The Universal Scalability Law needs at least three sweep points with different ${axis.unit} counts (this sweep has ${points}).`;
  const peak = Number.isFinite(fit.peakN)
    ? `peak at N* = √((1 − σ)/κ) ≈ ${fit.peakN.toFixed(1)} ${axis.title} (≈ ${formatRate(fit.peakThroughput)})`
    : fit.s > 0 ? `no peak (κ = 0): throughput approaches λ/σ ≈ ${formatRate(fit.peakThroughput)}` : 'no peak: linear scaling';
  return `USL fit C(N) = N / (1 + σ(N − 1) + κN(N − 1)): σ (contention) = ${fit.s.toFixed(4)}, κ (coherency) = ${fit.k.toExponential(2)}, λ = ${formatRate(fit.lambda)} per ${axis.unit}; ${peak}; R² = ${fit.r2.toFixed(4)}.`;
}

function uslText(fit: UslFit | null, points: number, weighted: boolean, axis: SweepAxis): HTMLElement {
  const p = document.createElement('p');
  p.className = fit ? 'smp-usl' : 'smp-usl note';
  p.textContent = uslWords(fit, points, axis) + (fit && weighted ? ' Points weighted by 1/variance of their mean; bars are 95% confidence intervals.' : '');
  return p;
}

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

function text(s: string, x: number, y: number, anchor: string): SVGElement {
  const t = el('text', { x, y, 'text-anchor': anchor });
  t.textContent = s;
  return t;
}

function title(s: string): SVGElement {
  const t = document.createElementNS(SVG, 'title');
  t.textContent = s;
  return t;
}
