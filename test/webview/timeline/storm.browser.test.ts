// The re-read storm of a ticket lock on the timeline, in the report of a real
// run of ticket-vs-queued at 16 CPUs: zoomed in on one contended release, an
// arrow for every spinner's line re-read (drawn one by one, from the
// releasing CPU), the hand-off arrow among them, and a hover that names them.
// The screenshot goes to media/ (docs/vscode.md shows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { compileModel, loadModel } from '../../../src/model';
import { simulate } from '../../../src/sim/simulate';
import { renderHtmlReport } from '../../../src/report/html';
import { FlowKind, type Trace } from '../../../src/trace/schema';
import { browserTests } from '../browser';

const OUT = 'test-output/webview';
const FILE = 'scenarios/ticket-vs-queued.smp.yaml';
let browser: Browser;
let report: string;
let trace: Trace;

const { skip } = browserTests(async (b) => {
  browser = b;
  mkdirSync(OUT, { recursive: true });
  if (!existsSync('dist/webview.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const { model } = loadModel(readFileSync(FILE, 'utf8'), FILE);
  trace = simulate(compileModel(model!, { durationNs: 4e6, cpus: 16 }));
  report = resolve(OUT, 'storm-report.html');
  writeFileSync(report, renderHtmlReport([{ title: 'ticket-vs-queued — ticket, 16 CPUs', trace }]));
});

type Arrows = { mode: string; arrows: { x: number; y: number; flow?: number; count: number }[] };

test('zoomed in on a ticket release: one arrow per spinner re-read, then the hand-off', { skip }, async () => {
  const fl = trace.tables.flows;
  // the release (t0 of a hand-off) with the most re-reads after it
  const reads = new Map<number, number[]>();
  for (let f = 0; f < trace.length.flows; f++) {
    if (fl.kind[f] !== FlowKind.LineTransfer) continue;
    const key = fl.cpu0[f] * 1e12 + Math.round(fl.t1[f] / 1e5); // group by releasing CPU and time neighbourhood
    (reads.get(key) ?? reads.set(key, []).get(key)!).push(f);
  }
  let storm: number[] = [];
  for (const fs of reads.values()) if (fs.length > storm.length && fs.length < 40) storm = fs;
  assert.ok(storm.length >= 5, `a storm of ${storm.length} re-reads`);
  const t0 = Math.min(...storm.map((f) => fl.t0[f])), t1 = Math.max(...storm.map((f) => fl.t1[f]));
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 720 }, colorScheme: 'dark' });
  await page.goto(`file://${report}`);
  await page.locator('.tl-canvas').first().waitFor();
  const pad = (t1 - t0) * 0.15;
  await page.evaluate(`window.__smplab.timeline.setWindow({ start: ${t0 - pad}, end: ${t1 + pad} })`);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))');
  const drawn = await page.evaluate('window.__smplab.timeline.flowArrows()') as Arrows;
  assert.equal(drawn.mode, 'each', 'zoomed in, every flow is its own arrow');
  const shown = new Set(drawn.arrows.map((a) => a.flow));
  const missing = storm.filter((f) => !shown.has(f));
  assert.deepEqual(missing, [], `every re-read of the storm is drawn (${storm.length})`);
  assert.ok(drawn.arrows.some((a) => a.flow !== undefined && fl.kind[a.flow] === FlowKind.LockHandoff), 'the hand-off arrow is among them');
  // hovering one names what it is
  const f = storm[Math.floor(storm.length / 2)];
  const p = (await page.evaluate(`window.__smplab.timeline.flowClientPoint(${f})`)) as { x: number; y: number };
  await page.mouse.move(p.x - 2, p.y);
  await page.mouse.move(p.x, p.y, { steps: 2 });
  const tip = page.locator('.tl-tooltip:not([hidden])');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await tip.innerText(), /Lock line re-read[\s\S]*d_lock/);
  await page.screenshot({ path: 'media/screenshot-ticket-storm.png' });
  await page.close();
});
