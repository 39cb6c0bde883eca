// A single run on the CLI's own thread (src/run/inProcess.ts) against the
// same job on a pool worker: the same outcome byte for byte, cancel seen
// between slices, and a run that outgrows the thread's memory allowance
// handed back for a worker rather than finished here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from '../../src/run/pool';
import { runInProcess } from '../../src/run/inProcess';
import type { PointJob, PointOutcome } from '../../src/run/pointJob';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/giant-vs-mpsafe.smp.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
const stable = (o: PointOutcome | undefined) => JSON.stringify(o, (k, v) => (k === 'wallMs' ? 0 : v));

test('here or on a worker: the same outcome, trace and lock table included', async () => {
  const jobs: PointJob[] = [
    { text: TEXT, file: FILE, durationNs: 3e6, keepTrace: true, lockTable: true },
    { text: TEXT, file: FILE, variant: 'mpsafe', sweepPoint: 2, seed: 7, durationNs: 2e6 },
  ];
  const pool = new WorkerPool(WORKER, { size: 1 });
  try {
    for (const job of jobs) {
      const here = await runInProcess(job, { cancelled: () => false });
      assert.equal(here?.kind, 'done');
      assert.equal(stable(here), stable(await pool.run(job)));
    }
  } finally {
    await pool.close();
  }
});

test('cancel: the event loop gets its turns during the run, and the run stops at its next slice saying how far it got', async () => {
  let cancelled = false;
  // a timer fires only if the simulation yields to the event loop (as Ctrl-C's handler needs)
  setTimeout(() => { cancelled = true; }, 100);
  const o = await runInProcess({ text: TEXT, file: FILE, durationNs: 10e9 }, { cancelled: () => cancelled });
  assert.equal(o?.kind, 'cancelled');
  const s = o?.kind === 'cancelled' ? o.summary : undefined;
  assert.equal(s?.stopReason, 'cancelled');
  assert.ok(s!.simulatedNs > 0 && s!.simulatedNs < 10e9, String(s?.simulatedNs));
});

test('a run whose engine state outgrows the allowance is handed back (undefined), not finished here', async () => {
  const job: PointJob = { text: TEXT, file: FILE, durationNs: 50e6 };
  // an allowance below any change at all (a collection may shrink the heap below where it started): handed back at the first slice
  assert.equal(await runInProcess(job, { cancelled: () => false }, -Infinity), undefined);
  assert.equal((await runInProcess(job, { cancelled: () => false }))?.kind, 'done');
});
