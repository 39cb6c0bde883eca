// read-mostly-sync: route and ifaddr lookups under a mutex saturate as CPUs
// are added, under an rwlock they bounce the lock word, under pserialize the
// reader cost stays flat; the rare writers still complete; splitting the
// nexthop cache out of the routing table halves the routing table's traffic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { counterRate, loadScenario, round, runSweep, type Run } from './helpers';

const m = loadScenario('read-mostly-sync');
const runs = {
  mutex: runSweep(m),
  rwlock: runSweep(m, { variant: 'rwlock' }),
  pserialize: runSweep(m, { variant: 'pserialize' }),
  split: runSweep(m, { variant: 'nexthop-split' }),
};
const rate = (r: Run) => counterRate(r, 'forwarded');
/** Reader throughput per CPU: the inverse of what one lookup pass costs. */
const perCpu = (rs: Run[]) => rs.map((r) => rate(r) / r.x);
const lock = (r: Run, name: string) => r.summary.locks.find((l) => l.name === name)!;

test('the sweep runs 1, 2, 4 and 8 CPUs with one forwarding thread each', () => {
  assert.deepEqual(runs.mutex.map((r) => r.x), [1, 2, 4, 8]);
  assert.deepEqual(runs.mutex[3].program.threads.filter((t) => t.name.startsWith('softnet/')).length, 8);
});

test('the mutex saturates: 8 CPUs forward barely more than 2, and each CPU gets a quarter of what one alone does', () => {
  const r = runs.mutex.map(rate);
  assert.ok(r[0] > 0.9e6 && r[0] < 1.1e6, `one CPU: ${Math.round(r[0])} lookups/s`);
  assert.ok(r[3] < 1.5 * r[1], `saturated: ${round(r)}`);
  const pc = perCpu(runs.mutex);
  assert.ok(pc[3] < 0.35 * pc[0], `per-CPU reader throughput falls: ${round(pc)}`);
  assert.ok(runs.mutex[3].summary.cpus.every((c) => c.spin > 0.5), 'every CPU spends most of its time spinning');
  assert.ok(lock(runs.mutex[3], 'rt_lock').contended > 0.95 * lock(runs.mutex[3], 'rt_lock').acquisitions);
});

test('pserialize: the reader cost stays flat with CPUs, 8 CPUs forward > 7x one', () => {
  const pc = perCpu(runs.pserialize);
  for (const x of pc) assert.ok(x > 0.95 * pc[0] && x < 1.4 * pc[0], `per-CPU reader throughput flat: ${round(pc)}`);
  assert.ok(rate(runs.pserialize[3]) > 7 * rate(runs.pserialize[0]), `${Math.round(rate(runs.pserialize[3]))} vs ${Math.round(rate(runs.pserialize[0]))}`);
  assert.ok(runs.pserialize[3].summary.cpus.every((c) => c.spin === 0), 'no reader ever waits');
  assert.ok(rate(runs.pserialize[3]) > 3 * rate(runs.mutex[3]), 'and at 8 CPUs it forwards > 3x the mutex');
});

test('rwlock: readers never wait for readers, but the bouncing lock word still caps them', () => {
  const r = runs.rwlock.map(rate);
  const pc = perCpu(runs.rwlock);
  assert.ok(pc[3] < 0.5 * pc[0], `per-CPU throughput falls: ${round(pc)}`);
  assert.ok(r[3] < 0.4 * rate(runs.pserialize[3]), `capped well below pserialize: ${round(r)}`);
  const spin = runs.rwlock[3].summary.cpus.map((c) => c.spin);
  assert.ok(Math.max(...spin) < 0.05, 'little spinning: the cost is in the transfers, not in waiting');
});

test('the rare writers still complete in every variant and at every CPU count', () => {
  for (const [name, rs] of Object.entries(runs)) {
    for (const r of rs) {
      const c = r.summary.counters;
      // over the 3 ms run: route changes every ~500 us, ARP refreshes every ~50 us, address changes every ~1 ms
      assert.ok(c.rt_changes.total >= 2, `${name} ${r.label}: ${c.rt_changes.total} route changes`);
      assert.ok(c.arp_updates.total >= 35, `${name} ${r.label}: ${c.arp_updates.total} ARP updates`);
      assert.ok(c.ifa_changes.total >= 1, `${name} ${r.label}: ${c.ifa_changes.total} address changes`);
    }
  }
});

test('nexthop split: the routing table is taken once per packet instead of twice, and forwarding goes up', () => {
  const perPacket = (r: Run) => lock(r, 'rt_lock').acquisitions / (rate(r) * (r.summary.rangeNs.end - r.summary.rangeNs.start) / 1e9);
  assert.ok(Math.abs(perPacket(runs.mutex[3]) - 2) < 0.1, `before: ${perPacket(runs.mutex[3]).toFixed(2)} rt_lock acquisitions per packet`);
  assert.ok(Math.abs(perPacket(runs.split[3]) - 1) < 0.1, `after: ${perPacket(runs.split[3]).toFixed(2)}`);
  assert.ok(rate(runs.split[3]) > 1.4 * rate(runs.mutex[3]), `8 CPUs: ${Math.round(rate(runs.split[3]))} vs ${Math.round(rate(runs.mutex[3]))}`);
});
