// Replication statistics: Student-t quantiles against published table values,
// the interval of a known sample, and the combining of replicated summaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregate, intervalsOverlap, meanCi95, studentCdf, studentQuantile } from '../../src/core/stats';
import { replicationSeed, replicationSeeds } from '../../src/run/seeds';

test('t(0.975, df) matches the table to 6 digits', () => {
  // NIST/SEMATECH e-Handbook, table 1.3.6.7.2 (upper critical values, α = 0.025)
  const table: [number, number][] = [[1, 12.706205], [2, 4.302653], [3, 3.182446], [4, 2.776445], [5, 2.570582], [7, 2.364624],
    [10, 2.228139], [15, 2.131450], [20, 2.085963], [30, 2.042272], [60, 2.000298], [100, 1.983972]];
  for (const [df, t] of table) assert.ok(Math.abs(studentQuantile(0.975, df) - t) < 5e-6, `df ${df}: ${studentQuantile(0.975, df)} vs ${t}`);
  // towards the normal quantile as df grows
  assert.ok(Math.abs(studentQuantile(0.975, 1e6) - 1.959964) < 1e-5);
  assert.ok(Math.abs(studentQuantile(0.995, 10) - 3.169273) < 5e-6);
  assert.ok(Math.abs(studentQuantile(0.025, 5) + 2.570582) < 5e-6, 'symmetric');
  assert.ok(Math.abs(studentCdf(0, 3) - 0.5) < 1e-12);
});

test('mean and 95% half-width of a sample', () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, s = 2.138090, half = t(.975, 7) · s / √8 = 1.787491
  const m = meanCi95([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(m.mean, 5);
  assert.ok(Math.abs(m.half - 1.787491) < 1e-5, String(m.half));
  assert.deepEqual(meanCi95([3]), { mean: 3, half: 0 }, 'one value: no spread known');
  assert.deepEqual(meanCi95([4, 4, 4]), { mean: 4, half: 0 });
  assert.ok(intervalsOverlap({ mean: 10, half: 1 }, { mean: 11.5, half: 0.6 }));
  assert.ok(!intervalsOverlap({ mean: 10, half: 1 }, { mean: 11.7, half: 0.6 }));
});

test('aggregate: means and half-widths of the same shape; identities kept; a missing count is 0', () => {
  const a = { seed: 1, name: 'x', n: 2, cpus: [{ id: 0, busy: 0.5 }, { id: 1, busy: 0.7 }], dropped: { ring: 4 } as Record<string, number> };
  const b = { seed: 99, name: 'x', n: 4, cpus: [{ id: 0, busy: 0.7 }, { id: 1, busy: 0.9 }], dropped: {} as Record<string, number> };
  const { mean, ci95 } = aggregate([a, b], ['seed', 'id']);
  assert.equal(mean.seed, 1, 'the seed is the run seed, not a mean');
  assert.equal(mean.name, 'x');
  assert.equal(mean.n, 3);
  assert.deepEqual(mean.cpus.map((c) => c.id), [0, 1]);
  assert.ok(Math.abs(mean.cpus[1].busy - 0.8) < 1e-12);
  assert.equal(mean.dropped.ring, 2, 'a drop place seen in one replication counts 0 in the other');
  const ci = ci95 as { n: number; cpus: { busy: number; id?: number }[]; dropped: { ring: number }; seed?: number; name?: string };
  // two values 2 and 4: s = √2, half = 12.706205 · √2 / √2
  assert.ok(Math.abs(ci.n - 12.706205) < 1e-5);
  assert.equal(ci.seed, undefined);
  assert.equal(ci.name, undefined);
  assert.equal(ci.cpus[0].id, undefined);
  assert.ok(ci.cpus[0].busy > 0);
});

test('replication seeds: the first is the run seed, the rest distinct and fixed', () => {
  assert.equal(replicationSeed(7, 0), 7);
  const s = replicationSeeds(7, 1000);
  assert.equal(new Set(s).size, 1000);
  assert.deepEqual(replicationSeeds(7, 4), replicationSeeds(7, 4));
  assert.notDeepEqual(replicationSeeds(7, 4).slice(1), replicationSeeds(8, 4).slice(1));
  for (const v of s) assert.ok(Number.isInteger(v) && v >= 0 && v <= 2 ** 32 - 1);
});
