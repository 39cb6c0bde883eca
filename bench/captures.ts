// Benchmark rows for importing real captures: `perf script` text of a -g lock
// capture (the committed rwsem fixture repeated, its clock shifted one second
// per copy) imported in a few child processes, so the peak memory is the
// import's own. Target (issue 14): >= 150 MB of perf script text per second, memory
// bounded by the trace built, not the text read.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importTraceFile } from '../src/trace/import';
import { recordCount } from '../src/trace/schema';

export interface CaptureRow { step: string; MB: number; wallMs: number; cpuMs: number; MBperCpuSec: number; MBperWallSec: number; events: number; records: number; peakRssMB: number }

const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'perf', 'rwsem.perf.txt.gz');

/** `mb` MB of perf script text: copies of the rwsem capture, each one second later. */
export function writePerfScript(file: string, mb: number): void {
  const base = gunzipSync(readFileSync(FIXTURE)).toString('utf8');
  const fd = openSync(file, 'w');
  try {
    let written = 0;
    for (let k = 0; written < mb * 1e6; k++) {
      const copy = base.replace(/\] +(\d+)\.(\d{9}):/g, (_m, s: string, f: string) => `] ${Number(s) + k}.${f}:`);
      written += writeSync(fd, copy);
    }
  } finally {
    closeSync(fd);
  }
}

/** The child's side: import one capture, print one JSON line. */
export async function importCaptureOne(file: string, threadCpuMs: () => number): Promise<void> {
  const t0 = performance.now(), c0 = threadCpuMs();
  const r = await importTraceFile(file);
  const wallMs = performance.now() - t0, cpuMs = threadCpuMs() - c0;
  console.log(JSON.stringify({
    bytes: statSync(file).size, wallMs, cpuMs, events: r.trace.meta.events, records: recordCount(r.trace),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}

/**
 * One row per import of the same capture, each in a cold child process (JIT warm-up included):
 * on a shared machine one run says little, the spread of a few does.
 */
export function benchCaptures(mb: number, runs = 3): CaptureRow[] {
  const file = join(tmpdir(), `smplab-bench-${process.pid}.perf.txt`);
  try {
    writePerfScript(file, mb);
    const rows: CaptureRow[] = [];
    for (let run = 1; run <= runs; run++) {
      const r = spawnSync(process.execPath, [process.argv[1], '--import-capture', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`import of ${file} failed: ${r.stderr || r.stdout}`);
      const x = JSON.parse(r.stdout.trim().split('\n').pop()!) as { bytes: number; wallMs: number; cpuMs: number; events: number; records: number; maxRssMB: number };
      const MB = x.bytes / 1e6;
      rows.push({
        step: `import: perf script -g lock capture (${Math.round(MB)} MB), run ${run}`, MB: Math.round(MB), wallMs: Math.round(x.wallMs), cpuMs: Math.round(x.cpuMs),
        MBperCpuSec: Math.round(MB / (x.cpuMs / 1000)), MBperWallSec: Math.round(MB / (x.wallMs / 1000)),
        events: x.events, records: x.records, peakRssMB: Math.round(x.maxRssMB),
      });
    }
    return rows;
  } finally {
    rmSync(file, { force: true });
  }
}
