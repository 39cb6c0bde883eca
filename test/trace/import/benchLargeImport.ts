// Benchmark (not a unit test): generate a large `perf script` capture by
// repeating the -g fixture with its clock shifted, then import it with the
// streaming reader and report time, throughput and peak memory.
//   node --import tsx test/trace/import/benchLargeImport.ts [MB=500] [file]
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTraceFile } from '../../../src/trace/import';

async function generate(path: string, mb: number): Promise<void> {
  const base = readFileSync(join(__dirname, '../../fixtures/perf/lock-contention-g.perf.txt'), 'utf8');
  const out = createWriteStream(path);
  let written = 0, k = 0;
  while (written < mb * 1048576) {
    // Each copy 20 ms later than the previous one (the fixture spans 17 ms).
    const copy = base.replace(/(\d+)\.(\d{6}):/g, (_, s: string, f: string) => {
      const us = Number(s) * 1e6 + Number(f) + k * 20_000;
      return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}:`;
    });
    if (!out.write(copy)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += copy.length;
    k++;
  }
  await new Promise<void>((r) => out.end(() => r()));
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 500);
  const given = process.argv[3];
  const path = given ?? join(tmpdir(), `smplab-bench-${mb}mb.perf.txt`);
  if (!given) {
    const t = performance.now();
    await generate(path, mb);
    console.log(`generated ${path}: ${(statSync(path).size / 1048576).toFixed(0)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  let peakRss = 0, peakHeap = 0, lastPct = -1;
  const t0 = performance.now();
  const r = await importTraceFile(path, {
    onProgress: (d, total) => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed);
      const pct = Math.floor((d / total) * 10) * 10;
      if (pct !== lastPct) { lastPct = pct; process.stderr.write(`\r${pct}%`); }
    },
  });
  const s = (performance.now() - t0) / 1000;
  const size = statSync(path).size / 1048576;
  const t = r.trace;
  console.log(`\nimported ${size.toFixed(0)} MB in ${s.toFixed(1)} s (${(size / s).toFixed(1)} MB/s): ${t.meta.events} events, ` +
    `${t.length.spans} spans, ${t.length.instants} instants, ${t.length.flows} flows; malformed ${r.malformed}; ` +
    `peak RSS ${(peakRss / 1048576).toFixed(0)} MB, peak heap ${(peakHeap / 1048576).toFixed(0)} MB`);
  if (!given) rmSync(path);
}

main().catch((e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
