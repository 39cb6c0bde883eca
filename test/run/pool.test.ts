// The worker pool against the built worker bundle (dist/simWorker.js): the
// same design gives the same numbers whatever the pool size, and cancel
// leaves no worker thread behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../src/run/pool';
import { replicationSeed } from '../../src/run/seeds';
import type { PointJob, PointOutcome } from '../../src/run/pointJob';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/queueing-lock.smp.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');

const jobs = (duration: number): PointJob[] =>
  [0, 2, 4].flatMap((sweepPoint) => [0, 1, 2].map((r) => ({ text: TEXT, file: FILE, sweepPoint, seed: replicationSeed(1, r), durationNs: duration })));

/** The outcomes without the wall clock, which is the one thing that differs between two runs of anything. */
const stable = (os: PointOutcome[]) => JSON.stringify(os, (k, v) => (k === 'wallMs' ? 0 : v));

test('the built worker exists (npm test builds it first)', () => {
  assert.ok(existsSync(WORKER), `${WORKER} missing: run node scripts/build.mjs`);
});

test('one worker or four: the same outcomes, in the order asked', async () => {
  const run = async (size: number) => {
    const pool = new WorkerPool(WORKER, { size });
    try {
      return await Promise.all(jobs(3e6).map((j) => pool.run(j)));
    } finally {
      await pool.close();
    }
  };
  const one = await run(1);
  const four = await run(4);
  assert.ok(one.every((o) => o.kind === 'done'), stable(one).slice(0, 300));
  assert.equal(stable(one), stable(four));
  // replications differ from each other (different seeds), points from points
  const acq = one.map((o) => (o.kind === 'done' ? o.summary.locks[0].acquisitions : -1));
  assert.notEqual(acq[0], acq[1]);
  assert.equal(new Set(one.map((o) => (o.kind === 'done' ? o.label : ''))).size, 3);
});

test('cancel: running and queued jobs settle as cancelled and every worker thread exits', async () => {
  const pool = new WorkerPool(WORKER, { size: 2 });
  let progressed = 0;
  const outcomes = jobs(5e9).map((j) => pool.run(j, () => { progressed++; }));
  // wait until both workers are inside a run
  while (progressed < 2) await new Promise((r) => setTimeout(r, 10));
  assert.equal(pool.liveWorkers, 2);
  const t0 = performance.now();
  await pool.cancel();
  const ms = performance.now() - t0;
  assert.equal(pool.liveWorkers, 0, 'a worker survived the cancel');
  const settled = await Promise.all(outcomes);
  assert.ok(settled.every((o) => o.kind === 'cancelled'), settled.map((o) => o.kind).join());
  // a run cut short says how far it got when it answers within the grace period
  const partial = settled.filter((o) => o.kind === 'cancelled' && o.summary);
  for (const o of partial) assert.equal(o.kind === 'cancelled' && o.summary?.stopReason, 'cancelled');
  assert.equal((await pool.run(jobs(3e6)[0])).kind, 'cancelled', 'a cancelled pool takes no more work');
  console.log(`cancel: ${ms.toFixed(1)} ms until every worker had exited`);
});

test('a bad sweep point is a located problem, not a crash', async () => {
  const pool = new WorkerPool(WORKER, { size: 1 });
  try {
    const o = await pool.run({ text: TEXT, file: FILE, sweepPoint: 99 });
    assert.equal(o.kind, 'invalid');
    const broken = await pool.run({ text: 'name: x\nthreads: { t: { run: nope } }\n', file: 'x.smp.yaml' });
    assert.equal(broken.kind, 'invalid');
    assert.ok(broken.kind === 'invalid' && broken.problems.length > 0 && broken.problems[0].line > 0);
  } finally {
    await pool.close();
  }
});

test('a run that outgrows the worker heap limit fails with a message, and the worker is gone', async () => {
  // a model whose mere loading needs more than 8 MB of heap: a sweep over 20,000 values
  const values = Array.from({ length: 20_000 }, (_, i) => 1 + (i % 8)).join(', ');
  const text = `name: big\nmachine: { cpus: 2 }\nthreads: { w: { kind: kernel, run: f } }\nfunctions: { f: [ { work: 1us } ] }\nsweep: { machine.cpus: [${values}] }\nrun: { duration: 1ms }\n`;
  const pool = new WorkerPool(WORKER, { size: 1, maxHeapMb: 8 });
  const o = await pool.run({ text, file: 'big.smp.yaml', sweepPoint: 3 });
  assert.equal(o.kind, 'failed');
  assert.match(o.kind === 'failed' ? o.message : '', /^the run needed more than the 8 MB of memory a simulation worker may use/);
  await pool.close();
  assert.equal(pool.liveWorkers, 0);
});

