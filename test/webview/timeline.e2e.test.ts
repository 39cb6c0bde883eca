// The timeline in headless Chromium (playwright-core, Debian's chromium with
// the flags of ../shared/E2E.md), on the standalone HTML report of a real run
// of a built-in scenario: tracks render, hovering a lock wait shows its stack
// and a frame links to its model line, a range selection totals what the
// pure functions say, search dims what does not match, keys zoom and pan, the
// theme follows the colour scheme, and flow arrows (in buckets when zoomed
// out) answer the pointer and the keys. Screenshots go to test-output/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/html';
import { parseWebviewMessage } from '../../src/core/protocol';
import { FlowKind, NONE, SpanKind, type Trace } from '../../src/trace/schema';
import { describeSpan, frameLinks } from '../../webview/timeline/panels/describe';
import { formatCount, formatDuration, formatPercent, formatRate, formatTime } from '../../src/core/format';
import { flowClickSpan, followFlow } from '../../webview/timeline/flows/flowFollow';
import { readingAt } from '../../webview/timeline/data/counters';
import { matcherFor, matchingSpans } from '../../webview/timeline/data/highlight';
import { rangeTotals } from '../../webview/timeline/data/totals';
import { whoBlocked } from '../../webview/timeline/data/blockers';
import { TimelineIndex } from '../../webview/timeline/data/traceIndex';
import { browserTests } from './browser';
import { scenarioRun } from './fixtures/scenarioRun';
import { syntheticTrace } from './fixtures/syntheticTrace';

const OUT = 'test-output/webview';
let browser: Browser;
let page: Page;
let trace: Trace;
let scenarioFile: string;

/** In-page code goes as text: the test transform would add helpers the page does not have. */
const evaluate = <T>(code: string): Promise<T> => page.evaluate(code) as Promise<T>;
const frames = () => evaluate<void>('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))');
const shot = (name: string) => page.screenshot({ path: `${OUT}/${name}.png` });
/** Poll an in-page expression (waitForFunction would eval a string, which the report's CSP forbids). */
async function until(code: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await evaluate<boolean>(code))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${code}`);
    await page.waitForTimeout(25);
  }
}

/** Pixel statistics of the base canvas over a band of CSS rows (y0..y1 in stage coordinates). */
function bandStats(y0: number, y1: number): Promise<{ background: number[]; busy: number; colours: number }> {
  return evaluate(`(() => {
    const c = document.querySelector('.tl-canvas');
    const g = c.getContext('2d');
    const dpr = c.width / c.clientWidth;
    const all = g.getImageData(0, 0, c.width, c.height).data;
    const count = new Map();
    for (let k = 0; k < all.length; k += 4 * 7) { const key = (all[k] << 16) | (all[k + 1] << 8) | all[k + 2]; count.set(key, (count.get(key) || 0) + 1); }
    let bg = 0, best = -1;
    for (const [key, n] of count) if (n > best) { best = n; bg = key; }
    const d = g.getImageData(0, Math.round(${y0} * dpr), c.width, Math.max(1, Math.round((${y1} - ${y0}) * dpr))).data;
    let busy = 0; const colours = new Set();
    for (let k = 0; k < d.length; k += 4) {
      const key = (d[k] << 16) | (d[k + 1] << 8) | d[k + 2];
      if (key !== bg) busy++;
      colours.add(key);
    }
    return { background: [bg >> 16, (bg >> 8) & 255, bg & 255], busy: busy / (d.length / 4), colours: colours.size };
  })()`);
}

function pixelAt(cx: number, cy: number): Promise<number[]> {
  return evaluate(`(() => {
    const c = document.querySelector('.tl-canvas');
    const r = c.getBoundingClientRect();
    const dpr = c.width / c.clientWidth;
    return Array.from(c.getContext('2d').getImageData(Math.round((${cx} - r.left) * dpr), Math.round((${cy} - r.top) * dpr), 1, 1).data).slice(0, 3);
  })()`);
}

const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

const { skip } = browserTests(async (b) => {
  browser = b;
  mkdirSync(OUT, { recursive: true });
  if (!existsSync('dist/webview.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const run = scenarioRun(1e6);
  trace = run.trace;
  scenarioFile = run.file;
  const file = resolve(OUT, 'timeline-report.html');
  writeFileSync(file, renderHtmlReport([{ title: `${run.file} (1 ms)`, trace }]));
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${file}`);
  await until('!!window.__smplab && window.__smplab.paintAt !== undefined', 30_000);
  assert.deepEqual(errors, []);
});

