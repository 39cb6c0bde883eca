// The lock table of several replications: each column's value per
// replication (the same numbers the table shows for one run), combined by
// lock name into mean ± 95% Student-t half-width.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compileModel, loadModel } from '../../../src/model';
import { simulate } from '../../../src/sim/simulate';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { statsRange } from '../../../src/trace/analysis/range';
import { LOCK_COLUMN_KEYS, LOCK_COLUMN_VALUES, lockTableValues, replicateLockTable, type LockColumnValues } from '../../../src/trace/analysis/lockColumns';
import { replicationSeed } from '../../../src/run/seeds';
import { COLUMNS } from '../../../webview/locks/columns';
import { lockScenario } from './fixtures';

const T975_2 = 4.302652729911275; // t(0.975, 2 degrees of freedom)

test('one run: every column of the table has its value, by lock name', () => {
  const { rows } = lockStats(lockScenario().trace);
  const t = lockTableValues(rows);
  assert.deepEqual(Object.keys(t).sort(), ['Giant', 'if_snd']);
  const g = rows.find((r) => r.name === 'Giant')!;
  assert.equal(t.Giant.acquisitions, 3);
  assert.equal(t.Giant.waitNs, 80);
  assert.equal(t.Giant.spinNs, 30);
  assert.equal(t.Giant.sleepMax, 50);
  // the view sorts by the same values it is given here
  for (const c of COLUMNS) assert.equal(t.Giant[c.key], c.value(g), c.key);
  assert.deepEqual(COLUMNS.map((c) => c.key).sort(), [...LOCK_COLUMN_KEYS].sort(), 'every column has a value definition and no more');
});

test('replications combine by lock name, not by row order: mean and 95% half-width per column', () => {
  const row = (wait: number, acq: number): LockColumnValues => {
    const v = Object.fromEntries(LOCK_COLUMN_KEYS.map((k) => [k, 0])) as LockColumnValues;
    v.waitNs = wait;
    v.acquisitions = acq;
    return v;
  };
  // the second replication lists its locks the other way round
  const reps = [
    { Giant: row(100, 10), if_snd: row(5, 50) },
    { if_snd: row(7, 52), Giant: row(200, 11) },
    { Giant: row(300, 12), if_snd: row(6, 51) },
  ];
  const r = replicateLockTable(reps);
  assert.equal(r.replications, 3);
  assert.equal(r.locks.Giant.waitNs.mean, 200);
  assert.ok(Math.abs(r.locks.Giant.waitNs.half - (T975_2 * 100) / Math.sqrt(3)) < 1e-6, `${r.locks.Giant.waitNs.half}`);
  assert.equal(r.locks.if_snd.waitNs.mean, 6);
  assert.ok(Math.abs(r.locks.if_snd.waitNs.half - (T975_2 * 1) / Math.sqrt(3)) < 1e-6);
  assert.equal(r.locks.Giant.acquisitions.mean, 11);
  // a column every replication agrees on has no spread
  assert.deepEqual(r.locks.Giant.holdNs, { mean: 0, half: 0 });
});

test('a lock missing from a replication counts 0 there; one replication has half-width 0', () => {
  const zero = Object.fromEntries(LOCK_COLUMN_KEYS.map((k) => [k, 0])) as LockColumnValues;
  const r = replicateLockTable([{ a: { ...zero, waitNs: 30 } }, {}, { a: { ...zero, waitNs: 30 } }]);
  assert.equal(r.locks.a.waitNs.mean, 20);
  assert.ok(r.locks.a.waitNs.half > 0);
  const one = replicateLockTable([{ a: { ...zero, waitNs: 30 } }]);
  assert.deepEqual(one.locks.a.waitNs, { mean: 30, half: 0 });
});

test('three replications of a real model: the table agrees with each replication\'s own lock table', () => {
  const file = 'scenarios/giant-vs-mpsafe.smp.yaml';
  const { model } = loadModel(readFileSync(file, 'utf8'), file);
  assert.ok(model);
  const tables = [0, 1, 2].map((i) => {
    const trace = simulate(compileModel(model, { durationNs: 2e6, seed: replicationSeed(1, i) }));
    return lockStats(trace, statsRange(trace.meta)).rows;
  });
  const r = replicateLockTable(tables.map(lockTableValues));
  assert.deepEqual(Object.keys(r.locks).sort(), tables[0].map((x) => x.name).sort());
  for (const name of Object.keys(r.locks)) {
    for (const k of LOCK_COLUMN_KEYS) {
      const v = tables.map((rows) => LOCK_COLUMN_VALUES[k](rows.find((x) => x.name === name)!));
      const mean = (v[0] + v[1] + v[2]) / 3;
      const sd = Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
      assert.ok(Math.abs(r.locks[name][k].mean - mean) <= 1e-9 * Math.max(1, Math.abs(mean)), `${name}.${k} mean`);
      assert.ok(Math.abs(r.locks[name][k].half - (T975_2 * sd) / Math.sqrt(3)) <= 1e-6 * Math.max(1, sd), `${name}.${k} half`);
    }
  }
  // the seeds differ, so the busiest lock's figures do too: there is a spread to show
  assert.ok(Object.values(r.locks).some((l) => l.acquisitions.half > 0), 'some lock\'s acquisitions vary over the replications');
});
