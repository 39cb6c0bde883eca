// Gunther's Universal Scalability Law fitted to a sweep's throughput:
//   X(N) = λ·C(N),  C(N) = N / (1 + s(N − 1) + k·N(N − 1))
// s: contention (serial fraction), k: coherency (crosstalk), λ: throughput of
// one CPU. Least squares on X directly: for fixed (s, k) the best λ has a
// closed form, so only (s, k) is searched (a grid, then Nelder–Mead), with
// s in [0, 1] and k ≥ 0. Peak at N* = sqrt((1 − s)/k). With replications,
// each point's squared error is weighted by 1/variance of its mean (weighted
// least squares), so a noisy point pulls the curve less than a steady one.

export interface SweepSample {
  n: number;
  throughput: number;
  /** Half-width of the throughput's confidence interval (any fixed level): the point's weight is 1/half². */
  ci?: number;
}

/** Weights 1/ci² normalised to mean 1, when every point has an interval wider than 0; else all 1 (plain least squares). */
export function uslWeights(samples: readonly SweepSample[]): number[] {
  const ok = samples.length > 0 && samples.every((p) => typeof p.ci === 'number' && p.ci > 0 && Number.isFinite(p.ci));
  if (!ok) return samples.map(() => 1);
  const raw = samples.map((p) => 1 / (p.ci! * p.ci!));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return raw.map((w) => w / mean);
}

export interface UslFit {
  lambda: number;
  s: number;
  k: number;
  /** CPUs at peak throughput (Infinity when k = 0). */
  peakN: number;
  peakThroughput: number;
  /** Coefficient of determination of the fit on X (weighted as the fit is). */
  r2: number;
  /** Residual sum of squares. */
  sse: number;
}

export function uslCapacity(n: number, s: number, k: number): number {
  return n / (1 + s * (n - 1) + k * n * (n - 1));
}

export function uslThroughput(fit: Pick<UslFit, 'lambda' | 's' | 'k'>, n: number): number {
  return fit.lambda * uslCapacity(n, fit.s, fit.k);
}

/** Fit needs at least three distinct CPU counts with positive throughput; null otherwise. */
export function fitUsl(samples: readonly SweepSample[]): UslFit | null {
  const kept = samples.filter((p) => Number.isFinite(p.n) && p.n > 0 && Number.isFinite(p.throughput) && p.throughput >= 0);
  if (new Set(kept.map((p) => p.n)).size < 3 || !kept.some((p) => p.throughput > 0)) return null;
  const weights = uslWeights(kept);
  const pts = kept.map((p, i) => ({ n: p.n, throughput: p.throughput, w: weights[i] }));

  const K_MAX = 1;
  const clampS = (s: number) => Math.min(1, Math.max(0, s));
  const clampK = (k: number) => Math.min(K_MAX, Math.max(0, k));
  const solve = (s: number, k: number) => {
    let xg = 0, gg = 0;
    for (const p of pts) {
      const g = uslCapacity(p.n, s, k);
      xg += p.w * p.throughput * g;
      gg += p.w * g * g;
    }
    const lambda = gg > 0 ? xg / gg : 0;
    let sse = 0;
    for (const p of pts) {
      const e = p.throughput - lambda * uslCapacity(p.n, s, k);
      sse += p.w * e * e;
    }
    return { lambda, sse };
  };
  const cost = (v: [number, number]) => solve(clampS(v[0]), clampK(v[1])).sse;

  // Coarse grid: s linear, k logarithmic (and 0).
  let best: [number, number] = [0, 0];
  let bestCost = Infinity;
  const ks = [0];
  for (let e = -7; e <= 0; e += 0.125) ks.push(10 ** e);
  for (let i = 0; i <= 50; i++) {
    for (const k of ks) {
      const c = cost([i / 50, k]);
      if (c < bestCost) { bestCost = c; best = [i / 50, k]; }
    }
  }
  const refined = nelderMead(cost, best, [0.02, Math.max(best[1], 1e-6) * 0.5]);
  const s = clampS(refined[0]);
  const k = clampK(refined[1]);
  const { lambda, sse } = solve(s, k);
  const wsum = pts.reduce((a, p) => a + p.w, 0);
  const mean = pts.reduce((a, p) => a + p.w * p.throughput, 0) / wsum;
  const sst = pts.reduce((a, p) => a + p.w * (p.throughput - mean) ** 2, 0);
  const peakN = k > 0 ? Math.sqrt((1 - s) / k) : Infinity;
  const peakThroughput = Number.isFinite(peakN) ? lambda * uslCapacity(peakN, s, k) : s > 0 ? lambda / s : Infinity;
  return { lambda, s, k, peakN, peakThroughput, r2: sst > 0 ? 1 - sse / sst : 1, sse };
}

/** Plain Nelder–Mead in two dimensions; the cost function handles bounds. */
function nelderMead(f: (v: [number, number]) => number, x0: [number, number], step: [number, number]): [number, number] {
  let simplex: [number, number][] = [x0, [x0[0] + step[0], x0[1]], [x0[0], x0[1] + step[1]]];
  let values = simplex.map(f);
  for (let iter = 0; iter < 2000; iter++) {
    const order = [0, 1, 2].sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = Math.abs(values[2] - values[0]);
    const size = Math.max(Math.abs(simplex[2][0] - simplex[0][0]), Math.abs(simplex[1][0] - simplex[0][0]),
      Math.abs(simplex[2][1] - simplex[0][1]) / Math.max(Math.abs(simplex[0][1]), 1e-12));
    if (spread <= 1e-14 * (Math.abs(values[0]) + 1e-300) && size < 1e-12) break;
    if (size < 1e-13) break;
    const c: [number, number] = [(simplex[0][0] + simplex[1][0]) / 2, (simplex[0][1] + simplex[1][1]) / 2];
    const at = (t: number): [number, number] => [c[0] + t * (simplex[2][0] - c[0]), c[1] + t * (simplex[2][1] - c[1])];
    const r = at(-1), fr = f(r);
    if (fr < values[0]) {
      const e = at(-2), fe = f(e);
      if (fe < fr) { simplex[2] = e; values[2] = fe; } else { simplex[2] = r; values[2] = fr; }
    } else if (fr < values[1]) {
      simplex[2] = r; values[2] = fr;
    } else {
      const k = fr < values[2] ? at(-0.5) : at(0.5), fk = f(k);
      if (fk < Math.min(fr, values[2])) {
        simplex[2] = k; values[2] = fk;
      } else {
        for (const i of [1, 2]) {
          simplex[i] = [(simplex[i][0] + simplex[0][0]) / 2, (simplex[i][1] + simplex[0][1]) / 2];
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  return values[0] <= Math.min(values[1], values[2]) ? simplex[0] : values[1] < values[2] ? simplex[1] : simplex[2];
}
