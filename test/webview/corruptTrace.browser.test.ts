// A standalone report whose embedded trace is corrupted (issue 16: one stack
// id changed in one span) shows what is wrong in one line, at once, instead of
// "Invalid array length" after seconds of growing memory.
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { browserTests } from './browser';
import { onReportPage, writeReport } from './fixtures/reportPage';

let browser: Browser;
const { skip } = browserTests(async (b) => { browser = b; });

test('a report with a corrupted stack id says "corrupt trace: span … has stack id … of …"', { skip }, async () => {
  const trace = simulate(lockContention(2, 400_000, 1));
  const stacks = trace.meta.stackParent.length;
  const row = 1234 % trace.length.spans;
  trace.tables.spans.stack[row] = 9999;
  const file = writeReport('corrupt-report.html', [{ title: 'corrupted', trace }]);
  const errors: string[] = [];
  await onReportPage(browser, file, async (page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    const message = page.locator('.shell-error');
    await message.waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await message.textContent(), `This report's data is damaged: corrupt trace: span ${row} has stack id 9999 of ${stacks}`);
  });
  assert.deepEqual(errors, []);
});

test('a report whose compressed chunk is damaged says its data is damaged, with no uncaught error', { skip }, async () => {
  const trace = simulate(lockContention(2, 400_000, 1));
  const file = writeReport('damaged-chunk-report.html', [{ title: 'damaged', trace }]);
  // Replace the first chunk's base64 with bytes that are not raw deflate (0xff… is an invalid block type).
  const html = readFileSync(file, 'utf8').replace(/(data-smplab-chunk data-run-id="1">)[^<]{16}/, '$1////////////////');
  writeFileSync(file, html);
  const errors: string[] = [];
  await onReportPage(browser, file, async (page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    const message = page.locator('.shell-error');
    await message.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await message.textContent()) ?? '', /^This report's data is damaged: \S/);
  });
  assert.deepEqual(errors, []);
});
