// The scheduler's choices on small hand-built machines: round-robin time
// slices among equal priorities, starved threads named after the run, wake-up
// forwarding to idle CPUs (kern.sched.ipiwakeup) and 4BSD's global run queue
// under sched_lock; a wake-up never takes a thread out of a lock wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, dispatch, lock, loop, packet, sleep, transmit, unlock, wakeup, work, yieldCpu, type MachineOptions } from '../../src/sim/builder';
import { DEFAULT_SLICE_NS } from '../../src/sim/program';
import { simulate } from '../../src/sim/simulate';
import { FlowKind, SpanKind, type Trace } from '../../src/trace/schema';
import { summarize } from '../../src/trace/summary';
import { checkInvariants } from './invariants';

/** Time each thread spent on a CPU. */
function ranNs(t: Trace): number[] {
  const out = t.meta.threads.map(() => 0);
  const sp = t.tables.spans;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.ThreadRun) out[sp.thread[i]] += sp.dur[i];
  return out;
}

/** Two CPU-bound user threads of equal priority on CPU 0. */
function twoBusy(durationNs: number, m: MachineOptions = {}) {
  const b = new ProgramBuilder('two-busy', { cpus: 1, ...m });
  const spinFn = b.fn('crunch', [work(50_000)], 'user');
  b.thread('a', spinFn, { kind: 'user', cpu: 0 });
  b.thread('b', spinFn, { kind: 'user', cpu: 0 });
  return b.build({ durationNs });
}

test('equal-priority busy threads share one CPU by time slices: 50% each', () => {
  const t = simulate(twoBusy(100_000_000, { sliceNs: 1_000_000 }));
  checkInvariants(t);
  const [a, b] = ranNs(t).map((ns) => ns / t.meta.endNs);
  assert.ok(Math.abs(a - 0.5) <= 0.02 && Math.abs(b - 0.5) <= 0.02, `shares ${a.toFixed(4)} / ${b.toFixed(4)}`);
  assert.equal(t.meta.starved, undefined, 'nobody starved');
  // a switch at every slice end, a thousandth of a second apart
  const switches = summarize(t).cpus[0].contextSwitches;
  assert.ok(switches >= 95 && switches <= 105, `${switches} switches in 100 slices`);
});

test('a thread made runnable mid-slice waits for the end of the running thread\'s current slice, counted from its switch-in', () => {
  // b runs first and sleeps 2.5 ms; a runs alone meanwhile (its 1 ms slices renewed, nobody waiting), then
  // b wakes mid-slice and waits for a's third slice to end — not preempting it at once
  const b = new ProgramBuilder('mid-slice', { cpus: 1, sliceNs: 1_000_000 });
  b.thread('b', b.fn('nap-then-crunch', [sleep({ kind: 'fixed', ns: 2_500_000 }), loop(1_000, [work(50_000)])], 'user'), { kind: 'user', cpu: 0 });
  b.thread('a', b.fn('crunch', [work(50_000)], 'user'), { kind: 'user', cpu: 0 });
  const t = simulate(b.build({ durationNs: 6_000_000 }));
  checkInvariants(t);
  const runs: { thread: string; start: number; end: number }[] = [];
  const sp = t.tables.spans;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.ThreadRun) runs.push({ thread: t.meta.threads[sp.thread[i]].name, start: sp.start[i], end: sp.start[i] + sp.dur[i] });
  runs.sort((x, y) => x.start - y.start);
  const [bFirst, aFirst, bSecond, aSecond] = runs;
  assert.deepEqual([bFirst.thread, aFirst.thread, bSecond.thread, aSecond.thread], ['b', 'a', 'b', 'a']);
  // (preempted at the first step boundary after the slice's end: within a 50 us work step and the switch's 1.16 us)
  const near = (ns: number, want: number) => ns >= want && ns <= want + 52_000;
  assert.ok(near(aFirst.end - aFirst.start, 3_000_000), `a ran ${aFirst.end - aFirst.start} ns: three whole slices`);
  assert.ok(near(bSecond.end - bSecond.start, 1_000_000), `then they take turns, a slice each: b ran ${bSecond.end - bSecond.start} ns`);
});

test('the default slices are FreeBSD\'s: ULE ~94.5 ms (12 stathz ticks), 4BSD 100 ms', () => {
  assert.equal(DEFAULT_SLICE_NS.ule, 94_488_189);
  assert.equal(DEFAULT_SLICE_NS['4bsd'], 100_000_000);
  for (const scheduler of ['ule', '4bsd'] as const) {
    const t = simulate(twoBusy(1_000_000_000, { scheduler }));
    const [a, b] = ranNs(t).map((ns) => ns / t.meta.endNs);
    assert.ok(Math.abs(a - 0.5) <= 0.06 && Math.abs(b - 0.5) <= 0.06, `${scheduler}: shares ${a.toFixed(3)} / ${b.toFixed(3)} over ~10 slices`);
  }
});

test('a thread that never gets the CPU is named after the run; a higher priority starves a lower one', () => {
  // a run shorter than a slice: the second thread never runs
  const t = simulate(twoBusy(20_000_000));
  assert.deepEqual(t.meta.starved?.map((s) => [t.meta.threads[s.thread].name, s.ranNs]), [['b', 0]]);
  assert.equal(t.meta.starved![0].longestWaitNs, 20_000_000);

  const b = new ProgramBuilder('prio', { cpus: 1, sliceNs: 1_000_000 });
  const f = b.fn('crunch', [work(50_000)], 'user');
  b.thread('hi', f, { kind: 'user', cpu: 0, priority: 120 });
  b.thread('lo', f, { kind: 'user', cpu: 0, priority: 100 });
  const p = simulate(b.build({ durationNs: 20_000_000 }));
  assert.deepEqual(p.meta.starved?.map((s) => p.meta.threads[s.thread].name), ['lo'], 'slices share only among equals');

  // a sleeper that is never woken is not starved: it never asked for the CPU
  const c = new ProgramBuilder('asleep', { cpus: 1 });
  c.thread('idle', c.fn('nap', [sleep()]), { startAsleep: true });
  c.thread('busy', c.fn('crunch', [work(50_000)]), { cpu: 0 });
  assert.equal(simulate(c.build({ durationNs: 5_000_000 })).meta.starved, undefined);
});