test('every CPU gets a track with spans drawn, under a time axis in ns/µs/ms', { skip }, async () => {
  const rows = await evaluate<{ id: string; y: number; h: number }[]>('window.__smplab.timeline.rows()');
  const cpuRows = rows.filter((r) => r.id.startsWith('cpu:'));
  assert.equal(cpuRows.length, trace.meta.cpus);
  assert.equal(await page.locator('.tl-row-cpu').count(), trace.meta.cpus);
  for (const r of cpuRows) {
    const s = await bandStats(r.y + 2, r.y + r.h - 2);
    assert.ok(s.busy > 0.2, `${r.id}: ${(s.busy * 100).toFixed(1)}% of its pixels drawn`);
    assert.ok(s.colours >= 4, `${r.id}: states, holds and waits in several colours (${s.colours})`);
  }
  const ticks = await page.locator('.tl-axis-svg .tick text').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
  assert.ok(ticks.length >= 4 && ticks.every((t) => /^\d+(\.\d+)? (ns|µs|ms|s)$/.test(t)), `ticks: ${ticks.join(', ')}`);
  await shot('01-timeline');
});

test('hovering a lock wait shows kind, lock, holder and its stack; a frame link asks for its model line', { skip }, async () => {
  const sp = trace.tables.spans;
  let wait = -1;
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] === SpanKind.LockWait && sp.stack[i] !== 0 && (wait < 0 || sp.dur[i] > sp.dur[wait])) wait = i;
  }
  const expected = frameLinks(trace.meta, sp.stack[wait]);
  const lock = trace.meta.locks[sp.obj[wait]].name;
  await evaluate(`window.__smplab.timeline.revealSpan(${wait}, true)`);
  await frames();
  const p = await evaluate<{ x: number; y: number } | null>(`window.__smplab.timeline.spanClientPoint(${wait})`);
  assert.ok(p, 'the wait is on screen');
  await page.mouse.move(p.x - 2, p.y);
  await page.mouse.move(p.x, p.y, { steps: 2 });
  const tip = page.locator('.tl-tooltip:not([hidden])');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  const text = await tip.innerText();
  assert.match(text, new RegExp(`Wait for ${lock} \\((spin|sleep)`));
  assert.match(text, new RegExp(`CPU\\s+${sp.cpu[wait]}\\b`));
  assert.ok(text.includes(expected.map((f) => f.name).join(' › ')), `stack ${expected.map((f) => f.name).join(' › ')} in ${text}`);
  assert.match(text, /Blocked by .* holding /, 'who blocked me');
  await shot('02-wait-tooltip');

  const leaf = expected[expected.length - 1];
  const link = tip.locator('a.tl-frame[data-src]').last();
  assert.equal(Number(await link.getAttribute('data-src')), leaf.src);
  await link.click();
  const posted = await evaluate<{ type: string; runId: number; src: number }[]>('window.__smplab.posted');
  assert.deepEqual(posted.filter((m) => m.type === 'openSource'), [{ type: 'openSource', runId: 1, src: leaf.src }], 'only the source id crosses');
  const where = trace.meta.sources[leaf.src];
  assert.equal(where.file, scenarioFile);
  await page.locator('.shell-toast:not([hidden])').waitFor({ state: 'visible', timeout: 2000 });
  assert.ok((await page.locator('.shell-toast').innerText()).includes(`${where.file}:${where.line}:${where.column}`));
  await page.mouse.move(5, 5);
});

