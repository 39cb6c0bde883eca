// Spin-lock algorithms against the Markov model of Boyd-Wickizer, Kaashoek,
// Morris and Zeldovich, "Non-scalable locks are dangerous" (Linux Symposium
// 2012, section 3): n CPUs each think for an exponential time a, then take the
// lock and hold it for an exponential time s. State k = CPUs holding or
// waiting; arrivals (n − k)/a; service 1/(s + c·k/2) for a ticket lock, whose
// next holder waits on average for half the spinners' re-reads of the line
// (c = one cache-line transfer), and 1/(s + c) for a queued (MCS) lock, which
// hands off in one transfer. Nothing here tells the engine about the model:
// the collapse must come out of the simulated cache line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, ZERO_COSTS, exp, lock, unlock, work } from '../../src/sim/builder';
import type { SpinAlgorithm } from '../../src/sim/program';
import { simulate } from '../../src/sim/simulate';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { decodeTrace, encodeTrace } from '../../src/trace/codec';
import { exportChromeTrace } from '../../src/trace/export/chromeTrace';
import { importChromeTraceText } from '../../src/trace/import/chromeTrace';
import { FlowKind, type Trace } from '../../src/trace/schema';
import { checkInvariants } from './invariants';

/** Think time a, hold time s, line transfer c (ns): the collapse peaks near 24 CPUs and shows by 64. */
const A = 60_000, S = 4_000, C = 50;

/** Lock throughput (acquisitions per ns) of the birth-death chain in steady state, closed form. */
export function markovThroughput(n: number, a: number, s: number, c: number, algorithm: 'ticket' | 'queued'): number {
  const mu = (k: number) => 1 / (s + (algorithm === 'ticket' ? (c * k) / 2 : c));
  // P_k ∝ Π_{i<k} λ_i / μ_{i+1}; throughput = Σ_{k≥1} P_k μ_k
  let p = 1, norm = 1, x = 0;
  for (let k = 0; k < n; k++) {
    p *= (n - k) / a / mu(k + 1);
    norm += p;
    x += p * mu(k + 1);
  }
  return x / norm;
}

function run(n: number, algorithm: SpinAlgorithm, durationNs: number, seed = 11): Trace {
  const b = new ProgramBuilder(`${algorithm}-${n}`, { cpus: n, costs: { ...ZERO_COSTS, cacheLineTransfer: C }, timecounter: 'none' });
  const L = b.lock('L', { kind: 'spin', algorithm });
  const f = b.fn('worker', [work(exp(A)), lock(L), work(exp(S)), unlock(L)]);
  for (let i = 0; i < n; i++) b.thread(`w${i}`, f, { cpu: i });
  return simulate(b.build({ durationNs, warmupNs: durationNs / 10, seed }));
}

/** Acquisitions per ns after the warm-up, from a run long enough for about 6000 of them. */
function simulatedThroughput(n: number, algorithm: 'ticket' | 'queued'): number {
  const d = Math.round(6000 / markovThroughput(n, A, S, C, algorithm) / 0.9);
  const t = run(n, algorithm, d);
  if (n <= 16) checkInvariants(t);
  const table = lockStats(t, { start: t.meta.warmupNs, end: t.meta.endNs });
  return table.rows[0].acquisitions / table.rangeNs;
}

const NS = [1, 4, 16, 24, 32, 48, 64];
const measured: Record<'ticket' | 'queued', number[]> = { ticket: [], queued: [] };

for (const algorithm of ['queued', 'ticket'] as const) {
  test(`${algorithm} lock throughput is within 10% of the Markov model from 1 to 64 CPUs`, (t) => {
    const rows: string[] = [];
    for (const n of NS) {
      const want = markovThroughput(n, A, S, C, algorithm);
      const got = simulatedThroughput(n, algorithm);
      measured[algorithm].push(got);
      rows.push(`${n}: ${(got * 1e9).toFixed(0)}/s vs ${(want * 1e9).toFixed(0)}/s`);
      t.diagnostic(`${algorithm} ${n} CPUs: simulated ${(got * 1e9).toFixed(0)}/s, model ${(want * 1e9).toFixed(0)}/s (${(100 * (got - want) / want).toFixed(1)}%)`);
      assert.ok(Math.abs(got - want) / want < 0.10, `${algorithm} at ${n} CPUs: simulated ${(got * 1e9).toFixed(0)}/s, model ${(want * 1e9).toFixed(0)}/s (${rows.join('; ')})`);
    }
  });
}

test('a ticket lock peaks then collapses; a queued lock stays flat', () => {
  assert.equal(measured.ticket.length, NS.length, 'throughput tests ran first');
  const t = measured.ticket, q = measured.queued;
  const peak = t.indexOf(Math.max(...t));
  assert.ok(peak > 0 && peak < NS.length - 1, `ticket peaks inside the range (at ${NS[peak]} CPUs)`);
  assert.ok(t[NS.length - 1] < 0.85 * t[peak], `ticket at 64 CPUs (${(t[NS.length - 1] * 1e9).toFixed(0)}/s) well below its peak (${(t[peak] * 1e9).toFixed(0)}/s)`);
  const qMax = Math.max(...q);
  assert.ok(q[NS.length - 1] > 0.97 * qMax, `queued at 64 CPUs keeps its throughput (${(q[NS.length - 1] * 1e9).toFixed(0)}/s of ${(qMax * 1e9).toFixed(0)}/s)`);
  assert.ok(q[NS.length - 1] > 1.2 * t[NS.length - 1], 'queued beats ticket at 64 CPUs');
});

