// "Save picture" in the standalone report of a real run (where the browser
// downloads what, in VS Code, goes to the host): the timeline as PNG (track
// names, axis and canvases composed, at device resolution) and as SVG, the
// flame graph as PNG; each passes the host's own check (src/core/picture.ts); the
// lock table, being text, offers none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { pictureProblem } from '../../src/core/picture';
import { browserTests } from './browser';
import { OUT, openReport, scenarioTrace } from './fixtures/reportPage';

let page: Page;

const { skip } = browserTests(async (browser) => {
  const trace = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  page = await openReport(browser, 'picture-report.html', [{ title: 'giant-vs-mpsafe — base', trace }], { viewport: { width: 1200, height: 700 }, acceptDownloads: true, deviceScaleFactor: 2 });
});

async function save(format: 'png' | 'svg'): Promise<Uint8Array> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.selectOption('.shell-picture', format)]);
  const path = await dl.path();
  return new Uint8Array(readFileSync(path!));
}

const pngSize = (b: Uint8Array) => {
  const v = new DataView(b.buffer, b.byteOffset);
  return { w: v.getUint32(16), h: v.getUint32(20) };
};

test('the timeline as PNG and SVG, accepted by the host\'s check', { skip }, async () => {
  const png = await save('png');
  assert.equal(pictureProblem('png', png), null);
  const { w, h } = pngSize(png);
  const stage = await page.$eval('.tl-stage', (e) => e.getBoundingClientRect().width);
  assert.ok(w >= 2 * (stage + 150), `${w} px wide: names + stage at 2× (stage ${stage})`);
  assert.ok(h > 400, `${h} px high`);
  writeFileSync(`${OUT}/picture-timeline.png`, png);
  const svg = await save('svg');
  assert.equal(pictureProblem('svg', svg), null);
  const text = new TextDecoder().decode(svg);
  assert.match(text, /<image [^>]*href="data:image\/png;base64,/);
  assert.match(text, />CPU 0</, 'the track names are text in the SVG');
});

test('the flame graph as PNG; the lock table offers no picture', { skip }, async () => {
  await page.click('.shell-tab[data-view="flame"]');
  await page.locator('.smp-flame-canvas canvas').first().waitFor();
  assert.equal(await page.$eval('.shell-picture option[value="svg"]', (o) => (o as HTMLOptionElement).disabled), true);
  const png = await save('png');
  assert.equal(pictureProblem('png', png), null);
  await page.click('.shell-tab[data-view="locks"]');
  assert.equal(await page.$eval('.shell-picture', (s) => (s as HTMLSelectElement).disabled), true);
});
