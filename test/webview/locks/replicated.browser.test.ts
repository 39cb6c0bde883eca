// The Locks tab of a run made of 3 replications (real runs of giant-vs-mpsafe
// with the seeds the extension gives them): each lock row reads mean ± 95%
// half-width per column, sorts by the means, and says what it shows; a range
// selection (which only the first replication's trace can answer) or rows by
// call site fall back to the first replication's own numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { compileModel, loadModel } from '../../../src/model';
import { simulate } from '../../../src/sim/simulate';
import { encodeTrace } from '../../../src/trace/codec';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { statsRange } from '../../../src/trace/analysis/range';
import { lockTableValues, replicateLockTable, type ReplicatedLockTable } from '../../../src/trace/analysis/lockColumns';
import { replicationSeed } from '../../../src/run/seeds';
import { COLUMNS, formatMeanCi } from '../../../webview/locks/columns';
import type { Trace } from '../../../src/trace/schema';
import { harness } from './browser';
import { onReportPage, writeReport } from '../fixtures/reportPage';
import { browserTests } from '../browser';

const FILE = 'scenarios/giant-vs-mpsafe.smp.yaml';
let page: Page;
let first: Trace;
let table: ReplicatedLockTable;

const { skip } = browserTests(async (browser) => {
  const { model } = loadModel(readFileSync(FILE, 'utf8'), FILE);
  const traces = [0, 1, 2].map((i) => simulate(compileModel(model!, { durationNs: 2e6, seed: replicationSeed(1, i) })));
  first = traces[0];
  table = replicateLockTable(traces.map((t) => lockTableValues(lockStats(t, statsRange(t.meta)).rows)));
  const wire = Buffer.from(encodeTrace(first)).toString('base64');
  page = await (await harness(browser)).open('locks-replicated', { __wire: wire, __replicated: table });
  await page.locator('tr.smp-lock-row').first().waitFor();
});

const browserOf = (p: Page) => p.context().browser()!;

/** Lock name → its row's numeric cells as shown, in row order. */
async function shownRows(): Promise<[string, string[]][]> {
  return page.locator('tr.smp-lock-row').evaluateAll((trs) => trs.map((tr) => [
    (tr.querySelector('th')?.textContent ?? '').replace(/^[▸▾]/, ''),
    Array.from(tr.querySelectorAll('td.smp-num')).map((td) => td.textContent ?? ''),
  ] as [string, string[]]));
}

test('with 3 replications each lock row shows mean ± 95% CI per column, and says so', { skip }, async () => {
  assert.equal(table.replications, 3);
  assert.match(await page.locator('.smp-locks-reps').innerText(), /Mean ± 95% CI of 3 replications/);
  const rows = await shownRows();
  assert.equal(rows.length, Object.keys(table.locks).length);
  let spread = 0;
  for (const [name, cells] of rows) {
    const want = COLUMNS.map((c) => formatMeanCi(c, table.locks[name][c.key]));
    assert.deepEqual(cells, want, name);
    spread += cells.filter((c) => c.includes('±')).length;
  }
  assert.ok(spread > 0, 'the replications differ, so some cell shows "±"');
});

test('rows sort by the replications\' means', { skip }, async () => {
  await page.click('th button:text-is("Acquired")');
  const names = (await shownRows()).map(([n]) => n);
  const byMean = Object.keys(table.locks).map((n, i) => [n, i] as const)
    .sort(([a, i], [b, j]) => table.locks[b].acquisitions.mean - table.locks[a].acquisitions.mean || i - j).map(([n]) => n);
  // ties keep the analysis' order, which the page has and this list may not: compare the means in row order
  assert.deepEqual(names.map((n) => table.locks[n].acquisitions.mean), byMean.map((n) => table.locks[n].acquisitions.mean));
  await page.click('th button:text-is("Total wait")');
});

test('the standalone report of a replicated run (smplab run --replications 3 --html-out) shows the same means ± CI', { skip }, async () => {
  const file = writeReport('replicated-locks-report.html', [{ title: 'giant-vs-mpsafe × 3', trace: first, locks: table }]);
  await onReportPage(browserOf(page), file, async (report) => {
    await report.locator('.shell-tab[data-view="locks"]').click();
    await report.locator('tr.smp-lock-row').first().waitFor();
    assert.match(await report.locator('.smp-locks-reps').innerText(), /Mean ± 95% CI of 3 replications/);
    const cells = await report.locator('tr.smp-lock-row').evaluateAll((trs) => trs.map((tr) => [
      (tr.querySelector('th')?.textContent ?? '').replace(/^[▸▾]/, ''), Array.from(tr.querySelectorAll('td.smp-num')).map((td) => td.textContent ?? ''),
    ] as [string, string[]]));
    for (const [name, row] of cells) assert.deepEqual(row, COLUMNS.map((c) => formatMeanCi(c, table.locks[name][c.key])), name);
  });
});

test('a range selection shows the first replication\'s numbers for that range (no ±), and says so', { skip }, async () => {
  const r = statsRange(first.meta);
  await page.evaluate(([start, end]) => (window as any).__h.ctx.selection.set({ start, end }), [r.start, (r.start + r.end) / 2]);
  await page.waitForFunction(() => !document.querySelector('.smp-locks-reps')?.textContent?.startsWith('Mean'));
  assert.match(await page.locator('.smp-locks-reps').innerText(), /The first of 3 replications/);
  for (const [, cells] of await shownRows()) assert.ok(cells.every((c) => !c.includes('±')), cells.join(' | '));
  await page.evaluate(() => (window as any).__h.ctx.selection.set(null));
  await page.waitForFunction(() => document.querySelector('.smp-locks-reps')?.textContent?.startsWith('Mean'));
  assert.ok((await shownRows()).some(([, cells]) => cells.some((c) => c.includes('±'))));
});