test('hand-off: one transfer for a queued lock, the re-read storm for a ticket lock, shown as transfer flows', () => {
  const n = 48, d = 8_000_000;
  const queued = run(n, 'queued', d);
  const ticket = run(n, 'ticket', d);
  checkInvariants(ticket);
  const q = lockStats(queued).rows[0], tk = lockStats(ticket).rows[0];
  assert.ok(q.handoffs > 1000 && tk.handoffs > 1000, 'contended hand-offs measured');
  assert.equal(q.meanHandoffNs, C, 'queued: the next holder runs one line transfer after the release');
  // ticket: the release's write, then the spinners' reads one after another until the next ticket's is served
  assert.ok(tk.meanHandoffNs > 8 * C, `ticket hand-off ${tk.meanHandoffNs.toFixed(0)} ns grows with the spinners`);
  // the storm is in the trace: no transfer flows for queued; for ticket, reads served one transfer apart
  const fl = ticket.tables.flows;
  const reads: number[] = [];
  let hand = 0;
  for (let f = 0; f < ticket.length.flows; f++) {
    if (fl.kind[f] === FlowKind.LineTransfer) reads.push(fl.t1[f]);
    else if (fl.kind[f] === FlowKind.LockHandoff) hand++;
  }
  assert.ok(reads.length > 10 * hand, `${reads.length} re-reads for ${hand} hand-offs`);
  const sorted = [...reads].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i] - sorted[i - 1] >= C, 'one read at a time on the line');
  // a trace with the storm in it saves and loads (the decoder's integrity check knows the kind)
  assert.equal(decodeTrace(encodeTrace(ticket)).length.flows, ticket.length.flows);
  const qTransfers = Array.from(queued.tables.flows.kind.subarray(0, queued.length.flows)).filter((k) => k === FlowKind.LineTransfer).length;
  assert.equal(qTransfers, 0, 'a queued lock has no storm');
});

test('tas is unfair: the spread of per-CPU acquisitions and the longest wait grow', () => {
  const n = 64, d = 20_000_000;
  const fairness = (alg: SpinAlgorithm) => {
    const row = lockStats(run(n, alg, d)).rows[0];
    const per = row.perCpu;
    assert.equal(per.length, n);
    assert.equal(per.reduce((x, y) => x + y, 0), row.acquisitions, 'per-CPU acquisitions add up');
    const mean = row.acquisitions / n;
    const sd = Math.sqrt(per.reduce((x, y) => x + (y - mean) ** 2, 0) / n);
    return { cv: sd / mean, maxWait: row.maxWaitNs, spread: Math.max(...per) / Math.min(...per) };
  };
  const q = fairness('queued'), tk = fairness('ticket'), tas = fairness('tas');
  const say = (x: typeof q) => `cv ${x.cv.toFixed(3)}, spread ${x.spread.toFixed(2)}, max wait ${(x.maxWait / 1000).toFixed(0)} µs`;
  const all = `queued ${say(q)}; ticket ${say(tk)}; tas ${say(tas)}`;
  assert.ok(tas.maxWait > 3 * q.maxWait && tas.maxWait > 3 * tk.maxWait, `tas starves some waiters: ${all}`);
  assert.ok(tas.cv > 2 * q.cv && tas.cv > 2 * tk.cv, `tas spreads acquisitions unevenly: ${all}`);
});

test('same seed, same storm: ticket and tas runs are deterministic', () => {
  for (const alg of ['ticket', 'tas'] as const) {
    const a = run(8, alg, 2_000_000), b = run(8, alg, 2_000_000);
    assert.deepEqual(Array.from(a.tables.flows.t1.subarray(0, a.length.flows)), Array.from(b.tables.flows.t1.subarray(0, b.length.flows)));
  }
});

test('the spinning phase of adaptive mutexes and rw locks follows the algorithm too, and the machine stays consistent', () => {
  for (const algorithm of ['ticket', 'tas'] as const) {
    const b = new ProgramBuilder(`mixed-${algorithm}`, { cpus: 8, costs: { cacheLineTransfer: 100 } });
    const M = b.lock('mtx', { kind: 'mutex', wait: 'adaptive', algorithm });
    const RW = b.lock('rw', { kind: 'rw', wait: 'adaptive', algorithm });
    const f = b.fn('worker', [
      work(exp(2000)), lock(M), work(exp(300)), unlock(M),
      work(exp(1000)), lock(RW, 'read'), work(exp(500)), unlock(RW),
      work(exp(1000)), lock(RW), work(exp(200)), unlock(RW),
    ]);
    for (let i = 0; i < 8; i++) b.thread(`w${i}`, f, { cpu: i });
    const t = simulate(b.build({ durationNs: 3_000_000, seed: 5 }));
    assert.equal(t.meta.stopReason, 'completed', t.meta.stopDetail);
    checkInvariants(t);
    const rows = lockStats(t).rows;
    for (const r of rows) assert.ok(r.contended > 50 && r.handoffs > 0, `${algorithm} ${r.name}: ${r.contended} contended, ${r.handoffs} hand-offs`);
    let transfers = 0;
    for (let f2 = 0; f2 < t.length.flows; f2++) if (t.tables.flows.kind[f2] === FlowKind.LineTransfer) transfers++;
    assert.ok(transfers > 100, `${algorithm}: ${transfers} re-reads`);
  }
});

test('the storm survives a Chrome JSON export and import as transfer flows', () => {
  const t = run(8, 'ticket', 1_000_000);
  const kinds = (x: Trace) => Array.from(x.tables.flows.kind.subarray(0, x.length.flows)).filter((k) => k === FlowKind.LineTransfer).length;
  assert.ok(kinds(t) > 20, `${kinds(t)} re-reads`);
  const back = importChromeTraceText(exportChromeTrace(t), 'ticket.json').trace;
  assert.equal(kinds(back), kinds(t));
});
