// The seeded PRNG's distributions: the ziggurat exponential against e^-x, and
// the same seed giving the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DistKind, Rng } from '../../src/sim/rng';

const N = 1_000_000;

test('ziggurat exponential: mean, variance and the whole distribution match e^-x (Kolmogorov-Smirnov)', () => {
  const rng = new Rng(12345);
  const xs = new Float64Array(N);
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < N; i++) {
    const x = rng.exp(1);
    xs[i] = x;
    sum += x;
    sq += x * x;
  }
  const mean = sum / N;
  const variance = sq / N - mean * mean;
  assert.ok(Math.abs(mean - 1) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.01, `variance ${variance}`);
  xs.sort();
  let d = 0;
  for (let i = 0; i < N; i++) {
    const cdf = 1 - Math.exp(-xs[i]);
    d = Math.max(d, Math.abs(cdf - i / N), Math.abs(cdf - (i + 1) / N));
  }
  // the 1% critical value of the KS statistic is 1.63 / sqrt(N)
  assert.ok(d < 1.63 / Math.sqrt(N), `KS distance ${d}`);
  // the tail past the ziggurat's base strip (7.7) is reached, and at the right rate (e^-7.7 ≈ 4.5e-4)
  const beyond = N - xs.findIndex((x) => x > 7.697117470131487);
  assert.ok(Math.abs(beyond / N - Math.exp(-7.697117470131487)) < 1e-4, `tail fraction ${beyond / N}`);
  assert.ok(xs.every((x) => x >= 0 && Number.isFinite(x)));
});

test('the same seed gives the same draws; another seed does not', () => {
  const draw = (seed: number) => {
    const r = new Rng(seed);
    return Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? r.next() : i % 3 === 1 ? r.exp(500) : r.duration(DistKind.Uniform, 10, 20)));
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('uniform draws stay in [0, 1) with the right mean', () => {
  const r = new Rng(99);
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const u = r.next();
    assert.ok(u >= 0 && u < 1);
    sum += u;
  }
  assert.ok(Math.abs(sum / N - 0.5) < 0.002);
});
