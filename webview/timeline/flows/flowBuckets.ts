// Level of detail for dense flows, in the spirit of Perfetto's per-pixel
// buckets: when too many flows are in view to draw one by one, the flows of
// each (source CPU, target CPU) pair are grouped into time buckets a few
// pixels wide and each bucket is drawn as one arrow whose weight and opacity
// show how many flows it stands for. A frame costs two binary searches per
// bucket drawn, never a pass over the flows.
//
// Buckets are a power of two nanoseconds long and start at multiples of that
// length from the start of the run, so panning keeps them where they are and
// zooming changes them only when the level changes.
import type { FlowPairs } from './flowPairs';
import { lowerBound } from '../data/search';

/** Narrowest bucket, in pixels. */
export const MIN_BUCKET_PX = 3;
/** About the most buckets drawn in a frame: past it buckets widen (each costs a line of pixels across the rows it joins). */
export const MAX_BUCKETS = 800;

export interface FlowBuckets {
  n: number;
  /** Pair of bucket k (g = cpu0 * cpus + cpu1), and its positions [a[k], b[k]) in FlowPairs. */
  pair: Uint32Array;
  a: Uint32Array;
  b: Uint32Array;
  /** Bucket length in ns (a power of two); bucket j of a pair is [origin + j·bucketNs, origin + (j+1)·bucketNs). */
  bucketNs: number;
  origin: number;
  /** Flows in the fullest bucket. */
  maxCount: number;
  /** Reused per frame: each pair's [lo, hi) in view. */
  range: Uint32Array;
}

export function flowBuckets(capacity = 256): FlowBuckets {
  return { n: 0, pair: new Uint32Array(capacity), a: new Uint32Array(capacity), b: new Uint32Array(capacity), bucketNs: 1, origin: 0, maxCount: 0, range: new Uint32Array(0) };
}

/**
 * Bucket length for a frame: at least `minPx` pixels, and wide enough that
 * `activePairs` pairs with flows across `width` pixels make about
 * `maxBuckets` buckets at most; rounded up to a power of two nanoseconds.
 */
export function bucketLength(nsPerPx: number, width: number, activePairs: number, minPx = MIN_BUCKET_PX, maxBuckets = MAX_BUCKETS): number {
  const px = Math.max(minPx, (activePairs * width) / maxBuckets);
  return 2 ** Math.ceil(Math.log2(Math.max(px * nsPerPx, Number.MIN_VALUE)));
}

/**
 * How a bucket of `count` flows is drawn when the fullest bucket in the frame
 * holds `maxCount`: a thin line, fainter the fewer flows it stands for (on a
 * log scale, so a lone flow still shows), and twice as wide for the fullest
 * buckets. Thin and translucent, because at this zoom arrows cross every
 * track and must not hide the spans.
 */
export function bucketStyle(count: number, maxCount: number): { alpha: number; width: number } {
  const share = maxCount > 1 ? Math.log2(Math.max(1, count)) / Math.log2(maxCount) : 1;
  return { alpha: 0.25 + 0.6 * Math.min(1, share), width: maxCount >= 4 && count * 2 >= maxCount ? 2 : 1 };
}

/** Which bucket a time falls in (the one rule both the walk below and the tests use). */
export function bucketOf(t: number, origin: number, bucketNs: number): number {
  return Math.floor((t - origin) / bucketNs);
}

/**
 * Group the flows of window [w0, w1) into buckets per pair: every flow of a
 * pair whose t0 is in [w0 - that pair's longest flow, w1) (so a flow that
 * starts before the window and reaches into it is counted), by bucketOf(t0).
 * Fills and returns `out`, pairs in order, buckets in time order within a pair.
 */
export function bucketFlows(
  p: FlowPairs, w0: number, w1: number, origin: number, nsPerPx: number, width: number, out: FlowBuckets,
  minPx = MIN_BUCKET_PX, maxBuckets = MAX_BUCKETS,
): FlowBuckets {
  const groups = p.cpus * p.cpus;
  if (out.range.length < 2 * groups) out.range = new Uint32Array(2 * groups);
  const { t0, start } = p;
  const range = out.range;
  let active = 0;
  for (let g = 0; g < groups; g++) {
    const s = start[g];
    const e = start[g + 1];
    const lo = s === e ? s : lowerBound(t0, w0 - p.maxDur[g], s, e);
    const hi = s === e ? s : lowerBound(t0, w1, lo, e);
    range[2 * g] = lo;
    range[2 * g + 1] = hi;
    if (hi > lo) active++;
  }
  const len = bucketLength(nsPerPx, width, active, minPx, maxBuckets);
  out.bucketNs = len;
  out.origin = origin;
  out.n = 0;
  out.maxCount = 0;
  for (let g = 0; g < groups; g++) {
    const hi = range[2 * g + 1];
    let pos = range[2 * g];
    while (pos < hi) {
      const key = bucketOf(t0[pos], origin, len);
      let end = lowerBound(t0, origin + (key + 1) * len, pos + 1, hi);
      // The boundary time is rounded; settle the edge by the same rule as bucketOf.
      while (end < hi && bucketOf(t0[end], origin, len) === key) end++;
      while (end > pos + 1 && bucketOf(t0[end - 1], origin, len) !== key) end--;
      push(out, g, pos, end);
      pos = end;
    }
  }
  return out;
}

function push(out: FlowBuckets, g: number, a: number, b: number): void {
  if (out.n === out.pair.length) {
    const grow = (x: Uint32Array) => { const y = new Uint32Array(x.length * 2); y.set(x); return y; };
    out.pair = grow(out.pair);
    out.a = grow(out.a);
    out.b = grow(out.b);
  }
  if (b - a > out.maxCount) out.maxCount = b - a;
  out.pair[out.n] = g;
  out.a[out.n] = a;
  out.b[out.n] = b;
  out.n++;
}
