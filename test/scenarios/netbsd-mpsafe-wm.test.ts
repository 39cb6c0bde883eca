// netbsd-mpsafe-wm: with KERNEL_LOCK + softnet_lock and one RX queue, CPU 0
// does all the work; MP-safe wm(4) with 4 MSI-X queues spread over the CPUs
// evens out the per-CPU interrupt load and forwarding scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runSweep, type Run } from './helpers';

const m = loadScenario('netbsd-mpsafe-wm');
const legacy = runSweep(m);
const biglock = runSweep(m, { variant: 'multiqueue-biglock' });
const mpsafe = runSweep(m, { variant: 'mpsafe' });
/** What NetBSD's top(1) calls interrupt time: hardware interrupts plus softints, per CPU. */
const intrLoad = (r: Run) => r.summary.cpus.map((c) => c.interrupt + c.softint);
const lock = (r: Run, name: string) => r.summary.locks.find((l) => l.name === name)!;
const last = <T>(xs: T[]) => xs[xs.length - 1];

test('1 GbE wire rate of 64-byte frames is offered on 1 to 4 CPUs', () => {
  assert.deepEqual(legacy.map((r) => r.x), [1, 2, 3, 4]);
  for (const r of legacy) assert.ok(Math.abs(r.summary.packets!.offered / 3e-3 - 1_488_095) < 1000);
});

test('legacy: one RX queue and the big locks put all of the work on CPU 0', () => {
  const r = last(legacy);
  const load = intrLoad(r);
  assert.ok(load[0] > 0.95, `CPU 0 interrupt load ${load[0]}`);
  for (const l of load.slice(1)) assert.ok(l < 0.01, `CPUs 1-3 idle: ${load.map((x) => x.toFixed(2))}`);
  const c = legacy.map(deliveredPps);
  assert.ok(c[0] > 300e3 && c[0] < 400e3, `one core forwards ~350 kpps: ${Math.round(c[0])}`);
  for (const x of c) assert.ok(Math.abs(x - c[0]) < 0.02 * c[0], `more CPUs change nothing: ${round(c)}`);
});

test('mpsafe: 4 spread MSI-X queues even out the per-CPU interrupt load', () => {
  const load = intrLoad(last(mpsafe));
  assert.ok(Math.min(...load) > 0.85, `every CPU busy forwarding: ${load.map((x) => x.toFixed(2))}`);
  assert.ok(Math.max(...load) - Math.min(...load) < 0.1, `within 10 points of each other: ${load.map((x) => x.toFixed(2))}`);
  assert.equal(lock(last(mpsafe), 'KERNEL_LOCK').acquisitions, 0);
  assert.equal(lock(last(mpsafe), 'softnet_lock').acquisitions, 0);
});

test('mpsafe: forwarding scales with CPUs, 4 CPUs > 3.3x one and > 3.3x the legacy kernel', () => {
  const c = mpsafe.map(deliveredPps);
  for (let i = 1; i < c.length; i++) assert.ok(c[i] > 1.25 * c[i - 1], `rises with each CPU: ${round(c)}`);
  assert.ok(c[3] > 3.3 * c[0], `${Math.round(c[3])} vs ${Math.round(c[0])}`);
  assert.ok(c[3] > 3.3 * deliveredPps(last(legacy)));
  assert.ok(c[3] < 1_488_095, 'and stays under wire rate');
});

test('multiqueue under the big locks: the interrupt load spreads but forwarding does not scale', () => {
  const r = last(biglock);
  const load = intrLoad(r);
  assert.ok(Math.min(...load) > 0.15, `every CPU takes its queue: ${load.map((x) => x.toFixed(2))}`);
  const spin = r.summary.cpus.map((c) => c.spin);
  assert.ok(Math.min(...spin) > 0.6, `and mostly spins on KERNEL_LOCK: ${spin.map((x) => x.toFixed(2))}`);
  assert.ok(lock(r, 'KERNEL_LOCK').utilization > 0.95);
  assert.ok(deliveredPps(r) < 1.1 * deliveredPps(last(legacy)), `${Math.round(deliveredPps(r))} pps, no better than one CPU`);
});
