import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, buildLanes, buildMipmap, completeMipmap, hitLane, laneCount, lodBuffer, mipArrays, lodExact, lodLane, mipLevel, overlapping, sortByStart } from '../../../../webview/timeline/data/lane';
import { Rng } from '../../../../src/sim/rng';

/** Deterministic random numbers (the engine's seeded PRNG) so failures reproduce. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Non-overlapping records with gaps, some zero-length, some tiny "waits" (heavy weight). */
function makeRecords(n: number, seed: number) {
  const r = rng(seed);
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  const wait = new Uint8Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += r() < 0.3 ? Math.floor(r() * 50) : 0;
    start[i] = t;
    dur[i] = r() < 0.05 ? 0 : Math.floor(1 + r() * (r() < 0.1 ? 5000 : 80));
    wait[i] = r() < 0.1 ? 1 : 0;
    t += dur[i];
  }
  return { start, dur, wait, end: t };
}

function overlapsColumn(s: number, e: number, c0: number, c1: number): boolean {
  return s < c1 && (e > c0 || (s === e && s >= c0));
}

test('the exact level of detail picks, per pixel column, the same record as a brute-force scan (longest, waits first)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const n = 3000;
    const { start, dur, wait, end } = makeRecords(n, seed);
    const w = Float64Array.from({ length: n }, (_, i) => dur[i] + (wait[i] ? 1e12 : 0));
    const weight = (i: number) => w[i];
    const ids = Uint32Array.from({ length: n }, (_, i) => i);
    const [lane] = buildLanes(ids, start, dur, w, 1);
    assert.equal(lane.n, n);
    const r = rng(seed * 7);
    for (let trial = 0; trial < 20; trial++) {
      const width = 50 + Math.floor(r() * 400);
      const a = r() * end * 0.9;
      const b = a + (trial < 5 ? end : 1 + r() * (end - a));
      const npp = (b - a) / width;
      const out = lodBuffer(width + 1);
      const count = lodExact(lane, a, npp, width, out);
      const got = new Int32Array(width).fill(-1);
      for (let k = 0; k < count; k++) {
        assert.ok(out.x0[k] < out.x1[k], 'non-empty rect');
        if (k > 0) assert.ok(out.x0[k] >= out.x1[k - 1], 'rects do not overlap and are ordered');
        for (let c = out.x0[k]; c < out.x1[k]; c++) got[c] = lane.idx[out.pos[k]];
      }
      for (let c = 0; c < width; c++) {
        const c0 = a + c * npp;
        const c1 = a + (c + 1) * npp;
        let best = -1;
        for (let i = 0; i < n; i++) {
          if (!overlapsColumn(start[i], start[i] + dur[i], c0, c1)) continue;
          if (best < 0 || weight(i) > weight(best)) best = i;
        }
        assert.equal(got[c], best, `seed ${seed} trial ${trial} column ${c}`);
      }
    }
  }
});

test('zoomed out, the mipmap picks per column a record at most one column away, never loses a wait, never a weaker record', () => {
  for (const seed of [11, 12, 13]) {
    const n = 20_000;
    const { start, dur, wait, end } = makeRecords(n, seed);
    const w = Float64Array.from({ length: n }, (_, i) => dur[i] + (wait[i] ? 1e12 : 0));
    const [lane] = buildLanes(Uint32Array.from({ length: n }, (_, i) => i), start, dur, w, 1);
    assert.ok(lane.mip, 'big lanes get a mipmap');
    const r = rng(seed);
    for (let trial = 0; trial < 12; trial++) {
      const width = 100 + Math.floor(r() * 300);
      const span = end * (0.05 + r() * 1.2);
      const a = r() * end * 0.5 - end * 0.05;
      const npp = span / width;
      assert.ok(npp >= 2 * lane.mip!.base, 'this zoom reads the mipmap');
      const out = lodBuffer(width + 1);
      const count = lodLane(lane, a, npp, width, out);
      const got = new Int32Array(width).fill(-1);
      for (let k = 0; k < count; k++) for (let c = out.x0[k]; c < out.x1[k]; c++) got[c] = lane.idx[out.pos[k]];
      // Brute force over the records, with a sweep since they are sorted.
      let first = 0;
      for (let c = 0; c < width; c++) {
        const c0 = a + c * npp;
        const c1 = c0 + npp;
        while (first < n && start[first] + dur[first] < c0 - npp) first++;
        let best = -1;
        for (let i = first; i < n && start[i] < c1; i++) {
          if (!overlapsColumn(start[i], start[i] + dur[i], c0, c1)) continue;
          if (best < 0 || w[i] > w[best]) best = i;
        }
        if (best < 0) continue;
        const g = got[c];
        assert.ok(g >= 0, `seed ${seed} trial ${trial} column ${c}: a record overlaps but nothing is drawn`);
        assert.ok(w[g] >= w[best], `column ${c}: drew a weaker record than one inside it`);
        if (wait[best]) assert.equal(wait[g], 1, `column ${c}: a wait inside the column must win it`);
        assert.ok(start[g] < c1 + npp && start[g] + dur[g] > c0 - npp, `column ${c}: the drawn record is within a column of it`);
      }
      // Hit testing reads the same buckets: the tooltip names what is drawn.
      for (let c = 0; c < width; c += 7) if (got[c] >= 0) assert.equal(lane.idx[hitLane(lane, a, npp, c + 0.5)], got[c]);
    }
    assert.equal(mipLevel(lane.mip!, lane.mip!.base * 2.5), 1);
  }
});

