// percpu-counters: shared SNMP counters' cache-line transfers cap the packet
// rate as CPUs are added, per-CPU counters scale; the per-IP statistics'
// diagnostic map level costs a measured extra per packet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runSweep, type Run } from './helpers';

const m = loadScenario('percpu-counters');
const shared = runSweep(m);
const percpu = runSweep(m, { variant: 'percpu' });
const diag = runSweep(m, { variant: 'perip-diagnostic' });
/** CPU time per packet (ns): every CPU is busy, so CPUs / rate. */
const costNs = (r: Run) => (r.x * 1e9) / deliveredPps(r);

test('offered at 10 GbE wire rate to 1, 2, 4 and 8 CPUs; every CPU is saturated below 8', () => {
  assert.deepEqual(shared.map((r) => r.x), [1, 2, 4, 8]);
  for (const r of [...shared, ...percpu, ...diag].filter((x) => x.x < 8)) assert.ok(r.summary.cpus.every((c) => c.busy > 0.99), r.label);
});

test('per-CPU counters: ~1.8 Mpps per core and linear scaling to 8 CPUs', () => {
  const c = percpu.map(deliveredPps);
  assert.ok(c[0] > 1.6e6 && c[0] < 2.0e6, `one core: ${Math.round(c[0])} pps (Linux: 1.74 Mpps/core, REFERENCE.md)`);
  assert.ok(c[3] > 7 * c[0], `8 CPUs: ${round(c)}`);
  const cost = percpu.map(costNs);
  for (const x of cost) assert.ok(Math.abs(x - cost[0]) < 0.08 * cost[0], `cost per packet flat: ${round(cost)}`);
});

test('shared counters: the line transfers grow the cost of a packet with every CPU and cap the rate', () => {
  const cost = shared.map(costNs);
  assert.ok(Math.abs(cost[0] - costNs(percpu[0])) < 0.2 * cost[0], 'on one CPU the lines never move: little difference');
  for (let i = 1; i < cost.length; i++) assert.ok(cost[i] > cost[i - 1] + 40, `cost per packet grows: ${round(cost)} ns`);
  assert.ok(cost[3] > 1.6 * cost[0], `8 CPUs: ${Math.round(cost[3])} ns per packet vs ${Math.round(cost[0])} on one`);
  const c = shared.map(deliveredPps);
  assert.ok(c[3] < 0.6 * deliveredPps(percpu[3]), `8 CPUs: shared ${Math.round(c[3])} vs per-CPU ${Math.round(deliveredPps(percpu[3]))} pps`);
  assert.ok(c[3] < 5 * c[0], `shared scales sub-linearly: ${round(c)}`);
  // the counts themselves are exact either way (a packet or so per CPU may be between the two at the end)
  const r = shared[3];
  const gap = r.summary.counters['ip.InReceives'].total - r.summary.counters['tcp.InSegs'].total;
  assert.ok(gap >= 0 && gap <= 8, `InReceives - InSegs = ${gap}`);
});

test('the per-IP diagnostic level costs ~100 ns a packet: measured, at every CPU count', () => {
  const extra = diag.map((r, i) => costNs(r) - costNs(percpu[i]));
  for (const x of extra) assert.ok(x > 80 && x < 160, `extra cost per packet at level 1: ${round(extra)} ns`);
  const loss = 1 - deliveredPps(diag[0]) / deliveredPps(percpu[0]);
  assert.ok(loss > 0.1 && loss < 0.25, `one core forwards ${(100 * loss).toFixed(1)}% fewer packets`);
  // every segment updated its address pair's entry
  const c = diag[3].summary.counters;
  assert.ok(Math.abs(c['perip.InSegs'].total - c['tcp.InSegs'].total) <= 8);
  assert.ok(Math.abs(c['perip.TCPHPHits'].total - c['linux.TCPHPHits'].total) <= 8);
  assert.equal(percpu[3].summary.counters['perip.InSegs'], undefined, 'level 0 allocates no per-IP counters');
});
