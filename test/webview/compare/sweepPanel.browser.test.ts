// Real sweeps in the real panel (issue 17 items 1 and 3): giant-vs-mpsafe's
// eight CPU counts (more than the six traces the run registry keeps) × 3
// replications, receive-livelock's seven offered rates (the other sweep the
// issue names), and rfc2544-forwarding's four RX-queue counts with its RFC
// 2544 search, run on the worker pool as Run Sweep… runs them (each point's
// facts combined over its replications, only the first and last point's
// traces kept), then sent to the extension's own panel page (panelHtml, its
// CSP, dist/webview.js) as the host sends them. The sweep view shows every
// point on the curve and in the table with the numbers the host computed, a
// click on a point or a row asks the host for that point's timeline, the axis
// names what the sweep varies (a rate gets no USL fit), and the RFC 2544
// rates are shown. Screenshots: media/screenshot-sweep.png,
// media/screenshot-sweep-rate.png and media/screenshot-sweep-rfc2544.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { WorkerPool } from '../../../src/run/pool';
import { replicationSeed } from '../../../src/run/seeds';
import type { PointOutcome } from '../../../src/run/pointJob';
import { combineFacts, type RunFacts } from '../../../src/extension/runFacts';
import { sweepPointOf } from '../../../src/extension/sweepPoints';
import { statsOf } from '../../../src/extension/runManifest';
import { sweepOf } from '../../../src/extension/modelApi';
import { formatCount, formatDuration, formatShare, withHalfWidth } from '../../../src/core/format';
import { parseWebviewMessage, type HostToWebview, type SweepPoint } from '../../../src/core/protocol';
import type { WireTrace } from '../../../src/trace/codec';
import { browserTests } from '../browser';
import { openPanel, postToPanel, posted, until } from '../fixtures/panelPage';

const ROOT = join(__dirname, '..', '..', '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');

interface Sweep { curve: SweepPoint[]; first: WireTrace; last: WireTrace; firstFacts: RunFacts; lastFacts: RunFacts }

/** Every point × replications on the pool, as the extension's runDesign does; the first replication of the first and last point keep their traces. */
async function runSweep(file: string, reps: number, durationNs: number | undefined, search: boolean): Promise<Sweep> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const sweep = sweepOf(text, file);
  assert.ok(!('problem' in sweep), JSON.stringify(sweep));
  const points = sweep.points.length;
  const pool = new WorkerPool(WORKER, { size: 2, facts: true });
  const jobs = Array.from({ length: points * reps }, (_, k) => {
    const i = Math.floor(k / reps), r = k % reps;
    return { i, r, job: { text, file, sweepPoint: i, seed: replicationSeed(1, r), durationNs, keepTrace: r === 0 && (i === 0 || i === points - 1), search: r === 0 && search } };
  });
  let outcomes: PointOutcome[];
  try {
    outcomes = await Promise.all(jobs.map((j) => pool.run(j.job)));
  } finally {
    await pool.close();
  }
  const done = outcomes.map((o) => {
    assert.equal(o.kind, 'done', JSON.stringify(o).slice(0, 300));
    return o as Extract<PointOutcome, { kind: 'done' }>;
  });
  const byPoint = Array.from({ length: points }, (_, i) => done.filter((_, k) => jobs[k].i === i));
  const facts = byPoint.map((mine) => combineFacts(mine.map((o) => o.extra as RunFacts)));
  const curve = byPoint.map((mine, i) => sweepPointOf(mine[0].label!, mine[0].x!, { facts: facts[i], search: mine[0].search }));
  return { curve, first: byPoint[0][0].trace!, last: byPoint[points - 1][0].trace!, firstFacts: facts[0], lastFacts: facts[points - 1] };
}

