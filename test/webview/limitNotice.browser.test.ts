// A run cut short by the record limit says so above every view (issue 18): in
// the standalone report the notice names the CLI's --max-records (in the VS
// Code panel, the setting), with the simulated time reached; a whole run has
// no notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { renderHtmlReport } from '../../src/report/html';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { browserTests } from './browser';

const OUT = resolve('test-output', 'webview');
let browser: Browser;
const { skip } = browserTests(async (b) => {
  browser = b;
  mkdirSync(OUT, { recursive: true });
  if (!existsSync('dist/webview.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
});

async function notice(file: string): Promise<string | null> {
  const page = await browser.newPage();
  try {
    await page.goto(`file://${file}`);
    await page.locator('.tl-canvas').first().waitFor({ timeout: 30_000 });
    const el = page.locator('.shell-notice');
    return (await el.isVisible()) ? await el.textContent() : null;
  } finally {
    await page.close();
  }
}

test('a report of a run stopped at the record limit shows the notice; a whole run none', { skip }, async () => {
  const cut = simulate(lockContention(2, 50_000_000, 1), { limits: { maxRecords: 20_000 } });
  assert.equal(cut.meta.stopReason, 'record-limit');
  const file = resolve(OUT, 'limit-report.html');
  writeFileSync(file, renderHtmlReport([{ title: 'cut short', trace: cut }]));
  const text = await notice(file);
  assert.ok(text, 'a notice is shown');
  assert.match(text, /^The run stopped at the record limit \(20,000 trace records\) after [\d.]+ [µm]?s simulated: .* Raise it with --max-records N/);
  const whole = resolve(OUT, 'whole-report.html');
  writeFileSync(whole, renderHtmlReport([{ title: 'whole', trace: simulate(lockContention(2, 400_000, 1)) }]));
  assert.equal(await notice(whole), null);
});
