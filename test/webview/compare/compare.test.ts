import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { fitUsl, uslThroughput } from '../../../src/trace/analysis/usl';
import { delta, formatDelta, lockDeltas, measuredNs, packetRows } from '../../../webview/compare/deltas';
import { niceCeil, scalingLayout, sweepAxis, ticks } from '../../../webview/compare/scaling';
import { fixture, lockScenario } from '../../trace/analysis/fixtures';
import type { TraceMeta } from '../../../src/trace/schema';

test('lock deltas join by name, biggest change in wait first', () => {
  // A: the lock scenario (Giant waits 80, if_snd 10). B: only Giant, waiting 5 (spin [0,5)).
  const a = lockStats(lockScenario().trace);
  const f = fixture({ cpus: 1, threads: ['T'], locks: [['Giant', 'mutex', 'adaptive']] });
  const S = f.stack('x@1');
  f.b.span(0, 5, 3, 0, 0, 0, 0, 0, S);
  f.b.span(5, 10, 2, 0, 0, 0, 0, 0, S);
  const b = lockStats(f.finish(100));
  const d = lockDeltas(a, b);
  // Giant: 80 → 5 (−75); if_snd: 10 → gone (−10).
  assert.deepEqual(d.map((r) => [r.name, r.waitNs.delta]), [['Giant', -75], ['if_snd', -10]]);
  assert.equal(d[1].b, null);
  assert.equal(d[0].acquisitions.a, 3);
  assert.equal(d[0].acquisitions.b, 1);
  assert.equal(formatDelta(d[0].waitNs, (v) => `${v} ns`), '−75 ns (−93.8%)');
});

test('delta formatting: sign, percentage, no percentage from zero', () => {
  assert.equal(formatDelta(delta(200, 250), String), '+50 (+25.0%)');
  assert.equal(formatDelta(delta(0, 7), String), '+7');
  assert.equal(formatDelta(delta(3, 3), String), '0');
});

test('packet rows: throughput over the measured time after warm-up', () => {
  const meta = (delivered: number, warmupNs: number, p99: number) => ({
    startNs: 0, endNs: 2_000_000, warmupNs,
    packets: { offered: 1000, delivered, dropped: { ring: 1000 - delivered }, latencyNs: { min: 1, mean: 2, p99, max: 9 }, reordered: 0, inFlight: 0 },
  }) as unknown as TraceMeta;
  // A: 800 delivered in 2 ms → 400 kpps. B: 900 in the 1 ms after a 1 ms warm-up → 900 kpps.
  const a = meta(800, 0, 5000), b = meta(900, 1_000_000, 4000);
  assert.equal(measuredNs(b), 1_000_000);
  const rows = packetRows(a, b)!;
  const tp = rows.find((r) => r.label.startsWith('Throughput'))!;
  assert.equal(tp.d.a, 400_000);
  assert.equal(tp.d.b, 900_000);
  assert.equal(rows.find((r) => r.label === 'Dropped')!.d.delta, -100);
  assert.equal(rows.find((r) => r.label === 'Latency p99')!.d.delta, -1000);
  assert.equal(packetRows({ ...a, packets: undefined }, { ...b, packets: undefined }), null);
});

test('nice numbers and ticks', () => {
  assert.equal(niceCeil(7.3), 10);
  assert.equal(niceCeil(1.7), 2);
  assert.equal(niceCeil(230), 250);
  assert.deepEqual(ticks(10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(ticks(250), [0, 50, 100, 150, 200, 250]);
});

test('scaling layout: points and the fitted curve in the plot box, peak marked', () => {
  const truth = { lambda: 1000, s: 0.05, k: 0.02 }; // peak at sqrt(0.95 / 0.02) ≈ 6.9 CPUs
  const pts = [1, 2, 4, 8].map((n) => ({ label: `${n}`, x: n, throughput: uslThroughput(truth, n) }));
  const fit = fitUsl(pts.map((p) => ({ n: p.x, throughput: p.throughput })))!;
  const l = scalingLayout(pts, fit, 500, 300);
  // x axis: the sweep reaches 8 and the peak (6.9) is inside it → 0..10.
  assert.equal(l.xMax, 10);
  assert.ok(l.peak, 'peak inside the x range');
  assert.ok(Math.abs(l.peak!.cx - l.sx(Math.sqrt(0.95 / 0.02))) < 0.5);
  for (const p of l.points) {
    assert.ok(p.cx >= l.plot.left && p.cx <= l.plot.right);
    assert.ok(p.cy >= l.plot.top && p.cy <= l.plot.bottom);
  }
  // The curve passes through the points (the data are exact).
  assert.ok(l.curve.startsWith('M'));
  const first = l.curve.slice(1).split('L')[0].split(',').map(Number);
  assert.ok(Math.abs(first[0] - l.points[0].cx) < 0.1 && Math.abs(first[1] - l.points[0].cy) < 0.5);
  // The peak is the highest point of the curve: above every sweep point.
  assert.ok(l.points.every((p) => l.peak!.cy <= p.cy + 1e-9));
  // Without a fit: points only.
  const bare = scalingLayout(pts.slice(0, 2), null, 500, 300);
  assert.equal(bare.curve, '');
  assert.equal(bare.peak, null);
  // …joined in order of x
  assert.equal(bare.line, `M${bare.points[0].cx.toFixed(1)},${bare.points[0].cy.toFixed(1)}L${bare.points[1].cx.toFixed(1)},${bare.points[1].cy.toFixed(1)}`);
  assert.equal(l.line, '', 'a fitted curve is not joined too');
});

test('a sweep\'s axis is what it varies: CPUs and queues are counts the USL fits, an offered rate is not', () => {
  assert.deepEqual(sweepAxis([1, 2, 4].map((n) => ({ label: `cpus=${n}`, x: n }))), { title: 'CPUs', unit: 'CPU', counts: true });
  assert.deepEqual(sweepAxis([1, 2, 3].map((n) => ({ label: `rx_queues=${n}`, x: n }))), { title: 'rx_queues', unit: 'rx_queues', counts: true });
  assert.deepEqual(sweepAxis([25, 50, 400].map((k) => ({ label: `rate=${k}kpps`, x: k * 1000 }))), { title: 'rate', unit: 'rate', counts: false });
  assert.equal(sweepAxis([{ label: 'x=0.5', x: 0.5 }, { label: 'x=1', x: 1 }]).counts, false);
  assert.equal(sweepAxis([1, 2].map((n) => ({ label: `${n} CPUs`, x: n }))).title, 'CPUs');
});
