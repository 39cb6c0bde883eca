// `npm run bench`: engine throughput, trace density and memory on the two
// reference workloads, then the view analyses on a 10-million-record trace.
// Figures, not pass/fail: targets are printed beside them (issues 2 and 6).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { simulate } from '../src/sim/simulate';
import { lockContention, packetPath } from '../src/sim/workloads';
import { recordCount, traceBytes, type Trace } from '../src/trace/schema';
import { benchAnalyses } from './analysis';
import { benchInterchange, importOne } from './interchange';
import { benchCaptures, importCaptureOne } from './captures';
import { benchScenarios } from './scenarios';
import { discardRecords, printRecordingShare, type Unrecorded, type UnrecordedRow } from './engineSplit';
import { benchLockTableRuns, lockTableRunsChild } from './lockTableRuns';

const MB = 1024 * 1024;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Row {
  workload: string; events: number; simMs: number; wallMs: number; threadCpuMs: number; kernelMs: number;
  eventsPerThreadCpuSec: number; eventsPerWallSec: number; records: number; bytesPerRecord: number; traceMB: number; peakRssMB: number;
}

/**
 * CPU time of the calling thread in ms, from /proc/thread-self/stat (utime +
 * stime, 10 ms ticks): the simulation's own thread, without the garbage
 * collector's and the compiler's helper threads or other processes sharing
 * the machine. Elsewhere, the whole process's CPU time.
 */
export function threadCpuMs(): number {
  const t = threadTimes();
  return t.user + t.kernel;
}

/** The calling thread's user and kernel (system) CPU time in ms; kernel time is mostly first-touch page faults of the trace's columns. */
function threadTimes(): { user: number; kernel: number } {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return { user: Number(fields[11]) * 10, kernel: Number(fields[12]) * 10 };
  } catch {
    const u = process.cpuUsage();
    return { user: u.user / 1000, kernel: u.system / 1000 };
  }
}

/**
 * The run is synchronous, so nothing can sample memory during it: the peak is
 * the process's resident-set high-water mark (kernel-kept, includes heap,
 * array buffers and the runtime). Rows run smallest first, so each row's peak
 * is its own.
 */
