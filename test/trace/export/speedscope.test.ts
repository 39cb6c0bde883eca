// A real consumer: speedscope's built app (npm speedscope, dist/release) in
// headless Chromium loads our exported Chrome JSON from #profileURL= and must
// list every track under its process / thread name, give each CPU's state
// track the run's full length, and show each simulated thread's run time in
// its sandwich table, and on each CPU's stacks track the call paths: every
// frame (and thread) as a caller whose total is the CPU time of the states
// nested in it, the states as leaves. Skipped when Chromium is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { exportChromeTrace } from '../../../src/trace/export/chromeTrace';
import { NONE, SpanKind, frameLabel, stackFrames } from '../../../src/trace/schema';
import { lockRun } from './simRuns';
import { browserSkip, launch } from '../../webview/browser';

const RELEASE = resolve('node_modules/speedscope/dist/release');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json' };

function serve(files: Record<string, string>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    if (files[url] !== undefined) { res.writeHead(200, { 'content-type': 'application/json' }); res.end(files[url]); return; }
    const p = join(RELEASE, url === '/' ? 'index.html' : url);
    if (!p.startsWith(RELEASE) || !existsSync(p)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(p)] ?? 'application/octet-stream' });
    res.end(readFileSync(p));
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, port: (server.address() as { port: number }).port })));
}

/** "273.69µs" / "1.20ms" → ns. */
function ns(text: string): number {
  const m = /([\d.]+)\s*(ns|µs|us|ms|s)\b/.exec(text);
  assert.ok(m, `a time in "${text}"`);
  return Number(m[1]) * { ns: 1, 'µs': 1e3, us: 1e3, ms: 1e6, s: 1e9 }[m[2] as 'ns']!;
}

/** The page's text once `ready` holds of it, or the last text read after 20 s. */
async function readUntil(page: import('playwright-core').Page, ready: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 20_000;
  let text = await page.innerText('body');
  while (!ready(text) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    text = await page.innerText('body');
  }
  return text;
}

