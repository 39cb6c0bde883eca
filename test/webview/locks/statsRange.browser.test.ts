// One statistics range everywhere: the Locks tab of a real run with a warm-up
// (giant-vs-mpsafe, base) shows exactly the numbers the CLI prints for that run
// (src/trace/summary.ts → src/cli/summaryText.ts), says which range they cover,
// and those numbers differ from the whole run's — so the test would catch the
// tab counting the warm-up again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { summarize } from '../../../src/trace/summary';
import { runText } from '../../../src/cli/summaryText';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { statsRange } from '../../../src/trace/analysis/range';
import { formatCount, formatDuration } from '../../../src/core/format';
import type { Trace } from '../../../src/trace/schema';
import { browserTests } from '../browser';
import { OUT, openReport, scenarioTrace } from '../fixtures/reportPage';

const FILE = 'scenarios/giant-vs-mpsafe.smp.yaml';
let page: Page;
let trace: Trace;

const { skip } = browserTests(async (browser) => {
  trace = scenarioTrace('giant-vs-mpsafe');
  page = await openReport(browser, 'stats-range-report.html', [{ title: 'giant-vs-mpsafe — base', trace }], { viewport: { width: 1400, height: 800 } });
  await page.locator('.shell-tab[data-view="locks"]').click();
  await page.locator('tr.smp-lock-row').first().waitFor();
});

/** Lock name → its row's cells (Acquired, Contended, %, Total wait, …) as shown. */
async function shownRows(): Promise<Map<string, string[]>> {
  const rows = await page.locator('tr.smp-lock-row').evaluateAll((trs) => trs.map((tr) => ({
    name: (tr.querySelector('th')?.textContent ?? '').replace(/^[▸▾]/, ''),
    cells: Array.from(tr.querySelectorAll('td.smp-num')).map((td) => td.textContent ?? ''),
  })));
  return new Map(rows.map((r) => [r.name, r.cells]));
}

test('the Locks tab shows the CLI\'s numbers for the same run, over the range it names', { skip }, async () => {
  assert.ok(trace.meta.warmupNs > trace.meta.startNs, 'the scenario has a warm-up');
  const cli = summarize(trace);
  const text = runText(cli, FILE);
  const shown = await shownRows();
  let compared = 0;
  for (const l of cli.locks) {
    const cells = shown.get(l.name);
    assert.ok(cells, `${l.name} has a row`);
    assert.equal(cells[0], formatCount(l.acquisitions), `${l.name} acquired`);
    assert.equal(cells[1], formatCount(l.contended), `${l.name} contended`);
    if (l.waitTotalNs > 0) assert.equal(cells[3], formatDuration(l.waitTotalNs), `${l.name} total wait`);
    // and the CLI's own text carries the same count
    assert.match(text, new RegExp(`^${l.name}\\s+\\S+\\s+${l.acquisitions.toLocaleString('en-US')}\\s`, 'm'));
    compared++;
  }
  assert.ok(compared > 0);

  // the warm-up matters in this run: counting it would change the busiest lock's numbers
  const whole = lockStats(trace, { start: trace.meta.startNs, end: trace.meta.endNs }).rows;
  const busiest = [...cli.locks].sort((a, b) => b.waitTotalNs - a.waitTotalNs)[0];
  assert.ok(whole.find((r) => r.name === busiest.name)!.acquisitions > busiest.acquisitions, 'the warm-up holds acquisitions');

  // the range is shown, and is the one the CLI states
  const r = statsRange(trace.meta);
  assert.deepEqual(cli.rangeNs, r);
  const label = await page.locator('.smp-locks-range').innerText();
  assert.equal(label, `After the ${formatDuration(r.start)} warm-up: ${formatDuration(r.start)} – ${formatDuration(r.end)} (${formatDuration(r.end - r.start)})`);
  assert.ok(text.includes(`statistics after the ${formatDuration(r.start)} warm-up`), text.split('\n').slice(0, 3).join('\n'));
  await page.screenshot({ path: `${OUT}/stats-range-locks.png` });
});

test('the flame graph covers the same range when nothing is selected', { skip }, async () => {
  await page.locator('.shell-tab[data-view="flame"]').click();
  const label = page.locator('.smp-flame-info').filter({ hasText: 'warm-up' });
  await label.first().waitFor();
  assert.match(await label.first().innerText(), /^After the .* warm-up: /);
});
