import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { PLANE_BLOCK, planeBlocks, planeCoding, undoPlanes, type PlaneCoding } from '../../src/trace/columnPlanes';
import { encodeReportParts, TraceStreamDecoder } from '../../src/trace/codecStream';
import { TABLE_LAYOUT, TABLE_NAMES } from '../../src/trace/schema';
import { readFileSync } from 'node:fs';
import { compileModel, loadModel } from '../../src/model';
import { simulate } from '../../src/sim/simulate';
import { syntheticTrace } from '../webview/fixtures/syntheticTrace';

/** A real run: the forwarding scenario on 8 CPUs (the view benchmark's trace, shorter). */
function forwardingRun() {
  const file = 'scenarios/example-forwarding.smp.yaml';
  const { model } = loadModel(readFileSync(file, 'utf8'), file);
  return simulate(compileModel(model!, { durationNs: 20e6, cpus: 8 }));
}

/** Writes the column as planes and reads it back block by block, as the page does. */
function roundTrip(c: Float64Array, coding: PlaneCoding): Float64Array {
  const out = new Float64Array(c.length);
  let at = 0;
  let prev = 0;
  let bytes = 0;
  for (const b of planeBlocks(c, coding)) {
    const m = b.length / 8;
    prev = undoPlanes(new Uint16Array(b.buffer, b.byteOffset, 4 * m), m, out, at, coding, prev);
    at += m;
    bytes += b.length;
  }
  assert.equal(bytes, c.byteLength, 'planes take the bytes the column took');
  return out;
}

test('whole-nanosecond columns come back exactly from planes, whatever their sign, size and order, across blocks', () => {
  const n = 2 * PLANE_BLOCK + 5;
  const c = new Float64Array(n);
  let seed = 3;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let i = 0; i < n; i++) c[i] = Math.floor(rnd() * 2 ** 40) - 2 ** 39;
  c[0] = Number.MAX_SAFE_INTEGER;
  c[1] = -Number.MAX_SAFE_INTEGER;
  c[2] = 0;
  c[PLANE_BLOCK] = 2 ** 32;
  c[PLANE_BLOCK + 1] = 2 ** 32 - 1;
  c[n - 1] = -1;
  assert.equal(planeCoding('dur', c), 'plain');
  assert.deepEqual(roundTrip(c, 'plain'), c);
  // As differences: the jump from MAX to -MAX is not a safe integer, so a time column like this stays raw.
  assert.equal(planeCoding('start', c), 'raw');
  const times = c.map((_v, i) => i * 1000 + (i % 7 === 0 ? -500_000 : 0) + 2 ** 45);
  assert.equal(planeCoding('start', times), 'delta');
  assert.deepEqual(roundTrip(times, 'delta'), times);
});

test('blocks whose values all fit 32 bits and blocks that need the high planes come back alike, side by side', () => {
  const n = 4 * PLANE_BLOCK + 17;
  const times = new Float64Array(n);
  const small = new Float64Array(n);
  let t = 5e9;
  for (let i = 0; i < n; i++) {
    const block = Math.floor(i / PLANE_BLOCK);
    // blocks 0 and 2: steps under 2^32 (the high planes all zero); block 1: one jump past it; block 3: one step back
    t += block === 1 && i % PLANE_BLOCK === 100 ? 2 ** 33 + 7 : block === 3 && i % PLANE_BLOCK === 5 ? -3 : (i * 7919) % 65537;
    times[i] = t;
    small[i] = block === 2 && i % PLANE_BLOCK === 9 ? 2 ** 32 : (i * 104729) % 2 ** 32;
  }
  assert.equal(planeCoding('start', times), 'delta');
  assert.deepEqual(roundTrip(times, 'delta'), times);
  assert.equal(planeCoding('dur', small), 'plain');
  assert.deepEqual(roundTrip(small, 'plain'), small);
  // the largest value 32 bits hold, and its difference, in a block of their own
  const edge = Float64Array.from({ length: PLANE_BLOCK }, (_v, i) => (i % 2 ? 2 ** 32 - 1 : 0));
  assert.deepEqual(roundTrip(edge, 'plain'), edge);
  assert.deepEqual(roundTrip(edge, 'delta'), edge);
});