/** CPU 0 wakes a thread sleeping on idle CPU 1 every 300 us; the mean wake-up → run latency. */
function wakeLatency(ipiWakeup: boolean, hz = 1000): number {
  const b = new ProgramBuilder('ipiwakeup', { cpus: 2, ipiWakeup, hz });
  const sleeper = b.thread('sleeper', b.fn('consume', [work(2_000), sleep()]), { kind: 'kernel', cpu: 1, startAsleep: true });
  b.thread('waker', b.fn('produce', [sleep({ kind: 'fixed', ns: 300_000 }), work(1_000), wakeup(sleeper)]), { kind: 'kernel', cpu: 0 });
  // 40 ms: at hz=100 a wake-up runs at the next 10 ms tick, and one whose switch ends after the run is not drawn
  const t = simulate(b.build({ durationNs: 40_000_000 }));
  checkInvariants(t);
  const f = t.tables.flows;
  let sum = 0, n = 0;
  for (let i = 0; i < t.length.flows; i++) if (f.kind[i] === FlowKind.Wakeup && f.thread1[i] === sleeper) { sum += f.t1[i] - f.t0[i]; n++; }
  assert.ok(n >= 2, `${n} wake-ups`);
  return sum / n;
}

test('kern.sched.ipiwakeup: on, the idle CPU gets an IPI; off, it runs the thread at its next clock tick', () => {
  const on = wakeLatency(true);
  const off = wakeLatency(false);
  const off100 = wakeLatency(false, 100);
  // on: IPI handling + the switch; off: on average half a tick (the wake-ups fall at ~0.3 ms phases of a 1 ms tick)
  assert.ok(on < 5_000, `with IPIs: ${on} ns`);
  assert.ok(off > 200_000 && off < 1_000_000, `at the next tick (hz=1000): ${off} ns`);
  assert.ok(off100 > off * 2, `hz=100 waits longer: ${off100} vs ${off} ns`);
});

/** N unbound kernel threads each working 3 us then sleeping 2 us: a context switch every few microseconds per CPU. */
function churn(cpus: number, scheduler: 'ule' | '4bsd') {
  const b = new ProgramBuilder(`churn-${scheduler}`, { cpus, scheduler });
  const f = b.fn('churn', [work(3_000), sleep({ kind: 'fixed', ns: 2_000 })]);
  for (let k = 0; k < cpus * 2; k++) b.thread(`w${k}`, f, { kind: 'kernel' });
  return simulate(b.build({ durationNs: 2_000_000 }));
}

test('4BSD: one run queue under sched_lock, whose contention grows with the CPUs; ULE has no such lock', () => {
  const ule = churn(8, 'ule');
  assert.ok(!ule.meta.locks.some((l) => l.name === 'sched_lock'));
  const waitShare = (cpus: number) => {
    const t = churn(cpus, '4bsd');
    checkInvariants(t);
    const s = summarize(t);
    const l = s.locks.find((x) => x.name === 'sched_lock');
    assert.ok(l && l.acquisitions > 0, 'sched_lock is in the lock table');
    const spin = s.cpus.reduce((a, c) => a + c.spin, 0) / cpus;
    return { wait: l!.waitTotalNs / (cpus * 2_000_000), spin, held: l!.utilization };
  };
  const w2 = waitShare(2), w16 = waitShare(16);
  assert.ok(w16.wait > 4 * w2.wait && w16.wait > 0.05, `sched_lock wait per CPU: 2 CPUs ${(w2.wait * 100).toFixed(2)}%, 16 CPUs ${(w16.wait * 100).toFixed(2)}%`);
  assert.ok(w16.spin > 0.05, `CPUs spin on it: ${(w16.spin * 100).toFixed(1)}%`);
  assert.ok(w16.held > 0.5, `held ${(w16.held * 100).toFixed(0)}% of the time at 16 CPUs`);
});

test('a dispatch to a netisr blocked on a lock in its handler does not wake it: it waits for the lock, then serves every packet', () => {
  // localhost with the socket lock held across the wake-up, on one CPU: the netisr preempts the sender,
  // blocks on L (its owner is off-CPU), and the sender's next dispatches find it on L's turnstile
  const b = new ProgramBuilder('netisr-on-lock', { cpus: 1 });
  const L = b.lock('L');
  const handler = b.fn('ip_input', [lock(L), work(700), unlock(L), transmit(-1)]);
  const n = b.netisr('ip', { mode: 'deferred', handler });
  b.thread('sender', b.fn('send', [lock(L), loop(4, [packet(1, 1500), work(1_000), dispatch(n)]), unlock(L), yieldCpu()], 'user'), { kind: 'user', cpu: 0 });
  const t = simulate(b.build({ durationNs: 200_000 }));
  assert.equal(t.meta.stopReason, 'completed', t.meta.stopDetail);
  checkInvariants(t);
  const s = summarize(t);
  const l = s.locks.find((x) => x.name === 'L')!;
  assert.ok(l.contended >= 10, `the netisr waits for the sender's L: ${l.contended} contended`);
  const p = s.packets!;
  assert.ok(p.offered >= 60 && p.delivered >= p.offered - 4, `delivered ${p.delivered} of ${p.offered}`);
});
