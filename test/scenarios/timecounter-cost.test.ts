// timecounter-cost: with timestamps per packet and a clock read at every
// context switch, throughput and idle time move with the clock's read cost
// (TSC 57 ns, HPET 1.2 us, ACPI-PM 2.55 us, coarse 12 ns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPps, loadScenario, round, runSweep, sum, type Run } from './helpers';

const m = loadScenario('timecounter-cost');
const clocks = {
  coarse: runSweep(m, { variant: 'coarse' }),
  tsc: runSweep(m),
  hpet: runSweep(m, { variant: 'hpet' }),
  acpi: runSweep(m, { variant: 'acpi-pm' }),
};
const READ = { coarse: 12, tsc: 57, hpet: 1200, acpi: 2550 };
const names = Object.keys(clocks) as (keyof typeof clocks)[];
const idle = (r: Run) => sum(r.summary.cpus.map((c) => c.idle)) / r.summary.cpus.length;
const light = (k: keyof typeof clocks) => clocks[k][0];
const heavy = (k: keyof typeof clocks) => clocks[k][4];

test('the variants change only the clock; the sweep is the offered rate', () => {
  for (const k of names) assert.equal(clocks[k][0].program.machine.timecounter.readNs, READ[k]);
  assert.deepEqual(clocks.tsc.map((r) => r.x), [50e3, 100e3, 200e3, 400e3, 800e3]);
});

test('at light load every clock keeps up, and the idle time falls as the read cost rises', () => {
  for (const k of names) assert.ok(Math.abs(light(k).summary.packets!.delivered - light(k).summary.packets!.offered) <= 2, `${k}: loss-free at 50 kpps`);
  const i = names.map((k) => idle(light(k)));
  for (let k = 1; k < i.length; k++) assert.ok(i[k] < i[k - 1], `idle: ${names.map((n, j) => `${n} ${i[j].toFixed(3)}`).join(', ')}`);
  assert.ok(1 - i[3] > 2.5 * (1 - i[1]), `ACPI-PM keeps the CPUs ${((1 - i[3]) / (1 - i[1])).toFixed(1)}x as busy as the TSC for the same packets`);
  // at light load both threads sleep and wake for each packet: two switches, each with a clock read
  const sw = sum(light('tsc').summary.cpus.map((c) => c.contextSwitches)) / light('tsc').summary.packets!.delivered;
  assert.ok(sw > 1.8, `${sw.toFixed(2)} context switches per packet`);
});

test('under overload the delivered rate falls with the read cost: one clock read per packet on the server\'s CPU', () => {
  const d = names.map((k) => deliveredPps(heavy(k)));
  for (let k = 1; k < d.length; k++) assert.ok(d[k] < d[k - 1] * 1.001, `delivered: ${names.map((n, j) => `${n} ${Math.round(d[j])}`).join(', ')}`);
  assert.ok(d[3] < 0.45 * d[1], 'ACPI-PM forwards under half what the TSC does');
  // the server is the bottleneck: its time per packet grows by one read's worth
  for (const k of ['hpet', 'acpi'] as const) {
    const extra = 1e9 / deliveredPps(heavy(k)) - 1e9 / deliveredPps(heavy('tsc'));
    const expected = READ[k] - READ.tsc;
    assert.ok(Math.abs(extra - expected) < 0.12 * expected, `${k}: +${Math.round(extra)} ns per packet, one read would be +${expected}`);
  }
  assert.ok(heavy('acpi').summary.cpus.every((c) => c.idle < 0.01), 'no idle time left');
  assert.ok(sum(Object.values(heavy('acpi').summary.packets!.dropped)) > 0.5 * heavy('acpi').summary.packets!.offered, 'most of the offered load is dropped');
});

test('the rate at which the server saturates moves with the clock too', () => {
  // the first sweep point at which anything is dropped
  const knee = (k: keyof typeof clocks) => clocks[k].find((r) => Object.keys(r.summary.packets!.dropped).length > 0)?.x ?? Infinity;
  const k = names.map(knee);
  for (let i = 1; i < k.length; i++) assert.ok(k[i] <= k[i - 1], `first rate with drops: ${round(k)}`);
  assert.ok(k[3] < k[1], `ACPI-PM saturates at a lower rate than the TSC: ${round(k)}`);
});