test('lodLane output is bounded by the width, not the number of records', () => {
  const n = 200_000;
  const { start, dur } = makeRecords(n, 9);
  const ids = Uint32Array.from({ length: n }, (_, i) => i);
  const [lane] = buildLanes(ids, start, dur, dur, 1);
  const out = lodBuffer(801);
  const count = lodLane(lane, 0, (lane.end[n - 1] + 1) / 800, 800, out);
  assert.ok(count <= 800 && count > 100, `count ${count}`);
});

test('a short wait beside a long span wins its column but the long span still fills the rest', () => {
  // long [0, 1000), wait [1000, 1001), long [1001, 5000); 10 ns per column.
  const start = Float64Array.from([0, 1000, 1001]);
  const dur = Float64Array.from([1000, 1, 3999]);
  const [lane] = buildLanes(Uint32Array.from([0, 1, 2]), start, dur, Float64Array.from([1000, 1e12, 3999]), 1);
  const out = lodBuffer(501);
  const count = lodLane(lane, 0, 10, 500, out);
  const spans = Array.from({ length: count }, (_, k) => [lane.idx[out.pos[k]], out.x0[k], out.x1[k]]);
  assert.deepEqual(spans, [[0, 0, 100], [1, 100, 101], [2, 101, 500]]);
});

test('buildLanes splits overlapping records into non-overlapping lanes, and caps the count without dropping any', () => {
  // Nested holds: outer [0,100), inner [10, 20), inner2 [30, 40), and another at [50, 60) nested twice.
  const start = Float64Array.from([0, 10, 30, 35, 50]);
  const dur = Float64Array.from([100, 10, 10, 2, 10]);
  const lanes = buildLanes(Uint32Array.from([4, 3, 2, 1, 0]), start, dur, dur, 4);
  assert.equal(lanes.length, 3);
  assert.deepEqual(Array.from(lanes[0].idx), [0]);
  assert.deepEqual(Array.from(lanes[1].idx), [1, 2, 4]);
  assert.deepEqual(Array.from(lanes[2].idx), [3]);
  for (const l of lanes) for (let k = 1; k < l.n; k++) assert.ok(l.start[k] >= l.end[k - 1]);
  const capped = buildLanes(Uint32Array.from([0, 1, 2, 3, 4]), start, dur, dur, 2);
  assert.equal(capped.length, 2);
  assert.equal(capped[0].n + capped[1].n, 5);
  for (const l of capped) for (let k = 1; k < l.n; k++) assert.ok(l.start[k] >= l.end[k - 1], 'clipped, still no overlap');
});

test('sortByStart orders by start then index, for sorted, nearly sorted and shuffled input', () => {
  const start = Float64Array.from([5, 1, 1, 3, 0, 9, 2]);
  const want = [4, 1, 2, 6, 3, 0, 5];
  assert.deepEqual(Array.from(sortByStart(Uint32Array.from([0, 1, 2, 3, 4, 5, 6]), start)), want);
  assert.deepEqual(Array.from(sortByStart(Uint32Array.from(want), start)), want);
  const r = rng(3);
  const big = Float64Array.from({ length: 5000 }, () => Math.floor(r() * 1000));
  const ids = Uint32Array.from({ length: 5000 }, (_, i) => i);
  const s = sortByStart(ids, big);
  for (let k = 1; k < s.length; k++) assert.ok(big[s[k - 1]] < big[s[k]] || (big[s[k - 1]] === big[s[k]] && s[k - 1] < s[k]));
});

