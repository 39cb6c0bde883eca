// The sweep view in headless Chromium: nine points (more than the six traces
// the host keeps) with replications — the curve on top with 95% error bars
// and a fit weighted by variance, each point (and each row) opening its
// timeline, a table of every point, and the RFC 2544 rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, type Harness } from '../locks/browser';
import { browserTests } from '../browser';

let s: Harness;
let page: Page;
const { skip } = browserTests(async (browser) => {
  s = await harness(browser);
  page = await s.open('sweep');
});

test('the sweep comes first: curve with error bars, then the first and last point compared', { skip }, async () => {
  const heads = await page.$$eval('.smp-compare h2', (x) => x.map((e) => e.textContent));
  assert.deepEqual(heads.slice(0, 3), ['Sweep', 'RFC 2544 throughput', 'Runs: the first and last point']);
  assert.match(await page.textContent('.smp-sweep .note') ?? '', /^9 points, each the mean of 5 replications \(± 95% confidence interval\)/);
  assert.equal(await page.$$eval('.smp-scaling circle.point', (x) => x.length), 9);
  // one vertical bar and two caps per point
  assert.equal(await page.$$eval('.smp-scaling line.errbar', (x) => x.length), 27);
  // a bar spans the point: its ends lie either side of the circle
  const spans = await page.$$eval('.smp-scaling circle.point', (cs) => cs.map((c) => {
    const cy = Number(c.getAttribute('cy'));
    const bar = Array.from(document.querySelectorAll('.smp-scaling line.errbar')).find((l) => l.getAttribute('x1') === c.getAttribute('cx') && l.getAttribute('x1') === l.getAttribute('x2'))!;
    const [y1, y2] = [Number(bar.getAttribute('y1')), Number(bar.getAttribute('y2'))];
    return y1 < cy && cy < y2;
  }));
  assert.ok(spans.every(Boolean), JSON.stringify(spans));
  assert.match(await page.textContent('.smp-usl') ?? '', /Points weighted by 1\/variance of their mean; bars are 95% confidence intervals\./);
  assert.match(await page.getAttribute('.smp-scaling circle.point >> nth=2', 'aria-label') ?? '', /Open the timeline of cpus=3/);
});

test('every point opens its timeline: a click on the curve, Enter on a focused point, a row', { skip }, async () => {
  await page.click('.smp-scaling circle.point >> nth=7');
  await page.focus('.smp-scaling circle.point >> nth=3');
  await page.keyboard.press('Enter');
  await page.click('.smp-sweep-points button.link:has-text("cpus=24")');
  assert.deepEqual(await page.evaluate(() => (window as any).__h.points), [7, 3, 8]);
});

test('the table: one row per point with throughput ± CI, lock wait, the lock, CPU shares; RFC 2544 rates', { skip }, async () => {
  const rows = await page.$$eval('.smp-sweep-points tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
  assert.equal(rows.length, 9);
  assert.equal(rows[0][0], 'cpus=1');
  assert.match(rows[0][1] ?? '', /^1,000 ± 20$/);
  assert.equal(rows[0][3], 'Giant');
  assert.deepEqual(rows[0].slice(4), ['10.0%', '50.0%', '5.0%', '5.0%', '20.0%', '10.0%']);
  assert.match(rows[8][2] ?? '', /±/);
  const rfc = await page.$$eval('.smp-sweep-rfc tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
  assert.equal(rfc.length, 9);
  assert.deepEqual(rfc[0].slice(0, 3), ['cpus=1', '100,000 pps', '7']);
});
