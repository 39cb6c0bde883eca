// The lock table, flame graph and compare tabs of the standalone HTML report
// (the real webview bundle, its strict CSP, the report's theme fallbacks), on
// real runs of the forwarding example: Giant, then the mpsafe variant. The
// numbers the page shows are checked against the pure analyses of the same
// traces; screenshots go to test-output/webview/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { compileModel, loadModel } from '../../../src/model';
import { renderHtmlReport } from '../../../src/report/html';
import { simulate } from '../../../src/sim/simulate';
import { flameOnCpu } from '../../../src/trace/analysis/flame';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { statsRange } from '../../../src/trace/analysis/range';
import type { Trace } from '../../../src/trace/schema';
import { formatCount, formatDuration } from '../../../src/core/format';
import { browserTests } from '../browser';

const OUT = 'test-output/webview';
const MODEL = 'scenarios/example-forwarding.smp.yaml';
let browser: Browser;
let page: Page;
let giant: Trace;
let mpsafe: Trace;
const problems: string[] = [];

/** In-page code goes as text (the report's CSP forbids eval, and the test transform would add helpers). */
const evaluate = <T>(code: string): Promise<T> => page.evaluate(code) as Promise<T>;
const shot = (name: string) => page.screenshot({ path: `${OUT}/${name}.png` });
const posted = () => evaluate<{ type: string; runId?: number; src?: number }[]>('window.__smplab.posted.filter((m) => m.type === "openSource")');

const { skip } = browserTests(async (b) => {
  browser = b;
  mkdirSync(OUT, { recursive: true });
  if (!existsSync('dist/webview.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const { model } = loadModel(readFileSync(MODEL, 'utf8'), MODEL);
  assert.ok(model, `${MODEL} loads`);
  giant = simulate(compileModel(model, { durationNs: 1e6 }));
  mpsafe = simulate(compileModel(model, { durationNs: 1e6, variant: 'mpsafe' }));
  const file = resolve(OUT, 'locks-flame-compare-report.html');
  writeFileSync(file, renderHtmlReport([{ title: 'forwarding, Giant', trace: giant }, { title: 'forwarding, mpsafe', trace: mpsafe }]));
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'dark' });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) problems.push(m.text()); });
  await page.goto(`file://${file}`);
  const end = Date.now() + 30_000;
  while (!(await evaluate<boolean>('!!window.__smplab && window.__smplab.paintAt !== undefined'))) {
    if (Date.now() > end) throw new Error('the report did not paint');
    await page.waitForTimeout(25);
  }
});

test('Locks tab: the table of the real run, styled under the report\'s CSP', { skip }, async () => {
  await page.click('button[data-view="locks"]');
  // no selection: the run's statistics range (after the warm-up), as the CLI
  const want = lockStats(giant, statsRange(giant.meta)).rows;
  const names = await page.$$eval('tr.smp-lock-row > th', (ths) => ths.map((t) => t.textContent!.replace(/^[▸▾]/, '')));
  assert.deepEqual(names, want.map((r) => r.name));
  assert.equal(names[0], 'Giant', 'Giant costs the most wait');
  const first = await page.$$eval('tr.smp-lock-row:first-child > *', (c) => c.map((x) => x.textContent));
  assert.equal(first[2], formatCount(want[0].acquisitions));
  assert.equal(first[5], formatDuration(want[0].waitNs));
  // The constructed stylesheet applied (the CSP allows no inline <style>).
  assert.equal(await page.$eval('tr.smp-lock-row', (tr) => getComputedStyle(tr).cursor), 'pointer');
  await page.focus('tr.smp-lock-row:first-child');
  await page.keyboard.press('Enter');
  const path = want[0].paths[0];
  assert.match(await page.textContent('tr.smp-detail tr.smp-path-row > th') ?? '', new RegExp(`^${path.label}`));
  await shot('locks-01-expanded');
  await page.click('tr.smp-detail tr.smp-path-row');
  assert.deepEqual((await posted()).slice(-1), [{ type: 'openSource', runId: 1, src: path.src }]);
  // The link lands on the `lock: Giant` line of the model.
  const s = giant.meta.sources[path.src];
  assert.equal(readFileSync(MODEL, 'utf8').split('\n')[s.line - 1].trim(), '- lock: Giant');
});

test('Flame tab: on-CPU graph of the real run; hover and click reach the model', { skip }, async () => {
  await page.click('button[data-view="flame"]');
  const tree = flameOnCpu(giant);
  assert.match(await page.textContent('.smp-flame > .smp-flame-info') ?? '', new RegExp(`Total ${formatDuration(tree.total[0]).replace('.', '\\.')}\\.$`));
  // The widest frame under the root sits at the left of row 1.
  const box = await page.$eval('.smp-flame-body > .smp-flame-canvas canvas', (c) => c.getBoundingClientRect().toJSON());
  let widest = -1;
  for (let i = tree.childStart[0]; i < tree.childStart[1]; i++) {
    const c = tree.children[i];
    if (widest < 0 || tree.total[c] > tree.total[widest]) widest = c;
  }
  let x = 0;
  for (let i = tree.childStart[0]; i < tree.childStart[1] && tree.children[i] !== widest; i++) x += tree.total[tree.children[i]];
  const px = box.left + ((x + tree.total[widest] / 2) / tree.total[0]) * box.width;
  await page.mouse.move(px, box.top + 18 + 9);
  const card = await page.$eval('.smp-flame-canvas .smp-flame-card', (e) => e.textContent ?? '');
  assert.match(card, new RegExp(`^${tree.names[tree.name[widest]]}total ${formatDuration(tree.total[widest]).replace('.', '\\.')}`));
  await shot('flame-01-hover');
  await page.mouse.click(px, box.top + 18 + 9);
  assert.deepEqual((await posted()).slice(-1), [{ type: 'openSource', runId: 1, src: tree.src[widest] }]);
  await page.selectOption('.smp-flame-bar select', 'wait');
  await page.waitForTimeout(50);
  await shot('flame-02-lock-wait');
});

test('Compare tab: Giant against mpsafe', { skip }, async () => {
  await page.click('button[data-view="compare"]');
  assert.deepEqual(await page.$$eval('.smp-compare h2', (x) => x.map((e) => e.textContent)),
    ['Runs', 'CPU time', 'Locks', 'Flame graph difference', 'Packets']);
  const a = lockStats(giant, { start: giant.meta.warmupNs, end: giant.meta.endNs }).rows.find((r) => r.name === 'Giant')!;
  const b = lockStats(mpsafe, { start: mpsafe.meta.warmupNs, end: mpsafe.meta.endNs }).rows.find((r) => r.name === 'Giant')!;
  assert.ok(b.waitNs < a.waitNs, 'mpsafe waits less for Giant');
  const giantRow = await page.$$eval('.smp-compare table[aria-label^="Locks"] tbody tr', (trs) =>
    trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)).find((r) => r[0] === 'Giant'));
  assert.deepEqual(giantRow!.slice(0, 4), ['Giant', 'mutex', formatDuration(a.waitNs), formatDuration(b.waitNs)]);
  assert.equal(await page.$$eval('.smp-cpu-row', (r) => r.length), giant.meta.cpus + mpsafe.meta.cpus);
  await page.$eval('.smp-compare .smp-flame-canvas', (e) => e.scrollIntoView());
  await shot('compare-01');
  assert.deepEqual(problems, []);
});
