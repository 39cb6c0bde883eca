// The timeline by keyboard and its label column, in the report of a real run:
// the track names are one Tab stop (roving focus inside, arrows move, → ←
// expand and collapse), the stage shows a focus ring above its canvases, a
// collapsed CPU row's lock waits are reachable (Shift+↓ picks the lane, → steps
// to a span), and the name column widens by drag, keys and double-click.
// Screenshots: media/screenshot-keyboard-focus.png, -labels-widened.png, -filters.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SpanKind, type Trace } from '../../../src/trace/schema';
import { browserTests } from '../browser';
import { OUT, openReport, scenarioTrace } from '../fixtures/reportPage';

let page: Page;
let trace: Trace;
const evaluate = <T>(code: string): Promise<T> => page.evaluate(code) as Promise<T>;

const { skip } = browserTests(async (browser) => {
  trace = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  page = await openReport(browser, 'keyboard-report.html', [{ title: 'giant-vs-mpsafe — base', trace }]);
});

const active = () => page.evaluate(() => {
  const a = document.activeElement as HTMLElement | null;
  return { cls: a?.className ?? '', row: a?.closest<HTMLElement>('.tl-row-label')?.dataset.row ?? '', text: a?.textContent ?? '' };
});

test('the track names are one Tab stop; arrows move inside; the stage is the next stop, with a visible ring', { skip }, async () => {
  const tabbable = await page.$$eval('.tl-labels button', (bs) => bs.filter((b) => (b as HTMLElement).tabIndex >= 0).length);
  assert.equal(tabbable, 1, 'one tab stop in the track list');
  await page.focus('.tl-search');
  // from the search box: the toolbar's controls, then the names, then the stage — count the presses
  let presses = 0;
  while ((await active()).cls !== 'tl-row-name' && presses < 40) { await page.keyboard.press('Tab'); presses++; }
  assert.ok(presses < 20, `${presses} Tab presses from the search box to the track names`);
  assert.equal((await active()).row, 'cpu:0');
  await page.keyboard.press('ArrowDown');
  assert.equal((await active()).row, 'cpu:1');
  await page.keyboard.press('ArrowRight'); // expands CPU 1
  assert.equal(await page.getAttribute('[data-row="cpu:1"]', 'aria-expanded'), 'true');
  assert.equal((await active()).row, 'cpu:1', 'focus stays on the row that expanded');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getAttribute('[data-row="cpu:1"]', 'aria-expanded'), 'false');
  await page.keyboard.press('Tab');
  assert.match((await active()).cls, /tl-stage/);
  const ring = await page.$eval('.tl-stage', (e) => getComputedStyle(e, '::after').borderTopWidth);
  assert.equal(ring, '2px', 'focus ring drawn above the canvases');
  await page.screenshot({ path: `${OUT}/keyboard-focus-ring.png`, clip: { x: 0, y: 0, width: 1280, height: 400 } });
  await page.screenshot({ path: 'media/screenshot-keyboard-focus.png', clip: { x: 0, y: 0, width: 1280, height: 400 } });
});

test('a collapsed CPU row\'s lock waits are reachable: Shift+↓ picks the lane, → steps to a span in it', { skip }, async () => {
  await page.focus('.tl-stage');
  await page.keyboard.press('Escape');
  // walk the lanes of the focused (collapsed) row until a step lands on a lock wait
  let found = -1;
  for (let k = 0; k < 8 && found < 0; k++) {
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('ArrowRight');
    const i = await evaluate<number>('window.__smplab.timeline.selectedSpan()');
    if (i >= 0 && trace.tables.spans.kind[i] === SpanKind.LockWait) found = i;
  }
  assert.ok(found >= 0, 'reached a lock wait from the collapsed row');
  assert.equal(await page.getAttribute('[data-row="cpu:1"]', 'aria-expanded'), 'false', 'without expanding it');
});

