// Lock semantics that must come out of the machine: sleepers switch away,
// adaptive waiters spin only while the owner runs, readers share an rwlock,
// pserialize readers never wait and writers wait for a grace period, spin
// mutexes hold interrupts off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProgramBuilder, call, count, dequeue, exp, fixed, lock, sleep, synchronize, unlock, work,
} from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { InstantKind, SpanKind, WaitKind, HoldFlags, type Trace } from '../../src/trace/schema';
import { checkInvariants } from './invariants';

function spans(t: Trace, kind: SpanKind, pred: (i: number) => boolean = () => true): number[] {
  const out: number[] = [];
  for (let i = 0; i < t.length.spans; i++) if (t.tables.spans.kind[i] === kind && pred(i)) out.push(i);
  return out;
}

test('sleep mutex: waiters sleep and the CPU switches to other work', () => {
  const b = new ProgramBuilder('sleep-mutex', { cpus: 2 });
  const L = b.lock('sx', { kind: 'mutex', wait: 'sleep' });
  const f = b.fn('worker', [lock(L), work(5000), unlock(L), work(500)]);
  b.thread('a', f, { cpu: 0 }); b.thread('b', f, { cpu: 1 });
  const t = simulate(b.build({ durationNs: 2_000_000 }));
  checkInvariants(t);
  const waits = spans(t, SpanKind.LockWait);
  assert.ok(waits.length > 50, 'contention happened');
  assert.ok(waits.every((i) => t.tables.spans.sub[i] & WaitKind.Sleep), 'all waits are sleeps');
  const s = summarize(t);
  assert.ok(s.cpus.every((c) => c.spin === 0), 'nobody spins on a sleep mutex');
  assert.ok(s.cpus.every((c) => c.contextSwitches > 50), 'waiters switch away and back');
});

test('adaptive mutex spins while the owner runs, sleeps when the owner sleeps', () => {
  // owner holds the lock across a sleep half of the time
  const b = new ProgramBuilder('adaptive', { cpus: 2 });
  const L = b.lock('mtx', { kind: 'mutex', wait: 'adaptive' });
  const holder = b.fn('holder', [lock(L), work(3000), sleep(fixed(3000)), unlock(L), work(2000)]);
  const other = b.fn('other', [lock(L), work(200), unlock(L), work(300)]);
  b.thread('h', holder, { cpu: 0 }); b.thread('o', other, { cpu: 1 });
  const t = simulate(b.build({ durationNs: 3_000_000 }));
  checkInvariants(t);
  const sp = t.tables.spans;
  const waits = spans(t, SpanKind.LockWait, (i) => sp.thread[i] === 1);
  const spin = waits.filter((i) => !(sp.sub[i] & WaitKind.Sleep));
  const sleepW = waits.filter((i) => sp.sub[i] & WaitKind.Sleep);
  assert.ok(spin.length > 20 && sleepW.length > 20, `both spin (${spin.length}) and sleep (${sleepW.length}) waits`);
  // a spin that turned into a sleep is marked as continued and followed by its sleep part at the same instant
  const continued = spin.filter((i) => sp.sub[i] & WaitKind.Continued);
  assert.ok(continued.length > 0, 'spin → sleep switches happen');
  for (const i of continued) {
    const e = sp.start[i] + sp.dur[i];
    assert.ok(sleepW.some((j) => sp.start[j] === e), 'sleep part starts where the spin part ended');
  }
});

