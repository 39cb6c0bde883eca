// summarize(): the default range is the run after its warm-up; a run that
// stopped inside its warm-up is summarised whole, never over an empty range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, count, work, fixed } from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { lockContention } from '../../src/sim/workloads';

function busyLoop(durationNs: number, warmupNs: number) {
  const b = new ProgramBuilder('busy', { cpus: 1 });
  const c = b.counter('c', 'percpu');
  b.thread('t', b.fn('spin', [count(c), work(fixed(100))]), { cpu: 0 });
  return b.build({ durationNs, warmupNs, seed: 1 });
}

test('the default range starts after the warm-up', () => {
  const s = summarize(simulate(busyLoop(10_000, 4_000)));
  assert.deepEqual(s.rangeNs, { start: 4_000, end: 10_000 });
  assert.ok(s.cpus[0].busy > 0.9);
});

test('a run that stopped inside its warm-up is summarised whole, not over an empty range', () => {
  const t = simulate(busyLoop(1_000_000, 500_000), { limits: { maxEvents: 200 } });
  assert.equal(t.meta.stopReason, 'event-limit');
  assert.ok(t.meta.endNs < 500_000, `stopped at ${t.meta.endNs} ns`);
  const s = summarize(t);
  assert.deepEqual(s.rangeNs, { start: 0, end: t.meta.endNs });
  const busy = s.cpus[0].busy;
  assert.ok(busy > 0.9 && busy <= 1, `busy ${busy}`);
});

test('an explicitly empty range has nothing busy in it', () => {
  const t = simulate(busyLoop(10_000, 0));
  const s = summarize(t, { start: 5_000, end: 5_000 });
  assert.equal(s.cpus[0].busy, 0);
  assert.equal(s.cpus[0].kernel + s.cpus[0].user, 0);
});

test('a lock table passed in is the summary\'s own when it covers the same range, and ignored when it does not', () => {
  const t = simulate(lockContention(4, 2_000_000));
  const own = summarize(t);
  assert.ok(own.locks[0].contended > 0, 'the workload contends');
  assert.deepEqual(summarize(t, undefined, lockStats(t)), own);
  const early = lockStats(t, { start: 0, end: 500_000 });
  assert.notDeepEqual(early.rows[0].acquisitions, own.locks[0].acquisitions);
  assert.deepEqual(summarize(t, undefined, early), own);
});