test('hovering a counter track shows the value in effect, its delta and its rate', { skip }, async () => {
  await evaluate('window.__smplab.timeline.fitAll()');
  await frames();
  const series = trace.meta.series.findIndex((x) => x.kind === 'counter');
  const rows = await evaluate<{ id: string; y: number; h: number }[]>('window.__smplab.timeline.rows()');
  const row = rows.find((r) => r.id === `series:${series}`)!;
  assert.ok(row, 'the counter has a row');
  const box = (await page.locator('.tl-stage').boundingBox())!;
  const x = box.x + box.width * 0.8;
  const y = box.y + row.y + row.h / 2 - (await evaluate<number>(`document.querySelector('.tl-body').scrollTop`));
  await page.mouse.move(x - 3, y);
  await page.mouse.move(x, y, { steps: 2 });
  const tip = page.locator('.tl-tooltip:not([hidden])');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  const text = await tip.innerText();
  // What the pure functions say about the same instant.
  const t = await evaluate<number>(`(() => { const w = window.__smplab.timeline.window(); const s = window.__smplab.timeline.stageSize(); return w.start + (${x - box.x}) / s.width * (w.end - w.start); })()`);
  const r = readingAt(new TimelineIndex(trace).series[series], t)!;
  assert.match(text, new RegExp(`${trace.meta.series[series].name.replace(/\./g, '\\.')} \\(counter\\)`));
  assert.match(text, new RegExp(`Value\\s+${formatCount(r.value)}`));
  assert.ok(r.dtNs > 0 && r.delta !== 0, 'the reading has a previous sample');
  assert.ok(text.includes(`Delta\t${r.delta > 0 ? '+' : ''}${formatCount(r.delta)} in ${formatDuration(r.dtNs)}`), text);
  assert.ok(text.includes(`Rate\t${formatRate(r.ratePerSec)}`), text);
  await page.mouse.move(5, 5);
});

