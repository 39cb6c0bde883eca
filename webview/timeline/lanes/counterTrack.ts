// A counter series' lane: a step line through each pixel column's maximum (so
// a spike narrower than a pixel still shows) over a faint area: two path draws
// per series, with a point only where the value changes.
import { lodSeries, readingAt } from '../data/counters';
import { describeCounter } from '../panels/describe';
import type { Describe, LaneHit, LaneTrack } from './track';

export const counterTrack: LaneTrack = {
  height: 30,
  name: 'counter',
  drawCanvas(g, d, spec, y) {
    const { f, s } = d;
    const series = spec.series ?? 0;
    const h = spec.height;
    const si = s.index.series[series];
    if (!si || si.n === 0) return;
    const { theme, matcher } = s;
    const color = theme.series[s.trace.meta.series[series]?.kind ?? 'counter'] ?? theme.foreground;
    const width = Math.ceil(f.width);
    lodSeries(si, f.start, d.npp, width, d.cols);
    const lo = Math.min(0, si.min);
    const span = si.max - lo || 1;
    const yOf = (v: number) => y + h - 2 - ((v - lo) / span) * (h - 4);
    const base = yOf(Math.max(lo, 0));
    const max = d.cols.max;
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
  },
  hit: (spec, t0, npp, x, row) => ({ kind: 'counter', series: spec.series ?? 0, time: t0 + x * npp, row }),
};

/** A counter before its first sample has nothing to say. */
export const describeCounterHit: Describe<Extract<LaneHit, { kind: 'counter' }>> = (trace, index, hit) => {
  const si = index.series[hit.series];
  const reading = si ? readingAt(si, hit.time) : null;
  return reading ? describeCounter(trace, hit.series, reading) : null;
};
