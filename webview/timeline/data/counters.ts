// Counter tracks: per pixel column the min and max a series took (so a spike
// narrower than a pixel still shows), and the value / delta / rate under the
// cursor for the hover.
import { gallopLowerBound, upperBound } from './search';
import type { SeriesIndex } from './traceIndex';

export interface SeriesColumns {
  min: Float64Array;
  max: Float64Array;
}

export function seriesColumns(width: number): SeriesColumns {
  return { min: new Float64Array(width), max: new Float64Array(width) };
}

function rangeMin(s: SeriesIndex, l: number, r: number): number {
  let v = Infinity;
  for (l += s.n, r += s.n; l < r; l >>= 1, r >>= 1) {
    if (l & 1) v = Math.min(v, s.minTree[l++]);
    if (r & 1) v = Math.min(v, s.minTree[--r]);
  }
  return v;
}

function rangeMax(s: SeriesIndex, l: number, r: number): number {
  let v = -Infinity;
  for (l += s.n, r += s.n; l < r; l >>= 1, r >>= 1) {
    if (l & 1) v = Math.max(v, s.maxTree[l++]);
    if (r & 1) v = Math.max(v, s.maxTree[--r]);
  }
  return v;
}

/**
 * Fill min/max per column for `width` columns from t0 at nsPerPx; a column
 * with no sample carries the value in effect (step function); NaN before the
 * first sample. O(width · log).
 */
export function lodSeries(s: SeriesIndex, t0: number, nsPerPx: number, width: number, out: SeriesColumns): void {
  let k = upperBound(s.time, t0) - 1; // last sample at or before t0
  for (let c = 0; c < width; c++) {
    const tc1 = t0 + (c + 1) * nsPerPx;
    const k2 = gallopLowerBound(s.time, tc1, k + 1, s.n);
    let lo = k >= 0 ? s.value[k] : NaN;
    let hi = lo;
    if (k2 > k + 1) {
      const mn = rangeMin(s, k + 1, k2);
      const mx = rangeMax(s, k + 1, k2);
      lo = Number.isNaN(lo) ? mn : Math.min(lo, mn);
      hi = Number.isNaN(hi) ? mx : Math.max(hi, mx);
      k = k2 - 1;
    }
    out.min[c] = lo;
    out.max[c] = hi;
  }
}

export interface CounterReading {
  /** Position in the series of the sample in effect. */
  pos: number;
  time: number;
  value: number;
  /** Change from the previous sample and over what time (0/0 for the first sample). */
  delta: number;
  dtNs: number;
  /** delta per second; 0 when dt is 0. */
  ratePerSec: number;
}

/** The sample in effect at time t (the last one at or before t), or null before the first. */
export function readingAt(s: SeriesIndex, t: number): CounterReading | null {
  const k = upperBound(s.time, t) - 1;
  if (k < 0) return null;
  const delta = k > 0 ? s.value[k] - s.value[k - 1] : 0;
  const dtNs = k > 0 ? s.time[k] - s.time[k - 1] : 0;
  return { pos: k, time: s.time[k], value: s.value[k], delta, dtNs, ratePerSec: dtNs > 0 ? (delta * 1e9) / dtNs : 0 };
}
