// A sweep as the extension runs it, below the vscode glue: every point of an
// 8-point sweep (more than the six traces the run registry keeps) on the
// worker pool with replications, facts combined per point, the sweep view's
// points made from them — and only the first and last point's traces kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../src/run/pool';
import { replicationSeed } from '../../src/run/seeds';
import { combineFacts, type RunFacts } from '../../src/extension/runFacts';
import { sweepPointOf, throughputWithCi } from '../../src/extension/sweepPoints';
import { RunRegistry } from '../../src/extension/runRegistry';
import { fromWire } from '../../src/trace/codec';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/giant-vs-mpsafe.smp.yaml';

test('an 8-point sweep × 3 replications: eight points with intervals, two traces kept', async () => {
  const text = readFileSync(join(ROOT, FILE), 'utf8');
  const points = 8, reps = 3;
  const pool = new WorkerPool(WORKER, { size: 2, facts: true });
  const jobs = Array.from({ length: points * reps }, (_, k) => {
    const i = Math.floor(k / reps), r = k % reps;
    return { i, r, job: { text, file: FILE, sweepPoint: i, seed: replicationSeed(1, r), durationNs: 2e6, keepTrace: r === 0 && (i === 0 || i === points - 1) } };
  });
  let outcomes;
  try {
    outcomes = await Promise.all(jobs.map((j) => pool.run(j.job)));
  } finally {
    await pool.close();
  }
  assert.ok(outcomes.every((o) => o.kind === 'done'), outcomes.map((o) => o.kind).join());
  const registry = new RunRegistry<string>();
  const curve = Array.from({ length: points }, (_, i) => {
    const mine = outcomes.filter((_, k) => jobs[k].i === i) as Extract<(typeof outcomes)[number], { kind: 'done' }>[];
    const facts = combineFacts(mine.map((o) => o.extra as RunFacts));
    assert.equal(facts.replications, reps);
    if (mine[0].trace) {
      registry.add({ runId: i + 1, title: `@${mine[0].label}`, descriptor: { model: FILE, sweepPoint: i }, request: { text, file: FILE }, files: new Map(), sources: [], facts, trace: fromWire(mine[0].trace) });
    }
    assert.equal(mine.filter((o) => o.trace).length, i === 0 || i === points - 1 ? 1 : 0, 'only the shown points send a trace');
    return sweepPointOf(mine[0].label!, mine[0].x!, { facts });
  });
  assert.equal(curve.length, 8);
  assert.equal(new Set(curve.map((p) => p.x)).size, 8, 'eight distinct points, in sweep order');
  assert.deepEqual(curve.map((p) => p.x), [...curve.map((p) => p.x)].sort((a, b) => a - b));
  for (const p of curve) {
    assert.ok(p.throughput > 0, `${p.label}: ${p.throughput}`);
    assert.ok(p.throughputCi! > 0 && p.throughputCi! < p.throughput, `${p.label}: ± ${p.throughputCi}`);
    assert.equal(p.replications, reps);
    assert.ok(p.cpuTime && Math.abs(Object.values(p.cpuTime).reduce((a, b) => a + b, 0) - 1) < 1e-6, 'CPU shares add up to 1');
    assert.ok(p.lockWaitNs! >= 0);
  }
  // both traces the sweep view needs are there to show
  assert.equal(registry.all().filter((r) => r.trace).length, 2);
});

test('throughput: delivered packets over the measured range, its interval scaled the same', () => {
  const f = {
    simulatedNs: 2e6, rangeNs: { start: 1e6, end: 2e6 }, counters: {}, locks: [],
    packets: { offered: 0, delivered: 500, dropped: {}, latencyNs: { min: 0, mean: 0, p99: 0, max: 0 }, reordered: 0, inFlight: 0 },
    ci95: { packets: { delivered: 10 } },
  } as unknown as RunFacts;
  assert.deepEqual(throughputWithCi(f, 0), { value: 500_000, half: 10_000 });
});