/** The message the host sends for a sweep (runDocuments.compare → contentMessage). */
function sweepMessage(s: Sweep, title: string): HostToWebview {
  const n = s.curve.length;
  const stats = statsOf([{ facts: s.firstFacts }, { facts: s.lastFacts }] as never);
  return {
    type: 'compare', view: 'compare', sweep: s.curve, ...(stats ? { stats } : {}),
    a: { runId: 11, title: `${title} @ ${s.curve[0].label}`, trace: s.first },
    b: { runId: 12, title: `${title} @ ${s.curve[n - 1].label}`, trace: s.last },
  };
}

const pm = (v: number, half: number | undefined, fmt: (v: number) => string) => withHalfWidth(fmt(v), half, fmt);
const rowsOf = (page: Page, table: string) => page.$$eval(`${table} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));

let page: Page;
let giant: Sweep;
let rfc: Sweep;
let livelock: Sweep;

const { skip } = browserTests(async (browser) => {
  giant = await runSweep('scenarios/giant-vs-mpsafe.smp.yaml', 3, undefined, false);
  rfc = await runSweep('scenarios/rfc2544-forwarding.smp.yaml', 1, undefined, true);
  livelock = await runSweep('scenarios/receive-livelock.smp.yaml', 1, undefined, false);
  page = await openPanel(browser, 'sweep-panel.html', { viewport: { width: 1280, height: 1000 } });
});

test('an 8-point sweep with replications shows in the panel: every point on the curve and in the table, the host\'s numbers', { skip }, async () => {
  assert.equal(giant.curve.length, 8);
  await postToPanel(page, sweepMessage(giant, 'giant-vs-mpsafe — base'));
  await page.locator('.smp-sweep-points tbody tr').first().waitFor({ timeout: 30_000 });
  assert.equal(await axisTitle(), 'CPUs');
  assert.equal(await page.getAttribute('.shell-tab[data-view="compare"]', 'aria-selected'), 'true', 'the sweep opens on its view');
  assert.match(await page.textContent('.smp-sweep .note') ?? '', /^8 points, each the mean of 3 replications \(± 95% confidence interval\)\. Click a point/);
  assert.equal(await page.locator('.smp-scaling circle.point').count(), 8);
  assert.equal(await page.locator('.smp-scaling line.errbar').count(), 8 * 3, 'an error bar and its two caps per point');
  const rows = await rowsOf(page, '.smp-sweep-points');
  assert.deepEqual(rows.map((r) => r[0]), giant.curve.map((p) => p.label));
  giant.curve.forEach((p, i) => {
    assert.equal(rows[i][1], pm(p.throughput, p.throughputCi, formatCount), `${p.label} throughput`);
    assert.equal(rows[i][2], pm(p.lockWaitNs!, p.lockWaitCi, formatDuration), `${p.label} lock wait`);
    assert.equal(rows[i][3], p.topLock ?? '—', `${p.label} most waited`);
    assert.equal(rows[i][8], formatShare(p.cpuTime!.spin), `${p.label} spin share`);
  });
  // Giant: one CPU never waits for it, eight spin most of their time on it
  assert.equal(rows[0][3], '—');
  assert.equal(rows[7][3], 'Giant');
  assert.ok(giant.curve[7].cpuTime!.spin > 0.5, `8 CPUs spin ${giant.curve[7].cpuTime!.spin}`);
  // below it, the first and last point compared
  assert.ok(await page.locator('h2', { hasText: 'Runs: the first and last point' }).count() === 1);
  await page.locator('.smp-sweep').screenshot({ path: 'media/screenshot-sweep.png' });
});

test('every point asks the host for its timeline: a click on the curve, Enter on a focused point, a row', { skip }, async () => {
  const before = (await posted(page)).length;
  await page.click('.smp-scaling circle.point >> nth=6');
  await page.focus('.smp-scaling circle.point >> nth=2');
  await page.keyboard.press('Enter');
  await page.click(`.smp-sweep-points button.link:has-text("${giant.curve[7].label}")`);
  const asked = (await posted<{ type: string; runId?: number; index?: number }>(page)).slice(before).filter((m) => m.type === 'openSweepPoint');
  assert.deepEqual(asked, [6, 2, 7].map((index) => ({ type: 'openSweepPoint', runId: 11, index })), 'run A\'s id and the point: the ids the host issued');
});

const axisTitle = () => page.$eval('.smp-scaling svg', (svg) => Array.from(svg.querySelectorAll('text')).map((t) => t.textContent).find((t) => t && !/^[\d.,]+( [kMG])?$/.test(t) && t !== 'throughput /s'));

test('a sweep of the offered rate (7 points): the axis says rate, the points are joined, no USL fit', { skip }, async () => {
  assert.equal(livelock.curve.length, 7);
  await postToPanel(page, sweepMessage(livelock, 'receive-livelock — base'));
  await until(page, `document.querySelectorAll('.smp-scaling circle.point').length === 7 && document.querySelectorAll('.smp-sweep-points tbody tr').length === 7`, 30_000);
  assert.equal(await axisTitle(), 'rate');
  assert.equal(await page.locator('.smp-scaling path.curve').count(), 0);
  assert.equal(await page.locator('.smp-scaling path.joined').count(), 1);
  assert.match(await page.textContent('.smp-usl') ?? '', /^No Universal Scalability Law fit: .* rate is not a count/);
  const rows = await rowsOf(page, '.smp-sweep-points');
  assert.deepEqual(rows.map((r) => r[0]), livelock.curve.map((p) => p.label));
  livelock.curve.forEach((p, i) => assert.equal(rows[i][1], pm(p.throughput, p.throughputCi, formatCount), `${p.label} throughput`));
  await page.locator('.smp-sweep').screenshot({ path: 'media/screenshot-sweep-rate.png' });
  // Save picture → SVG: the chart as the host receives it, its styles written in (the joined line stays dashed)
  const before = (await posted(page)).length;
  await page.selectOption('.shell-picture', 'svg');
  await until(page, `window.__posted.slice(${before}).some((m) => m.type === 'savePicture')`);
  const raw = (await page.evaluate(`(() => { const m = window.__posted.slice(${before}).find((x) => x.type === 'savePicture'); return { ...m, data: Array.from(m.data) }; })()`)) as { data: number[] };
  const m = parseWebviewMessage({ ...raw, data: new Uint8Array(raw.data) });
  assert.ok(m && m.type === 'savePicture' && m.format === 'svg' && m.view === 'compare' && m.runId === 11, 'the host accepts it');
  const svg = new TextDecoder().decode(m.data);
  assert.match(svg, />rate</);
  assert.match(svg, /<path [^>]*stroke-dasharray="4px?,? 3px?"/);
  assert.equal((svg.match(/<circle /g) ?? []).length, 7);
});

test('RFC 2544: the zero-loss rate the search found for every point', { skip }, async () => {
  assert.equal(rfc.curve.length, 4);
  await postToPanel(page, sweepMessage(rfc, 'rfc2544-forwarding — base'));
  await until(page, `document.querySelectorAll('.smp-sweep-rfc tbody tr').length === 4`, 30_000);
  assert.equal(await axisTitle(), 'rx_queues', 'the axis names what the sweep varies');
  assert.match(await page.textContent('.smp-usl') ?? '', / per rx_queues; /);
  const rows = await rowsOf(page, '.smp-sweep-rfc');
  rfc.curve.forEach((p, i) => {
    assert.ok(p.rfc2544 && p.rfc2544.zeroLossPps > 0, `${p.label} searched`);
    assert.deepEqual(rows[i], [p.label, `${formatCount(p.rfc2544.zeroLossPps)} pps`, String(p.rfc2544.trials), `${formatCount(p.rfc2544.fromPps)}–${formatCount(p.rfc2544.toPps)} pps`]);
  });
  await page.locator('.smp-sweep').screenshot({ path: 'media/screenshot-sweep-rfc2544.png' });
});