test('speedscope shows the exported tracks by name with the right times', { skip: browserSkip() }, async () => {
  assert.ok(existsSync(RELEASE), `speedscope's built app is missing at ${RELEASE} (npm install)`);
  const trace = lockRun();
  const json = exportChromeTrace(trace);
  const { server, port } = await serve({ '/trace.json': json });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`http://localhost:${port}/index.html#profileURL=${encodeURIComponent(`http://localhost:${port}/trace.json`)}`);
    const first = page.getByText(/\(1\/\d+\)$/);
    await first.waitFor({ timeout: 20_000 });

    // The profile list: "#  Name  Total Weight".
    await first.click();
    const list = await page.innerText('body');
    const rows = [...list.matchAll(/^\d+\t(.+)\t([\d.]+\s*\S+)$/gm)].map((m) => ({ name: m[1], total: ns(m[2]) }));
    // speedscope makes a profile of every track with slices, named "<process> (pid p), <thread> (tid t)".
    type Ev = { ph: string; name: string; pid: number; tid: number; args: { name: string } };
    const events: Ev[] = JSON.parse(json).traceEvents;
    const process = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args.name]));
    const sliced = new Set(events.filter((e) => e.ph === 'X' || e.ph === 'B').map((e) => e.tid));
    const expected = events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && sliced.has(e.tid))
      .map((e) => `${process.get(e.pid)} (pid ${e.pid}), ${e.args.name} (tid ${e.tid})`);
    assert.equal(expected.length, 9);
    assert.deepEqual(rows.map((r) => r.name).sort(), expected.sort());
    for (const cpu of [0, 1]) {
      const state = rows.find((r) => r.name.includes(`CPU ${cpu} stacks`))!;
      assert.ok(Math.abs(state.total - trace.meta.endNs) <= 5, `CPU ${cpu} stacks track spans the run (${state.total} vs ${trace.meta.endNs})`);
    }
    await page.keyboard.press('Escape');

    // CPU 0's stacks track in the sandwich view: what each name encloses.
    const sp = trace.tables.spans;
    const m = trace.meta;
    const want = new Map<string, { total: number; self: number }>();
    const add = (name: string, total: number, self: number) => {
      const w = want.get(name) ?? { total: 0, self: 0 };
      w.total += total; w.self += self;
      want.set(name, w);
    };
    for (let i = 0; i < trace.length.spans; i++) {
      if (sp.kind[i] !== SpanKind.CpuState || sp.cpu[i] !== 0) continue;
      const names = new Set(stackFrames(m, sp.stack[i]).map((f) => frameLabel(m, f)));
      if (sp.thread[i] !== NONE) names.add(m.threads[sp.thread[i]].name);
      for (const n of names) add(n, sp.dur[i], 0);
      add(['user', 'kernel', 'interrupt', 'softint', 'spin', 'idle'][sp.sub[i]], sp.dur[i], sp.dur[i]);
    }
    assert.ok(['holder', 'inner', 'h'].every((n) => want.has(n)), 'CPU 0 ran holder > inner on thread h');
    const stacksRow = rows.find((r) => r.name.includes('CPU 0 stacks'))!;
    await page.getByText(/\(\d+\/\d+\)$/).click();
    await page.getByText(stacksRow.name, { exact: true }).click();
    await page.getByText('Sandwich').click();
    await page.getByText(/^Symbol Name$/).waitFor();
    const sandwich = await readUntil(page, (text) => ['holder', 'inner'].every((n) => new RegExp(`\\s${n}$`, 'm').test(text)));
    const got = new Map([...sandwich.matchAll(/^([\d.]+\s*(?:ns|µs|ms|s)) \(<?[\d.]+%\)\s+([\d.]+\s*(?:ns|µs|ms|s)) \(<?[\d.]+%\)\s+(.+)$/gm)]
      .map((r) => [r[3], { total: ns(r[1]), self: ns(r[2]) }]));
    assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), 'the frames, threads and states of CPU 0');
    const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(10, b * 0.005);
    for (const [name, w] of want) {
      const g = got.get(name)!;
      assert.ok(near(g.total, w.total) && near(g.self, w.self), `${name}: speedscope total ${g.total} self ${g.self}, trace ${w.total} / ${w.self}`);
    }
    await page.getByText('Time Order').click();

    // CPU 1's thread track in the sandwich view: each thread's total run time.
    const runNs = new Map<string, number>();
    for (let i = 0; i < trace.length.spans; i++) {
      if (sp.kind[i] !== SpanKind.ThreadRun || sp.cpu[i] !== 1) continue;
      const name = trace.meta.threads[sp.thread[i]].name;
      runNs.set(name, (runNs.get(name) ?? 0) + sp.dur[i]);
    }
    assert.deepEqual([...runNs.keys()].sort(), ['o', 'o2']);
    const idx = rows.findIndex((r) => r.name.includes('CPU 1 threads'));
    await page.getByText(/\(\d+\/\d+\)$/).click();
    await page.getByText(rows[idx].name, { exact: true }).click();
    await page.getByText('Sandwich').click();
    await page.getByText(/^Symbol Name$/).waitFor();
    // The sandwich table can paint its header before the new profile's rows
    // (CI read the body in between once): read until every thread is listed.
    const rowOf = (name: string) => new RegExp(`([\\d.]+\\s*(?:ns|µs|ms|s)) \\(<?[\\d.]+%\\)\\s+[\\d.]+\\s*(?:ns|µs|ms|s) \\(<?[\\d.]+%\\)\\s+${name}$`, 'm');
    const table = await readUntil(page, (text) => [...runNs.keys()].every((name) => rowOf(name).test(text)));
    for (const [name, want] of runNs) {
      const m = rowOf(name).exec(table);
      assert.ok(m, `thread ${name} listed in the sandwich table`);
      assert.ok(Math.abs(ns(m[1]) - want) <= 10, `${name}: speedscope ${m[1]} vs ${want} ns`);
    }
  } finally {
    await browser.close();
    server.close();
  }
});
