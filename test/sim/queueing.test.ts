// The engine against queueing theory. A lock is a single server: N CPUs with
// exponential think time Z and hold time S form the finite-source queue
// M/M/1//N (machine repairman). With every overhead zero the simulation must
// land on the formulas for lock utilisation and mean wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, ZERO_COSTS, exp, lock, unlock, work, count } from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { checkInvariants } from './invariants';

/** Machine repairman: utilisation U and mean wait in queue Wq. */
export function machineRepairman(N: number, Z: number, S: number): { U: number; Wq: number } {
  const rho = S / Z;
  let sum = 0, term = 1;
  for (let k = 0; k <= N; k++) {
    sum += term;
    term *= (N - k) * rho;
  }
  const U = 1 - 1 / sum;
  const X = U / S;
  return { U, Wq: N / X - Z - S };
}

function lockProgram(N: number, Z: number, S: number, durationNs: number, seed = 7) {
  const b = new ProgramBuilder(`mm1n-${N}`, { cpus: N, costs: ZERO_COSTS, timecounter: 'none' });
  const L = b.lock('L', { kind: 'spin' });
  const acquired = b.counter('acquired', 'percpu');
  const f = b.fn('worker', [work(exp(Z)), lock(L), count(acquired), work(exp(S)), unlock(L)]);
  for (let i = 0; i < N; i++) b.thread(`w${i}`, f, { cpu: i });
  return b.build({ durationNs, warmupNs: durationNs / 20, seed });
}

for (const N of [2, 4, 6, 8]) {
  test(`spin lock with ${N} CPUs matches M/M/1//${N}`, () => {
    const Z = 4000, S = 1000;
    const trace = simulate(lockProgram(N, Z, S, 150_000_000));
    checkInvariants(trace);
    const s = summarize(trace);
    const L = s.locks[0];
    const want = machineRepairman(N, Z, S);
    const meanWait = L.waitTotalNs / L.acquisitions;
    assert.ok(L.acquisitions > 20_000, `enough samples (${L.acquisitions})`);
    assert.ok(Math.abs(L.utilization - want.U) / want.U < 0.03, `utilisation ${L.utilization.toFixed(4)} vs theory ${want.U.toFixed(4)}`);
    assert.ok(Math.abs(meanWait - want.Wq) / want.Wq < 0.05, `mean wait ${meanWait.toFixed(1)} ns vs theory ${want.Wq.toFixed(1)} ns`);
    // every acquisition counted once: the counter inside the critical section equals the holds
    const holdsAll = trace.meta.counterTotals.acquired.reduce((a, b) => a + b, 0);
    assert.equal(holdsAll, countHolds(trace), 'counter total equals the number of lock holds');
  });
}

function countHolds(t: ReturnType<typeof simulate>): number {
  let n = 0;
  for (let i = 0; i < t.length.spans; i++) if (t.tables.spans.kind[i] === 2) n++;
  return n;
}
