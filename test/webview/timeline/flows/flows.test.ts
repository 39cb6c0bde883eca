// Flow arrows: the per-pair index and its buckets against brute-force counts,
// the arrow geometry and hit test against hand-made shapes, what is under
// the pointer on a real layout, which span a flow leads to, and the pixels a
// bucket's line lights up (they must be where the hit test looks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceBuilder } from '../../../../src/trace/builder';
import { CpuState, FlowKind, NONE, SpanKind, type Trace } from '../../../../src/trace/schema';
import { bucketFlows, bucketLength, bucketOf, bucketStyle, flowBuckets, MAX_BUCKETS, MIN_BUCKET_PX } from '../../../../webview/timeline/flows/flowBuckets';
import { flowClickSpan, flowEndSpan, followFlow } from '../../../../webview/timeline/flows/flowFollow';
import {
  bucketLine, cpuAnchor, cpuAnchors, curvePoint, distanceToCurve, distanceToSegment, flowLine, nearestArrow, type DrawnArrow,
} from '../../../../webview/timeline/flows/flowGeometry';
import { drawnArrows, flowAt } from '../../../../webview/timeline/flows/flowHit';
import { buildFlowPairs, kindCounts, majorityKind, medianFlow, pairCpus } from '../../../../webview/timeline/flows/flowPairs';
import { baseFlows, FLOW_LIMIT, NO_FLOWS } from '../../../../webview/timeline/flows/flows';
import { FLOW_OVER_SPAN_PX, pickHit, pointAt } from '../../../../webview/timeline/interaction/hitTest';
import { blend, PixelLayer } from '../../../../webview/timeline/draw/pixels';
import { buildRows, layoutRows } from '../../../../webview/timeline/layout/rows';
import { TimelineIndex } from '../../../../webview/timeline/data/traceIndex';
import type { ViewState } from '../../../../webview/timeline/viewState';
import { smallTrace } from '../../fixtures/smallTrace';
import { syntheticTrace } from '../../fixtures/syntheticTrace';

/** The parts of the view state the hit test and the flow layer read, for a window of `width` px over [start, end). */
function viewState(index: TimelineIndex, start: number, end: number, width: number, extra: Partial<ViewState> = {}): ViewState {
  const layout = layoutRows(buildRows(index, new Set()));
  const s = {
    bounds: { start: index.trace.meta.startNs, end: index.trace.meta.endNs }, win: { start, end }, width, height: 600, dpr: 1, scrollTop: 0,
    expanded: new Set<string>(), layout, matcher: null, showFlows: true, flowLayer: NO_FLOWS, selectedSpan: -1,
    hover: null, hoverX: -1, focusRow: 0, dragRange: null, ticks: [], ...extra,
  };
  return s as unknown as ViewState;
}

/**
 * Three CPUs, each running one thread from 0 to 10 µs; `n` lock handoffs
 * from CPU 0 to CPU 1 and n/2 wakeups from CPU 2 to CPU 1, every 40 ns.
 */
function handoffTrace(n: number): Trace {
  const b = new TraceBuilder(16);
  for (let c = 0; c < 3; c++) {
    b.span(0, 10_000, SpanKind.CpuState, CpuState.Kernel, c, c, NONE, 0, 0);
    b.span(0, 10_000, SpanKind.ThreadRun, 0, c, c, NONE, 0, 0);
  }
  for (let k = 0; k < n; k++) b.flow(100 + 40 * k, 110 + 40 * k, FlowKind.LockHandoff, 0, 1, 0, 1, 0, 0);
  for (let k = 0; k < n / 2; k++) b.flow(120 + 80 * k, 150 + 80 * k, FlowKind.Wakeup, 2, 1, 2, 1, 0, 0);
  return b.finish({
    version: 2, name: 'handoffs', variant: '', seed: 1, cpus: 3, startNs: 0, endNs: 10_000, warmupNs: 0,
    stopReason: 'completed', stopDetail: '', events: 0, wallMs: 0,
    threads: [0, 1, 2].map((c) => ({ name: `t${c}`, kind: 'kthread', priority: 10, cpu: c, src: 0 })),
    locks: [{ name: 'Giant', kind: 'mutex', wait: 'spin', src: 0 }],
    series: [], sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
  });
}

