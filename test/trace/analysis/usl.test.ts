import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitUsl, uslCapacity, uslThroughput } from '../../../src/trace/analysis/usl';

test('capacity formula: C(N) = N / (1 + s(N-1) + kN(N-1))', () => {
  // s = 0.1, k = 0.01, N = 4: 4 / (1 + 0.3 + 0.12) = 4 / 1.42
  assert.ok(Math.abs(uslCapacity(4, 0.1, 0.01) - 4 / 1.42) < 1e-12);
  assert.equal(uslCapacity(1, 0.7, 0.3), 1);
});

test('linear scaling fits s = 0, k = 0', () => {
  // 100 per CPU, exactly: λ = 100, no contention, no crosstalk, no peak.
  const f = fitUsl([{ n: 1, throughput: 100 }, { n: 2, throughput: 200 }, { n: 3, throughput: 300 }])!;
  assert.ok(Math.abs(f.lambda - 100) < 1e-6, `λ ${f.lambda}`);
  assert.ok(f.s < 1e-6 && f.k < 1e-8, `s ${f.s} k ${f.k}`);
  assert.equal(f.peakN, Infinity);
});

test('Amdahl (k = 0): s = 0.5 from 100, 133.3, 150', () => {
  // C(2) = 2 / 1.5, C(3) = 3 / 2 with s = 0.5.
  const f = fitUsl([{ n: 1, throughput: 100 }, { n: 2, throughput: 200 / 1.5 }, { n: 3, throughput: 150 }])!;
  assert.ok(Math.abs(f.s - 0.5) < 1e-5, `s ${f.s}`);
  assert.ok(f.k < 1e-7, `k ${f.k}`);
  assert.ok(Math.abs(f.lambda - 100) < 1e-3);
});

test('recovers λ, s, k from a retrograde curve and finds the peak at sqrt((1-s)/k)', () => {
  const truth = { lambda: 1000, s: 0.05, k: 0.002 };
  const pts = [1, 2, 4, 8, 16, 32].map((n) => ({ n, throughput: uslThroughput(truth, n) }));
  const f = fitUsl(pts)!;
  assert.ok(Math.abs(f.s - 0.05) < 1e-4, `s ${f.s}`);
  assert.ok(Math.abs(f.k - 0.002) < 1e-5, `k ${f.k}`);
  assert.ok(Math.abs(f.lambda - 1000) < 0.5, `λ ${f.lambda}`);
  // sqrt(0.95 / 0.002) = 21.794...
  assert.ok(Math.abs(f.peakN - Math.sqrt(0.95 / 0.002)) < 0.05, `peak ${f.peakN}`);
  assert.ok(f.r2 > 0.999999);
});

test('without an N = 1 point λ is still estimated', () => {
  const truth = { lambda: 500, s: 0.2, k: 0.01 };
  const f = fitUsl([2, 4, 6, 8].map((n) => ({ n, throughput: uslThroughput(truth, n) })))!;
  assert.ok(Math.abs(f.lambda - 500) < 1, `λ ${f.lambda}`);
  assert.ok(Math.abs(f.s - 0.2) < 1e-3 && Math.abs(f.k - 0.01) < 1e-4, `s ${f.s} k ${f.k}`);
});

test('fewer than three CPU counts: no fit', () => {
  assert.equal(fitUsl([{ n: 1, throughput: 1 }, { n: 2, throughput: 2 }]), null);
  assert.equal(fitUsl([{ n: 1, throughput: 1 }, { n: 1, throughput: 1.1 }, { n: 2, throughput: 2 }]), null);
});

test('weighted by the points\' variance: a noisy outlier pulls the fit less than a steady point', () => {
  const truth = { lambda: 1000, s: 0.05, k: 0.002 };
  const pts = [1, 2, 4, 8, 16, 32].map((n) => ({ n, throughput: uslThroughput(truth, n), ci: 5 }));
  // one point far off the curve, but with a wide interval
  pts[3] = { ...pts[3], throughput: pts[3].throughput * 1.4, ci: 400 };
  const weighted = fitUsl(pts)!;
  const plain = fitUsl(pts.map(({ n, throughput }) => ({ n, throughput })))!;
  const err = (f: typeof weighted) => Math.abs(f.s - truth.s) + Math.abs(f.k - truth.k) * 10;
  assert.ok(err(weighted) < err(plain) / 5, `weighted s ${weighted.s} k ${weighted.k}; plain s ${plain.s} k ${plain.k}`);
  assert.ok(Math.abs(weighted.lambda - 1000) < 20, `λ ${weighted.lambda}`);
  // equal intervals are the same as none
  const same = fitUsl(pts.map((p) => ({ ...p, ci: 7 })))!;
  const none = fitUsl(pts.map(({ n, throughput }) => ({ n, throughput })))!;
  assert.ok(Math.abs(same.s - none.s) < 1e-9 && Math.abs(same.lambda - none.lambda) < 1e-6);
});
