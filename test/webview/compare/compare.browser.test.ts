// The compare view in headless Chromium: run A is the lock scenario with CPU
// time (see test/trace/analysis/fixtures.ts), run B a lighter variant
// (harness.ts: Giant waits 5 ns, no if_snd, ether_input 40 ns on-CPU,
// ip_input 200 ns), with a sweep drawn from a known USL curve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { harness, type Harness } from '../locks/browser';
import { browserTests } from '../browser';

let s: Harness;
let page: Page;
const { skip } = browserTests(async (browser) => {
  s = await harness(browser);
  page = await s.open('compare');
});

test('sections, runs and per-CPU busy shares', { skip }, async () => {
  assert.deepEqual(await page.$$eval('.smp-compare h2', (x) => x.map((e) => e.textContent)),
    ['Sweep', 'Runs: the first and last point', 'CPU time', 'Locks', 'Flame graph difference', 'Packets']);
  assert.match(await page.textContent('.smp-compare-runs') ?? '', /before — 2 CPUs, 1 µs measured/);
  // A cpu0 busy 180 of 1000 ns; B cpu0 40, B cpu1 200.
  const busy = await page.$$eval('.smp-cpu-row', (rows) => rows.map((r) => `${r.children[0].textContent} ${r.children[2].textContent}`));
  assert.deepEqual(busy, ['A cpu0 18.0%', 'A cpu1 10.0%', 'B cpu0 4.0%', 'B cpu1 20.0%']);
  assert.equal(await page.getAttribute('.smp-cpu-row:nth-child(1) .smp-cpu-bar', 'aria-label'), 'A cpu0: kernel 13.0%, interrupt 5.0%, idle 5.0%');
});

test('lock table with deltas, the biggest change in wait first', { skip }, async () => {
  const rows = await page.$$eval('.smp-compare table[aria-label^="Locks"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).slice(0, 5).map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ['Giant', 'mutex', '80 ns', '5 ns', '−75 ns (−93.8%)'],
    ['if_snd', 'spin', '10 ns', '—', '−10 ns (−100.0%)'],
  ]);
  assert.equal(await page.getAttribute('.smp-compare table[aria-label^="Locks"] tbody tr:first-child td:nth-child(5)', 'class'), 'better');
  // Contended: 1 of 4 acquisitions in A (the lock scenario's 3 holds plus the CPU scenario's one),
  // 1 of 2 in B: a change in points, marked worse; how often a lock is taken is neither better nor
  // worse. The wait cell splits spin and sleep in its title.
  const giant = await page.$$eval('.smp-compare table[aria-label^="Locks"] tbody tr:first-child td', (tds) => tds.map((t) => [t.textContent, t.className, (t as HTMLElement).title]));
  assert.deepEqual(giant.slice(4, 7), [['25.0%', '', ''], ['50.0%', '', ''], ['+25.0 pt', 'worse', '']]);
  assert.deepEqual(giant.slice(7, 10), [['4', '', ''], ['2', '', ''], ['−2 (−50.0%)', '', '']]);
  assert.equal(giant[1][2], 'spin 30 ns · sleep 50 ns');
});

