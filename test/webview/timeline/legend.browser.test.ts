// The timeline's legend, in the report of a real run, light and dark: every
// state the canvas draws has a swatch in the colour the canvas uses, drops and
// spins differ, thread colours are never a state colour, and the legend hides
// and shows. Screenshots go to media/ (README and docs/vscode.md show them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Trace } from '../../../src/trace/schema';
import { browserTests } from '../browser';
import { openReport, scenarioTrace } from '../fixtures/reportPage';
import { colourDistance, MIN_STATE_DISTANCE } from '../../../webview/timeline/draw/palette';

let browser: Browser;
let trace: Trace;

const { skip } = browserTests(async (b) => {
  browser = b;
  trace = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
});

async function open(scheme: 'light' | 'dark'): Promise<Page> {
  const page = await openReport(browser, `legend-report-${scheme}.html`, [{ title: 'giant-vs-mpsafe — base', trace }], { viewport: { width: 1280, height: 720 }, colorScheme: scheme });
  await page.locator('.tl-legend .tl-legend-item').first().waitFor();
  return page;
}

/** Legend label → the colour its swatch shows. */
function swatches(page: Page): Promise<Record<string, string>> {
  return page.locator('.tl-legend .tl-legend-item').evaluateAll((items) => Object.fromEntries(items.map((it) => {
    const sw = it.querySelector('.tl-swatch') as HTMLElement;
    return [(it.textContent ?? '').trim(), getComputedStyle(sw).getPropertyValue('--swatch').trim()];
  })));
}

for (const scheme of ['dark', 'light'] as const) {
  test(`${scheme}: the legend names every state in the canvas's colours; drops are not spins; threads are no state`, { skip }, async () => {
    const page = await open(scheme);
    const sw = await swatches(page);
    for (const label of ['user', 'kernel', 'interrupt', 'softint', 'spin', 'idle', 'held', 'held, contended', 'spin wait', 'sleep wait', 'packet drop', 'lock handoff', 'wakeup', 'IPI', 'warm-up']) {
      assert.ok(sw[label], `legend has "${label}"`);
    }
    assert.ok(colourDistance(sw['packet drop'], sw.spin) >= MIN_STATE_DISTANCE, `drop ${sw['packet drop']} vs spin ${sw.spin}`);
    const threadColours = await page.locator('.tl-legend-item:has-text("one per thread") .tl-swatch').evaluateAll((els) => els.map((e) => getComputedStyle(e).getPropertyValue('--swatch').trim()));
    assert.ok(threadColours.length >= 4);
    for (const c of threadColours) {
      for (const state of ['user', 'kernel', 'interrupt', 'softint', 'spin', 'held', 'held, contended', 'spin wait', 'packet drop']) {
        assert.ok(colourDistance(c, sw[state]) >= MIN_STATE_DISTANCE, `thread ${c} vs ${state} ${sw[state]}`);
      }
    }
    // the spin swatch is the colour the canvas paints spin time with (what the page computed from the same variables)
    const spinVar = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-charts-red').trim());
    assert.ok(colourDistance(spinVar, sw.spin) < 1);
    await page.screenshot({ path: `media/screenshot-legend-${scheme}.png`, clip: { x: 0, y: 0, width: 1280, height: 360 } });
    // hidden and shown again from the toolbar
    await page.click('.tl-legend-toggle');
    assert.equal(await page.isHidden('.tl-legend'), true);
    assert.equal(await page.getAttribute('.tl-legend-toggle', 'aria-expanded'), 'false');
    await page.click('.tl-legend-toggle');
    assert.equal(await page.isVisible('.tl-legend'), true);
    await page.close();
  });
}