test('the name column widens by drag, by keys, and fits the longest name on double-click', { skip }, async () => {
  const width = () => page.$eval('.tl-labels', (e) => e.getBoundingClientRect().width);
  const stage = () => page.$eval('.tl-stage', (e) => e.getBoundingClientRect().width);
  const w0 = await width(), s0 = await stage();
  const h = await page.$eval('.tl-label-resizer', (e) => e.getBoundingClientRect().toJSON());
  await page.mouse.move(h.x + h.width / 2, h.y + 40);
  await page.mouse.down();
  await page.mouse.move(h.x + h.width / 2 + 120, h.y + 40, { steps: 4 });
  await page.mouse.up();
  assert.ok(Math.abs((await width()) - (w0 + 120)) <= 2, `dragged to ${await width()} from ${w0}`);
  assert.ok(Math.abs((await stage()) - (s0 - 120)) <= 2, 'the stage gave the room');
  await page.focus('.tl-label-resizer');
  await page.keyboard.press('Home');
  assert.equal(await width(), 80);
  await page.keyboard.press('ArrowRight');
  assert.equal(await width(), 96);
  assert.equal(await page.getAttribute('.tl-label-resizer', 'aria-valuenow'), '96');
  // at 96 px some names are cut; the full name is the tooltip, and a double-click shows them whole
  const cut = await page.$$eval('.tl-row-name', (bs) => bs.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => [b.textContent, b.getAttribute('title')]));
  assert.ok(cut.length > 0 && cut.every(([t, title]) => title!.startsWith(t!)), JSON.stringify(cut.slice(0, 3)));
  await page.dblclick('.tl-label-resizer');
  const stillCut = await page.$$eval('.tl-row-name', (bs) => bs.filter((b) => b.scrollWidth > b.clientWidth + 1).length);
  assert.equal(stillCut, 0, 'every name whole after the double-click');
  await page.screenshot({ path: `${OUT}/labels-widened.png`, clip: { x: 0, y: 0, width: 1280, height: 400 } });
  await page.screenshot({ path: 'media/screenshot-labels-widened.png', clip: { x: 0, y: 0, width: 1280, height: 400 } });
});

test('filters hide tracks: a CPU list, and only the tracks a search matches', { skip }, async () => {
  const cpuRows = () => page.$$eval('.tl-row-label.tl-row-cpu', (els) => els.map((e) => (e as HTMLElement).dataset.row));
  assert.equal((await cpuRows()).length, trace.meta.cpus);
  await page.fill('.tl-cpu-filter', '0-1, 5');
  assert.deepEqual(await cpuRows(), ['cpu:0', 'cpu:1', 'cpu:5']);
  const canvasRows = await evaluate<{ id: string }[]>('window.__smplab.timeline.rows()');
  assert.deepEqual(canvasRows.filter((r) => r.id.startsWith('cpu:') && !r.id.includes('/')).map((r) => r.id), ['cpu:0', 'cpu:1', 'cpu:5'], 'the canvas draws the same rows');
  await page.fill('.tl-cpu-filter', '12');
  assert.equal(await page.$eval('.tl-cpu-filter', (e) => (e as HTMLInputElement).validationMessage), `CPU 12 is not in this run (CPUs 0-${trace.meta.cpus - 1})`);
  assert.deepEqual(await cpuRows(), ['cpu:0', 'cpu:1', 'cpu:5'], 'a bad list keeps the last good one');
  await page.fill('.tl-cpu-filter', '');
  assert.equal((await cpuRows()).length, trace.meta.cpus);
  // only the CPU the matched thread ran on
  const name = trace.meta.threads.find((t) => t.name.endsWith('/3'))!.name;
  await page.fill('.tl-search', name);
  await page.check('.tl-toolbar label:has-text("Only matching") input');
  // The search applies after its 120 ms debounce: read the rows until they change (a loaded machine fires it late).
  let rows = await cpuRows();
  for (const until = Date.now() + 10_000; rows.length !== 1 && Date.now() < until; rows = await cpuRows()) await page.waitForTimeout(50);
  assert.deepEqual(rows, ['cpu:3']);
  await page.screenshot({ path: `${OUT}/filters-only-matching.png`, clip: { x: 0, y: 0, width: 1280, height: 300 } });
  await page.screenshot({ path: 'media/screenshot-filters.png', clip: { x: 0, y: 0, width: 1280, height: 300 } });
  await page.uncheck('.tl-toolbar label:has-text("Only matching") input');
  assert.equal((await cpuRows()).length, trace.meta.cpus);
  await page.fill('.tl-search', '');
});