test('flows grouped per CPU pair: each pair in t0 order, kinds counted by prefix, as a brute-force pass finds', () => {
  const trace = syntheticTrace({ spans: 30_000, cpus: 4, seed: 5 });
  const ix = new TimelineIndex(trace);
  const p = ix.flowPairs;
  const fl = trace.tables.flows;
  assert.ok(trace.length.flows > 500, `${trace.length.flows} flows`);
  assert.equal(p.ids.length, trace.length.flows, 'every flow joins two CPU tracks');
  assert.deepEqual([...p.ids].sort((a, b) => a - b), Array.from({ length: trace.length.flows }, (_, i) => i), 'each flow once');
  for (let g = 0; g < p.cpus * p.cpus; g++) {
    const [c0, c1] = pairCpus(p, g);
    let longest = 0;
    for (let k = p.start[g]; k < p.start[g + 1]; k++) {
      const f = p.ids[k];
      assert.deepEqual([fl.cpu0[f], fl.cpu1[f]], [c0, c1]);
      assert.equal(p.t0[k], fl.t0[f]);
      if (k > p.start[g]) assert.ok(p.t0[k - 1] <= p.t0[k], 't0 order');
      longest = Math.max(longest, fl.t1[f] - fl.t0[f]);
    }
    assert.equal(p.maxDur[g], longest);
  }
  // Kind counts over arbitrary ranges.
  for (const [a, b] of [[0, p.ids.length], [10, 11], [37, 420], [p.ids.length - 5, p.ids.length]]) {
    const want = [0, 0, 0];
    for (let k = a; k < b; k++) want[fl.kind[p.ids[k]]]++;
    assert.deepEqual(kindCounts(p, a, b).concat([0, 0, 0]).slice(0, 3), want);
    assert.equal(majorityKind(p, a, b), want.indexOf(Math.max(...want)));
  }
  assert.ok(kindCounts(p, 0, p.ids.length)[FlowKind.Wakeup] > 0 && kindCounts(p, 0, p.ids.length)[FlowKind.LockHandoff] > 0, 'both kinds occur');
});

test('buckets hold exactly the flows a brute-force count puts in each (pair, bucket), at any zoom and pan', () => {
  const trace = syntheticTrace({ spans: 40_000, cpus: 8, seed: 11 });
  const ix = new TimelineIndex(trace);
  const p = ix.flowPairs;
  const fl = trace.tables.flows;
  const origin = trace.meta.startNs;
  const len = trace.meta.endNs - origin;
  const out = flowBuckets(4);
  const windows: [number, number, number][] = [
    [origin, trace.meta.endNs, 1200], [origin + len * 0.3, origin + len * 0.45, 900], [origin + len * 0.31, origin + len * 0.46, 900],
    [origin + len * 0.5, origin + len * 0.5001, 1600], [origin - len, origin + len * 0.01, 800],
  ];
  for (const [w0, w1, width] of windows) {
    bucketFlows(p, w0, w1, origin, (w1 - w0) / width, width, out);
    const L = out.bucketNs;
    // Brute force: every flow of a pair whose t0 is in [w0 - that pair's longest, w1), keyed by (pair, bucket).
    const want = new Map<string, number[]>();
    for (let f = 0; f < trace.length.flows; f++) {
      const g = fl.cpu0[f] * p.cpus + fl.cpu1[f];
      if (fl.t0[f] < w0 - p.maxDur[g] || fl.t0[f] >= w1) continue;
      const key = `${g}:${bucketOf(fl.t0[f], origin, L)}`;
      const c = want.get(key) ?? [0, 0, 0];
      c[fl.kind[f]]++;
      want.set(key, c);
    }
    const got = new Map<string, number[]>();
    let max = 0;
    for (let k = 0; k < out.n; k++) {
      const [a, b] = [out.a[k], out.b[k]];
      assert.ok(b > a, 'no empty bucket');
      const key = `${out.pair[k]}:${bucketOf(p.t0[a], origin, L)}`;
      assert.ok(!got.has(key), `bucket ${key} once`);
      assert.equal(bucketOf(p.t0[b - 1], origin, L), bucketOf(p.t0[a], origin, L), 'one bucket per arrow');
      got.set(key, kindCounts(p, a, b).concat([0, 0, 0]).slice(0, 3));
      max = Math.max(max, b - a);
    }
    assert.deepEqual(got, want, `window ${w0}..${w1}`);
    assert.equal(out.maxCount, max);
    assert.ok(Number.isInteger(Math.log2(L)), `bucket ${L} ns is a power of two`);
  }
  // A pan keeps the bucket length and the buckets common to both windows.
  bucketFlows(p, origin + len * 0.3, origin + len * 0.45, origin, (len * 0.15) / 900, 900, out);
  const first = new Set(Array.from({ length: out.n }, (_, k) => `${out.pair[k]}:${out.a[k]}:${out.b[k]}`));
  const L = out.bucketNs;
  bucketFlows(p, origin + len * 0.31, origin + len * 0.46, origin, (len * 0.15) / 900, 900, out);
  assert.equal(out.bucketNs, L);
  let shared = 0;
  for (let k = 0; k < out.n; k++) if (first.has(`${out.pair[k]}:${out.a[k]}:${out.b[k]}`)) shared++;
  assert.ok(shared > out.n * 0.8, `${shared} of ${out.n} buckets unchanged by a small pan`);
});

