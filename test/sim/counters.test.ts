// Shared counters live on one cache line: every increment from another CPU
// waits for the line, so the machine-wide increment rate levels off at one per
// transfer. Per-CPU counters never move and scale with the CPUs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, ZERO_COSTS, count, work } from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { checkInvariants } from './invariants';

const TRANSFER = 100, LOCAL = 10, WORK = 200;

function rate(cpus: number, scope: 'shared' | 'percpu'): number {
  const b = new ProgramBuilder(`counter-${scope}-${cpus}`, {
    cpus, timecounter: 'none', costs: { ...ZERO_COSTS, cacheLineTransfer: TRANSFER, atomicLocal: LOCAL, percpuIncrement: LOCAL },
  });
  const c = b.counter('ipstat.ips_forward', scope);
  const f = b.fn('ip_forward', [work(WORK), count(c)]);
  for (let i = 0; i < cpus; i++) b.thread(`fwd${i}`, f, { cpu: i });
  const dur = 2_000_000;
  const t = simulate(b.build({ durationNs: dur }));
  checkInvariants(t);
  const total = t.meta.counterTotals['ip_forward'] ?? t.meta.counterTotals['ipstat.ips_forward'];
  return total.reduce((a, x) => a + x, 0) / (dur / 1e9);
}

test('shared counter increments level off at one per cache-line transfer', () => {
  const cap = 1e9 / TRANSFER;
  const r = [1, 2, 4, 8, 16].map((n) => rate(n, 'shared'));
  // one CPU: work + local atomic per increment
  assert.ok(Math.abs(r[0] - 1e9 / (WORK + LOCAL)) / r[0] < 0.01, `1 CPU: ${r[0]}`);
  // many CPUs: the line is the bottleneck
  for (const x of r.slice(2)) assert.ok(Math.abs(x - cap) / cap < 0.02, `rate ${x.toExponential(3)} should be near ${cap.toExponential(3)}`);
  assert.ok(r[4] <= cap * 1.001, 'never faster than one transfer each');
});

test('per-CPU counters scale linearly with CPUs', () => {
  const one = rate(1, 'percpu');
  for (const n of [2, 4, 8, 16]) {
    const x = rate(n, 'percpu');
    assert.ok(Math.abs(x / one - n) / n < 0.01, `${n} CPUs: ${(x / one).toFixed(3)}x of one CPU`);
  }
});

test('an increment counts when it starts: the total runs ahead of the line by at most one increment per CPU', () => {
  // docs/model-language.md, counters: the rule that keeps the shipped traces as they were
  const cpus = 16, dur = 200_000;
  const b = new ProgramBuilder('counter-in-flight', {
    cpus, timecounter: 'none', costs: { ...ZERO_COSTS, cacheLineTransfer: TRANSFER, atomicLocal: LOCAL },
  });
  const c = b.counter('hits', 'shared');
  const f = b.fn('hit', [work(WORK), count(c)]);
  for (let i = 0; i < cpus; i++) b.thread(`h${i}`, f, { cpu: i });
  const t = simulate(b.build({ durationNs: dur }));
  const total = t.meta.counterTotals.hits.reduce((a, x) => a + x, 0);
  const lineAllows = dur / TRANSFER; // one transfer after another from time 0
  assert.ok(total > lineAllows, `${total} counted: more than the ${lineAllows} the line could complete (in-flight ones included)`);
  assert.ok(total <= lineAllows + cpus, `${total} counted: at most one in flight per CPU beyond ${lineAllows}`);
});
