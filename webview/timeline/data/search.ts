// Binary searches over sorted Float64Array prefixes. Every per-frame query in
// the timeline is one of these plus O(width) work, never a scan of the trace.

/** First i in [lo, hi) with a[i] >= v (hi if none). */
export function lowerBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First i in [lo, hi) with a[i] > v (hi if none). */
export function upperBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * lowerBound starting from a known position `from` (the answer is >= from):
 * gallops 1, 2, 4… ahead first, so stepping through many close positions in
 * order costs O(log gap) each rather than O(log n).
 */
export function gallopLowerBound(a: ArrayLike<number>, v: number, from: number, hi = a.length): number {
  if (from >= hi || a[from] >= v) return from;
  let step = 1;
  let lo = from + 1;
  while (lo + step < hi && a[lo + step] < v) {
    lo += step;
    step *= 2;
  }
  return lowerBound(a, v, lo, Math.min(hi, lo + step + 1));
}