test('bucket length: a power of two, at least a few pixels, and wide enough to keep the arrows in a frame bounded', () => {
  for (const [npp, width, pairs] of [[1, 1000, 1], [0.3, 1400, 56], [48_000, 1430, 56], [7, 800, 6], [1e-3, 1000, 2]]) {
    const L = bucketLength(npp, width, pairs);
    assert.ok(Number.isInteger(Math.log2(L)), `${L}`);
    assert.ok(L >= MIN_BUCKET_PX * npp, 'at least MIN_BUCKET_PX pixels');
    assert.ok(L < 2 * Math.max(MIN_BUCKET_PX * npp, (pairs * width * npp) / MAX_BUCKETS) + 1e-12, 'the next power of two, no more');
    assert.ok(pairs * Math.ceil((width * npp) / L) <= MAX_BUCKETS + pairs, 'about MAX_BUCKETS arrows at most');
  }
  // The fuller the bucket, the more opaque; the fullest drawn wider.
  const styles = [1, 2, 8, 64, 128].map((c) => bucketStyle(c, 128));
  for (let k = 1; k < styles.length; k++) assert.ok(styles[k].alpha > styles[k - 1].alpha);
  assert.deepEqual([styles[0].width, styles[4].width], [1, 2]);
  assert.ok(styles[0].alpha >= 0.2 && styles[4].alpha <= 1);
});