test('rwlock: readers overlap, a writer excludes them', () => {
  const b = new ProgramBuilder('rw', { cpus: 4 });
  const L = b.lock('rt_lock', { kind: 'rw', wait: 'sleep' });
  const reader = b.fn('rt_lookup', [lock(L, 'read'), work(exp(2000)), unlock(L), work(exp(500))]);
  const writer = b.fn('rt_change', [work(exp(20000)), lock(L), work(1000), unlock(L)]);
  for (let i = 0; i < 3; i++) b.thread(`r${i}`, reader, { cpu: i });
  b.thread('w', writer, { cpu: 3 });
  const t = simulate(b.build({ durationNs: 5_000_000 }));
  checkInvariants(t); // includes: no reader overlaps a writer
  const sp = t.tables.spans;
  const reads = spans(t, SpanKind.LockHold, (i) => (sp.sub[i] & HoldFlags.Read) !== 0).sort((a, b) => sp.start[a] - sp.start[b]);
  let overlaps = 0;
  for (let k = 1; k < reads.length; k++) if (sp.start[reads[k]] < sp.start[reads[k - 1]] + sp.dur[reads[k - 1]]) overlaps++;
  assert.ok(overlaps > 100, `readers hold it together (${overlaps} overlaps)`);
  assert.ok(spans(t, SpanKind.LockHold, (i) => !(sp.sub[i] & HoldFlags.Read)).length > 50, 'the writer gets in');
});

test('pserialize: readers never wait; a writer waits for the readers inside', () => {
  const b = new ProgramBuilder('psz', { cpus: 4 });
  const P = b.lock('ifaddr_psz', { kind: 'pserialize', graceNs: 2000 });
  const counter = b.counter('writes', 'percpu');
  const reader = b.fn('ifa_walk', [lock(P, 'read'), work(exp(3000)), unlock(P), work(exp(300))]);
  const writer = b.fn('ifa_change', [work(exp(50000)), lock(P), work(500), synchronize(P), unlock(P), count(counter)]);
  for (let i = 0; i < 3; i++) b.thread(`r${i}`, reader, { cpu: i });
  b.thread('w', writer, { cpu: 3 });
  const t = simulate(b.build({ durationNs: 5_000_000 }));
  checkInvariants(t);
  const sp = t.tables.spans;
  const waits = spans(t, SpanKind.LockWait);
  assert.ok(waits.every((i) => sp.thread[i] === 3), 'only the writer ever waits');
  assert.ok(waits.length > 20, 'the writer waits for grace periods');
  // each grace wait ends no earlier than the last read section that was open when it began
  for (const w of waits) {
    const ws = sp.start[w], we = ws + sp.dur[w];
    for (const r of spans(t, SpanKind.LockHold, (i) => (sp.sub[i] & HoldFlags.Read) !== 0)) {
      if (sp.start[r] < ws && sp.start[r] + sp.dur[r] > ws) assert.ok(sp.start[r] + sp.dur[r] <= we, 'writer waited for every reader inside');
    }
  }
  assert.ok(t.meta.counterTotals.writes[3] > 20, 'rare writers still complete');
});

test('a spin mutex holds interrupts off until it is released', () => {
  const b = new ProgramBuilder('spin-intr', { cpus: 1, costs: { interruptEntry: 100 } });
  const S = b.lock('sched_lock', { kind: 'spin' });
  const ring = b.queue('em0.rx', 64);
  const f = b.fn('worker', [lock(S), work(10_000), unlock(S), work(10_000)]);
  const h = b.fn('em_intr', [dequeue(-1, 'break'), work(100), call(b.fn('drop_it', [{ op: 'drop', reason: 'test' }]))]);
  b.thread('w', f, { cpu: 0 });
  const d = b.device('em0', { rx: [{ ring, cpu: 0, handler: h }] });
  b.traffic(d, 50_000, { pattern: { kind: 'poisson' } });
  const t = simulate(b.build({ durationNs: 5_000_000 }));
  checkInvariants(t);
  const sp = t.tables.spans;
  const holds = spans(t, SpanKind.LockHold);
  const intr = t.tables.instants;
  let n = 0;
  for (let i = 0; i < t.length.instants; i++) {
    if (intr.kind[i] !== InstantKind.Interrupt) continue;
    n++;
    const at = intr.time[i];
    for (const h2 of holds) assert.ok(!(at > sp.start[h2] && at < sp.start[h2] + sp.dur[h2]), `interrupt at ${at} inside a spin-mutex hold`);
  }
  assert.ok(n > 100, `interrupts were taken (${n})`);
});

