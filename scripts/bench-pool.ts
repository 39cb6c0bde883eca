// npm run bench:pool — 16 replications of one run on the worker pool (one
// worker per core) against the same 16 runs one after another (a pool of one),
// and the peak RSS of both. Target (issue 13): the pool takes at most 0.6× the
// serial time on a 2-core machine. Wall-clock figures; the machine may be shared.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../src/run/pool';
import { replicationSeed } from '../src/run/seeds';

const ROOT = join(__dirname, '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/queueing-lock.smp.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
const R = 16;
const jobs = Array.from({ length: R }, (_, r) => ({ text: TEXT, file: FILE, cpus: 8, seed: replicationSeed(1, r), durationNs: 20e6 }));

async function timed(size: number): Promise<number> {
  const pool = new WorkerPool(WORKER, { size });
  const t0 = performance.now();
  const out = await Promise.all(jobs.map((j) => pool.run(j)));
  const ms = performance.now() - t0;
  await pool.close();
  if (!out.every((o) => o.kind === 'done')) throw new Error('a run failed');
  return ms;
}

(async () => {
  const cores = availableParallelism();
  await timed(cores); // warm the file cache and the bundle
  const rounds = Number(process.env.ROUNDS ?? 3);
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const serial = await timed(1);
    const pooled = await timed(cores);
    ratios.push(pooled / serial);
    console.log(`round ${i + 1}: ${R} serial runs ${serial.toFixed(0)} ms, on ${cores} workers ${pooled.toFixed(0)} ms: ${(pooled / serial).toFixed(2)}×`);
  }
  ratios.sort((a, b) => a - b);
  console.log(`median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}× (target ≤ 0.60×); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
})();
