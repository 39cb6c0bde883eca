// Whole runs: determinism, the packet path, preemption on wake-up, and the
// guards that end a run early with a stated reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ProgramBuilder, fixed, sleep, wakeup, work, lock, unlock, count, call, loop } from '../../src/sim/builder';
import { simulate, simulateAsync } from '../../src/sim/simulate';
import { encodeTrace, decodeTrace } from '../../src/trace/codec';
import { summarize } from '../../src/trace/summary';
import { InstantKind, FlowKind } from '../../src/trace/schema';
import { checkInvariants } from './invariants';
import { lockContention, packetPath } from '../../src/sim/workloads';

const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('same program and seed give a byte-identical trace; another seed does not', () => {
  const strip = (t: ReturnType<typeof simulate>) => { t.meta.wallMs = 0; return encodeTrace(t); };
  const a = strip(simulate(packetPath(4, 2_000_000, 1_000_000, 5)));
  const b = strip(simulate(packetPath(4, 2_000_000, 1_000_000, 5)));
  const c = strip(simulate(packetPath(4, 2_000_000, 1_000_000, 6)));
  assert.equal(digest(a), digest(b));
  assert.notEqual(digest(a), digest(c));
  const back = decodeTrace(a);
  assert.equal(back.length.spans, decodeTrace(b).length.spans);
});

test('packet path: packets are conserved and flow through interrupts, netisr and TX', () => {
  const t = simulate(packetPath(4, 2_000_000, 2_000_000));
  checkInvariants(t);
  const p = t.meta.packets!;
  const dropped = Object.values(p.dropped).reduce((a, b) => a + b, 0);
  assert.equal(p.offered, p.delivered + dropped + p.inFlight, 'offered = delivered + dropped + in flight');
  assert.ok(p.delivered > 3000, `delivered ${p.delivered}`);
  assert.ok(p.latencyNs.min > 0 && p.latencyNs.min <= p.latencyNs.mean && p.latencyNs.mean <= p.latencyNs.max);
  assert.ok(p.latencyNs.p99 >= p.latencyNs.mean && p.latencyNs.p99 <= p.latencyNs.max);
  const s = summarize(t);
  assert.ok(s.cpus.every((c) => c.interrupts > 10 && c.softint > 0 && c.interrupt > 0), 'every CPU takes its RX vector and runs its netisr');
  let wakeFlows = 0;
  for (let i = 0; i < t.length.flows; i++) if (t.tables.flows.kind[i] === FlowKind.Wakeup) wakeFlows++;
  assert.ok(wakeFlows > 100, 'wake-up flows recorded');
});

test('overload drops at the ring and counts them', () => {
  const t = simulate(packetPath(1, 8_000_000, 1_000_000));
  checkInvariants(t);
  const p = t.meta.packets!;
  const ringDrops = Object.entries(p.dropped).filter(([k]) => k.startsWith('wm0.rx') || k.startsWith('netisr')).reduce((a, [, v]) => a + v, 0);
  assert.ok(ringDrops > 1000, `drops at ring or netisr queue: ${JSON.stringify(p.dropped)}`);
});

test('preemption on wake-up switches to the woken higher-priority thread at once', () => {
  const run = (preempt: boolean) => {
    const b = new ProgramBuilder('preempt', { cpus: 1, preemptOnWakeup: preempt });
    const done = b.counter('netisr_runs', 'percpu');
    const netisrFn = b.fn('netisr', [sleep(), work(500), count(done)]);
    const netisr = b.thread('netisr', netisrFn, { kind: 'softint', cpu: 0, startAsleep: true });
    const sender = b.fn('sosend', [work(1000), wakeup(netisr), work(4000)], 'kernel');
    b.thread('sender', sender, { kind: 'user', cpu: 0 });
    return simulate(b.build({ durationNs: 1_000_000 }));
  };
  const on = run(true), off = run(false);
  checkInvariants(on); checkInvariants(off);
  const preempts = (t: typeof on) => { let n = 0; for (let i = 0; i < t.length.instants; i++) if (t.tables.instants.kind[i] === InstantKind.Preempt) n++; return n; };
  assert.ok(preempts(on) > 100, 'woken netisr preempts the sender');
  assert.equal(preempts(off), 0, 'no preemption when it is off');
  assert.ok(summarize(on).cpus[0].contextSwitches > summarize(off).cpus[0].contextSwitches, 'preemption costs extra switches');
});

test('guards: record and event limits stop the run with a reason', () => {
  const r = simulate(lockContention(4, 100_000_000), { limits: { maxRecords: 50_000 } });
  assert.equal(r.meta.stopReason, 'record-limit');
  assert.ok(r.meta.endNs < 100_000_000);
  checkInvariants(r);
  const e = simulate(lockContention(4, 100_000_000), { limits: { maxEvents: 10_000 } });
  assert.equal(e.meta.stopReason, 'event-limit');
  assert.equal(e.meta.events, 10_000);
  checkInvariants(e);
});

