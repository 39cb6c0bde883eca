// `npm run bench` (and `npm run bench -- --lock-table` alone): the lock table
// and summary a replication, a sweep point or a CLI run computes after every
// simulation (src/run/pointJob.ts), per run of queueing-lock at 8 CPUs and
// 20 ms (~375 k events, ~606 k spans, ~234 k of them lock spans). Each round is
// a fresh process running RUNS seeds in turn, as a pool worker does: its first
// runs pay the JIT's warm-up (which a worker pays once), the later ones are
// warm. Issue 18 item 5.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { compileModel, loadModel } from '../src/model/index';
import { simulate } from '../src/sim/simulate';
import { lockStats } from '../src/trace/analysis/lockstat';
import { statsRange } from '../src/trace/analysis/range';
import { summarize } from '../src/trace/summary';
import { builtIns } from '../src/cli/scenarios';

const RUNS = 10;

/** CPU time of the calling thread in ms (/proc/thread-self/schedstat, ns), or the process's elsewhere. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

interface RunTimes { lockWall: number; lockCpu: number; sumWall: number; sumCpu: number }

/** The child: RUNS simulations, each followed by the lock table and the summary given it, as pointJob does. */
export function lockTableRunsChild(): void {
  const b = builtIns().find((x) => x.name === 'queueing-lock');
  if (!b) throw new Error('scenarios/queueing-lock.smp.yaml not found');
  const model = loadModel(readFileSync(b.path, 'utf8'), join('scenarios', 'queueing-lock.smp.yaml')).model!;
  const out: RunTimes[] = [];
  for (let r = 0; r < RUNS; r++) {
    const trace = simulate(compileModel(model, { cpus: 8, seed: 1 + r }));
    const w0 = performance.now(), c0 = threadCpuMs();
    const table = lockStats(trace, statsRange(trace.meta));
    const w1 = performance.now(), c1 = threadCpuMs();
    summarize(trace, undefined, table);
    const w2 = performance.now(), c2 = threadCpuMs();
    out.push({ lockWall: w1 - w0, lockCpu: c1 - c0, sumWall: w2 - w1, sumCpu: c2 - c1 });
  }
  console.log(JSON.stringify(out));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Rounds of a fresh child each; per phase of a process's life, the median over rounds (of the median within a round). */
export function benchLockTableRuns(rounds: number): void {
  const all: RunTimes[][] = [];
  for (let i = 0; i < rounds; i++) {
    const r = spawnSync(process.execPath, [process.argv[1], '--lock-table-child'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`lock table child failed: ${r.stderr}`);
    all.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const phase = (name: string, from: number, to: number) => {
    const pick = (f: keyof RunTimes) => +median(all.map((runs) => median(runs.slice(from, to).map((x) => x[f])))).toFixed(1);
    return { runs: name, 'lockStats ms': pick('lockWall'), 'lockStats CPU ms': pick('lockCpu'), 'summarize ms': pick('sumWall'), 'summarize CPU ms': pick('sumCpu') };
  };
  console.log(`\nLock table + summary per run (queueing-lock, 8 CPUs, 20 ms; ${rounds} fresh processes × ${RUNS} seeds; medians; CPU = the thread's):`);
  console.table([phase('1st (cold)', 0, 1), phase('2nd–3rd', 1, 3), phase(`4th–${RUNS}th (warm)`, 3, RUNS)]);
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