test('geometry: distances to segments and curves, measured on shapes worked out by hand', () => {
  assert.equal(distanceToSegment(5, 3, 0, 0, 10, 0), 3);
  assert.equal(distanceToSegment(-4, 3, 0, 0, 10, 0), 5, 'past an end: distance to the end');
  assert.equal(distanceToSegment(1, 1, 2, 2, 2, 2), Math.SQRT2, 'a point segment');
  // A flow from (100, 20) to (140, 100): leaves straight down, arrives straight down, passes through its middle.
  const l = { x0: 100, y0: 20, x1: 140, y1: 100 };
  assert.deepEqual(curvePoint(l, 0), { x: 100, y: 20 });
  assert.deepEqual(curvePoint(l, 1), { x: 140, y: 100 });
  assert.deepEqual(curvePoint(l, 0.5), { x: 120, y: 60 });
  assert.ok(distanceToCurve(l, 120, 60) < 1e-9);
  // Against the curve sampled densely: the chords the hit test measures stay within a tenth of a pixel.
  const exact = (x: number, y: number) => {
    let best = Infinity;
    for (let k = 0; k <= 20_000; k++) { const p = curvePoint(l, k / 20_000); best = Math.min(best, Math.hypot(p.x - x, p.y - y)); }
    return best;
  };
  for (const [x, y] of [[97, 22], [144, 98], [121, 57], [130, 80], [100, 10]]) {
    assert.ok(Math.abs(distanceToCurve(l, x, y) - exact(x, y)) < 0.1, `(${x}, ${y}): ${distanceToCurve(l, x, y)} vs ${exact(x, y)}`);
  }
  assert.ok(Math.abs(exact(97, 22) - 3) < 0.1, 'beside the vertical start');
  assert.ok(Math.abs(exact(144, 98) - 4) < 0.1, 'beside the vertical end');
  // The chord of a curve is not the curve: (110, 40) lies on the chord but well off the curve.
  assert.ok(distanceToSegment(110, 40, 100, 20, 140, 100) < 1e-9);
  assert.ok(distanceToCurve(l, 110, 40) > 3, `${distanceToCurve(l, 110, 40)}`);

  const arrows: DrawnArrow[] = [
    { line: { x0: 10, y0: 0, x1: 10, y1: 100 }, curved: false },
    { line: { x0: 14, y0: 0, x1: 14, y1: 100 }, curved: false },
    { line: l, curved: true },
    { line: { x0: 14, y0: 0, x1: 14, y1: 100 }, curved: false },
  ];
  assert.deepEqual(nearestArrow(arrows, 11, 50, 4), { index: 0, distance: 1 }, 'nearest wins');
  assert.deepEqual(nearestArrow(arrows, 13, 50, 4), { index: 3, distance: 1 }, 'on a tie the one drawn last (on top)');
  assert.equal(nearestArrow(arrows, 30, 50, 4), null, 'nothing within the tolerance');
  assert.deepEqual(nearestArrow(arrows, 14, 104, 4), { index: 3, distance: 4 }, 'the tolerance is inclusive');
  assert.equal(nearestArrow(arrows, 120, 60, 4)?.index, 2, 'a curve');
  assert.equal(nearestArrow(arrows, 110, 40, 2), null, 'not where its chord is');
});

test('arrows attach to the middle of each CPU row’s thread lane; a flow’s line runs between its times there', () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const s = viewState(ix, 0, 1000, 500);
  // Row 0: padding 3, marks 6, threads 16 → middle at 17; row 1 starts at 56.
  assert.equal(cpuAnchor(s.layout, 0), 17);
  assert.equal(cpuAnchor(s.layout, 1), 56 + 17);
  assert.deepEqual(Array.from(cpuAnchors(s.layout, 2)), [17, 73]);
  assert.ok(Number.isNaN(cpuAnchors(s.layout, 3)[2]), 'no row for a third CPU');
  // The handoff 450 → 470 ns at 2 ns per pixel.
  assert.deepEqual(flowLine(trace, cpuAnchors(s.layout, 2), 0, 0, 2), { x0: 225, y0: 17, x1: 235, y1: 73 });
});

test('the pointer finds a drawn flow within a few pixels; a span under the pointer wins unless it is on the line', () => {
  const { trace, ids } = smallTrace();
  const ix = new TimelineIndex(trace);
  const s = viewState(ix, 0, 1000, 1000);
  s.flowLayer = baseFlows(s, ix, flowBuckets());
  assert.deepEqual(s.flowLayer, { kind: 'each', flows: [0] });
  // The curve from (450, 17) to (470, 73) passes through (460, 45), over no span.
  assert.deepEqual(pointAt(s, ix, 460, 45), { kind: 'flow', f: 0 });
  assert.deepEqual(pointAt(s, ix, 463, 45), { kind: 'flow', f: 0 }, 'within the tolerance, nothing else there');
  assert.equal(pointAt(s, ix, 490, 45), null, 'too far from the curve');
  // At its start the curve sits on irq/wm0's run: on the line the flow wins, 3 px beside it the run does.
  assert.deepEqual(pointAt(s, ix, 450, 20), { kind: 'flow', f: 0 });
  assert.deepEqual(pointAt(s, ix, 447, 20), { kind: 'span', i: ids.runA, row: 0, lane: 1 });
  // Scrolled: y is taken in the stage, the arrow stays on its rows.
  s.scrollTop = 10;
  assert.deepEqual(pointAt(s, ix, 460, 35), { kind: 'flow', f: 0 });
  s.scrollTop = 0;
  // Flows switched off: the base draws none, but the selected span's own flows (on the overlay) still answer.
  s.showFlows = false;
  s.flowLayer = baseFlows(s, ix, flowBuckets());
  assert.equal(pointAt(s, ix, 460, 45), null);
  s.selectedSpan = ids.holdB;
  assert.deepEqual(pointAt(s, ix, 460, 45), { kind: 'flow', f: 0 });

  const span = { kind: 'span' as const, i: 3, row: 0, lane: 1 };
  assert.deepEqual(pickHit(span, { kind: 'flow', f: 7, distance: FLOW_OVER_SPAN_PX }), { kind: 'flow', f: 7 });
  assert.deepEqual(pickHit(span, { kind: 'flow', f: 7, distance: FLOW_OVER_SPAN_PX + 0.5 }), span);
  assert.deepEqual(pickHit(null, { kind: 'flows', pair: 1, a: 4, b: 9, distance: 3 }), { kind: 'flows', pair: 1, a: 4, b: 9 });
});