test('argmax matches a linear scan on every range', () => {
  const n = 37;
  const r = rng(11);
  const start = Float64Array.from({ length: n }, (_, i) => i * 10);
  const dur = Float64Array.from({ length: n }, () => Math.floor(r() * 5));
  const [lane] = buildLanes(Uint32Array.from({ length: n }, (_, i) => i), start, dur, dur, 1);
  for (let l = 0; l < n; l++) {
    for (let h = l + 1; h <= n; h++) {
      let best = l;
      for (let k = l; k < h; k++) if (lane.weight[k] > lane.weight[best]) best = k;
      assert.equal(argmax(lane, l, h), best);
    }
  }
  assert.equal(argmax(lane, 4, 4), -1);
});

test('hitLane returns what is drawn under the cursor, tolerates a near miss, and misses empty space', () => {
  const start = Float64Array.from([0, 100, 103, 500]);
  const dur = Float64Array.from([50, 2, 1, 100]);
  const [lane] = buildLanes(Uint32Array.from([0, 1, 2, 3]), start, dur, Float64Array.from([50, 2, 1e9, 100]), 1);
  // 10 ns per pixel: column 10 holds records 1 and 2; the heavy one (2) is drawn and hit.
  assert.equal(lane.idx[hitLane(lane, 0, 10, 10.5)], 2);
  assert.equal(lane.idx[hitLane(lane, 0, 10, 3)], 0);
  assert.equal(lane.idx[hitLane(lane, 0, 10, 6.2, 2)], 0, 'one column past the end still hits with tolerance');
  assert.equal(hitLane(lane, 0, 10, 30, 2), -1);
  assert.deepEqual(overlapping(lane, 40, 101), [0, 2]);
});

test('laneCount gives the number of lanes buildLanes makes (a lock row is laid out from it before its lanes are built)', () => {
  const r = rng(41);
  for (let trial = 0; trial < 60; trial++) {
    const n = Math.floor(r() * 300);
    const start = new Float64Array(n);
    const dur = new Float64Array(n);
    // overlapping records in any order: nested, concurrent and disjoint ones
    for (let i = 0; i < n; i++) { start[i] = Math.floor(r() * 2000); dur[i] = r() < 0.1 ? 0 : Math.floor(r() * (trial % 3 === 0 ? 20 : 400)); }
    const ids = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [ids[i], ids[j]] = [ids[j], ids[i]]; }
    for (const maxLanes of [1, 3, 4]) {
      assert.equal(laneCount(ids, start, dur, maxLanes), buildLanes(ids, start, dur, dur, maxLanes).length, `trial ${trial}, ${maxLanes} lanes`);
      assert.equal(laneCount(ids, start, null, maxLanes), buildLanes(ids, start, null, dur, maxLanes).length, `trial ${trial}, instants`);
    }
  }
  // records that fit one lane, with several allowed
  const start = Float64Array.from([0, 10, 20]);
  const dur = Float64Array.from([5, 5, 5]);
  assert.equal(laneCount(Uint32Array.from([0, 1, 2]), start, dur, 3), 1);
  assert.equal(laneCount(new Uint32Array(0), start, dur, 3), 0);
});

test('a mipmap level built straight from the records on first read is the one the whole pyramid has; zooming in past it builds them all', () => {
  for (const seed of [21, 22]) {
    const n = 30_000;
    const { start, dur, wait } = makeRecords(n, seed);
    const w = Float64Array.from({ length: n }, (_, i) => dur[i] + (wait[i] ? 1e12 : 0));
    const [lane] = buildLanes(Uint32Array.from({ length: n }, (_, i) => i), start, dur, w, 1);
    const full = buildMipmap(lane)!;
    const mip = lane.mip!;
    assert.equal(mip.levels.length, full.levels.length);
    assert.ok(mip.levels.every((lv) => lv === undefined), 'nothing built before the first read');
    for (const L of [9, full.levels.length - 1, 6]) { // from the records, from the level below, then all of them
      const [level, weights] = mipArrays(lane, mip, L);
      assert.deepEqual(level, full.levels[L], `seed ${seed} level ${L}`);
      assert.deepEqual(weights, full.weights[L], `seed ${seed} level ${L} weights`);
    }
    mipArrays(lane, mip, 7); // between built ones: from the level below once that is built, else everything
    const [l0] = mipArrays(lane, mip, 0);
    assert.deepEqual(l0, full.levels[0]);
    assert.deepEqual(mip.levels, full.levels);
    assert.deepEqual(mip.weights, full.weights);
    completeMipmap(lane); // already complete: nothing changes
    assert.deepEqual(mip.levels, full.levels);
  }
});

