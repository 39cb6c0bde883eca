// tx-ifstart-vs-iftransmit: one if_snd queue and its mutex make the CPUs
// wait on the TX path; if_transmit with per-CPU queues removes that mutex
// contention and wait time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runSweep, sum, type Run } from './helpers';

const m = loadScenario('tx-ifstart-vs-iftransmit');
const ifStart = runSweep(m);
const ifTransmit = runSweep(m, { variant: 'if_transmit' });

/** The locks of the TX path (every instance of a per-CPU lock). */
const txLocks = (r: Run) => r.summary.locks.filter((l) => /^(if_snd_mtx|wm_tx_lock|txq_lock)(\/\d+)?$/.test(l.name) && l.acquisitions > 0);
const waitNs = (r: Run) => sum(txLocks(r).map((l) => l.waitTotalNs));
const contended = (r: Run) => sum(txLocks(r).map((l) => l.contended)) / sum(txLocks(r).map((l) => l.acquisitions));
/** Wait on the TX path as a share of all CPU time in the measured range. */
const waitShare = (r: Run) => waitNs(r) / ((r.summary.rangeNs.end - r.summary.rangeNs.start) * r.summary.cpus.length);

test('the sweep runs 1, 2, 4 and 8 CPUs, each forwarding to the same output interface', () => {
  assert.deepEqual(ifStart.map((r) => r.x), [1, 2, 4, 8]);
  assert.deepEqual(txLocks(ifStart[3]).map((l) => l.name), ['if_snd_mtx', 'wm_tx_lock']);
  assert.deepEqual(txLocks(ifTransmit[3]).map((l) => l.name), ['txq_lock/0', 'txq_lock/1', 'txq_lock/2', 'txq_lock/3', 'txq_lock/4', 'txq_lock/5', 'txq_lock/6', 'txq_lock/7']);
});

test('if_start: contention and wait on if_snd_mtx and wm_tx_lock grow with CPUs', () => {
  const w = ifStart.map(waitShare);
  assert.equal(w[0], 0, 'one CPU never waits');
  for (let i = 2; i < w.length; i++) assert.ok(w[i] > 1.5 * w[i - 1], `wait share grows: ${w.map((x) => x.toFixed(3))}`);
  assert.ok(w[3] > 0.15, `8 CPUs spend ${(100 * w[3]).toFixed(1)}% of their time waiting on the TX locks`);
  assert.ok(contended(ifStart[3]) > 0.5, `most TX lock acquisitions are contended at 8 CPUs: ${contended(ifStart[3]).toFixed(2)}`);
});

test('if_transmit: no contention and no wait on the TX path, at any CPU count', () => {
  for (const r of ifTransmit) {
    assert.equal(waitNs(r), 0, `${r.label}: TX wait`);
    assert.equal(contended(r), 0, `${r.label}: contended`);
  }
  // each CPU takes only its own instance
  for (const l of txLocks(ifTransmit[3])) assert.ok(l.acquisitions > 0.9 * txLocks(ifTransmit[3])[0].acquisitions, l.name);
});

test('with the wait gone, forwarding scales: if_transmit on 8 CPUs forwards > 1.5x if_start', () => {
  const a = ifStart.map(deliveredPps), b = ifTransmit.map(deliveredPps);
  assert.ok(b[3] > 1.5 * a[3], `8 CPUs: if_start ${Math.round(a[3])}, if_transmit ${Math.round(b[3])}`);
  assert.ok(b[3] > 7 * b[0], `if_transmit scales nearly linearly: ${round(b)}`);
  assert.ok(a[3] < 5.5 * a[0], `if_start falls behind: ${round(a)}`);
});