test('columns that are not whole safe nanoseconds stay raw', () => {
  assert.equal(planeCoding('start', new Float64Array([1, 2.5, 3])), 'raw');
  assert.equal(planeCoding('value', new Float64Array([1, NaN])), 'raw');
  assert.equal(planeCoding('value', new Float64Array([1, Infinity])), 'raw');
  assert.equal(planeCoding('dur', new Float64Array([0, -0])), 'raw', '-0 would come back as 0');
  assert.equal(planeCoding('dur', new Float64Array([2 ** 53])), 'raw');
  assert.equal(planeCoding('time', new Float64Array([5, 7, 7])), 'delta');
});

test("the report's parts read back, in pieces of any size, to the same trace, and deflate far smaller than the columns as they are", () => {
  const want = forwardingRun();
  assert.ok(want.length.spans > 2 * PLANE_BLOCK, 'several blocks of spans');
  const { parts, size, planes } = encodeReportParts(want);
  assert.equal(planes['spans.start'], 'delta');
  assert.ok(want.tables.spans.dur instanceof Uint32Array, 'an engine run has 32-bit durations');
  assert.equal(planes['spans.dur'], 'plain32');
  const bytes = Buffer.concat([...parts]);
  assert.equal(bytes.length, size);
  for (const piece of [1 << 20, 65_537, 4093]) {
    const dec = new TraceStreamDecoder(planes);
    for (let at = 0; at < bytes.length; at += piece) dec.push(new Uint8Array(bytes.subarray(at, at + piece)));
    const got = dec.finish();
    assert.deepEqual(got.meta, want.meta);
    assert.ok(got.tables.spans.dur instanceof Uint32Array, 'read back as 32-bit durations');
    for (const t of TABLE_NAMES) {
      for (const col of Object.keys(TABLE_LAYOUT[t])) {
        const g = (got.tables[t] as unknown as Record<string, ArrayLike<number>>)[col];
        const w = (want.tables[t] as unknown as Record<string, ArrayLike<number>>)[col];
        assert.deepEqual(Array.from(g), Array.from(w), `${t}.${col} in pieces of ${piece}`);
      }
    }
  }
  const start = want.tables.spans.start;
  const asIs = deflateRawSync(new Uint8Array(start.buffer, start.byteOffset, start.byteLength), { level: 2 }).length;
  const asPlanes = deflateRawSync(Buffer.concat([...planeBlocks(start, 'delta')]), { level: 2 }).length;
  assert.ok(asPlanes < asIs / 2, `the start column as planes deflates to ${asPlanes} bytes, as doubles to ${asIs}`);
});

test('a decoder told of planes a column cannot have refuses, with the column named', () => {
  const bytes = Buffer.concat([...encodeReportParts(syntheticTrace({ spans: 100, cpus: 1 })).parts]);
  assert.throws(() => new TraceStreamDecoder({ 'spans.cpu': 'plain' }).push(bytes), /spans\.cpu cannot be read as "plain" planes/);
  assert.throws(() => new TraceStreamDecoder({ 'spans.nope': 'delta' }).push(bytes), /no column spans\.nope/);
  assert.throws(() => new TraceStreamDecoder({ 'spans.start': 'zigzag' as PlaneCoding }).push(bytes), /spans\.start cannot be read as "zigzag"/);
  assert.throws(() => new TraceStreamDecoder({ 'spans.start': 'plain32' }).push(bytes), /spans\.start cannot be read as "plain32" planes/);
});

test('32-bit durations as two planes come back exactly, the top bit included, in blocks of any length', () => {
  const c = Uint32Array.from({ length: 2 * PLANE_BLOCK + 5 }, (_, i) => (i % 7 === 0 ? 0xffffffff - i : i % 5 === 0 ? 0x80000000 + i : i * 977));
  const out = new Uint32Array(c.length);
  let at = 0;
  for (const b of planeBlocks(c, 'plain32')) {
    assert.equal(b.byteLength, 4 * Math.min(PLANE_BLOCK, c.length - at), 'as long as the column\'s bytes');
    const m = b.byteLength / 4;
    undoPlanes(new Uint16Array(b.buffer, b.byteOffset, 2 * m), m, out, at, 'plain32', 0);
    at += m;
  }
  assert.deepEqual(out, c);
});
