// npm run bench:pool — 16 replications of one run on the worker pool (one
// worker per core) against the same 16 runs one after another (a pool of one),
// and the peak RSS of both. Target (issue 13): the pool takes at most 0.6× the
// serial time on a 2-core machine. Wall-clock figures; the machine may be shared,
// so each round also gives the CPU time both took (process.cpuUsage: every
// thread of the process, workers included) — the pool's overhead, whatever the
// load — and how many cores the pool actually got (its CPU time ÷ its wall
// time), with the load average before and after. And per thread (Linux
// /proc/self/task): the busiest worker's own CPU time is what the pool would
// take with a free core per worker, so its ratio to the serial worker's is the
// figure the load cannot move.
//
// Both pools are what `smplab run --replications 16 --jobs 1` and `--jobs 2`
// start (the CLI runs a design of more than one run on a pool, never on its own
// thread): fresh workers, with V8's code cache of the worker bundle in the
// user's cache directory as the CLI has it from its first run on (codeCache.ts;
// SMPLAB_CODE_CACHE=off to measure without). The bench is bundled and run as
// plain JavaScript (dist/bench-pool.js), as the CLI is: under tsx each worker
// thread loaded tsx too and its bundle went through tsx's hooks: CPU time no
// user pays, and more of it in the pool than in the serial run (docs/performance-log.md).
//
// Each side runs in a process of its own, as each `smplab run` does, so that
// each gets the CLI's V8 setting for its pool: the pool's workers, one per
// core, compile on their own threads, the single worker with V8's default
// (src/run/jitFlags.ts; `JIT=concurrent` leaves the default for both sides,
// `JIT=thread` sets it for both, to compare). The timing starts at the pool's
// creation, as before, not at the process's.
//
// `npm run bench:pool -- --cli`: what the user waits for instead — the same 16
// runs as `smplab run --replications 16 --jobs 1` against `--jobs <cores>`, each
// a fresh process (Node's start, the CLI's bundle, the model parsed on the
// host, the workers), alternating; wall time from spawn to exit and the CPU
// time of the whole process.
//
// `npm run bench:pool -- --warm`: the extension's second run of a model instead —
// a short run on a fresh worker (what every run cost before the warm pool)
// against the same run on the warm worker the previous run left (RunService's
// pool), alternating, wall and CPU time (every thread of the process) each.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../src/run/pool';
import { startRun } from '../src/extension/simRunner';
import { replicationSeed } from '../src/run/seeds';
import { defaultCodeCacheDir } from '../src/run/codeCache';
import { compileOnWorkerThreads, poolFillsCores } from '../src/run/jitFlags';

const ROOT = join(__dirname, '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/queueing-lock.smp.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
const R = 16;
const CODE_CACHE = defaultCodeCacheDir();
const jobs = Array.from({ length: R }, (_, r) => ({ text: TEXT, file: FILE, cpus: 8, seed: replicationSeed(1, r), durationNs: 20e6 }));

interface Timing {
  /** Peak RSS of the process that ran it (MB). */
  rssMb: number;
  wallMs: number;
  cpuMs: number;
  /** CPU time of the busiest thread started during the run (a worker); NaN where /proc is not there. */
  workerCpuMs: number;
  /** CPU time of all the threads started during the run (the workers). */
  workersCpuMs: number;
  /** CPU time of the threads that were there before (V8's compiler and GC helpers, the main thread). */
  backgroundCpuMs: number;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** CPU time of each thread of this process (ms, by thread id). */
function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try { tasks = readdirSync('/proc/self/task'); } catch { return out; }
  for (const t of tasks) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(t, (Number(f[11]) + Number(f[12])) * TICK_MS); // utime, stime
    } catch { /* the thread ended meanwhile */ }
  }
  return out;
}

/** One side in a fresh process (`--side N`): its Timing, as JSON on stdout. */
function timed(size: number): Timing {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--side', String(size)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Timing;
}

/** Whether a pool of this size gets the CLI's V8 setting (src/cli/run.ts). */
function compilesOnItsThreads(size: number): boolean {
  if (process.env.JIT === 'concurrent') return false;
  return process.env.JIT === 'thread' || poolFillsCores(size);
}

