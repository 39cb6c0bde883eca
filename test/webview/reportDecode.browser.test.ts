// The standalone report decodes its runs in a worker started from its own
// bundle while the browser parses the rest of the page; where no worker may
// run (a policy without worker-src blob:), on the page's own thread. Either
// way the same trace reaches the views, and the timeline's passes over the
// spans start as soon as their columns are whole.
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import type { DurColumn } from '../../src/trace/schema';
import { syntheticTrace } from './fixtures/syntheticTrace';
import { browserTests } from './browser';
import { onReportPage, writeReport } from './fixtures/reportPage';

let browser: Browser;
const { skip } = browserTests(async (b) => { browser = b; });

/**
 * Waits for the first paint; returns where each run was decoded, what the page holds of the first run's spans,
 * and whether the timeline's passes over the spans were made while the rest of the trace was still being decoded.
 */
async function painted(page: Page): Promise<{ where: string[]; spans: number; startSum: number; durSum: number; headStart: boolean; lanePlanned: boolean }> {
  const end = Date.now() + 60_000;
  while (!(await page.evaluate('!!window.__smplab && window.__smplab.paintAt !== undefined'))) {
    if (Date.now() > end) throw new Error('the timeline did not paint');
    await page.waitForTimeout(25);
  }
  return page.evaluate(`(() => {
    const t = window.__smplab.ctx.trace.tables.spans;
    let s = 0, d = 0;
    for (let i = 0; i < t.start.length; i++) { s += t.start[i]; d += t.dur[i]; }
    const ix = window.__smplab.timeline.index;
    return { where: window.__smplab.decodedWhere, spans: t.start.length, startSum: s, durSum: d, headStart: ix.headStart, lanePlanned: ix.lanePlanned };
  })()`);
}

const sums = (start: Float64Array, dur: DurColumn) => {
  let s = 0, d = 0;
  for (let i = 0; i < start.length; i++) { s += start[i]; d += dur[i]; }
  return { startSum: s, durSum: d };
};

test('a report of several chunks is decoded in its worker, to the same spans', { skip }, async () => {
  const trace = syntheticTrace({ spans: 400_000, cpus: 4 }); // about 13 MB encoded: five chunks
  const file = writeReport('worker-decode-report.html', [{ title: 'worker', trace }]);
  assert.ok((readFileSync(file, 'utf8').match(/data-smplab-chunk/g) ?? []).length >= 4);
  const got = await onReportPage(browser, file, painted);
  assert.deepEqual(got, { where: ['worker'], spans: trace.length.spans, ...sums(trace.tables.spans.start, trace.tables.spans.dur), headStart: true, lanePlanned: true });
});

test('a report whose policy allows no worker decodes on the page instead, with no error', { skip }, async () => {
  const trace = simulate(lockContention(2, 400_000, 1));
  const file = writeReport('no-worker-report.html', [{ title: 'no worker', trace }]);
  const html = readFileSync(file, 'utf8');
  assert.ok(html.includes('; worker-src blob:'));
  writeFileSync(file, html.replace('; worker-src blob:', ''));
  const errors: string[] = [];
  const got = await onReportPage(browser, file, async (page) => {
    page.on('pageerror', (e) => errors.push(e.message));
    return painted(page);
  });
  assert.deepEqual(got, { where: ['page'], spans: trace.length.spans, ...sums(trace.tables.spans.start, trace.tables.spans.dur), headStart: true, lanePlanned: true });
  assert.deepEqual(errors, []);
});

test('a lane plan of another layout, or none (an older report), is not used: the page makes the passes itself, to the same spans', { skip }, async () => {
  const trace = syntheticTrace({ spans: 100_000, cpus: 4, seed: 3 });
  const file = writeReport('lane-plan-report.html', [{ title: 'plan', trace }]);
  const html = readFileSync(file, 'utf8');
  const element = /<script type="application\/octet-stream" data-smplab-lane-plan="(\d+)"[^>]*>[^<]*<\/script>\n/.exec(html)!;
  const variants = [
    ['a newer plan', html.replace(element[0], element[0].replace(`data-smplab-lane-plan="${element[1]}"`, `data-smplab-lane-plan="${Number(element[1]) + 1}"`))],
    ['no plan', html.replace(element[0], '')],
    ['damaged counts', html.replace(element[0], element[0].replace(/data-counts="[^"]*"/, 'data-counts="{&quot;states&quot;:[1]}"'))],
  ];
  for (const [what, text] of variants) {
    assert.notEqual(text, html, what);
    writeFileSync(file, text);
    const errors: string[] = [];
    const got = await onReportPage(browser, file, async (page) => {
      page.on('pageerror', (e) => errors.push(e.message));
      return painted(page);
    });
    assert.deepEqual(got, { where: ['worker'], spans: trace.length.spans, ...sums(trace.tables.spans.start, trace.tables.spans.dur), headStart: true, lanePlanned: false }, what);
    assert.deepEqual(errors, [], what);
  }
});