/** Level L of a lane's mipmap by the definition: each record's buckets from its start and end, divided out one by one. */
function levelByDivision(lane: ReturnType<typeof buildLanes>[number], L: number, m: number): { level: Int32Array; weights: Float64Array } {
  const { t0, base } = lane.mip!;
  const bucket = base * 2 ** L;
  const level = new Int32Array(m).fill(-1);
  const weights = new Float64Array(m).fill(-Infinity);
  for (let k = 0; k < lane.n; k++) {
    const j0 = Math.min(m - 1, Math.floor((lane.start[k] - t0) / bucket));
    let j1 = Math.min(m - 1, Math.ceil((lane.end[k] - t0) / bucket) - 1);
    if (j1 < j0) j1 = j0;
    for (let j = j0; j <= j1; j++) if (level[j] < 0 || lane.weight[k] > weights[j]) { level[j] = k; weights[j] = lane.weight[k]; }
  }
  return { level, weights };
}

test('every mipmap level built from the records equals the one found by dividing out each record\'s buckets (odd bucket widths, far-off times, records across many buckets, capped lanes)', () => {
  for (const [seed, scale, offset] of [[31, 1, 0], [32, 0.37, 1e12 + 0.25], [33, 1.0000001, 3.3e15], [34, 7.77, 123.456]] as const) {
    const n = 20_000;
    const { start, dur, wait } = makeRecords(n, seed);
    const s = Float64Array.from(start, (x) => offset + x * scale);
    const d = Float64Array.from(dur, (x, i) => (i % 997 === 0 ? x * 300 : x) * scale);
    const w = Float64Array.from({ length: n }, (_, i) => d[i] + (wait[i] ? 1e12 : 0));
    // one lane of the records as they are, and the capped lanes of them overlapped (clipped starts)
    const shifted = Float64Array.from(s, (x, i) => (i % 3 ? x : x - 40 * scale));
    const lanes = [
      ...buildLanes(Uint32Array.from({ length: n }, (_, i) => i), s, d, w, 1),
      ...buildLanes(Uint32Array.from({ length: n }, (_, i) => i), shifted, d, w, 2),
    ];
    assert.equal(lanes.length, 3);
    for (const lane of lanes) {
      const full = buildMipmap(lane)!;
      for (let L = 0; L < full.levels.length; L++) {
        // the same records in a lane of their own, no level built yet
        const fresh = { ...lane, mip: { ...full, levels: full.levels.map(() => undefined), weights: full.weights.map(() => undefined) } };
        const [level, weights] = mipArrays(fresh, fresh.mip!, L);
        const want = levelByDivision(fresh, L, level.length);
        assert.deepEqual(level, want.level, `seed ${seed} level ${L}`);
        assert.deepEqual(weights, want.weights, `seed ${seed} level ${L} weights`);
      }
    }
  }
});

test('records starting or ending a few doubles either side of a bucket boundary fall in the buckets the division gives', () => {
  const f = new Float64Array(1);
  const g = new BigInt64Array(f.buffer);
  const step = (x: number, k: number) => { f[0] = x; g[0] += BigInt(k); return f[0]; };
  for (const [t0, base] of [[0.1, 0.3], [1e12 + 0.7, 1 / 3], [5, 0.1 + 0.2]] as const) {
    const start: number[] = [];
    const end: number[] = [];
    let t = t0;
    for (let j = 1; j < 5000; j++) {
      // a record ending near the boundary j, and the next starting near it (a few doubles off, either way)
      const b = t0 + j * base;
      const eb = step(b, (j % 5) - 2);
      const sb = step(b, ((j * 7) % 5) - 2);
      if (eb < t || sb < eb) continue;
      start.push(t);
      end.push(eb);
      t = sb;
    }
    const n = start.length;
    const lane = {
      idx: Uint32Array.from({ length: n }, (_, k) => k), start: Float64Array.from(start), end: Float64Array.from(end),
      // each heavier than the one before: a record put one bucket too far either way changes that bucket
      weight: Float64Array.from({ length: n }, (_, k) => k), tree: null, code: new Uint16Array(n), n,
      mip: { t0, base, levels: [undefined, undefined, undefined], weights: [undefined, undefined, undefined] },
    };
    for (let L = 0; L < 3; L++) {
      const [level, weights] = mipArrays(lane, lane.mip, L);
      const want = levelByDivision(lane, L, level.length);
      assert.deepEqual(level, want.level, `t0 ${t0} base ${base} level ${L}`);
      assert.deepEqual(weights, want.weights, `t0 ${t0} base ${base} level ${L} weights`);
    }
  }
});
