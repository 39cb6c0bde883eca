// TraceBuilder: rows survive every doubling of a small builder (importers),
// a builder sized past its rows seals to exactly its rows, and interning
// gives one id per distinct string, frame and stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceBuilder } from '../../src/trace/builder';
import { recordCount } from '../../src/trace/schema';

const META = {
  version: 2 as const, name: 't', variant: '', seed: 1, cpus: 2, startNs: 0, endNs: 1e6, warmupNs: 0, stopReason: 'completed' as const,
  stopDetail: '', events: 0, wallMs: 0, threads: [], locks: [], series: [], sources: [], counterTotals: {}, files: [],
};

function fill(b: TraceBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.span(i * 10, 10 + (i % 7), i % 4, i % 6, i % 2, i % 3, i % 5, (i * 3) & 0xffff, i % 11); // (a span's aux is 16 bits)
    if (i % 3 === 0) b.instant(i * 10, i % 5, i % 2, 0, 0, i, 0);
    if (i % 4 === 0) b.flow(i * 10, i * 10 + 5, i % 3, 0, 1, 0, 1, 2, i % 11);
    if (i % 5 === 0) b.counter(i * 10, i % 2, i * 0.5);
  }
}

for (const capacity of [16, 1_000, 100_000]) {
  test(`a builder with room for ${capacity} rows keeps every row and seals to exactly its rows`, () => {
    const b = new TraceBuilder(capacity);
    const n = 25_000;
    fill(b, n);
    assert.equal(b.records, n + Math.ceil(n / 3) + Math.ceil(n / 4) + Math.ceil(n / 5));
    const t = b.finish(META);
    assert.deepEqual(t.length, { spans: n, instants: Math.ceil(n / 3), flows: Math.ceil(n / 4), counters: Math.ceil(n / 5) });
    assert.equal(recordCount(t), b.records);
    const s = t.tables.spans;
    assert.equal(s.start.length, n);
    assert.equal(s.stack.length, n);
    for (const i of [0, 1, 15, 16, 17, 1023, 1024, 9_999, n - 1]) {
      assert.equal(s.start[i], i * 10);
      assert.equal(s.dur[i], 10 + (i % 7));
      assert.equal(s.aux[i], (i * 3) & 0xffff);
      assert.equal(s.stack[i], i % 11);
    }
    assert.equal(t.tables.counters.value[t.length.counters - 1], (n - 5) * 0.5);
    assert.equal(t.tables.flows.t1[1], 45);
  });
}

test('interning: one id per distinct string, frame and stack', () => {
  const b = new TraceBuilder();
  const f1 = b.frame('ip_input', 3);
  assert.equal(b.frame('ip_input', 3), f1);
  assert.notEqual(b.frame('ip_input', 4), f1);
  const s1 = b.stack(b.stack(0, f1), b.frame('ip_output', 5));
  assert.equal(b.stackOf([{ name: 'ip_input', src: 3 }, { name: 'ip_output', src: 5 }]), s1);
  assert.equal(b.intern('x'), b.intern('x'));
});

test('release lets go of the rows: the sealed trace keeps them, the builder starts empty', () => {
  const b = new TraceBuilder(1_000);
  fill(b, 5_000);
  const t = b.finish(META);
  b.release();
  assert.equal(b.records, 0);
  assert.equal(t.length.spans, 5_000);
  assert.equal(t.tables.spans.start[4_999], 49_990);
  assert.equal(t.tables.flows.t1[1], 45);
  // still usable: rows written after a release start at 0 in fresh buffers
  b.span(7, 1, 0, 0, 0, 0, 0, 0, 0);
  assert.equal(b.finish(META).tables.spans.start[0], 7);
  assert.equal(t.tables.spans.start[0], 0);
});

test('span durations are kept in 32 bits while each is a whole ns below 2^32, and widen losing nothing at the first that is not', () => {
  for (const [odd, capacity] of [[2 ** 32, 16], [4_294_967_295.5, 1_000], [-3, 100_000], [1.25, 16]] as const) {
    const b = new TraceBuilder(capacity);
    fill(b, 3_000);
    assert.ok(b.finish(META).tables.spans.dur instanceof Uint32Array, 'narrow while every duration fits');
    b.span(30_000, odd, 0, 0, 0, 0, 0, 0, 0);
    fill(b, 2_000); // past the next doubling of a small builder too
    const s = b.finish(META).tables.spans;
    assert.ok(s.dur instanceof Float64Array, `${odd} widens the column`);
    assert.equal(s.dur.length, 5_001);
    assert.equal(s.dur[3_000], odd);
    for (const i of [0, 1, 2_999]) assert.equal(s.dur[i], 10 + (i % 7));
    for (const i of [0, 1, 1_999]) assert.equal(s.dur[3_001 + i], 10 + (i % 7));
    b.release();
    fill(b, 10);
    assert.ok(b.finish(META).tables.spans.dur instanceof Uint32Array, 'a released builder starts narrow again');
  }
  assert.equal(new TraceBuilder(16).finish(META).tables.spans.dur.BYTES_PER_ELEMENT, 4);
});
