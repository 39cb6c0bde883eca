// `npm run bench` (and `npm run bench -- --interchange` alone): Chrome JSON at
// ten million records. Export of the 10M-record engine trace to a file (MB/s,
// against ≥ 100 MB/s and ≤ 15 s), then imports in a child process each, so
// the peak memory is the import's own: that file back (our own format), and a
// generated generic trace of 10 M nested X slices (about 770 MB, the shape of
// a browser or tool trace), against ≥ 150 MB/s, ≤ 6 s and ≤ 1.5 GB.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeChromeTrace } from '../src/trace/export/chromeTrace';
import { importChromeTrace } from '../src/trace/import/chromeTrace';
import { fileSource } from '../src/trace/import/fileSource';
import { recordCount, type Trace } from '../src/trace/schema';

export interface InterchangeRow { step: string; MB: number; wallMs: number; cpuMs: number; MBperCpuSec: number; MBperWallSec: number; records: number; peakRssMB: number }

function writeAll(fd: number, b: Uint8Array): void {
  for (let d = 0; d < b.length;) d += writeSync(fd, b, d);
}

/** The export, as the CLI writes it (temporary name, then rename). */
export function benchExport(trace: Trace, file: string, threadCpuMs: () => number): InterchangeRow {
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const t0 = performance.now(), c0 = threadCpuMs();
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  let chunks = 0;
  const bytes = writeChromeTrace(trace, (b) => {
    writeAll(fd, b);
    if (++chunks % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  });
  closeSync(fd);
  renameSync(temp, file);
  const wallMs = performance.now() - t0, cpuMs = threadCpuMs() - c0;
  return row('export (10M-record engine trace)', bytes, wallMs, cpuMs, recordCount(trace), (peak - rss0) / 1048576);
}

function row(step: string, bytes: number, wallMs: number, cpuMs: number, records: number, peakRssMB: number): InterchangeRow {
  const MB = bytes / 1e6;
  return {
    step, MB: Math.round(MB), wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), MBperCpuSec: Math.round(MB / (cpuMs / 1000)),
    MBperWallSec: Math.round(MB / (wallMs / 1000)), records, peakRssMB: Math.round(peakRssMB),
  };
}

/** Runs `--import-one file` in a child process (its own peak memory). */
export function benchImport(step: string, file: string): InterchangeRow {
  const r = spawnSync(process.execPath, [process.argv[1], '--import-one', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`import of ${file} failed: ${r.stderr || r.stdout}`);
  const x = JSON.parse(r.stdout.trim().split('\n').pop()!) as { bytes: number; wallMs: number; cpuMs: number; records: number; maxRssMB: number };
  return row(step, x.bytes, x.wallMs, x.cpuMs, x.records, x.maxRssMB);
}

/** The child's side: import one file, print one JSON line. */
export async function importOne(file: string, threadCpuMs: () => number): Promise<void> {
  const t0 = performance.now(), c0 = threadCpuMs();
  const r = await importChromeTrace(fileSource(file), { maxRecords: 50_000_000 });
  const wallMs = performance.now() - t0, cpuMs = threadCpuMs() - c0;
  console.log(JSON.stringify({
    bytes: statSync(file).size, wallMs, cpuMs, records: recordCount(r.trace), malformed: r.malformed,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }));
}

/**
 * A generic Chrome trace of `spans` X slices on 8 tracks (pid 1, tids 1..8),
 * each a stretch of a root slice with two nested levels below it, written in
 * order of start with 3-decimal microsecond times, names from a pool of 64.
 */
export function writeGenericTrace(file: string, spans: number): void {
  const fd = openSync(file, 'w');
  const enc = new TextEncoder();
  let out: string[] = ['{"traceEvents":[\n'];
  let size = 0;
  const flush = () => { const b = enc.encode(out.join('')); writeAll(fd, b); out = []; size = 0; };
  for (let t = 1; t <= 8; t++) out.push(`{"ph":"M","name":"thread_name","pid":1,"tid":${t},"args":{"name":"worker ${t}"}},\n`);
  const per = Math.ceil(spans / 8);
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let n = 0;
  for (let tid = 1; tid <= 8; tid++) {
    let ts = 0; // ns
    for (let k = 0; k < per && n < spans;) {
      // A root of 3 levels: root [0, 9000), child [1000, 8000), grandchild [2000, 5000) ns, random names.
      const base = ts;
      for (const [a, b] of [[0, 9000], [1000, 8000], [2000, 5000]]) {
        if (k >= per || n >= spans) break;
        const s = base + a + Math.floor(rnd() * 300), d = b - a - Math.floor(rnd() * 300);
        out.push(`{"ph":"X","name":"fn_${Math.floor(rnd() * 64)}","pid":1,"tid":${tid},"ts":${(s / 1000).toFixed(3)},"dur":${(d / 1000).toFixed(3)}},\n`);
        size += 80;
        k++; n++;
      }
      ts += 9000 + Math.floor(rnd() * 2000);
      if (size > 4 << 20) flush();
    }
  }
  out.push('{"ph":"M","name":"process_name","pid":1,"tid":0,"args":{"name":"generated"}}\n]}\n');
  flush();
  closeSync(fd);
}

export async function benchInterchange(big: Trace, threadCpuMs: () => number): Promise<InterchangeRow[]> {
  const dir = tmpdir();
  const own = join(dir, `smplab-bench-${process.pid}-own.json`);
  const generic = join(dir, `smplab-bench-${process.pid}-generic.json`);
  const rows: InterchangeRow[] = [];
  try {
    rows.push(benchExport(big, own, threadCpuMs));
    rows.push(benchImport('import: that export (own format)', own));
    rmSync(own, { force: true });
    writeGenericTrace(generic, 10_000_000);
    rows.push(benchImport('import: generic, 10M X slices', generic));
  } finally {
    rmSync(own, { force: true });
    rmSync(generic, { force: true });
  }
  return rows;
}