test('a range selection (Shift+drag) totals time by state per CPU and lock waits, as the pure functions do', { skip }, async () => {
  await evaluate('window.__smplab.timeline.fitAll()');
  await frames();
  const box = (await page.locator('.tl-stage').boundingBox())!;
  const rows = await evaluate<{ id: string; y: number; h: number }[]>('window.__smplab.timeline.rows()');
  const y = box.y + rows[0].y + rows[0].h / 2;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.85, y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const range = await evaluate<{ start: number; end: number }>('window.__smplab.ctx.selection.get()');
  assert.ok(range && range.end - range.start > (trace.meta.endNs - trace.meta.startNs) * 0.25, `range ${JSON.stringify(range)}`);
  const want = rangeTotals(new TimelineIndex(trace), range.start, range.end);
  const table = page.locator('.tl-cpu-totals tbody tr');
  assert.equal(await table.count(), trace.meta.cpus);
  for (const c of want.cpus) {
    const cells = await table.nth(c.cpu).locator('td').allInnerTexts();
    const len = range.end - range.start;
    assert.deepEqual(cells.slice(2, 8), c.ns.map((ns) => formatPercent(ns, len)), `CPU ${c.cpu}`);
    assert.equal(cells[8], String(c.switches));
    assert.equal(cells[9], String(c.interrupts));
  }
  const lockRows = await page.locator('.tl-lock-totals tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent)));
  assert.deepEqual(lockRows, want.locks.map((l) => [l.name, String(l.waits)]));
  assert.ok(want.locks.length > 0, 'the scenario has lock waits in the range');
  await shot('03-range-totals');
  await page.keyboard.press('Escape');
});

test('search dims what does not match, counts the matches, and Enter steps to one', { skip }, async () => {
  await evaluate('window.__smplab.timeline.fitAll()');
  await frames();
  const sp = trace.tables.spans;
  const giant = trace.meta.locks.findIndex((l) => l.name === 'Giant');
  const lock = giant >= 0 ? giant : 0;
  const name = trace.meta.locks[lock].name;
  const other = trace.meta.locks.findIndex((_, k) => k !== lock);
  // A hold of another lock, wide enough to sample: its pixel must fade towards the background.
  let sample = -1;
  for (let i = 0; i < trace.length.spans && other >= 0; i++) {
    if (sp.kind[i] === SpanKind.LockHold && sp.obj[i] === other && (sample < 0 || sp.dur[i] > sp.dur[sample])) sample = i;
  }
  await evaluate(`window.__smplab.timeline.revealSpan(${sample}, true)`);
  await frames();
  const p = (await evaluate<{ x: number; y: number } | null>(`window.__smplab.timeline.spanClientPoint(${sample})`))!;
  const bg = (await bandStats(0, 1)).background;
  const before = await pixelAt(p.x, p.y);
  await page.locator('.tl-search').fill(name);
  await until(`document.querySelector('.tl-match-info').textContent.includes('spans')`);
  await frames();
  const expected = matchingSpans(trace, matcherFor(trace.meta, { kind: 'search', text: name })!).length;
  assert.match(await page.locator('.tl-match-info').innerText(), new RegExp(`^${expected.toLocaleString('en-US')} spans · 1 lock`));
  const afterPx = await pixelAt(p.x, p.y);
  assert.ok(dist(afterPx, bg) < dist(before, bg) * 0.6, `non-matching span faded: ${before} → ${afterPx} (background ${bg})`);
  assert.equal(await page.locator(`.tl-row-label.tl-row-match[data-row="lock:${lock}"]`).count(), 1, 'the lock row label is highlighted');
  await evaluate('window.__smplab.timeline.fitAll()');
  await frames();
  await shot('04-search');
  await page.locator('.tl-search').press('Enter');
  await frames();
  assert.match(await page.locator('.tl-details .tl-desc-title').innerText(), new RegExp(name));
  await page.locator('.tl-search').press('Escape');
});

test('keys: W zooms in, D pans, F fits; the theme follows the colour scheme', { skip }, async () => {
  await evaluate('window.__smplab.timeline.fitAll()');
  await page.locator('.tl-stage').focus();
  const full = await evaluate<{ start: number; end: number }>('window.__smplab.timeline.window()');
  // Held keys zoom and pan per animation frame, and a loaded machine paints few frames: hold each key until it has
  // had its effect (or 15 s), then check.
  const holdUntil = async (key: string, done: string) => {
    await page.keyboard.down(key);
    try { await until(done, 15_000); } finally { await page.keyboard.up(key); }
  };
  const fullLen = full.end - full.start;
  await holdUntil('w', `(() => { const w = window.__smplab.timeline.window(); return w.end - w.start < ${fullLen} / 2.5; })()`);
  const zoomed = await evaluate<{ start: number; end: number }>('window.__smplab.timeline.window()');
  assert.ok(zoomed.end - zoomed.start < (full.end - full.start) / 2, `W zoomed in: ${JSON.stringify(zoomed)}`);
  await holdUntil('d', `window.__smplab.timeline.window().start > ${zoomed.start} + (${zoomed.end - zoomed.start}) / 10`);
  const panned = await evaluate<{ start: number; end: number }>('window.__smplab.timeline.window()');
  assert.ok(panned.start > zoomed.start, 'D panned later');
  assert.ok(Math.abs((panned.end - panned.start) - (zoomed.end - zoomed.start)) < 1e-6 * (full.end - full.start), 'panning keeps the zoom');
  await page.keyboard.press('f');
  assert.deepEqual(await evaluate('window.__smplab.timeline.window()'), full);

  const lum = (c: number[]) => (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
  await frames();
  assert.ok(lum((await bandStats(0, 1)).background) < 0.3, 'dark scheme: dark canvas');
  await page.emulateMedia({ colorScheme: 'light' });
  await frames();
  assert.ok(lum((await bandStats(0, 1)).background) > 0.8, 'light scheme: the canvas redraws light');
  await shot('05-light');
  await page.emulateMedia({ colorScheme: 'dark' });
});

test('selecting a wait shows who blocked it (outlined, listed, with the handoff) beside the range totals', { skip }, async () => {
  const sp = trace.tables.spans;
  let wait = -1;
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] === SpanKind.LockWait && sp.stack[i] !== 0 && sp.start[i] > trace.meta.warmupNs && (wait < 0 || sp.dur[i] > sp.dur[wait])) wait = i;
  }
  const blockers = whoBlocked(new TimelineIndex(trace), wait)!;
  assert.ok(blockers.holds.length > 0);
  await evaluate(`(() => { const t = window.__smplab.timeline; t.expand('cpu:${sp.cpu[wait]}'); t.revealSpan(${wait}, true);
    const w = t.window(); const len = w.end - w.start; t.setWindow({ start: w.start - len, end: w.end + len }); })()`);
  await frames();
  const p = (await evaluate<{ x: number; y: number }>(`window.__smplab.timeline.spanClientPoint(${wait})`))!;
  await page.mouse.click(p.x, p.y);
  const s = sp.start[wait];
  await evaluate(`window.__smplab.timeline.selectRange(${s - 2000}, ${s + sp.dur[wait] + 2000})`);
  const items = await page.locator('.tl-details .tl-blocker').allInnerTexts();
  assert.equal(items.length, blockers.holds.length, items.join(' | '));
  assert.match(await page.locator('.tl-details').innerText(), /Who blocked me[\s\S]*Handed over at/);
  await page.mouse.move(p.x - 2, p.y);
  await page.mouse.move(p.x, p.y, { steps: 2 });
  await page.locator('.tl-tooltip:not([hidden])').waitFor({ state: 'visible', timeout: 5000 });
  await evaluate(`document.querySelector('.shell-toast').hidden = true`); // left over from the link test
  await frames();
  await shot('07-who-blocked-me');
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('flows: zoomed out they are drawn in buckets per CPU pair, an arrow’s tooltip says what it is, a click selects its target, [ and ] follow', { skip }, async () => {
  const fl = trace.tables.flows;
  const ix = new TimelineIndex(trace);
  await evaluate('window.__smplab.timeline.fitAll()');
  await frames();
  // Zoomed out: more flows than are drawn one by one, so arrows stand for buckets of them.
  type Arrows = { mode: string; arrows: { x: number; y: number; flow?: number; count: number }[] };
  const zoomedOut = await evaluate<Arrows>('window.__smplab.timeline.flowArrows()');
  assert.equal(zoomedOut.mode, 'buckets');
  assert.ok(zoomedOut.arrows.length > 20, `${zoomedOut.arrows.length} arrows`);
  const held = zoomedOut.arrows.reduce((a, x) => a + x.count, 0);
  assert.ok(held >= trace.length.flows * 0.9 && held <= trace.length.flows, `the buckets hold the run's flows: ${held} of ${trace.length.flows}`);
  assert.match(await page.locator('.tl-status').innerText(), /flows grouped per \d/);
  const box = (await page.locator('.tl-stage').boundingBox())!;
  const under = (x: number, y: number) => evaluate<{ kind: string; a?: number; b?: number; f?: number } | null>(`window.__smplab.timeline.hitTest(${x - box.x}, ${y - box.y})`);
  // The fullest arrow joining two CPU rows that the pointer gets at its middle.
  let bucket = null as null | Arrows['arrows'][number];
  for (const a of [...zoomedOut.arrows].sort((x, y) => y.count - x.count)) {
    if ((await under(a.x, a.y))?.kind === 'flows') { bucket = a; break; }
  }
  assert.ok(bucket, 'an arrow of many flows under the pointer');
  // Its pixels are on the base canvas: they go when flows are switched off.
  const around = async () => (await Promise.all([-1, 0, 1].map((dx) => pixelAt(bucket!.x + dx, bucket!.y)))).flat();
  const withFlows = await around();
  await page.locator('.tl-check:has-text("Flows") input').uncheck();
  await frames();
  assert.notDeepEqual(await around(), withFlows, 'the bucket’s arrow is drawn');
  await page.locator('.tl-check:has-text("Flows") input').check();
  await frames();
  await page.mouse.move(bucket.x - 3, bucket.y);
  await page.mouse.move(bucket.x, bucket.y, { steps: 2 });
  const tip = page.locator('.tl-tooltip:not([hidden])');
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  const bucketText = await tip.innerText();
  assert.match(bucketText, new RegExp(`^${bucket.count} flows?, CPU \\d → CPU \\d`), bucketText);
  assert.match(bucketText, /Kinds\t\d+ (lock handoffs?|wakeups?|IPIs?)/);
  assert.match(bucketText, /Latency\t\d+(\.\d+)? (ns|µs|ms)/);
  await shot('08-flow-bucket-tooltip');
  await page.mouse.move(5, 5);

  // Zoomed in around one long cross-CPU handoff after the warm-up: few flows, each drawn as its own curve.
  let f = -1;
  for (let i = 0; i < trace.length.flows; i++) {
    if (fl.kind[i] !== FlowKind.LockHandoff || fl.cpu0[i] === fl.cpu1[i] || fl.t0[i] < trace.meta.warmupNs) continue;
    if (f < 0 || fl.t1[i] - fl.t0[i] > fl.t1[f] - fl.t0[f]) f = i;
  }
  assert.ok(f >= 0, 'the run hands a lock between CPUs');
  const lat = fl.t1[f] - fl.t0[f];
  await evaluate(`window.__smplab.timeline.setWindow({ start: ${fl.t0[f] - 3 * lat}, end: ${fl.t1[f] + 3 * lat} })`);
  await frames();
  const zoomedIn = await evaluate<Arrows>('window.__smplab.timeline.flowArrows()');
  assert.equal(zoomedIn.mode, 'each');
  assert.ok(zoomedIn.arrows.some((a) => a.flow === f));
  const p = (await evaluate<{ x: number; y: number } | null>(`window.__smplab.timeline.flowClientPoint(${f})`))!;
  assert.ok(p, 'the flow is on screen');
  assert.deepEqual(await under(p.x, p.y), { kind: 'flow', f });
  await page.mouse.move(p.x - 2, p.y);
  await page.mouse.move(p.x, p.y, { steps: 2 });
  await tip.waitFor({ state: 'visible', timeout: 5000 });
  const text = await tip.innerText();
  const m = trace.meta;
  assert.match(text, /^Lock handoff/);
  assert.ok(text.includes(`Lock\t${m.locks[fl.obj[f]].name}`), text);
  const who = (t: number, cpu: number) => (t === NONE ? `CPU ${cpu} (interrupt context)` : `${m.threads[t].name} on CPU ${cpu}`);
  assert.ok(text.includes(`From\t${who(fl.thread0[f], fl.cpu0[f])} at ${formatTime(fl.t0[f])}`), text);
  assert.ok(text.includes(`To\t${who(fl.thread1[f], fl.cpu1[f])} at ${formatTime(fl.t1[f])}`), text);
  assert.ok(text.includes(`Latency\t${formatDuration(lat)}`), text);
  await shot('09-flow-tooltip');

  // A click selects the span the arrow points at, as a click on that span would.
  const target = flowClickSpan(ix, f);
  assert.ok(target >= 0);
  await page.mouse.click(p.x, p.y);
  assert.equal(await evaluate<number>('window.__smplab.timeline.selectedSpan()'), target);
  assert.equal(await page.locator('.tl-details .tl-desc-title').innerText(), describeSpan(trace, target).title);
  // [ goes back along the first flow entering it, ] forward along the first leaving it.
  const back = followFlow(ix, target, -1)!;
  assert.ok(back && back.span >= 0, 'a flow enters the target');
  await page.keyboard.press('[');
  assert.equal(await evaluate<number>('window.__smplab.timeline.selectedSpan()'), back.span);
  assert.match(await page.locator('.tl-visually-hidden').innerText(), /^Followed /);
  const on = followFlow(ix, back.span, 1);
  await page.keyboard.press(']');
  assert.equal(await evaluate<number>('window.__smplab.timeline.selectedSpan()'), on ? on.span : back.span);
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
});

test('a report of two runs: a picker switches between them, the compare view gets both, CPU rows expand into threads', { skip }, async () => {
  const a = syntheticTrace({ spans: 4000, cpus: 2, seed: 1 });
  const b = syntheticTrace({ spans: 4000, cpus: 4, seed: 2 });
  const file = resolve(OUT, 'two-runs-report.html');
  writeFileSync(file, renderHtmlReport([{ title: 'two CPUs', trace: a }, { title: 'four CPUs', trace: b }]));
  const main = page;
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    await page.goto(`file://${file}`);
    await until('!!window.__smplab && window.__smplab.paintAt !== undefined');
    assert.deepEqual(await page.locator('.shell-run-picker option').allInnerTexts(), ['two CPUs', 'four CPUs']);
    // the Timeline tab shows both runs, A above B (webview/pairedViews.ts)
    assert.equal(await page.locator('.pair-a .tl-row-cpu').count(), 2);
    assert.equal(await page.locator('.pair-b .tl-row-cpu').count(), 4);
    assert.deepEqual(await evaluate('[window.__smplab.ctx.compare.a.title, window.__smplab.ctx.compare.b.title, window.__smplab.ctx.compare.b.trace.meta.cpus]'), ['two CPUs', 'four CPUs', 4]);
    await page.locator('.shell-run-picker').selectOption({ label: 'four CPUs' });
    await until(`window.__smplab.ctx.title === 'four CPUs' && window.__smplab.paintAt !== undefined`);
    assert.equal(await page.locator('.pair-a .tl-row-cpu').count(), 4);
    // CPU 0 expands into the threads that ran on it and the locks taken there.
    await page.locator('.pair-a .tl-row-label[data-row="cpu:0"] .tl-twisty').click();
    const labels = await page.locator('.pair-a .tl-row-cpuThread .tl-row-name').allInnerTexts();
    assert.ok(labels.includes('irq/wm0:rxq0') && labels.includes('iperf/0'), `thread rows: ${labels.join(', ')}`);
    assert.ok((await page.locator('.pair-a .tl-row-cpuLock').count()) >= 3);
    assert.equal(await page.locator('.pair-a .tl-row-label[data-row="cpu:0"]').getAttribute('aria-expanded'), 'true');
    await page.screenshot({ path: `${OUT}/06-two-runs-expanded.png` });
  } finally {
    await page.close();
    page = main;
  }
});