test('replications of a run a view shows: each worker computes its lock table, the host combines them by lock name (and a job that does not ask gets none)', async () => {
  const { combineFacts } = await import('../../src/extension/runFacts');
  const { lockTableValues, replicateLockTable } = await import('../../src/trace/analysis/lockColumns');
  const { lockStats } = await import('../../src/trace/analysis/lockstat');
  const { statsRange } = await import('../../src/trace/analysis/range');
  const { compileModel, loadModel } = await import('../../src/model');
  const { simulate } = await import('../../src/sim/simulate');
  const pool = new WorkerPool(WORKER, { size: 2, facts: true });
  const seeds = [0, 1, 2].map((r) => replicationSeed(1, r));
  let outcomes: PointOutcome[];
  try {
    outcomes = await Promise.all(seeds.map((seed) => pool.run({ text: TEXT, file: FILE, seed, durationNs: 3e6, lockTable: true })));
  } finally {
    await pool.close();
  }
  // as the extension's runService does: each replication's lock table with its facts
  const facts = outcomes.map((o) => (o.kind === 'done' ? { ...(o.extra as object), lockTable: o.lockTable } : assert.fail(JSON.stringify(o)))) as unknown as Parameters<typeof combineFacts>[0];
  assert.ok(facts.every((f) => f.lockTable), 'every replication brought its lock table');
  const combined = combineFacts(facts);
  assert.equal(combined.lockTable, undefined, 'the per-replication tables are not kept');
  // the same as the three runs made here, by the pure functions
  const { model } = loadModel(TEXT, FILE);
  const want = replicateLockTable(seeds.map((seed) => {
    const t = simulate(compileModel(model!, { seed, durationNs: 3e6 }));
    return lockTableValues(lockStats(t, statsRange(t.meta)).rows);
  }));
  assert.deepEqual(combined.replicatedLocks, want);
  assert.equal(combined.replicatedLocks!.replications, 3);
  // a job that does not ask has no table (sweep points keep only their facts)
  const plain = new WorkerPool(WORKER, { size: 1 });
  try {
    const o = await plain.run({ text: TEXT, file: FILE, seed: seeds[0], durationNs: 3e6 });
    assert.equal(o.kind === 'done' ? o.lockTable : 'not done', undefined);
  } finally {
    await plain.close();
  }
  const one = combineFacts([facts[0]]);
  assert.equal(one.lockTable, undefined);
  assert.equal(one.replicatedLocks, undefined);
});

/** A worker that never polls its cancel flag on a job named "hang" (a run stuck in one long slice), answers any other at once. */
function stubbornWorker(): string {
  const { mkdtempSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
  const { tmpdir } = require('node:os') as typeof import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'pool-')), 'stubborn.js');
  writeFileSync(file, `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.job.text === 'hang') for (;;);
  parentPort.postMessage({ type: 'outcome', id: m.id, outcome: { kind: 'failed', message: 'answered ' + m.job.text } });
});
`);
  return file;
}

test('per-job cancel: a worker that does not answer within the grace period is terminated and replaced; the other jobs go on', async () => {
  const pool = new WorkerPool(stubbornWorker(), { size: 2, keepIdle: 1, graceMs: 30 });
  try {
    const stuck = pool.submitJob({ text: 'hang', file: 'x' });
    const queued = pool.submitJob({ text: 'later', file: 'x' });
    await new Promise((r) => setTimeout(r, 100)); // the stuck job is in its worker
    const t0 = performance.now();
    await stuck.cancel();
    const ms = performance.now() - t0;
    assert.equal((await stuck.outcome).kind, 'cancelled');
    assert.ok(ms < 100, `cancel took ${ms.toFixed(1)} ms`);
    assert.equal((await queued.outcome).kind === 'failed' && (await queued.outcome as { message: string }).message, 'answered later');
    // the stuck worker is gone, a fresh one serves the next job
    const next = await pool.run({ text: 'next', file: 'x' });
    assert.equal(next.kind === 'failed' && next.message, 'answered next');
    assert.ok(pool.workersStarted >= 2 && pool.workersStarted <= 3, `${pool.workersStarted} started`);
    assert.equal(pool.liveWorkers, 1, 'one kept warm');
  } finally {
    await pool.close();
  }
  assert.equal(pool.liveWorkers, 0);
});

test('a queued job cancelled settles at once and never reaches a worker', async () => {
  const pool = new WorkerPool(stubbornWorker(), { size: 1, keepIdle: 1, graceMs: 30 });
  try {
    const stuck = pool.submitJob({ text: 'hang', file: 'x' });
    const queued = pool.submitJob({ text: 'queued', file: 'x' });
    await queued.cancel();
    assert.equal((await queued.outcome).kind, 'cancelled');
    await stuck.cancel();
    assert.equal((await stuck.outcome).kind, 'cancelled');
    assert.equal((await pool.run({ text: 'after', file: 'x' })).kind, 'failed');
  } finally {
    await pool.close();
  }
});

test('a warm pool keeps one worker after a design, reuses it, and lets it go after the idle time', async () => {
  const pool = new WorkerPool(WORKER, { size: 2, keepIdle: 1, idleMs: 150 });
  try {
    const a = await Promise.all(jobs(2e6).slice(0, 4).map((j) => pool.run(j)));
    assert.ok(a.every((o) => o.kind === 'done'), stable(a).slice(0, 300));
    assert.equal(pool.workersStarted, 2);
    assert.equal(pool.liveWorkers, 1, 'one worker kept warm, the other let go');
    const again = await pool.run(jobs(2e6)[0]);
    assert.equal(stable([again]), stable([a[0]]), 'the warm worker gives the same outcome');
    assert.equal(pool.workersStarted, 2, 'the second run started no worker');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(pool.liveWorkers, 0, 'gone after the idle time');
    assert.equal((await pool.run(jobs(2e6)[0])).kind, 'done');
    assert.equal(pool.workersStarted, 3);
  } finally {
    await pool.close();
  }
});
