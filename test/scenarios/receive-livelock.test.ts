// receive-livelock: delivered rate peaks then collapses under one interrupt
// per packet; polling with a quota holds near the peak; polling without a
// quota starves transmit; interrupts per packet fall toward zero with polling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runSweep, sum, type Run } from './helpers';

const m = loadScenario('receive-livelock');
const interrupts = runSweep(m);
const quota = runSweep(m, { variant: 'polling-quota' });
const noQuota = runSweep(m, { variant: 'polling-no-quota' });
const rates = (runs: Run[]) => runs.map(deliveredPps);
const perPacket = (r: Run) => sum(r.summary.cpus.map((c) => c.interrupts)) / r.summary.packets!.offered;

test('the sweep is the offered load, 25 to 400 kpps on one CPU', () => {
  assert.deepEqual(interrupts.map((r) => r.x), [25e3, 50e3, 100e3, 150e3, 200e3, 300e3, 400e3]);
  assert.ok(interrupts.every((r) => r.program.machine.cpus === 1));
});

test('interrupt per packet: the delivered rate rises, peaks, then collapses toward zero', () => {
  const d = rates(interrupts);
  const peak = Math.max(...d);
  const at = d.indexOf(peak);
  // at light load every offered packet is delivered
  for (const r of interrupts.slice(0, 2)) assert.ok(r.summary.packets!.delivered >= r.summary.packets!.offered - 3, `${r.label}: ${JSON.stringify(r.summary.packets)}`);
  // the peak is the maximum loss-free rate of a ~7.5 us path: 100-130 kpps
  assert.ok(peak > 100e3 && peak < 130e3, `peak ${Math.round(peak)} pps`);
  assert.ok(at >= 2 && at <= 3, `peak at ${interrupts[at].label}`);
  // past the peak it falls, monotonically, to under a quarter of the peak at 400 kpps
  for (let i = at + 1; i < d.length; i++) assert.ok(d[i] < d[i - 1], `falls after the peak: ${round(d)}`);
  assert.ok(d[6] < 0.25 * peak, `collapse at 400 kpps: ${Math.round(d[6])} vs peak ${Math.round(peak)}`);
  // the losses are at ipintrq: received, paid for, then thrown away
  const drops = interrupts[6].summary.packets!.dropped;
  assert.ok((drops.ipintrq ?? 0) > 0.8 * sum(Object.values(drops)), JSON.stringify(drops));
  // and one interrupt per packet at light load
  assert.ok(perPacket(interrupts[0]) > 0.95 && perPacket(interrupts[0]) < 1.05, `${perPacket(interrupts[0])} interrupts per packet`);
});

test('polling with a quota holds the delivered rate near its peak under overload', () => {
  const d = rates(quota);
  const peak = Math.max(...d);
  assert.ok(peak > 110e3 && peak < 140e3, `peak ${Math.round(peak)} pps`);
  for (let i = 4; i < d.length; i++) assert.ok(d[i] > 0.93 * peak, `holds at ${quota[i].label}: ${round(d)}`);
  assert.ok(d[6] > 4 * rates(interrupts)[6], 'at 400 kpps it delivers several times what the interrupt-driven kernel does');
  // overload is shed at the ring, before any work is spent on it
  const drops = quota[6].summary.packets!.dropped;
  assert.deepEqual(Object.keys(drops), ['ln0.rx0']);
});

test('interrupts per packet fall toward zero under load with polling', () => {
  const pp = quota.map(perPacket);
  assert.ok(pp[0] > 0.8, `about one interrupt per packet at 25 kpps: ${pp[0]}`);
  assert.ok(pp[6] < 0.005, `at 400 kpps: ${pp[6]} interrupts per packet`);
  for (let i = 1; i < pp.length; i++) assert.ok(pp[i] <= pp[i - 1] + 0.02, `falls with load: ${pp.map((x) => x.toFixed(3))}`);
});

test('polling without a quota starves transmit: the output queue overflows and delivery stops', () => {
  const d = rates(noQuota);
  const peakQuota = Math.max(...rates(quota));
  assert.ok(noQuota[1].summary.packets!.delivered >= noQuota[1].summary.packets!.offered - 3, 'loss-free at light load');
  assert.ok(d[5] < 0.05 * peakQuota && d[6] < 0.05 * peakQuota, `overload: ${round(d)}`);
  const drops = noQuota[6].summary.packets!.dropped;
  assert.ok((drops.if_snd ?? 0) > 0.2 * noQuota[6].summary.packets!.offered, `dropped at the output queue: ${JSON.stringify(drops)}`);
});
