// A standalone report whose embedded trace is corrupted (issue 16: one stack
// id changed in one span) shows what is wrong in one line, at once, instead of
// "Invalid array length" after seconds of growing memory.
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

test('a report with a corrupted stack id says "corrupt trace: span … has stack id … of …"', { skip }, async () => {
  const trace = simulate(lockContention(2, 400_000, 1));
  const stacks = trace.meta.stackParent.length;
  const row = 1234 % trace.length.spans;
  trace.tables.spans.stack[row] = 9999;
  const file = resolve(OUT, 'corrupt-report.html');
  writeFileSync(file, renderHtmlReport([{ title: 'corrupted', trace }]));
  const page = await browser.newPage();
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${file}`);
    const message = page.locator('.shell-error');
    await message.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await message.textContent(), `This report's data is damaged: corrupt trace: span ${row} has stack id 9999 of ${stacks}`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