test('zoomed out, flows come in buckets per CPU pair; each bucket’s arrow is the line the pointer finds', () => {
  const trace = handoffTrace(200);
  const ix = new TimelineIndex(trace);
  const s = viewState(ix, 0, 10_000, 1000);
  s.flowLayer = baseFlows(s, ix, flowBuckets());
  assert.equal(s.flowLayer.kind, 'buckets', `${trace.length.flows} flows in view > ${FLOW_LIMIT}`);
  if (s.flowLayer.kind !== 'buckets') return;
  const { pairs, buckets } = s.flowLayer;
  // Two pairs (0 → 1 and 2 → 1), 10 ns per pixel: buckets of 32 ns (at least 3 px), each handoff and wakeup in its own.
  assert.equal(buckets.bucketNs, 32);
  const perPair = new Map<string, number>();
  for (let k = 0; k < buckets.n; k++) {
    const key = pairCpus(pairs, buckets.pair[k]).join('→');
    perPair.set(key, (perPair.get(key) ?? 0) + buckets.b[k] - buckets.a[k]);
  }
  assert.deepEqual(perPair, new Map([['0→1', 200], ['2→1', 100]]));
  const { arrows, refs } = drawnArrows(s, ix);
  assert.equal(arrows.length, buckets.n);
  assert.ok(arrows.every((a) => !a.curved), 'buckets are straight lines');
  // The middle of one wakeup bucket's line: the pointer gets that bucket.
  const k = refs.findIndex((r) => r.kind === 'flows' && pairCpus(pairs, r.pair)[0] === 2);
  const l = arrows[k].line;
  const hit = flowAt(s, ix, (l.x0 + l.x1) / 2, (l.y0 + l.y1) / 2);
  assert.deepEqual(hit && { ...hit, distance: 0 }, { ...refs[k], distance: 0 });
  const r = refs[k];
  if (r.kind !== 'flows') return;
  assert.deepEqual(bucketLine(trace, pairs, cpuAnchors(s.layout, 3), r.a, r.b, 0, 10), l, 'the drawn line is the one tested');
  assert.equal(medianFlow(pairs, r.a, r.b), pairs.ids[r.a], 'a bucket of one flow is drawn as that flow');

  // Zoomed in to a few flows: each is drawn on its own, as a curve.
  const z = viewState(ix, 1000, 1400, 1000);
  z.flowLayer = baseFlows(z, ix, flowBuckets());
  assert.equal(z.flowLayer.kind, 'each');
});

