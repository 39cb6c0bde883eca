// Benchmark of the timeline in headless Chromium (not a timed test): for runs
// of about 10k, 100k and 1M spans on 8 CPUs (and 10M with --sizes), the
// standalone report opened from disk: time from opening the page to its first
// full paint (loading the file and decoding the embedded trace included) and
// its phases (open → the page's script starts → the trace decoded → the
// timeline's index built → its first frame begun → drawn; the report runs
// the index's passes over the spans before the last chunk is in, so they fall
// inside "decoded" and "indexed" follows it closely), the paint alone
// after the data arrived, the renderer's CPU time to the first
// paint (its main thread, and all its threads: the decode worker inflates
// there), frame times during continuous zoom and pan (flows drawn, in
// buckets when zoomed out), hover hit-test time (spans and flow arrows), page
// memory, and the minified webview bundle size, against the targets of issue
// 5. Prints a table.
//
//   npm run bench:views                      real runs of the built-in forwarding scenario
//   npm run bench:views -- --synthetic       generated traces (test/webview/fixtures/syntheticTrace.ts)
//   npm run bench:views -- --sizes 10000,100000
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { compileModel, loadModel } from '../src/model';
import { writeHtmlReport } from '../src/report/html';
import { simulate } from '../src/sim/simulate';
import type { Trace } from '../src/trace/schema';
import { launch } from '../test/webview/browser';
import { syntheticTrace } from '../test/webview/fixtures/syntheticTrace';

const args = process.argv.slice(2);
const synthetic = args.includes('--synthetic');
const sizeArg = args[args.indexOf('--sizes') + 1];
const sizes = args.includes('--sizes') && sizeArg ? sizeArg.split(',').map(Number) : [10_000, 100_000, 1_000_000];
const CPUS = 8;
const SCENARIO = 'scenarios/example-forwarding.smp.yaml';
const OUT = 'test-output/bench';