test('a big lock is dropped while its holder sleeps and retaken (with its recursion) when it wakes', () => {
  const b = new ProgramBuilder('drop-giant', { cpus: 2 });
  const G = b.lock('Giant', { kind: 'mutex', wait: 'sleep', recursive: true, dropOnSleep: true });
  const napper = b.fn('tsleep_under_giant', [lock(G), lock(G), work(500), sleep(fixed(20_000)), work(500), unlock(G), unlock(G), work(1000)]);
  const other = b.fn('other', [lock(G), work(300), unlock(G), work(300)]);
  b.thread('napper', napper, { cpu: 0 }); b.thread('other', other, { cpu: 1 });
  const t = simulate(b.build({ durationNs: 2_000_000 }));
  checkInvariants(t);
  assert.equal(t.meta.stopReason, 'completed', t.meta.stopDetail);
  const sp = t.tables.spans;
  // other gets Giant many times while napper sleeps (each 20 µs nap fits dozens of 600 ns cycles)
  const otherHolds = spans(t, SpanKind.LockHold, (i) => sp.thread[i] === 1).length;
  assert.ok(otherHolds > 1000, `other thread held Giant ${otherHolds} times`);
  const napperHolds = spans(t, SpanKind.LockHold, (i) => sp.thread[i] === 0).length;
  assert.ok(napperHolds > 100, `napper retakes Giant after each sleep (${napperHolds} holds)`);
});

test('hand-off policy: FIFO hand-off forms a convoy; racing for the lock lets the releaser barge back in', () => {
  const run = (handoff: 'fifo' | 'race') => {
    const b = new ProgramBuilder(`convoy-${handoff}`, { cpus: 2 });
    const L = b.lock('so_rcv', { kind: 'mutex', wait: 'sleep', handoff });
    const f = b.fn('soreceive', [lock(L), work(exp(300)), unlock(L), work(exp(100))]);
    b.thread('a', f, { cpu: 0 }); b.thread('b', f, { cpu: 1 });
    const t = simulate(b.build({ durationNs: 4_000_000 }));
    checkInvariants(t); // includes: every completed wait ends in a hand-off flow and an acquire
    const s = summarize(t);
    const switches = s.cpus.reduce((a, c) => a + c.contextSwitches, 0);
    const holds = [0, 0];
    for (const i of spans(t, SpanKind.LockHold)) holds[t.tables.spans.thread[i]]++;
    return { acquisitions: s.locks[0].acquisitions, perAcq: switches / s.locks[0].acquisitions, contended: s.locks[0].contended, holds };
  };
  const fifo = run('fifo'), race = run('race');
  // FIFO: the lock goes to the sleeper and the releaser sleeps for its next turn — a switch per acquisition, strictly fair
  assert.ok(fifo.perAcq > 0.8, `fifo: ${fifo.perAcq.toFixed(2)} switches per acquisition`);
  assert.ok(Math.abs(fifo.holds[0] - fifo.holds[1]) <= 1, `fifo takes turns: ${fifo.holds}`);
  // race: the running thread takes it again before the woken one gets there — fewer switches, more throughput, unfair
  assert.ok(race.perAcq < fifo.perAcq / 3, `race: ${race.perAcq.toFixed(2)} vs fifo ${fifo.perAcq.toFixed(2)} switches per acquisition`);
  assert.ok(race.acquisitions > 1.5 * fifo.acquisitions, `race ${race.acquisitions} vs fifo ${fifo.acquisitions} acquisitions`);
  assert.ok(race.contended > 0 && race.holds[0] > 0 && race.holds[1] > 0, `both threads get it sometimes: ${race.holds}`);
});