test('a bucket’s pixels lie on the line the hit test measures, mixed over what was drawn', () => {
  const W = 200;
  const H = 150;
  const layer = new PixelLayer();
  const g = { createImageData: (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4), width: w, height: h }) } as unknown as CanvasRenderingContext2D;
  // The background is resolved through a canvas in a browser; here the layer starts from its default (0).
  layer.begin(g, W, H, 1, '');
  const px = (layer as unknown as { px: Uint32Array }).px;
  const bg = px[0];
  const red = 0xff0000ff;
  const lines = [{ x0: 20, y0: 10, x1: 24, y1: 140 }, { x0: 30, y0: 143, x1: 190, y1: 148 }, { x0: 60, y0: 140, x1: 61, y1: 5 }];
  for (const l of lines) layer.line(l.x0, l.y0, l.x1, l.y1, red, 0.5, 1);
  let lit = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (px[y * W + x] === bg) continue;
      lit++;
      const d = Math.min(...lines.map((l) => distanceToSegment(x, y, l.x0, l.y0, l.x1, l.y1)));
      assert.ok(d <= 1, `pixel (${x}, ${y}) is ${d.toFixed(2)} px off every line`);
      const want = blend(red, bg, 0.5);
      for (const shift of [0, 8, 16, 24]) assert.ok(Math.abs(((px[y * W + x] >>> shift) & 255) - ((want >>> shift) & 255)) <= 1, 'half the line colour over the background');
    }
  }
  // Every row of a steep line and every column of a shallow one is lit once.
  assert.equal(lit, 131 + 161 + 136);
  layer.head(100, 50, 1, red, 1);
  assert.equal(px[50 * W + 100], red, 'the tip');
  assert.equal(px[45 * W + 97], red, 'the base, 6 px back and wider');
  assert.equal(px[51 * W + 100], bg, 'nothing past the tip');
});

test('clicking a flow selects the span it points at; ] and [ follow a span’s flows back and forth', () => {
  const { trace, ids } = smallTrace();
  const ix = new TimelineIndex(trace);
  // The handoff at 450 leaves irq/wm0's run on CPU 0 and lands in netisr/1's run on CPU 1 at 470.
  assert.equal(flowEndSpan(ix, 0, 0), ids.runA);
  assert.equal(flowEndSpan(ix, 0, 1), ids.runB);
  assert.equal(flowClickSpan(ix, 0), ids.runB);
  assert.deepEqual(followFlow(ix, ids.runA, 1), { flow: 0, span: ids.runB });
  assert.deepEqual(followFlow(ix, ids.runB, -1), { flow: 0, span: ids.runA });
  assert.deepEqual(followFlow(ix, ids.holdB, -1), { flow: 0, span: ids.runA }, 'the hold the handoff gave enters by it too');
  assert.equal(followFlow(ix, ids.runA, -1), null, 'nothing enters irq/wm0’s run');
  assert.equal(followFlow(ix, ids.holdRt, 1), null);

  // Several flows: ] takes the first one leaving, [ the first one entering; ends at the very edge of a run count.
  const t = handoffTrace(10);
  const tix = new TimelineIndex(t);
  const run = (cpu: number) => tix.cpus[cpu].threads.idx[0];
  assert.deepEqual(followFlow(tix, run(0), 1), { flow: 0, span: run(1) });
  assert.deepEqual(followFlow(tix, run(1), -1), { flow: 0, span: run(0) });
  assert.deepEqual(followFlow(tix, run(2), 1), { flow: 10, span: run(1) });
});

test('a flow that lands in an idle gap selects where it came from', () => {
  const b = new TraceBuilder(8);
  b.span(0, 100, SpanKind.ThreadRun, 0, 0, 0, NONE, 0, 0);
  b.span(200, 100, SpanKind.ThreadRun, 0, 1, 1, NONE, 0, 0);
  b.flow(50, 150, FlowKind.Wakeup, 0, 1, 0, 1, 0, 0);
  const trace = b.finish({
    version: 2, name: 'gap', variant: '', seed: 1, cpus: 2, startNs: 0, endNs: 300, warmupNs: 0,
    stopReason: 'completed', stopDetail: '', events: 0, wallMs: 0,
    threads: [0, 1].map((c) => ({ name: `t${c}`, kind: 'kthread', priority: 10, cpu: c, src: 0 })),
    locks: [], series: [], sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
  });
  const ix = new TimelineIndex(trace);
  assert.equal(flowEndSpan(ix, 0, 1), -1, 'nothing runs on CPU 1 at 150');
  assert.equal(flowClickSpan(ix, 0), 0, 'so the click selects the waker’s run');
});