test('guards: a loop that takes no time stops with no-progress and says where', () => {
  const b = new ProgramBuilder('spin-forever', { cpus: 1, costs: { percpuIncrement: 0 } });
  const c = b.counter('n', 'percpu');
  b.thread('t', b.fn('busy_loop', [count(c)]), { cpu: 0 });
  const t = simulate(b.build({ durationNs: 1_000_000 }));
  assert.equal(t.meta.stopReason, 'no-progress');
  assert.match(t.meta.stopDetail, /busy_loop/);
});

test('guards: a loop of nothing but calls and loop steps stops with no-progress too', () => {
  const b = new ProgramBuilder('call-forever', { cpus: 1 });
  const empty = b.fn('nothing', []);
  b.thread('t', b.fn('spin_calls', [loop(Infinity, [call(empty)])]), { cpu: 0 });
  const t = simulate(b.build({ durationNs: 1_000_000 }));
  assert.equal(t.meta.stopReason, 'no-progress');
  assert.match(t.meta.stopDetail, /200000 steps.*(spin_calls|nothing)/);
});

test('guards: unlocking a lock not held stops the run with deadlock and the place', () => {
  const b = new ProgramBuilder('bad-unlock', { cpus: 1 });
  const L = b.lock('L');
  b.thread('t', b.fn('oops', [work(10), unlock(L)]), { cpu: 0 });
  const t = simulate(b.build({ durationNs: 1_000_000 }));
  assert.equal(t.meta.stopReason, 'deadlock');
  assert.match(t.meta.stopDetail, /unlock of L/);
});

test('cancellation is honoured within 100 ms of wall time', async () => {
  const start = performance.now();
  let cancelAt = 0;
  const t = await simulateAsync(lockContention(8, 10_000_000_000), {
    limits: { maxRecords: 1e9 },
    shouldCancel: () => {
      const now = performance.now();
      if (now - start > 200 && !cancelAt) cancelAt = now;
      return cancelAt > 0;
    },
  });
  const stoppedAfter = performance.now() - cancelAt;
  assert.equal(t.meta.stopReason, 'cancelled');
  assert.ok(stoppedAfter < 100, `stopped ${stoppedAfter.toFixed(1)} ms after the request`);
});

test('recursive big lock: its holder may take it again; others still wait', () => {
  const b = new ProgramBuilder('giant', { cpus: 2 });
  const G = b.lock('Giant', { kind: 'mutex', recursive: true });
  const inner = b.fn('ip_input', [lock(G), work(200), unlock(G)]);
  const outer = b.fn('ether_input', [lock(G), work(100), { op: 'call', fn: inner }, unlock(G), work(100)]);
  b.thread('a', outer, { cpu: 0 }); b.thread('b', outer, { cpu: 1 });
  const t = simulate(b.build({ durationNs: 500_000 }));
  checkInvariants(t);
  assert.equal(t.meta.stopReason, 'completed');
  assert.ok(summarize(t).locks[0].contended > 100);
  void fixed;
});

test('hyperthreads: work on a CPU runs slower while its sibling is busy', () => {
  const run = (htt: boolean) => {
    const b = new ProgramBuilder('htt', { cpus: 2, htt, httSlowdown: 1.5, costs: { contextSwitch: 0 } });
    const done = b.counter('iterations', 'percpu');
    const f = b.fn('spin_work', [work(1000), count(done)]);
    b.thread('t0', f, { cpu: 0 }); b.thread('t1', f, { cpu: 1 });
    const t = simulate(b.build({ durationNs: 1_000_000 }));
    checkInvariants(t);
    return t.meta.counterTotals.iterations.reduce((a, x) => a + x, 0);
  };
  const separate = run(false), siblings = run(true);
  // each iteration costs 1000 ns of work + 2 ns of counter: ~1.5x slower as siblings
  assert.ok(Math.abs(separate / siblings - 1.5) < 0.02, `separate cores ${separate}, siblings ${siblings}`);
});

test('a run after recycleTrace writes into the last run\'s buffers and gives the same trace as on fresh ones', async () => {
  const { recycleTrace } = await import('../../src/trace/builder');
  const strip = (t: ReturnType<typeof simulate>) => { t.meta.wallMs = 0; return digest(encodeTrace(t)); };
  const first = simulate(lockContention(8, 2_000_000, 3));
  const used = first.tables.spans.start.buffer;
  recycleTrace(first); // its rows now hold a longer run's data, past where the next one ends
  const reused = simulate(packetPath(4, 1_000_000, 1_000_000, 5));
  assert.equal(reused.tables.spans.start.buffer, used, 'the spans table took the recycled reservation');
  const fresh = simulate(packetPath(4, 1_000_000, 1_000_000, 5));
  assert.notEqual(fresh.tables.spans.start.buffer, used, 'nothing recycled: a reservation of its own');
  assert.equal(strip(reused), strip(fresh));
});
