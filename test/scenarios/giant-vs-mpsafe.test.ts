// giant-vs-mpsafe: forwarding under Giant caps near one CPU's worth over
// 1-8 CPUs; with the MPSAFE stack (debug.mpsafenet=1) it keeps scaling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runOnce, runSweep, sum, type Run } from './helpers';

const m = loadScenario('giant-vs-mpsafe');
const giant = runSweep(m);
const mpsafe = runSweep(m, { variant: 'mpsafe' });
const curve = (runs: Run[]) => runs.map(deliveredPps);
const lock = (r: Run, name: string) => r.summary.locks.find((l) => l.name === name)!;
const meanSpin = (r: Run) => sum(r.summary.cpus.map((c) => c.spin)) / r.summary.cpus.length;

test('the scaling curve is a sweep over 1..8 CPUs', () => {
  assert.deepEqual(giant.map((r) => r.x), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(giant.map((r) => r.summary.cpus.length), [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('one CPU forwards 0.6-0.75 Mpps, as FreeBSD did on older hardware (REFERENCE.md)', () => {
  for (const r of [giant[0], mpsafe[0]]) {
    const pps = deliveredPps(r);
    assert.ok(pps > 0.6e6 && pps < 0.75e6, `${r.label}: ${Math.round(pps)} pps`);
  }
});

test('under Giant, 8 CPUs forward about what one does: the other CPUs spin on Giant', () => {
  const c = curve(giant);
  for (let i = 1; i < c.length; i++) assert.ok(c[i] < 1.1 * c[0] && c[i] > 0.9 * c[0], `flat near one CPU's worth: ${round(c)}`);
  for (const r of giant.slice(1)) assert.ok(lock(r, 'Giant').utilization > 0.95, `${r.label}: Giant held ${lock(r, 'Giant').utilization}`);
  // waiting CPUs: about (N-1)/N of the machine spins
  const spins = giant.map(meanSpin);
  assert.ok(spins[7] > 0.8 && spins[1] > 0.4, `mean spin share: ${spins.map((s) => s.toFixed(2))}`);
  for (let i = 2; i < spins.length; i++) assert.ok(spins[i] > spins[i - 1], 'spin share grows with CPUs');
  assert.ok(lock(giant[7], 'Giant').waitMeanNs > 100_000, `waits of a whole batch: ${lock(giant[7], 'Giant').waitMeanNs} ns`);
});

test('with the MPSAFE stack forwarding keeps scaling: every CPU added forwards more, 8 CPUs > 4.5x one', () => {
  const c = curve(mpsafe);
  for (let i = 1; i < c.length; i++) assert.ok(c[i] > c[i - 1] * 1.05, `rises at every point: ${round(c)}`);
  assert.ok(c[7] > 4.5 * c[0], `8 CPUs: ${Math.round(c[7])} vs 1 CPU ${Math.round(c[0])}`);
  assert.ok(c[7] > 4 * curve(giant)[7], 'at 8 CPUs MPSAFE forwards 4x what Giant does');
  for (const r of mpsafe) assert.equal(lock(r, 'Giant').acquisitions, 0, 'mpsafe never takes Giant');
  // the fine-grained locks are contended but brief: mean waits under a microsecond
  for (const name of ['rtentry', 'if_snd', 'em_tx']) assert.ok(lock(mpsafe[7], name).waitMeanNs < 1000, `${name}: ${lock(mpsafe[7], name).waitMeanNs} ns`);
  assert.ok(meanSpin(mpsafe[7]) < 0.35, `mpsafe, 8 CPUs: spin share ${meanSpin(mpsafe[7]).toFixed(2)}`);
});

test('ADAPTIVE_MUTEXES (seeds/001): without adaptive spinning the MPSAFE stack convoys; under Giant it only stops burning CPU', () => {
  const at8 = (variant: string) => runOnce(m, { variant, cpus: 8 });
  const mp = at8('mpsafe'), mpSleep = at8('mpsafe-no-adaptive');
  const g = at8(''), gSleep = at8('no-adaptive');
  // fine-grained locks held ~100 ns: a waiter that sleeps pays two context switches (2.2 us) for a
  // wait that spinning ends in a few hundred ns, and FIFO hand-off to a sleeper not yet running keeps the lock busy
  assert.ok(deliveredPps(mpSleep) < deliveredPps(mp) / 3, `mpsafe at 8 CPUs: ${Math.round(deliveredPps(mp))} pps adaptive, ${Math.round(deliveredPps(mpSleep))} pps sleeping`);
  assert.ok(lock(mpSleep, 'rtentry').waitMeanNs > 10 * lock(mp, 'rtentry').waitMeanNs, 'waits grow tenfold');
  assert.ok(sum(mpSleep.summary.cpus.map((c) => c.contextSwitches)) > 5 * sum(mp.summary.cpus.map((c) => c.contextSwitches)), 'a switch per wait');
  // under Giant the throughput is one CPU's either way; the waiters sleep instead of spinning
  assert.ok(Math.abs(deliveredPps(gSleep) / deliveredPps(g) - 1) < 0.1, `Giant: ${Math.round(deliveredPps(g))} vs ${Math.round(deliveredPps(gSleep))} pps`);
  assert.ok(meanSpin(g) > 0.8 && meanSpin(gSleep) < 0.01, `spin share ${meanSpin(g).toFixed(2)} → ${meanSpin(gSleep).toFixed(2)}`);
  const busy = (r: Run) => sum(r.summary.cpus.map((c) => c.busy)) / r.summary.cpus.length;
  assert.ok(busy(gSleep) < 0.2, `Giant without adaptive spinning: CPUs ${Math.round(busy(gSleep) * 100)}% busy`);
});
