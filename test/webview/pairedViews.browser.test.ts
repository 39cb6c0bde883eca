// A comparison shows both runs: in the report of Giant against mpsafe, the
// Timeline tab stacks run A's and run B's timelines, which zoom and pan
// together on one time axis, and the Locks and Flame graph tabs switch to
// run B, showing its own numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { formatCount } from '../../src/core/format';
import type { Trace } from '../../src/trace/schema';
import { syncedWindow } from '../../webview/pairedViews';
import { browserTests } from './browser';
import { openReport, scenarioTrace } from './fixtures/reportPage';

let page: Page;
let a: Trace, b: Trace;
const evaluate = <T>(code: string): Promise<T> => page.evaluate(code) as Promise<T>;
type Win = { start: number; end: number };

test('the follower takes the leader\'s window, and an equal one is not echoed back', () => {
  assert.deepEqual(syncedWindow({ start: 5, end: 9 }, { start: 0, end: 20 }), { start: 5, end: 9 });
  assert.equal(syncedWindow({ start: 5, end: 9 }, { start: 5, end: 9 }), null);
});

const { skip } = browserTests(async (browser) => {
  a = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  b = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6, variant: 'mpsafe' });
  page = await openReport(browser, 'paired-report.html', [{ title: 'Giant', trace: a }, { title: 'mpsafe', trace: b }], { viewport: { width: 1280, height: 900 } });
  assert.ok(await evaluate<boolean>('!!window.__smplab.timelineB'), 'run B has its timeline');
});

test('both runs\' timelines, one above the other, zoom and pan together', { skip }, async () => {
  assert.equal(await page.locator('.pair-timelines .tl-root').count(), 2);
  const windows = () => evaluate<[Win, Win]>('[window.__smplab.timeline.window(), window.__smplab.timelineB.window()]');
  let [wa, wb] = await windows();
  assert.deepEqual(wb, wa);
  // zoom in on A with its + button: B follows
  await page.locator('.pair-a .tl-toolbar button[title^="Zoom in"]').click();
  await page.locator('.pair-a .tl-toolbar button[title^="Zoom in"]').click();
  [wa, wb] = await windows();
  assert.ok(wa.end - wa.start < (a.meta.endNs - a.meta.startNs) / 3, 'A zoomed in');
  assert.deepEqual(wb, wa, 'B shows the same window');
  // drag-pan B: A follows
  const box = (await page.locator('.pair-b .tl-stage').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + 40, { steps: 5 });
  await page.mouse.up();
  const [wa2, wb2] = await windows();
  assert.ok(wb2.start > wb.start, 'B panned later');
  assert.ok(Math.abs(wa2.start - wb2.start) < 1 && Math.abs(wa2.end - wb2.end) < 1, `A followed: ${JSON.stringify([wa2, wb2])}`);
  await page.mouse.move(0, 0);
  await page.waitForTimeout(700); // the tooltip's grace period
  await page.screenshot({ path: 'media/screenshot-compare-timelines.png' });
});

test('the Locks and Flame graph tabs switch to run B and show its numbers', { skip }, async () => {
  await page.click('.shell-tab[data-view="locks"]');
  const acquired = (pane: string) => page.$$eval(`${pane} tr.smp-lock-row`, (trs) => Object.fromEntries(trs.map((tr) => [(tr.querySelector('th')?.textContent ?? '').replace(/^[▸▾]/, ''), tr.querySelectorAll('td.smp-num')[0]?.textContent ?? ''])));
  const giantA = lockStats(a).rows.find((r) => r.name === 'Giant')!;
  const giantB = lockStats(b).rows.find((r) => r.name === 'Giant')!;
  assert.notEqual(giantA.acquisitions, giantB.acquisitions);
  assert.equal((await acquired('.pair-pane:not([hidden])')).Giant, formatCount(giantA.acquisitions));
  await page.click('.shell-panel-locks .pair-run[data-run="b"]');
  assert.equal(await page.getAttribute('.shell-panel-locks .pair-run[data-run="b"]', 'aria-checked'), 'true');
  const shownB = await acquired('.shell-panel-locks .pair-pane:not([hidden])');
  assert.equal(shownB.Giant, formatCount(giantB.acquisitions));
  assert.ok(Object.keys(shownB).length === b.meta.locks.length, 'run B\'s own locks');
  await page.click('.shell-tab[data-view="flame"]');
  await page.click('.shell-panel-flame .pair-run[data-run="b"]');
  await page.locator('.shell-panel-flame .pair-pane:not([hidden]) .smp-flame-canvas canvas').waitFor();
  assert.equal(await page.locator('.shell-panel-flame .pair-pane:not([hidden]) .smp-flame').count(), 1);
});
