// A run cut short by the record limit says so above every view (issue 18): in
// the standalone report the notice names the CLI's --max-records (in the VS
// Code panel, the setting), with the simulated time reached; a whole run has
// no notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { browserTests } from './browser';
import { onReportPage, writeReport } from './fixtures/reportPage';

let browser: Browser;
const { skip } = browserTests(async (b) => { browser = b; });

function notice(file: string): Promise<string | null> {
  return onReportPage(browser, file, async (page) => {
    await page.locator('.tl-canvas').first().waitFor({ timeout: 30_000 });
    const el = page.locator('.shell-notice');
    return (await el.isVisible()) ? await el.textContent() : null;
  });
}

test('a report of a run stopped at the record limit shows the notice; a whole run none', { skip }, async () => {
  const cut = simulate(lockContention(2, 50_000_000, 1), { limits: { maxRecords: 20_000 } });
  assert.equal(cut.meta.stopReason, 'record-limit');
  const text = await notice(writeReport('limit-report.html', [{ title: 'cut short', trace: cut }]));
  assert.ok(text, 'a notice is shown');
  assert.match(text, /^The run stopped at the record limit \(20,000 trace records\) after [\d.]+ [µm]?s simulated: .* Raise it with --max-records N/);
  assert.equal(await notice(writeReport('whole-report.html', [{ title: 'whole', trace: simulate(lockContention(2, 400_000, 1)) }])), null);
});
