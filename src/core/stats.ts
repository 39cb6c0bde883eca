// Replication statistics: the mean of each figure over R independent runs
// (different seeds) and its 95% confidence half-width from Student's t,
//   half = t(0.975, R − 1) · s / √R,
// with s the sample standard deviation. Pure; used by the CLI's --json and
// text output and by the extension's tables and compare view.

/** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes 6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The fraction converges fast for x < (a + 1)/(a + b + 2); use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let f = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    f *= d * c;
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d; if (Math.abs(d) < tiny) d = tiny; d = 1 / d;
    c = 1 + num / c; if (Math.abs(c) < tiny) c = tiny;
    const delta = d * c;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return (Math.exp(lnFront) * f) / a;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
function lnGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const quantiles = new Map<string, number>();

/** The p-quantile of Student's t with `df` ≥ 1 degrees of freedom (bisection on the CDF, to 1e-12). */
export function studentQuantile(p: number, df: number): number {
  if (!(df >= 1) || !(p > 0 && p < 1)) throw new RangeError(`studentQuantile(${p}, ${df})`);
  const key = `${p}/${df}`;
  const hit = quantiles.get(key);
  if (hit !== undefined) return hit;
  if (p < 0.5) return -studentQuantile(1 - p, df);
  let lo = 0, hi = 1;
  while (studentCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  const q = (lo + hi) / 2;
  quantiles.set(key, q);
  return q;
}

export interface MeanCi {
  mean: number;
  /** 95% half-width; 0 with one value (nothing is known of the spread). */
  half: number;
}

/** Mean and 95% Student-t half-width of a sample. Non-finite values make both NaN. */
export function meanCi95(values: readonly number[]): MeanCi {
  const n = values.length;
  if (n === 0) return { mean: NaN, half: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, half: 0 };
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, half: (studentQuantile(0.975, n - 1) * sd) / Math.sqrt(n) };
}

/** Two intervals overlap: the difference of the means is not significant at this level (a conservative test). */
export function intervalsOverlap(a: MeanCi, b: MeanCi): boolean {
  return Math.abs(a.mean - b.mean) <= a.half + b.half;
}

type Json = number | string | boolean | null | undefined | Json[] | { [k: string]: Json };

/**
 * Replicated JSON values of one shape (e.g. RunSummary objects) combined:
 * `mean` has the shape of the inputs with every numeric leaf replaced by its
 * mean (a key some replications lack — a drop reason that happened in only
 * some — counts as 0 where missing); `ci95` has the same shape holding only
 * the numeric leaves, each the 95% half-width. Strings and booleans come from
 * the first value. Keys in `keep` are copied from the first value and have no
 * half-width (identity, not measurement: the seed).
 */
export function aggregate<T>(values: readonly T[], keep: readonly string[] = []): { mean: T; ci95: unknown } {
  const out = combine(values as unknown as Json[], new Set(keep));
  return { mean: out.mean as T, ci95: out.ci };
}

function combine(values: Json[], keep: ReadonlySet<string>): { mean: Json; ci: Json | undefined } {
  const first = values.find((v) => v !== undefined && v !== null);
  if (typeof first === 'number') {
    const m = meanCi95(values.map((v) => (typeof v === 'number' ? v : 0)));
    return { mean: m.mean, ci: m.half };
  }
  if (Array.isArray(first)) {
    const len = Math.max(...values.map((v) => (Array.isArray(v) ? v.length : 0)));
    const mean: Json[] = [], ci: Json[] = [];
    for (let i = 0; i < len; i++) {
      const c = combine(values.map((v) => (Array.isArray(v) ? v[i] : undefined)), keep);
      mean.push(c.mean);
      ci.push(c.ci ?? null);
    }
    return { mean, ci };
  }
  if (first && typeof first === 'object') {
    const keys: string[] = [];
    const seen = new Set<string>();
    for (const v of values) {
      if (!v || typeof v !== 'object' || Array.isArray(v)) continue;
      for (const k of Object.keys(v)) if (!seen.has(k)) { seen.add(k); keys.push(k); }
    }
    const mean: { [k: string]: Json } = {}, ci: { [k: string]: Json } = {};
    let hasCi = false;
    for (const k of keys) {
      const own = values.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? v[k] : undefined));
      if (keep.has(k)) { mean[k] = (first as { [k: string]: Json })[k]; continue; }
      // a numeric field missing from a replication counted 0 times there
      const numeric = own.some((x) => typeof x === 'number');
      const c = combine(numeric ? own.map((x) => (x === undefined ? 0 : x)) : own, keep);
      mean[k] = c.mean;
      if (c.ci !== undefined) { ci[k] = c.ci; hasCi = true; }
    }
    return { mean, ci: hasCi ? ci : undefined };
  }
  return { mean: first, ci: undefined };
}
