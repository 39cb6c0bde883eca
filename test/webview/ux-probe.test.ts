import { test } from 'node:test';
import { toWire } from '../../src/trace/codec';
import { launch } from './browser';
import { scenarioTrace } from './fixtures/reportPage';
import { openPanel, postToPanel, until } from './fixtures/panelPage';

test('probe', async () => {
  const browser = await launch();
  const a = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6 });
  const b = scenarioTrace('giant-vs-mpsafe', { durationNs: 2e6, variant: 'mpsafe' });
  const page = await openPanel(browser, 'probe.html', { viewport: { width: 1000, height: 2400 } });
  await postToPanel(page, { type: 'compare', view: 'compare', a: { runId: 1, title: 'giant — base', trace: toWire(a) }, b: { runId: 2, title: 'giant — mpsafe', trace: toWire(b) } });
  await until(page, `!!document.querySelector('table.smp-compare-locks')`, 30000);
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-output/webview/probe-compare.png' });
  await page.click('.shell-tab[data-view="timeline"]');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'test-output/webview/probe-compare-tl.png' });
  await browser.close();
});