/** A real run of the forwarding scenario on 8 CPUs, long enough for about `spans` spans. */
function realTrace(spans: number): Trace {
  const { model, diagnostics } = loadModel(readFileSync(SCENARIO, 'utf8'), SCENARIO);
  if (!model) throw new Error(`${SCENARIO} does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  const probeNs = 1_000_000; // longer than the model's warm-up
  const probe = simulate(compileModel(model, { durationNs: probeNs, cpus: CPUS }));
  const perNs = probe.length.spans / probeNs;
  const durationNs = Math.max(probeNs, Math.ceil(spans / perNs / 1000) * 1000);
  return simulate(compileModel(model, { durationNs, cpus: CPUS }), { limits: { maxRecords: spans * 4 } });
}

interface Row {
  spans: number;
  records: number;
  flows: number;
  /** Flow arrows drawn with the whole run in view. */
  arrowsAtFit: number;
  htmlMB: number;
  /** Opening the page → first full paint: loading, decoding and drawing. */
  openToPaintMs: number;
  /** Opening the page → its script starts (the HTML before it parsed). */
  scriptMs: number;
  /** Opening the page → the timeline's index built, and → its first frame begun. */
  indexedMs: number;
  frameMs: number;
  /** Opening the page → the embedded trace decoded. */
  decodedMs: number;
  /** Decoding the embedded trace alone (base64 → columns, checked). */
  decodeMs: number;
  /** Where the chunks were inflated: 'worker' or 'page'. */
  decodedIn: string;
  /** CPU time of the renderer's main thread, and of the whole renderer, from its start to just after the first paint. */
  cpuMainMs: number;
  cpuAllMs: number;
  paintMs: number;
  frameMedian: number;
  frameP95: number;
  rafMedian: number;
  rafP95: number;
  hitMean: number;
  hitMax: number;
  heapMB: number;
  rssMB: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
};

const rssKB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

/**
 * The page's renderer process. Chromium keeps a spare renderer or two besides
 * it; the page's is the largest one once the report is loaded (CDP does not
 * map targets to pids).
 */
async function rendererPid(page: Page): Promise<number> {
  const session = await page.context().browser()!.newBrowserCDPSession();
  const info = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  let best = 0;
  let pid = 0;
  for (const p of info.processInfo.filter((x) => x.type === 'renderer')) {
    const kb = rssKB(p.id);
    if (kb > best) { best = kb; pid = p.id; }
  }
  return pid;
}

/** Resident memory of the page's renderer process. */
async function rendererRssMB(page: Page): Promise<number> {
  try {
    return rssKB(await rendererPid(page)) / 1024;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system, ms) of a process or one of its threads, from /proc. */
function cpuMs(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / 100); // clock ticks of 10 ms
}

/**
 * CPU time the page's renderer has used: its main thread (parsing, the
 * page's script) and the whole process (the decode worker, the compositor,
 * V8's helpers). On a loaded machine these, not the wall times, compare builds.
 */
async function rendererCpuMs(page: Page): Promise<{ main: number; all: number }> {
  try {
    const pid = await rendererPid(page);
    return { main: cpuMs(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')), all: cpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8')) };
  } catch {
    return { main: NaN, all: NaN };
  }
}

async function measure(trace: Trace, label: string): Promise<Row> {
  mkdirSync(OUT, { recursive: true });
  const file = resolve(OUT, `report-${label}.html`);
  // Written in pieces, as the CLI does: a 10M-span report is larger than one string may be.
  const fd = openSync(file, 'w');
  writeHtmlReport([{ title: `bench ${label}`, trace }], (text) => { writeSync(fd, text); });
  closeSync(fd);
  const htmlBytes = statSync(file).size;
  const browser = await launch(['--enable-precise-memory-info']);
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const t0 = Date.now();
    await page.goto(`file://${file}`, { timeout: 120_000 });
    const ev = <T>(code: string) => page.evaluate(code) as Promise<T>;
    while (!(await ev<boolean>('!!(window.__smplab && window.__smplab.paintAt)'))) {
      if (Date.now() - t0 > 120_000) throw new Error('no first paint within 2 minutes');
      await page.waitForTimeout(20);
    }
    // All three are ms since the navigation began (performance.now()'s origin).
    const { dataAt, paintAt, decodedAt, decodeFrom, scriptAt, indexedAt, frameFrom } = await ev<Record<'dataAt' | 'paintAt' | 'decodedAt' | 'decodeFrom' | 'scriptAt' | 'indexedAt' | 'frameFrom', number>>(
      '(({ dataAt, paintAt, decodedAt, decodeFrom, scriptAt, indexedAt, frameFrom }) => ({ dataAt, paintAt, decodedAt, decodeFrom, scriptAt, indexedAt, frameFrom }))(window.__smplab)');
    const cpu = await rendererCpuMs(page);
    const decodedIn = await ev<string>('String(window.__smplab.decodedWhere)');
    const arrowsAtFit = await ev<number>('window.__smplab.timeline.flowArrows().arrows.length');
    await page.screenshot({ path: `${OUT}/first-paint-${label}.png` });

    // Continuous zoom and pan, drawn synchronously; a 1-pixel readback forces the
    // canvas to rasterise inside the measured time (software rendering here).
    const frames = await ev<number[]>(`(() => {
      const tl = window.__smplab.timeline;
      const c = document.querySelector('.tl-canvas').getContext('2d');
      tl.fitAll();
      const out = [];
      const steps = 240;
      for (let k = 0; k < steps; k++) {
        const phase = Math.floor(k / 60);
        if (phase === 0) tl.zoomBy(1.12, 300 + k * 5);        // zoom in from the full run
        else if (phase === 1) tl.panBy(0.03);                 // pan while zoomed
        else if (phase === 2) tl.zoomBy(1 / 1.12, 800);       // zoom back out
        else tl.panBy(k % 2 ? -0.05 : 0.05);                  // pan at the widest zoom
        const t = performance.now();
        tl.drawBase();
        c.getImageData(0, 0, 1, 1);
        out.push(performance.now() - t);
      }
      return out;
    })()`);

    // The same through the real input path: wheel events at 60 Hz, rAF-to-rAF intervals.
    await ev('window.__smplab.timeline.fitAll()');
    const box = (await page.locator('.tl-stage').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + 60);
    await ev(`(() => { window.__raf = []; const tick = (t) => { window.__raf.push(t); if (window.__raf.length < 400) requestAnimationFrame(tick); }; requestAnimationFrame(tick); })()`);
    for (let k = 0; k < 90; k++) {
      await page.mouse.wheel(0, k < 45 ? -120 : 120);
      await page.waitForTimeout(16);
    }
    const raf = await ev<number[]>('window.__raf');
    const intervals = raf.slice(1).map((t, k) => t - raf[k]).slice(2);

    // Hover hit test at random points over the tracks, zoomed out (the costliest case).
    await ev('window.__smplab.timeline.fitAll()');
    const hit = await ev<{ mean: number; max: number }>(`(() => {
      const tl = window.__smplab.timeline;
      const { width, height } = tl.stageSize();
      let seed = 7;
      const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const batches = [];
      let n = 0;
      for (let b = 0; b < 40; b++) {
        const t = performance.now();
        for (let k = 0; k < 100; k++) { if (tl.hitTest(rnd() * width, rnd() * height)) n++; }
        batches.push((performance.now() - t) / 100);
      }
      return { mean: batches.reduce((a, v) => a + v, 0) / batches.length, max: Math.max(...batches), hits: n };
    })()`);

    const heap = await ev<number>('performance.memory ? performance.memory.usedJSHeapSize : NaN');
    const rss = await rendererRssMB(page);
    return {
      spans: trace.length.spans,
      records: trace.length.spans + trace.length.instants + trace.length.flows + trace.length.counters,
      flows: trace.length.flows,
      arrowsAtFit,
      htmlMB: htmlBytes / 1e6,
      openToPaintMs: paintAt,
      scriptMs: scriptAt,
      indexedMs: indexedAt,
      frameMs: frameFrom,
      decodedMs: decodedAt,
      decodeMs: decodedAt - decodeFrom,
      decodedIn, cpuMainMs: cpu.main, cpuAllMs: cpu.all,
      paintMs: paintAt - dataAt,
      frameMedian: quantile(frames, 0.5), frameP95: quantile(frames, 0.95),
      rafMedian: quantile(intervals, 0.5), rafP95: quantile(intervals, 0.95),
      hitMean: hit.mean, hitMax: hit.max,
      heapMB: heap / 1e6, rssMB: rss,
    };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const t = Date.now();
    const trace = synthetic ? syntheticTrace({ spans: n, cpus: CPUS }) : realTrace(n);
    process.stderr.write(`${n}: ${trace.length.spans} spans generated in ${Date.now() - t} ms; measuring…\n`);
    rows.push(await measure(trace, `${synthetic ? 'synthetic' : 'real'}-${n}`));
  }
  const bundle = statSync('dist/webview.js').size;
  const gz = gzipSync(readFileSync('dist/webview.js')).length;
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : '—');
  const head = ['spans', 'records', 'flows', 'arrows at fit', 'report MB', 'open→first paint ms', 'open→script ms', 'open→decoded ms', 'open→indexed ms', 'open→first frame ms', 'decode ms', 'inflated in', 'CPU to paint: main / all ms', 'paint after data ms', 'frame med ms', 'frame p95 ms', 'rAF med ms', 'rAF p95 ms', 'hit mean ms', 'hit max ms', 'JS heap MB', 'page RSS MB'];
  const lines = rows.map((r) => [
    r.spans.toLocaleString('en-US'), r.records.toLocaleString('en-US'), r.flows.toLocaleString('en-US'), String(r.arrowsAtFit), f(r.htmlMB), f(r.openToPaintMs, 0), f(r.scriptMs, 0), f(r.decodedMs, 0), f(r.indexedMs, 0), f(r.frameMs, 0), f(r.decodeMs, 0), r.decodedIn, `${f(r.cpuMainMs, 0)} / ${f(r.cpuAllMs, 0)}`, f(r.paintMs, 0),
    f(r.frameMedian), f(r.frameP95), f(r.rafMedian), f(r.rafP95), f(r.hitMean, 4), f(r.hitMax, 4), f(r.heapMB, 0), f(r.rssMB, 0),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...lines.map((l) => l[k].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, k) => c.padStart(widths[k])).join(' | ')} |`;
  console.log(`Timeline benchmark (${synthetic ? 'synthetic traces' : `real runs of ${SCENARIO}`}, ${CPUS} CPUs, headless Chromium, software rendering)`);
  console.log(fmt(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
  console.log(`webview bundle: ${(bundle / 1024).toFixed(0)} KB minified (${(gz / 1024).toFixed(0)} KB gzip); target < 600 KB`);
  console.log('targets (1M spans): open→first paint <= 500 ms, frame median <= 16 ms, p95 <= 33 ms, hit test < 1 ms, page memory < 400 MB');
  console.log('targets (10M spans): open→first paint <= 2000 ms, frame median <= 16.7 ms, page memory <= 1.5 GB');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
