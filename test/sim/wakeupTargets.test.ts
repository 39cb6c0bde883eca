// Wake-ups that pick their target at run time: the instance of a per-CPU
// thread on the waker's CPU (softint_schedule), and the ring-bound poller of
// the ring whose interrupt is running (napi_schedule).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProgramBuilder, call, dequeue, irq, loop, pollDone, sleep, transmit, wakeupPerCpu, wakeupPerRing, work,
} from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { SpanKind } from '../../src/trace/schema';
import { checkInvariants } from './invariants';

/** Run time of each thread, from the trace's thread-run spans. */
function runNs(t: ReturnType<typeof simulate>): number[] {
  const out = new Array(t.meta.threads.length).fill(0);
  const sp = t.tables.spans;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.ThreadRun) out[sp.thread[i]] += sp.dur[i];
  return out;
}

test('a per-CPU wake-up wakes the instance bound to the waker\'s CPU', () => {
  const b = new ProgramBuilder('percpu-wakeup', { cpus: 4 });
  const soft = b.fn('softint', [work(500), sleep()]);
  const first = b.thread('soft/0', soft, { kind: 'softint', cpu: 0, startAsleep: true });
  for (let i = 1; i < 4; i++) b.thread(`soft/${i}`, soft, { kind: 'softint', cpu: i, startAsleep: true });
  // only CPUs 1 and 3 run a waker
  const waker = b.fn('waker', [work(2000), wakeupPerCpu(first, 4)]);
  b.thread('w1', waker, { cpu: 1 });
  b.thread('w3', waker, { cpu: 3 });
  const t = simulate(b.build({ durationNs: 200_000 }));
  checkInvariants(t);
  const ns = runNs(t);
  assert.equal(ns[first], 0, 'soft/0: its CPU never wakes it');
  assert.equal(ns[first + 2], 0, 'soft/2: its CPU never wakes it');
  assert.ok(ns[first + 1] > 10_000 && ns[first + 3] > 10_000, `soft/1 and soft/3 run: ${ns.slice(0, 4)}`);
});

test('a per-ring wake-up wakes the poller of the ring whose interrupt runs', () => {
  const b = new ProgramBuilder('perring-wakeup', { cpus: 2 });
  const rings = [b.queue('em0.rx0', 256), b.queue('em0.rx1', 256)];
  const txq = b.queue('em0.tx', 256);
  const fwd = b.fn('ip_forward', [work(300), transmit(0)]); // device 0 is em0, declared below
  const poll = b.fn('em_poll', [loop(16, [dequeue(-1, 'break'), call(fwd)]), pollDone()]);
  const first = b.thread('em_poll/0', poll, { kind: 'ithread', cpu: 0, startAsleep: true, ring: rings[0] });
  b.thread('em_poll/1', poll, { kind: 'ithread', cpu: 1, startAsleep: true, ring: rings[1] });
  const intr = b.fn('em_intr', [irq(false), wakeupPerRing(first, 2)]);
  const d = b.device('em0', { rx: rings.map((ring, i) => ({ ring, cpu: i, handler: intr })), txRing: txq });
  b.traffic(d, 400_000, { flows: 64 });
  const t = simulate(b.build({ durationNs: 2_000_000 }));
  checkInvariants(t);
  const ns = runNs(t);
  assert.ok(ns[first] > 100_000 && ns[first + 1] > 100_000, `both pollers run: ${ns}`);
  const s = summarize(t);
  // every packet was taken off its ring by its own poller (waking the wrong one would leave a ring full)
  const pk = t.meta.packets!;
  assert.deepEqual(pk.dropped, {});
  assert.ok(pk.delivered >= pk.offered - 40, `delivered ${pk.delivered} of ${pk.offered}`);
  assert.ok(s.cpus.every((c) => c.interrupts > 100), 'each ring\'s vector fires on its own CPU');
});