test('inside VS Code (acquireVsCodeApi): ready is posted, and the viewport, range, rows and search survive a reload through setState', { skip }, async () => {
  const main = page;
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    // A stand-in for the webview host API, backed by sessionStorage so a reload keeps the state.
    await page.addInitScript(`window.acquireVsCodeApi = () => ({
      postMessage: (m) => { const a = JSON.parse(sessionStorage.getItem('posted') || '[]'); a.push(m); sessionStorage.setItem('posted', JSON.stringify(a)); },
      getState: () => JSON.parse(sessionStorage.getItem('state') || 'null'),
      setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
    });`);
    await page.goto(`file://${resolve(OUT, 'timeline-report.html')}`);
    await until('!!window.__smplab && window.__smplab.paintAt !== undefined');
    const posted = await evaluate<{ type: string }[]>(`JSON.parse(sessionStorage.getItem('posted'))`);
    assert.deepEqual(posted[0], { type: 'ready' });
    const len = trace.meta.endNs - trace.meta.startNs;
    const want = { start: trace.meta.startNs + len * 0.6, end: trace.meta.startNs + len * 0.62 };
    const range = { start: want.start + len * 0.001, end: want.start + len * 0.004 };
    await evaluate(`(() => { const t = window.__smplab.timeline; t.setWindow(${JSON.stringify(want)}); t.selectRange(${range.start}, ${range.end}); t.expand('cpu:1'); })()`);
    await page.locator('.tl-search').fill('rtentry');
    await until(`(JSON.parse(sessionStorage.getItem('state')) || {}).timeline?.search === 'rtentry'`);
    // The view shown is part of the state too (it used to be overwritten by the first tab shown on mount).
    await page.locator('.shell-tab[data-view="locks"]').click();
    await until(`(JSON.parse(sessionStorage.getItem('state')) || {}).view === 'locks'`);
    const saved = await evaluate<{ runId: number; view: string; timeline: unknown }>(`JSON.parse(sessionStorage.getItem('state'))`);
    assert.equal(saved.runId, 1, 'the host finds its run id in the state');
    await page.reload();
    await until('!!window.__smplab && window.__smplab.paintAt !== undefined');
    await page.locator('.shell-tab[data-view="locks"][aria-selected="true"]').waitFor({ timeout: 5000 });
    await page.locator('.shell-tab[data-view="timeline"]').click();
    await frames();
    const w = await evaluate<{ start: number; end: number }>('window.__smplab.timeline.window()');
    assert.ok(Math.abs(w.start - want.start) < len * 1e-9 && Math.abs(w.end - want.end) < len * 1e-9, `window ${JSON.stringify(w)}`);
    assert.deepEqual(await evaluate('window.__smplab.ctx.selection.get()'), range);
    assert.equal(await page.locator('.tl-row-label[data-row="cpu:1"]').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('.tl-search').inputValue(), 'rtentry');
    assert.ok((await page.locator('.tl-totals .tl-cpu-totals').count()) === 1, 'the range totals are back');
  } finally {
    await page.close();
    page = main;
  }
});