test('differential flame: hover shows both runs; growth red, shrink blue; lines open in their own run', { skip }, async () => {
  // Frames sit in name order: row 1 has netisr (B: 200) then wm_rxintr (B: 40); widths by run B out of 240.
  // (below the sweep section: brought into view first)
  await page.$eval('.smp-compare .smp-flame-canvas canvas', (c) => c.scrollIntoView({ block: 'center' }));
  const box = await page.$eval('.smp-compare .smp-flame-canvas canvas', (c) => c.getBoundingClientRect().toJSON());
  const W = box.width;
  const ipInput = { x: box.left + (200 / 240) * W / 2, y: box.top + 18 * 2 + 9 };
  const etherInput = { x: box.left + (200 / 240) * W + (40 / 240) * W / 2, y: box.top + 18 * 2 + 9 };
  await page.mouse.move(etherInput.x, etherInput.y);
  const card = await page.$eval('.smp-compare .smp-flame-card', (e) => e.textContent ?? '');
  assert.match(card, /^ether_input/);
  assert.match(card, /A: 130 ns → B: 40 ns \(−90 ns, −69\.2%\)/);
  await page.mouse.move(0, 0);
  const pixel = (p: { x: number; y: number }) => page.evaluate(({ x, y, left, top }) => {
    const c = document.querySelector('.smp-compare .smp-flame-canvas canvas') as HTMLCanvasElement;
    const dpr = window.devicePixelRatio || 1;
    const d = c.getContext('2d')!.getImageData(Math.round((x - left) * dpr), Math.round((y - top) * dpr) - 6, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, { ...p, left: box.left, top: box.top });
  const grew = await pixel({ x: ipInput.x + 30, y: ipInput.y });
  const shrank = await pixel({ x: etherInput.x + 5, y: etherInput.y });
  assert.ok(grew[0] > 150 && grew[2] < 20, `ip_input grew: red ${grew}`);
  assert.ok(shrank[2] > 150 && shrank[0] < 20, `ether_input shrank: blue ${shrank}`);
  // ip_input exists in B: its line opens in run B.
  await page.mouse.click(ipInput.x, ipInput.y);
  assert.deepEqual(await page.evaluate(() => (window as any).__h.openedB), [4]);
  // Laid out by run A, ip_output (only in A) appears and opens in run A.
  await page.selectOption('.smp-compare .smp-flame-bar label:has-text("Widths") select', 'a');
  // A: netisr 100 of 280, ip_input 100 in it, ip_output 60 below.
  const a = await page.$eval('.smp-compare .smp-flame-canvas canvas', (c) => c.getBoundingClientRect().toJSON());
  await page.mouse.click(a.left + (60 / 280) * a.width / 2, a.top + 18 * 3 + 9);
  assert.deepEqual(await page.evaluate(() => (window as any).__h.opened), [5]);
});

test('packets with deltas', { skip }, async () => {
  const rows = await page.$$eval('.smp-compare table[aria-label^="Packets"] tbody tr', (trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
  // 800 and 950 delivered in 1 µs.
  assert.deepEqual(rows[0], ['Throughput (delivered)', '800 Mpps', '950 Mpps', '+150 Mpps (+18.8%)']);
  assert.deepEqual(rows.find((r) => r[0] === 'Dropped'), ['Dropped', '200', '50', '−150 (−75.0%)']);
  assert.deepEqual(rows.find((r) => r[0] === 'Latency p99'), ['Latency p99', '500 ns', '400 ns', '−100 ns (−20.0%)']);
});

test('sweep: points, the fitted USL curve, its parameters and peak', { skip }, async () => {
  // Drawn from λ = 1000, σ = 0.05, κ = 0.02: peak at √(0.95/0.02) ≈ 6.9 CPUs.
  assert.equal(await page.$$eval('.smp-scaling circle.point', (x) => x.length), 4);
  assert.equal(await page.$$eval('.smp-scaling circle.peak', (x) => x.length), 1);
  assert.equal(await page.$$eval('.smp-scaling path.curve', (x) => x.length), 1);
  const words = await page.textContent('.smp-usl') ?? '';
  assert.match(words, /σ \(contention\) = 0\.0500, κ \(coherency\) = 2\.00e-2, λ = 1 k\/s per CPU; peak at N\* = √\(\(1 − σ\)\/κ\) ≈ 6\.9 CPUs/);
  assert.match(words, /R² = 1\.0000/);
});

test('without a sweep there is no sweep section', { skip }, async () => {
  const p = await s.open('compare-nosweep');
  try {
    assert.deepEqual(await p.$$eval('.smp-compare h2', (x) => x.map((e) => e.textContent)), ['Runs', 'CPU time', 'Locks', 'Flame graph difference', 'Packets']);
    assert.equal(await p.$$eval('.smp-scaling', (x) => x.length), 0);
  } finally {
    await p.close();
  }
});

test('with replications: mean ± CI, and a change within the intervals is "not significant"', { skip }, async () => {
  const p = await s.open('compare-stats');
  try {
    assert.match(await p.textContent('.smp-compare') ?? '', /Mean ± 95% confidence interval of 5 \(A\) and 5 \(B\) replications/);
    const giant = await p.$$eval('.smp-compare table[aria-label^="Locks"] tbody tr:first-child td', (tds) => tds.map((t) => [t.textContent, t.className]));
    // Total wait: 80 ± 10 vs 5 ± 3: significant, better
    assert.deepEqual(giant.slice(1, 4).map((c) => c[0]), ['80 ns ± 10 ns', '5 ns ± 3 ns', '−75 ns (−93.8%)']);
    assert.equal(giant[3][1], 'better');
    // Acquired: 4 ± 3 vs 2 ± 3: the intervals overlap
    assert.deepEqual(giant.slice(7, 10).map((c) => c[0]), ['4 ± 3', '2 ± 3', '−2 (−50.0%) not significant']);
    assert.equal(await p.$$eval('.smp-compare td .ns', (x) => x.length) >= 1, true);
  } finally {
    await p.close();
  }
});
