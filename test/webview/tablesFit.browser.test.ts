// Tables that fit: in a panel narrower than the tables' natural width, an
// expanded lock row (the imported rwsem row with its long kernel call paths)
// keeps every numeric column of the lock table in view, long paths wrap and
// carry the whole path as a tooltip, and the compare delta table fits the
// panel. Screenshots in test-output/webview/ and media/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { importPerfLockText } from '../../src/trace/import/perfLock';
import { browserTests } from './browser';
import { OUT, openReport, scenarioTrace } from './fixtures/reportPage';

let browser: Browser;

const { skip } = browserTests(async (b) => {
  browser = b;
});

/** How far the table reaches past its scrolling container's visible width (≤ 0: it fits). */
function overflow(page: Page, table: string): Promise<number> {
  return page.$eval(table, (t) => {
    let box = t.parentElement!;
    while (box && getComputedStyle(box).overflowX === 'visible') box = box.parentElement!;
    return t.getBoundingClientRect().right - box.getBoundingClientRect().right;
  });
}

test('an expanded lock row keeps the numeric columns in view; long call paths wrap with a tooltip', { skip }, async () => {
  const { trace } = importPerfLockText(readFileSync('test/fixtures/perf/lock-contention-stacks.txt', 'utf8'));
  const page = await openReport(browser, 'tables-fit-locks.html', [{ title: 'perf lock contention -g', trace }], { viewport: { width: 1700, height: 700 } });
  await page.click('.shell-tab[data-view="locks"]');
  const row = page.locator('tr.smp-lock-row').first();
  await row.waitFor();
  const before = await overflow(page, '.smp-locks-table');
  const lastRight = () => page.$eval('.smp-locks-table thead tr:first-child th:last-child', (th) => th.getBoundingClientRect().right);
  const lastBefore = await lastRight();
  await row.click();
  await page.locator('tr.smp-detail tr.smp-path-row').first().waitFor();
  const after = await overflow(page, '.smp-locks-table');
  assert.ok(after <= Math.max(0, before) + 1, `expanding widened the table by ${after - before} px`);
  // the last numeric column stays where it was
  assert.ok(Math.abs((await lastRight()) - lastBefore) <= 1, `the last column moved from ${lastBefore}px to ${await lastRight()}px`);
  // a long call path wraps inside its cell and its whole text is the tooltip
  const path = await page.$eval('tr.smp-detail tr.smp-path-row > th', (th) => ({
    title: th.getAttribute('title') ?? '', text: th.textContent ?? '', lines: Math.round(th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight || '16')),
    fits: th.scrollWidth <= th.clientWidth + 1,
  }));
  assert.ok(path.title.length > 40 && path.text.startsWith(path.title), `tooltip "${path.title}"`);
  assert.ok(path.fits, 'the path does not spill out of its cell');
  await page.screenshot({ path: `${OUT}/tables-fit-locks.png` });
  await page.screenshot({ path: 'media/screenshot-locks-expanded.png', clip: { x: 0, y: 0, width: 1700, height: 420 } });
  // narrower than the table itself: it scrolls sideways with the lock names pinned at the left
  await page.setViewportSize({ width: 800, height: 700 });
  await page.$eval('.smp-locks', (e) => { e.scrollLeft = 400; });
  const pinned = await page.$eval('tr.smp-lock-row > th', (th) => th.getBoundingClientRect().left);
  assert.ok(pinned >= 0 && pinned < 20, `lock name at ${pinned}px after scrolling right`);
  await page.close();
});

test('in a panel narrower than the lock table, an expanded row\'s holders keep their numbers in view', { skip }, async () => {
  const trace = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  const page = await openReport(browser, 'tables-fit-narrow.html', [{ title: 'giant-vs-mpsafe — base', trace }], { viewport: { width: 700, height: 700 } });
  await page.click('.shell-tab[data-view="locks"]');
  await page.locator('tr.smp-lock-row', { hasText: 'Giant' }).first().click();
  await page.locator('tr.smp-detail .smp-holders tr.smp-path-row').first().waitFor();
  assert.ok(await page.$eval('.smp-locks', (b) => b.scrollWidth > b.clientWidth + 50), 'the lock table is wider than the panel');
  // the holders' last number (Share) ends inside the panel, not at the far end of the lock table
  const over = await page.$eval('.smp-locks', (box) => {
    const right = box.getBoundingClientRect().left + box.clientWidth;
    const cells = Array.from(box.querySelectorAll('tr.smp-detail .smp-holders tr.smp-path-row td'));
    return Math.max(...cells.map((c) => c.getBoundingClientRect().right)) - right;
  });
  assert.ok(over <= 1, `the holders' numbers reach ${over}px past the panel`);
  await page.screenshot({ path: `${OUT}/tables-fit-narrow.png` });
  await page.close();
});

test('the compare delta table fits a narrow panel', { skip }, async () => {
  const a = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  const b = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6, variant: 'mpsafe' });
  const page = await openReport(browser, 'tables-fit-compare.html', [{ title: 'Giant', trace: a }, { title: 'mpsafe', trace: b }], { viewport: { width: 760, height: 800 } });
  await page.click('.shell-tab[data-view="compare"]');
  await page.locator('table.smp-compare-locks').waitFor();
  await page.locator('table.smp-compare-locks').screenshot({ path: `${OUT}/tables-fit-compare.png` });
  const over = await overflow(page, 'table.smp-compare-locks');
  assert.ok(over <= 1, `delta table reaches ${over}px past the panel`);
  // numbers never break between value and unit
  const broken = await page.$$eval('table.smp-compare-locks td .ratio', (spans) => spans.filter((s) => s.getClientRects().length > 1).length);
  assert.equal(broken, 0);
  await page.close();
});
