// A theme change as VS Code makes it: it rewrites the CSS variables in the
// root element's style attribute (documentElement.style.setProperty), and not
// always the body's class. The
// timeline sees that, rereads its colours and redraws: the canvas then paints
// spin time in the new colour and the legend shows it (webview/common/theme.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserTests } from '../browser';
import { openReport, scenarioTrace } from '../fixtures/reportPage';

let browser: Browser;
const { skip } = browserTests(async (b) => { browser = b; });

/** Pixels of the base canvas painted exactly `rgb`. */
function pixelsOf(page: Page, rgb: [number, number, number]): Promise<number> {
  return page.$eval('.tl-canvas:not(.tl-overlay)', (c, [r, g, b]) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
    return n;
  }, rgb);
}

function spinSwatch(page: Page): Promise<string | undefined> {
  return page.locator('.tl-legend .tl-legend-item').evaluateAll((items) => {
    const spin = items.find((it) => (it.textContent ?? '').trim() === 'spin');
    return spin && getComputedStyle(spin.querySelector('.tl-swatch')!).getPropertyValue('--swatch').trim();
  });
}

test('new colours in the root element\'s style attribute redraw the timeline in them', { skip }, async () => {
  const page = await openReport(browser, 'theme-change-report.html', [{ title: 'giant-vs-mpsafe', trace: scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 }) }]);
  const fresh: [number, number, number] = [1, 200, 199];
  assert.equal(await pixelsOf(page, fresh), 0, 'the new colour is not on the canvas before');
  assert.notEqual(await spinSwatch(page), 'rgb(1, 200, 199)');
  // as VS Code's webview host applies a theme: through the CSSOM (the report's CSP blocks a written style attribute)
  await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-red', 'rgb(1, 200, 199)'));
  const end = Date.now() + 10_000;
  while ((await pixelsOf(page, fresh)) === 0) {
    assert.ok(Date.now() < end, 'the canvas was not redrawn in the new spin colour');
    await page.waitForTimeout(50);
  }
  assert.equal(await spinSwatch(page), 'rgb(1, 200, 199)', 'the legend shows the new colour');
  await page.close();
});
