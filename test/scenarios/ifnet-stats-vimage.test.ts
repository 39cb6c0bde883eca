// ifnet-stats-vimage (seeds/000): per-ifnet counters bounce between the RX
// queues' CPUs (per-queue ones do not); N virtual network stacks split the
// stack's lock contention N ways, while the SNMP poller's sum over every
// stack and CPU grows into a periodic spike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuState, SpanKind } from '../../src/trace/schema';
import { loadScenario, runSweep, sum, type Run } from './helpers';

const m = loadScenario('ifnet-stats-vimage');
const sweep = runSweep(m);
const perQueue = runSweep(m, { variant: 'per-queue' });
const lockWait = (r: Run) => sum(r.summary.locks.filter((l) => l.name.startsWith('V_tcbinfo#')).map((l) => l.waitTotalNs));
const lockHeld = (r: Run) => Math.max(...r.summary.locks.filter((l) => l.name.startsWith('V_tcbinfo#')).map((l) => l.utilization));

/** Longest single stretch of kernel time the poller spent in one poll (its `sum:` steps). */
function pollSpike(r: Run): number {
  const t = r.trace;
  const poller = t.meta.threads.findIndex((x) => x.name === 'bsnmpd');
  const sp = t.tables.spans;
  const polls = new Map<number, number>(); // poll number (5 ms period) → kernel ns
  for (let i = 0; i < t.length.spans; i++) {
    if (sp.kind[i] !== SpanKind.CpuState || sp.thread[i] !== poller || sp.sub[i] !== CpuState.Kernel) continue;
    const k = Math.floor(sp.start[i] / 5e6);
    polls.set(k, (polls.get(k) ?? 0) + sp.dur[i]);
  }
  return Math.max(0, ...polls.values());
}

/** CPU time (all CPUs, not idle) per delivered packet. */
const busyPerPacket = (r: Run) => sum(r.summary.cpus.map((c) => c.busy)) * (r.summary.rangeNs.end - r.summary.rangeNs.start) / r.summary.packets!.delivered;

test('the sweep is over the number of virtual network stacks; every packet is delivered', () => {
  assert.deepEqual(sweep.map((r) => r.x), [1, 16, 256, 1024]);
  for (const r of [...sweep, ...perQueue]) assert.equal(Object.keys(r.summary.packets!.dropped).length, 0, `${r.label}: no drops`);
  assert.equal(sweep[3].trace.meta.locks.filter((l) => l.name.startsWith('V_tcbinfo#')).length, 1024, 'one INP_INFO lock per stack');
});

test('vimage partitions contention: one stack waits on its INP_INFO lock, 16 stacks hardly ever', () => {
  const [one, sixteen] = sweep;
  assert.ok(lockHeld(one) > 0.2, `one stack: INP_INFO held ${(lockHeld(one) * 100).toFixed(0)}%`);
  assert.ok(lockWait(one) > 20 * Math.max(1, lockWait(sixteen)), `waits: ${lockWait(one)} ns at 1 stack, ${lockWait(sixteen)} ns at 16`);
  assert.ok(lockHeld(sixteen) < 0.05, `16 stacks: the busiest held ${(lockHeld(sixteen) * 100).toFixed(1)}%`);
});

test('the SNMP poll grows with CPUs × stacks × counters into a periodic spike', () => {
  const spikes = sweep.map(pollSpike);
  // 4 counters; stacks × 8 CPUs lines for the two per-CPU ones, stacks lines for the two shared ones; ~100 ns a line
  for (let i = 1; i < spikes.length; i++) assert.ok(spikes[i] > spikes[i - 1], `grows: ${spikes.map(Math.round)}`);
  assert.ok(spikes[2] > 400_000 && spikes[2] < 1_500_000, `256 stacks: ${spikes[2]} ns a poll`);
  assert.ok(spikes[3] > 3.5 * spikes[2], `1024 stacks: ${spikes[3]} ns a poll`);
  assert.ok(spikes[0] < 20_000, `one stack: ${spikes[0]} ns`);
  // periodic: at 256 stacks the poller runs once per 5 ms sleep, each poll as long as the last
  const t = sweep[2].trace, poller = t.meta.threads.findIndex((x) => x.name === 'bsnmpd'), sp = t.tables.spans;
  const polls: { start: number; dur: number }[] = [];
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.ThreadRun && sp.thread[i] === poller && sp.dur[i] > 100_000) polls.push({ start: sp.start[i], dur: sp.dur[i] });
  assert.equal(polls.length, 2, `polls of 256 stacks in 12 ms: ${JSON.stringify(polls)}`);
  const gap = polls[1].start - polls[0].start - polls[0].dur;
  assert.ok(Math.abs(gap - 5_000_000) < 50_000 && Math.abs(polls[1].dur / polls[0].dur - 1) < 0.1, `polls ${JSON.stringify(polls)}`);
});

test('per-queue ifnet counters stop the bouncing: less CPU time per packet than per-ifnet', () => {
  const shared = busyPerPacket(sweep[1]), queued = busyPerPacket(perQueue[1]);
  assert.ok(queued < 0.95 * shared, `CPU per packet at 16 stacks: per-ifnet ${shared.toFixed(0)} ns, per-queue ${queued.toFixed(0)} ns`);
});