async function side(size: number): Promise<Timing> {
  if (compilesOnItsThreads(size)) compileOnWorkerThreads();
  const pool = new WorkerPool(WORKER, { size, codeCache: CODE_CACHE });
  const before = threadCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await Promise.all(jobs.map((j) => pool.run(j)));
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const after = threadCpu(); // before the workers exit
  await pool.close();
  if (!out.every((o) => o.kind === 'done')) throw new Error('a run failed');
  let workerCpuMs = after.size ? 0 : NaN, workersCpuMs = workerCpuMs, backgroundCpuMs = workerCpuMs;
  for (const [t, ms] of after) {
    if (!before.has(t)) {
      workerCpuMs = Math.max(workerCpuMs, ms);
      workersCpuMs += ms;
    } else backgroundCpuMs += ms - before.get(t)!;
  }
  return { wallMs, cpuMs: (c.user + c.system) / 1000, workerCpuMs, workersCpuMs, backgroundCpuMs, rssMb: process.resourceUsage().maxRSS / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

/** One short run through the extension's runner: on a fresh worker (a file name) or on the warm pool. */
async function secondRun(target: string | WorkerPool): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const o = await startRun(target, { text: TEXT, file: FILE, durationNs: 2e6 }).outcome;
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (o.kind !== 'done') throw new Error(`a run ended ${o.kind}`);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

async function warmBench(): Promise<void> {
  console.log(`load average before: ${load()}`);
  const warm = new WorkerPool(WORKER, { size: 1, keepIdle: 1 });
  await secondRun(warm); // the first run: starts the warm worker
  await secondRun(WORKER); // the file cache
  const rounds = Number(process.env.ROUNDS ?? 8);
  const cold: { wallMs: number; cpuMs: number }[] = [], hot: { wallMs: number; cpuMs: number }[] = [];
  for (let i = 0; i < rounds; i++) {
    cold.push(await secondRun(WORKER));
    hot.push(await secondRun(warm));
  }
  const started = warm.workersStarted;
  await warm.close();
  const m = (xs: { wallMs: number; cpuMs: number }[], k: 'wallMs' | 'cpuMs') => median(xs.map((x) => x[k]));
  const range = (xs: { wallMs: number; cpuMs: number }[], k: 'wallMs' | 'cpuMs') => `${Math.min(...xs.map((x) => x[k])).toFixed(0)}–${Math.max(...xs.map((x) => x[k])).toFixed(0)}`;
  console.log(`second run of ${FILE} (2 ms simulated), ${rounds} rounds: fresh worker wall ${m(cold, 'wallMs').toFixed(0)} ms median (${range(cold, 'wallMs')}), ` +
    `CPU ${m(cold, 'cpuMs').toFixed(0)} ms (${range(cold, 'cpuMs')}); warm worker wall ${m(hot, 'wallMs').toFixed(0)} ms (${range(hot, 'wallMs')}), ` +
    `CPU ${m(hot, 'cpuMs').toFixed(0)} ms (${range(hot, 'cpuMs')}); ${started} warm worker started for ${rounds + 1} runs; load average after: ${load()}`);
}

/** One `smplab run` of the 16 replications in a fresh process: its wall time (spawn to exit) and the CPU time of all its threads. */
function cliRun(jobs: number): { wallMs: number; cpuMs: number } {
  const report = "process.on('exit',()=>{const c=process.cpuUsage();require('fs').writeSync(2,'\\nCPU '+(c.user+c.system)/1000+'\\n')});" +
    `require(${JSON.stringify(join(ROOT, 'dist', 'cli.js'))}).main(process.argv.slice(1)).then((c)=>{process.exitCode=c})`;
  const args = ['run', FILE, '--replications', String(R), '--jobs', String(jobs), '--cpus', '8', '--duration', '20ms', '--json'];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-e', report, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } });
  const wallMs = performance.now() - t0;
  const cpu = /\nCPU ([0-9.]+)\n/.exec(r.stderr);
  if (r.status !== 0 || !cpu) throw new Error(`smplab run --jobs ${jobs} failed: ${r.stderr}`);
  return { wallMs, cpuMs: Number(cpu[1]) };
}

function cliBench(): void {
  const cores = availableParallelism();
  console.log(`load average before: ${load()}; code cache ${CODE_CACHE ?? 'off'}`);
  cliRun(cores); // the file cache, and the code cache if there is none
  const rounds = Number(process.env.ROUNDS ?? 5);
  const wall: number[] = [], cpu: number[] = [], serialMs: number[] = [], poolMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const serial = cliRun(1);
    const pooled = cliRun(cores);
    serialMs.push(serial.wallMs);
    poolMs.push(pooled.wallMs);
    wall.push(pooled.wallMs / serial.wallMs);
    cpu.push(pooled.cpuMs / serial.cpuMs);
    console.log(`round ${i + 1}: smplab run --replications ${R} --jobs 1 ${serial.wallMs.toFixed(0)} ms (CPU ${serial.cpuMs.toFixed(0)} ms), ` +
      `--jobs ${cores} ${pooled.wallMs.toFixed(0)} ms (CPU ${pooled.cpuMs.toFixed(0)} ms): wall ${wall[i].toFixed(2)}×, CPU ${cpu[i].toFixed(2)}× (load ${load()})`);
  }
  console.log(`median wall ${median(wall).toFixed(2)}× (target ≤ 0.60×): --jobs 1 ${median(serialMs).toFixed(0)} ms, --jobs ${cores} ${median(poolMs).toFixed(0)} ms; ` +
    `median CPU ${median(cpu).toFixed(2)}×; load average after: ${load()}`);
}

(async () => {
  const sideAt = process.argv.indexOf('--side');
  if (sideAt >= 0) return console.log(JSON.stringify(await side(Number(process.argv[sideAt + 1]))));
  if (process.argv.includes('--warm')) return warmBench();
  if (process.argv.includes('--cli')) return cliBench();
  const cores = availableParallelism();
  const jit = (size: number) => (compilesOnItsThreads(size) ? 'on the workers\' threads' : 'on V8\'s background threads');
  console.log(`load average before: ${load()}; code cache ${CODE_CACHE ?? 'off'}; TurboFan compiles: one worker ${jit(1)}, ${cores} workers ${jit(cores)}`);
  timed(cores); // warm the file cache and the bundle (and write the code cache if there is none)
  const rounds = Number(process.env.ROUNDS ?? 3);
  const rss: number[] = [];
  const wall: number[] = [], cpu: number[] = [], got: number[] = [], free: number[] = [], idle: number[] = [], bg: number[] = [];
  // An idle machine with `cores` cores: a run takes at least its busiest thread's CPU time, and at least all its CPU time spread over the cores.
  const idleWall = (t: Timing) => Math.max(t.workerCpuMs, t.cpuMs / cores);
  for (let i = 0; i < rounds; i++) {
    const serial = timed(1);
    const pooled = timed(cores);
    rss.push(serial.rssMb, pooled.rssMb);
    wall.push(pooled.wallMs / serial.wallMs);
    cpu.push(pooled.cpuMs / serial.cpuMs);
    got.push(pooled.cpuMs / pooled.wallMs);
    free.push(pooled.workerCpuMs / serial.workerCpuMs);
    idle.push(idleWall(pooled) / idleWall(serial));
    bg.push(serial.backgroundCpuMs / serial.cpuMs);
    console.log(`round ${i + 1}: ${R} serial runs ${serial.wallMs.toFixed(0)} ms (CPU ${serial.cpuMs.toFixed(0)} ms), ` +
      `on ${cores} workers ${pooled.wallMs.toFixed(0)} ms (CPU ${pooled.cpuMs.toFixed(0)} ms): wall ${wall[i].toFixed(2)}×, CPU ${cpu[i].toFixed(2)}×, ` +
      `the pool ran on ${got[i].toFixed(2)} cores; busiest worker ${pooled.workerCpuMs.toFixed(0)} ms of CPU against the serial worker's ${serial.workerCpuMs.toFixed(0)} ms: ` +
      `${free[i].toFixed(2)}× with a free core per worker; both workers ${pooled.workersCpuMs.toFixed(0)} ms; ` +
      `V8's other threads (compiler, GC) ${serial.backgroundCpuMs.toFixed(0)} ms of the serial run's CPU and ${pooled.backgroundCpuMs.toFixed(0)} ms of the pool's, ` +
      `so on an idle ${cores}-core machine ${idle[i].toFixed(2)}× (load ${load()})`);
  }
  console.log(`median wall ${median(wall).toFixed(2)}× (target ≤ 0.60×); median CPU time ${median(cpu).toFixed(2)}× (the pool's overhead); ` +
    `the pool got ${median(got).toFixed(2)} of ${cores} cores; with a free core per worker ${median(free).toFixed(2)}× (busiest worker's CPU time ÷ the serial worker's); ` +
    `other threads ${(100 * median(bg)).toFixed(0)}% of the serial CPU time, so on an idle ${cores}-core machine ${median(idle).toFixed(2)}×; peak RSS ${Math.max(...rss).toFixed(0)} MB; load average after: ${load()}`);
})();