function measure(workload: string, run: () => Trace): { row: Row; trace: Trace } {
  gc();
  const t0 = performance.now();
  const c0 = threadTimes();
  const trace = run();
  const wall = performance.now() - t0;
  // the simulation is single-threaded: its thread's CPU time, which other work on a shared machine does not inflate
  const c1 = threadTimes();
  const kernel = c1.kernel - c0.kernel;
  const cpu = c1.user - c0.user + kernel;
  const records = recordCount(trace);
  const events = trace.meta.events;
  return {
    trace,
    row: {
      workload, events, simMs: trace.meta.endNs / 1e6, wallMs: Math.round(wall), threadCpuMs: Math.round(cpu), kernelMs: Math.round(kernel),
      eventsPerThreadCpuSec: Math.round(events / (cpu / 1000)), eventsPerWallSec: Math.round(events / (wall / 1000)), records,
      bytesPerRecord: +(traceBytes(trace) / records).toFixed(1), traceMB: Math.round(traceBytes(trace) / MB),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--import-one');
  if (at >= 0) return importOne(process.argv[at + 1], threadCpuMs);
  const cap = process.argv.indexOf('--import-capture');
  if (cap >= 0) return importCaptureOne(process.argv[cap + 1], threadCpuMs);
  const quick = process.argv.includes('--quick');
  if (process.argv.includes('--lock-table-child')) return lockTableRunsChild();
  // `--lock-table`: only the per-run lock table rows (a quick before/after of an analysis change)
  if (process.argv.includes('--lock-table')) return benchLockTableRuns(quick ? 3 : 7);
  if (process.argv.includes('--captures')) return captures(quick);
  // `--scenarios [NAME…]`: each built-in scenario's runs at default settings (all, or the ones named)
  const sc = process.argv.indexOf('--scenarios');
  if (sc >= 0) return benchScenarios(process.argv.slice(sc + 1).filter((a) => !a.startsWith('--')));
  if (process.argv.includes('--analyses')) {
    // Only the analysis rows, on the same 10M-record trace as the full run.
    const big = simulate(lockContention(8, 10_000_000_000), { limits: { maxRecords: quick ? 1_000_000 : 10_000_000 } });
    console.log(`analyses on ${recordCount(big).toLocaleString()} records:`);
    console.table(benchAnalyses(big).map((a) => ({ analysis: a.name, ms: Math.round(a.ms) })));
    return console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
  if (process.argv.includes('--interchange')) {
    // Only the Chrome JSON rows, on the same 10M-record trace as the full run.
    const big = simulate(lockContention(8, 10_000_000_000), { limits: { maxRecords: quick ? 1_000_000 : 10_000_000 } });
    return interchange(big);
  }
  const scale = quick ? 0.1 : 1;
  // the child processes of `--engine`'s second table: the same workloads with the records thrown away or not stored
  const unrec = process.argv.indexOf('--engine-unrecorded');
  if (unrec >= 0) return engineUnrecorded(scale, process.argv[unrec + 1] === 'unstored' ? 'unstored' : 'discard');
  console.log(`SMP Stack Lab benchmark — node ${process.version}, ${quick ? 'quick' : 'full'} run\n`);
  // Each row first runs its workload briefly: the JIT then measures the engine's steady state, not
  // compiling it (V8 drops feedback and recompiles code a previous row's workload did not use).
  const rows: Row[] = [];
  const row = (workload: string, warm: () => unknown, run: () => Trace) => {
    warm(); warm();
    const m = measure(workload, run);
    rows.push(m.row);
    return m;
  };
  // each row runs for most of a second or more, so the 10 ms ticks of thread CPU time are within about 1%
  for (const w of engineWorkloads(scale)) row(w.name, w.warm, w.run);
  const big = row('10M records (lock contention, 8 CPUs)', () => simulate(lockContention(8, 40_000_000)), () =>
    simulate(lockContention(8, 10_000_000_000), { limits: { maxRecords: 10_000_000 * scale } }));
  console.table(rows);
  console.log('eventsPerThreadCpuSec = events / CPU seconds of the simulating thread (the machine may be shared); kernelMs = the part of them in the kernel (first-touch page faults of the trace); eventsPerWallSec = events / wall seconds');
  console.log('targets: >= 10,000,000 events/s on the lock workload, >= 8,000,000 on the packet path; <= 28 bytes per record; 10M records within 1 GB (peakRssMB: whole process, high-water mark)\n');
  // `--engine`: only the rows above (a quick before/after of an engine change), and what recording costs
  if (process.argv.includes('--engine')) return printRecordingShare(rows, quick);

  const analyses = benchAnalyses(big.trace);
  console.log(`analyses on ${big.row.records.toLocaleString()} records:`);
  console.table(analyses.map((a) => ({ analysis: a.name, ms: Math.round(a.ms) })));
  benchLockTableRuns(quick ? 3 : 7);
  await interchange(big.trace);
  captures(quick);
}

/** The two reference workloads of the engine rows: each with a short run that warms the JIT first. */
function engineWorkloads(scale: number): { name: string; warm: () => unknown; run: () => Trace }[] {
  return [
    { name: 'lock contention, 8 CPUs', warm: () => simulate(lockContention(8, 40_000_000)), run: () => simulate(lockContention(8, 600_000_000 * scale)) },
    { name: 'packet path, 8 CPUs, 4 Mpps', warm: () => simulate(packetPath(8, 4_000_000, 20_000_000)), run: () => simulate(packetPath(8, 4_000_000, 200_000_000 * scale)) },
  ];
}

/** The engine rows again with every span, instant and flow thrown away or not stored (a process of its own: see engineSplit.ts). */
function engineUnrecorded(scale: number, mode: Unrecorded): void {
  discardRecords(mode);
  const out: UnrecordedRow[] = [];
  for (const w of engineWorkloads(scale)) {
    w.warm(); w.warm();
    const { row } = measure(w.name, w.run);
    out.push({ workload: w.name, events: row.events, threadCpuMs: row.threadCpuMs, kernelMs: row.kernelMs });
  }
  console.log(JSON.stringify(out));
}

function captures(quick: boolean): void {
  console.log('\nReal captures (each run imported in a cold child process: peakRssMB is its own):');
  console.table(benchCaptures(quick ? 100 : 1000, quick ? 5 : 3));
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; targets: import >= 150 MB of perf script text per second (CPU and wall); memory bounded by the trace built, not the text read`);
}

async function interchange(big: Trace): Promise<void> {
  console.log(`\nChrome JSON on ${recordCount(big).toLocaleString()} records (imports each in a child process: peakRssMB is its own):`);
  console.table(await benchInterchange(big, threadCpuMs));
  console.log('targets: export >= 100 MB/s and <= 15 s for 10M records with bounded memory; import >= 150 MB/s, a 10M-span file (~770 MB) <= 6 s and <= 1.5 GB peak');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
