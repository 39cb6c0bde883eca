import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, DEFAULT_EXPANDED, GROUP_HEIGHT, layoutRows, rowAt } from '../../../../webview/timeline/layout/rows';
import { TimelineIndex } from '../../../../webview/timeline/data/traceIndex';
import { clampWindow, panWindow, timeToX, transformFromWindow, windowFromTransform, xToTime, zoomWindow } from '../../../../webview/timeline/layout/scale';
import { formatCount, formatDuration, formatTick } from '../../../../src/core/format';
import { GIANT, smallTrace } from '../../fixtures/smallTrace';

test('rows: one per CPU, expandable into its threads and locks; lock and counter groups', () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const closed = buildRows(ix, new Set());
  assert.deepEqual(closed.map((r) => r.id), ['cpu:0', 'cpu:1', 'group:locks', 'group:counters']);
  assert.deepEqual(closed[0].lanes.map((l) => l.kind), ['marks', 'threads', 'states', 'locks', 'locks']);
  const open = buildRows(ix, new Set(['cpu:0', ...DEFAULT_EXPANDED]));
  assert.deepEqual(open.map((r) => r.id), [
    'cpu:0', 'cpu:0/thread:0', 'cpu:0/lock:0', 'cpu:0/lock:1', 'cpu:1',
    'group:locks', 'lock:0', 'lock:1', 'group:counters', 'series:0', 'series:1',
  ]);
  const giant = open.find((r) => r.id === `lock:${GIANT}`)!;
  assert.deepEqual(giant.lanes.map((l) => l.kind), ['holds', 'waits']);
  assert.equal(open[0].expanded, true);
  assert.equal(open[1].label, 'irq/wm0');
});

test("a lock's own row is laid out from its lane counts and its lanes built when first read: the same lanes as index.lock", () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const rows = buildRows(ix, new Set(DEFAULT_EXPANDED)).filter((r) => r.kind === 'lock');
  assert.ok(rows.length > 0);
  for (const r of rows) {
    const { holds, waits } = ix.lock(r.lock!);
    assert.deepEqual(r.lanes.map((l) => l.kind), [...holds.map(() => 'holds'), ...waits.map(() => 'waits')]);
    assert.deepEqual(ix.lockLaneCounts(r.lock!), { holds: holds.length, waits: waits.length });
    r.lanes.forEach((l, k) => assert.equal(l.lane, k < holds.length ? holds[k] : waits[k - holds.length]));
  }
});

test('layout stacks rows without gaps and rowAt finds the row and lane under y', () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const layout = layoutRows(buildRows(ix, new Set(DEFAULT_EXPANDED)), 3);
  let y = 0;
  for (const r of layout.rows) {
    assert.equal(r.y, y);
    y += r.h;
  }
  assert.equal(layout.height, y);
  const cpu0 = layout.rows[0];
  // marks 6, threads 16, states 8, locks 10 + 10, padding 3 top and bottom
  assert.deepEqual(cpu0.laneY, [3, 9, 25, 33, 43]);
  assert.equal(cpu0.h, 56);
  assert.deepEqual(rowAt(layout, 0), { row: 0, lane: 0 });
  assert.deepEqual(rowAt(layout, 12), { row: 0, lane: 1 });
  assert.deepEqual(rowAt(layout, 44), { row: 0, lane: 4 });
  assert.deepEqual(rowAt(layout, 56), { row: 1, lane: 0 });
  const group = layout.rows.findIndex((r) => r.id === 'group:locks');
  assert.equal(layout.rows[group].h, GROUP_HEIGHT);
  assert.deepEqual(rowAt(layout, layout.rows[group].y + 5), { row: group, lane: -1 });
  assert.equal(rowAt(layout, layout.height), null);
  assert.equal(rowAt(layout, -1), null);
});

test('timeToX and xToTime are inverse and map the window onto the width', () => {
  const vp = { start: 1000, end: 3000, width: 400 };
  assert.equal(timeToX(vp, 1000), 0);
  assert.equal(timeToX(vp, 3000), 400);
  assert.equal(timeToX(vp, 2000), 200);
  for (const x of [0, 13.5, 200, 399]) assert.ok(Math.abs(timeToX(vp, xToTime(vp, x)) - x) < 1e-9);
});

test('zoom keeps the anchor still, pan moves, both stay inside the run and above the minimum window', () => {
  const bounds = { start: 0, end: 1e6 };
  const w = zoomWindow({ start: 0, end: 1e6 }, 250_000, 4, bounds);
  assert.deepEqual(w, { start: 187_500, end: 437_500 });
  const frac = (250_000 - w.start) / (w.end - w.start);
  assert.equal(frac, 0.25, 'anchor at the same fraction of the view');
  assert.deepEqual(panWindow(w, 1e6, bounds), { start: 750_000, end: 1e6 });
  assert.deepEqual(panWindow(w, -1e6, bounds), { start: 0, end: 250_000 });
  const tiny = zoomWindow({ start: 100, end: 200 }, 150, 1000, bounds);
  assert.equal(tiny.end - tiny.start, 20);
  assert.deepEqual(clampWindow({ start: -5, end: 2e6 }, bounds), { start: 0, end: 1e6 });
});

test('d3-zoom transforms and time windows convert both ways', () => {
  const bounds = { start: 500, end: 10_500 };
  const t = transformFromWindow(bounds, 800, { start: 3000, end: 5500 });
  assert.equal(t.k, 4);
  const w = windowFromTransform(bounds, 800, t.k, t.x);
  assert.ok(Math.abs(w.start - 3000) < 1e-9 && Math.abs(w.end - 5500) < 1e-9);
});

test('durations, ticks and counts read in ns/µs/ms with just enough digits', () => {
  assert.equal(formatDuration(0), '0 ns');
  assert.equal(formatDuration(850), '850 ns');
  assert.equal(formatDuration(12_345), '12.3 µs');
  assert.equal(formatDuration(4_560_000), '4.56 ms');
  assert.equal(formatDuration(2e9), '2 s');
  assert.equal(formatTick(12_345_600, 100, 2e7), '12.3456 ms');
  assert.equal(formatTick(12_000_000, 1e6, 2e7), '12 ms');
  assert.equal(formatTick(1500, 500, 3000), '1.5 µs');
  assert.equal(formatTick(40, 10, 90), '40 ns');
  assert.equal(formatCount(1_234_567), '1,234,567');
  assert.equal(formatCount(42), '42');
});
