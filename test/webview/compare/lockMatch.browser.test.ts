// Compare of a model run beside an imported capture, in headless Chromium:
// the model of docs/examples/udp-flood.smp.yaml (A) and the committed UDP
// capture (B). No lock is named alike, so the matching editor is open; picking
// the capture's caller row for the model's so_rcv pairs them in the lock
// deltas, and the mapping is handed over to be kept; opened again with that
// mapping (a restored compare) the pair is there at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { compileModel, loadModel } from '../../../src/model';
import { simulate } from '../../../src/sim/simulate';
import { encodeTrace } from '../../../src/trace/codec';
import { importTraceFile } from '../../../src/trace/import/index';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { formatDuration } from '../../../src/core/format';
import type { LockMapping } from '../../../src/core/lockMapping';
import { harness, type Harness } from '../locks/browser';
import { browserTests } from '../browser';

const MODEL = 'docs/examples/udp-flood.smp.yaml';
const CAPTURE = 'test/fixtures/perf/udp.perf.txt.gz';
const CALLER = 'udp_recvmsg+0x13a';
let h: Harness;
let page: Page;
let wires: { __wireA: string; __wireB: string };
let expected: { a: number; b: number; meanA: number };

const { skip } = browserTests(async (browser: Browser) => {
  const { model } = loadModel(readFileSync(MODEL, 'utf8'), MODEL);
  const a = simulate(compileModel(model!, { durationNs: 5e6 }));
  const b = (await importTraceFile(CAPTURE)).trace;
  const so = lockStats(a).rows.find((r) => r.name === 'so_rcv')!;
  expected = { a: so.waitNs, meanA: so.meanWaitNs, b: lockStats(b).callers.find((r) => r.name === CALLER)!.waitNs };
  wires = { __wireA: Buffer.from(encodeTrace(a)).toString('base64'), __wireB: Buffer.from(encodeTrace(b)).toString('base64') };
  h = await harness(browser);
  page = await h.open('compare-capture', wires);
});

/** The lock deltas' rows: name and the A and B cells of Total wait. */
const deltaRows = () => page.$$eval('table.smp-compare-locks tbody tr', (trs) => trs.map((tr) => ({
  name: tr.querySelector('th')?.textContent ?? '',
  a: tr.children[2]?.textContent ?? '',
  b: tr.children[3]?.textContent ?? '',
})));

test('nothing pairs by name: the matching editor is open, B\'s rows are by call site', { skip }, async () => {
  assert.equal(await page.$eval('details.smp-lock-mapping', (d) => (d as HTMLDetailsElement).open), true);
  assert.equal(await page.$eval('select[data-run="a"]', (s) => (s as HTMLSelectElement).value), 'lock');
  assert.equal(await page.$eval('select[data-run="b"]', (s) => (s as HTMLSelectElement).value), 'caller');
  assert.match(await page.locator('details.smp-lock-mapping summary').innerText(), /0 of 1 paired/);
  const rows = await deltaRows();
  assert.ok(rows.some((r) => r.name === 'so_rcv' && r.b === '—'), JSON.stringify(rows.slice(0, 3)));
  assert.ok(rows.some((r) => r.name === CALLER && r.a === '—'));
});

test('editing one entry pairs so_rcv with the capture\'s caller row and hands the mapping over', { skip }, async () => {
  await page.selectOption('select[aria-label="Row of B for so_rcv"]', CALLER);
  const rows = await deltaRows();
  const pair = rows.find((r) => r.name === `so_rcv ↔ ${CALLER}`);
  assert.ok(pair, JSON.stringify(rows.slice(0, 3)));
  assert.equal(pair.a, formatDuration(expected.a));
  assert.equal(pair.b, formatDuration(expected.b));
  // a capture has no holds: its Acquired (and the change) are "—", never a −100% drop
  const acquired = await page.$eval(`table.smp-compare-locks tbody tr:has(th[title="so_rcv ↔ ${CALLER}"])`, (tr) => [8, 9, 10].map((i) => tr.children[i]?.textContent));
  assert.deepEqual(acquired.slice(1), ['—', '—']);
  assert.notEqual(acquired[0], '—');
  // the mean wait compares across runs of different lengths: perf's avg wait for that caller is 3.20 µs (udp.contention.txt)
  const meanWait = await page.$eval(`table.smp-compare-locks tbody tr:has(th[title="so_rcv ↔ ${CALLER}"])`, (tr) => [17, 18].map((i) => tr.children[i]?.textContent));
  assert.equal(meanWait[0], formatDuration(expected.meanA));
  assert.equal(meanWait[1], '3.2 µs');
  assert.match(await page.locator('.smp-compare').innerText(), /The runs measured different lengths/);
  // neither half is left as a row of its own
  assert.ok(!rows.some((r) => r.name === 'so_rcv' || r.name === CALLER));
  assert.match(await page.locator('details.smp-lock-mapping summary').innerText(), /1 of 1 paired \(1 by hand\)/);
  mkdirSync('test-output/webview', { recursive: true });
  await page.screenshot({ path: 'test-output/webview/compare-lock-mapping.png', fullPage: true });
  const saved = await page.evaluate(() => (window as any).__h.saved) as LockMapping[];
  assert.deepEqual(saved.at(-1), { by: { a: 'lock', b: 'caller' }, pairs: { so_rcv: CALLER } });
});

test('opened again with the saved mapping (a restored compare), the pair is there without editing', { skip }, async () => {
  const saved = await page.evaluate(() => (window as any).__h.saved.at(-1)) as LockMapping;
  const again = await h.open('compare-capture', { ...wires, __mapping: saved });
  try {
    const names = await again.$$eval('table.smp-compare-locks tbody th', (ths) => ths.map((t) => t.textContent));
    assert.ok(names.includes(`so_rcv ↔ ${CALLER}`), names.slice(0, 3).join(', '));
    // a row pairs already: the editor starts folded
    assert.equal(await again.$eval('details.smp-lock-mapping', (d) => (d as HTMLDetailsElement).open), false);
    await again.click('details.smp-lock-mapping summary');
    // the editor is built when it opens (its toggle event)
    await again.locator('select[aria-label="Row of B for so_rcv"]').waitFor();
    assert.equal(await again.$eval('select[aria-label="Row of B for so_rcv"]', (s) => (s as HTMLSelectElement).value), CALLER);
    // back to matching by name: the pair comes apart, and that is handed over too
    await again.selectOption('select[aria-label="Row of B for so_rcv"]', '\u0000by-name');
    const after = await again.$$eval('table.smp-compare-locks tbody th', (ths) => ths.map((t) => t.textContent));
    assert.ok(after.includes('so_rcv') && after.includes(CALLER));
    assert.deepEqual(await again.evaluate(() => (window as any).__h.saved.at(-1)), { by: { a: 'lock', b: 'caller' }, pairs: {} });
  } finally {
    await again.close();
  }
});
