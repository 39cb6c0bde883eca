// The lock table in headless Chromium: a real table, sorting, expanding by
// keyboard, links to the model, highlight and the timeline's range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, type Harness } from './browser';
import { browserTests } from '../browser';

let s: Harness;
let page: Page;
const { skip } = browserTests(async (browser) => {
  s = await harness(browser);
  page = await s.open('locks');
});

const rowNames = () => page.$$eval('tr.smp-lock-row > th', (ths) => ths.map((t) => t.textContent!.replace(/^[▸▾]/, '')));
const cellOf = (lock: string, col: number) => page.$eval(`tr.smp-lock-row[data-lock="${lock}"]`, (tr, c) => (tr.children[c] as HTMLElement).textContent, col);

test('one row per lock, sorted by total wait; numbers as worked out in the analysis tests', { skip }, async () => {
  assert.deepEqual(await rowNames(), ['Giant', 'if_snd']);
  assert.equal(await page.$eval('th[aria-sort]', (th) => `${th.textContent} ${th.getAttribute('aria-sort')}`), 'Total wait descending');
  // Columns: name, type, acquired, contended, %, total wait, mean wait, spin total/mean/max, sleep total/mean/max, hold total/mean/max, util.
  assert.equal(await cellOf('0', 1), 'mutex (adaptive)');
  assert.equal(await cellOf('0', 2), '3');
  assert.equal(await cellOf('0', 4), '33.3%');
  assert.equal(await cellOf('0', 5), '80 ns');
  assert.equal(await cellOf('0', 7), '30 ns');
  assert.equal(await cellOf('0', 10), '50 ns');
  assert.equal(await cellOf('0', 16), '14.0%');
});

test('clicking a header sorts by it; again reverses', { skip }, async () => {
  await page.click('th button:text-is("%")');
  assert.deepEqual(await rowNames(), ['if_snd', 'Giant']); // 50% vs 33%
  assert.equal(await page.$eval('th[aria-sort]', (th) => th.getAttribute('aria-sort')), 'descending');
  await page.click('th button:text-is("%")');
  assert.deepEqual(await rowNames(), ['Giant', 'if_snd']);
  assert.equal(await page.$eval('th[aria-sort]', (th) => th.getAttribute('aria-sort')), 'ascending');
  await page.click('th button:text-is("Total wait")');
});

test('keyboard: Enter expands a lock into its paths and holders, highlights it; Enter on a path opens its line', { skip }, async () => {
  await page.focus('tr.smp-lock-row[data-lock="0"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('tr.smp-lock-row[data-lock="0"]', 'aria-expanded'), 'true');
  assert.deepEqual(await page.evaluate(() => (window as any).__h.ctx.highlight.get()), { kind: 'lock', id: 0 });
  assert.equal(await page.getAttribute('tr.smp-lock-row[data-lock="0"]', 'aria-current'), 'true');
  const paths = await page.$$eval('tr.smp-detail tr.smp-path-row > th', (ths) => ths.map((t) => t.textContent));
  // The contending path (B, at line 4) and the holder that made it wait (A, at line 2).
  assert.deepEqual(paths, ['netisr > ip_inputmodel.smp.yaml:4', 'wm_rxintr > ether_inputmodel.smp.yaml:2']);
  // Focus stays on the lock row after the re-render; arrows walk into the paths.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), 'lock:0');
  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement?.getAttribute('data-key') ?? ''), /^path:0:/);
  await page.keyboard.press('Enter');
  assert.deepEqual(await page.evaluate(() => (window as any).__h.opened), [4]);
  // A click on the holder opens the holder's `lock:` step.
  await page.click('tr.smp-path-row[data-key^="holder:0:"]');
  assert.deepEqual(await page.evaluate(() => (window as any).__h.opened), [4, 2]);
  // Enter again on the lock collapses it.
  await page.focus('tr.smp-lock-row[data-lock="0"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.$$eval('tr.smp-detail', (x) => x.length), 0);
});

test('a highlight from elsewhere marks the row', { skip }, async () => {
  await page.evaluate(() => (window as any).__h.ctx.highlight.set({ kind: 'lock', id: 1 }));
  assert.equal(await page.getAttribute('tr.smp-lock-row[data-lock="1"]', 'aria-current'), 'true');
  assert.equal(await page.getAttribute('tr.smp-lock-row[data-lock="0"]', 'aria-current'), 'false');
});

test('the timeline\'s range selection restricts the table', { skip }, async () => {
  await page.evaluate(() => (window as any).__h.ctx.selection.set({ start: 40, end: 120 }));
  await page.waitForFunction(() => document.querySelector('.smp-locks-range')?.textContent?.startsWith('Selection'));
  // [40,120): Giant acquired twice (clipped), utilisation 80/80; if_snd idle.
  assert.equal(await cellOf('0', 2), '2');
  assert.equal(await cellOf('0', 16), '100.0%');
  assert.equal(await cellOf('1', 2), '0');
  await page.click('button:text("Clear selection")');
  await page.waitForFunction(() => document.querySelector('.smp-locks-range')?.textContent?.startsWith('Whole run'));
  assert.equal(await cellOf('0', 2), '3');
});

test('"Group by call site" turns the rows into call sites (perf lock contention\'s default) and back', { skip }, async () => {
  await page.click('button:text-is("Group by call site")');
  const sites = await rowNames();
  assert.ok(sites.length >= 2, sites.join());
  assert.ok(!sites.includes('Giant'), 'rows are call sites, not locks');
  assert.ok(await page.$('tr.smp-lock-row[data-key^="caller:"]'));
  await page.click('button:text-is("Group by lock")');
  assert.deepEqual(await rowNames(), ['Giant', 'if_snd']);
});
