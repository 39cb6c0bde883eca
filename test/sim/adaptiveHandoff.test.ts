// Adaptive mutexes when the lock goes to a waiter that is not running: the
// other waiters must stop spinning (FreeBSD spins only while the owner runs).
// Otherwise a higher-priority spinner can hold the very CPU a bound owner
// needs, and the machine stops: here one writer thread preempting bound
// forwarding threads on 8 CPUs used to freeze rt_lock for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, count, exp, lock, sleep, unlock, work, yieldCpu } from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { SpanKind } from '../../src/trace/schema';
import { checkInvariants } from './invariants';

function readersAndWriter(cpus: number, yields = false) {
  const b = new ProgramBuilder('adaptive-handoff', { cpus, preemptOnWakeup: true });
  const rt = b.lock('rt_lock', { kind: 'mutex', wait: 'adaptive' });
  const done = b.counter('forwarded', 'percpu');
  const fwd = b.fn('forward', [work(exp(500)), lock(rt), work(exp(150)), unlock(rt), count(done), ...(yields ? [yieldCpu()] : [])]);
  for (let i = 0; i < cpus; i++) b.thread(`softnet/${i}`, fwd, { cpu: i });
  const w = b.fn('arp_refresh', [sleep(exp(50_000)), lock(rt), work(1000), unlock(rt)]);
  b.thread('arp_timer', w, { priority: 160 });
  return b.build({ durationNs: 2_000_000 });
}

test('a lock handed to a sleeping waiter makes the spinners sleep: the machine never freezes', () => {
  for (const cpus of [4, 8]) {
    const t = simulate(readersAndWriter(cpus));
    checkInvariants(t);
    const sp = t.tables.spans;
    let longest = 0;
    for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.LockHold) longest = Math.max(longest, sp.dur[i]);
    assert.ok(longest < 100_000, `${cpus} CPUs: rt_lock held at most ${longest} ns at a time`);
    const s = summarize(t);
    assert.ok(s.counters.forwarded.total > 800, `${cpus} CPUs: ${s.counters.forwarded.total} passes`);
    assert.ok(s.locks[0].acquisitions > 800);
  }
});

test('an IPI alone on a CPU with a reschedule pending leaves the reschedule to the next thread', () => {
  // 2 CPUs, readers yielding between passes: wake-ups leave needResched set on CPUs that then idle and take an IPI
  for (const seed of [1, 2, 3]) {
    const p = readersAndWriter(2, true);
    const t = simulate({ ...p, run: { ...p.run, seed } });
    checkInvariants(t);
    assert.equal(t.meta.stopReason, 'completed');
    assert.ok(summarize(t).counters.forwarded.total > 1000);
  }
});
