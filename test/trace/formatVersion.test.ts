// Trace files of the earlier column layout (version 1: a span's aux in 32
// bits) still open, in both decoders, with every value as the file holds it
// (read here by hand, the old way); a file of a newer layout is refused in
// one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { decodeTrace, encodeTrace, fromWire, toWire, TraceFormatError } from '../../src/trace/codec';
import { TraceStreamDecoder } from '../../src/trace/codecStream';
import { TABLE_LAYOUT, TABLE_NAMES, TRACE_VERSION, type Trace } from '../../src/trace/schema';

/** Written by the build before version 2 from lockContention(2, 100_000) with wallMs 0. */
const v1 = readFileSync(join(__dirname, 'fixtures', 'v1-lock-contention.smptrace'));

/** The version 1 file read as version 1 was laid out (each column 8-byte aligned; spans.aux 32 bits), meta as of now. */
function readV1(bytes: Buffer): Trace {
  const metaLen = bytes.readUInt32LE(4);
  const head = JSON.parse(bytes.subarray(8, 8 + metaLen).toString());
  let off = (8 + metaLen + 7) & ~7;
  const tables: Record<string, Record<string, ArrayLike<number>>> = {};
  for (const name of TABLE_NAMES) {
    tables[name] = {};
    for (const [key, ctor] of Object.entries(TABLE_LAYOUT[name])) {
      const C = (name === 'spans' && key === 'aux' ? Uint32Array : ctor) as { new (b: ArrayBuffer): ArrayLike<number>; BYTES_PER_ELEMENT: number };
      const n = head.length[name] as number;
      tables[name][key] = new C((bytes.buffer as ArrayBuffer).slice(bytes.byteOffset + off, bytes.byteOffset + off + n * C.BYTES_PER_ELEMENT));
      off += (n * C.BYTES_PER_ELEMENT + 7) & ~7;
    }
  }
  return { meta: { ...head.meta, version: TRACE_VERSION }, length: head.length, tables: tables as unknown as Trace['tables'] };
}

function sameTrace(got: Trace, want: Trace): void {
  assert.deepEqual(got.length, want.length);
  for (const name of TABLE_NAMES) {
    const g = got.tables[name] as unknown as Record<string, ArrayLike<number>>;
    const w = want.tables[name] as unknown as Record<string, ArrayLike<number>>;
    for (const [key, ctor] of Object.entries(TABLE_LAYOUT[name])) {
      // (a version 1 file's durations stay 64-bit floats, the wide form of the dur column)
      assert.ok(g[key] instanceof ctor || (name === 'spans' && key === 'dur' && g[key] instanceof Uint32Array), `${name}.${key} is a ${ctor.name}`);
      assert.deepEqual(Array.from(g[key]), Array.from(w[key]), `${name}.${key}`);
    }
  }
  // (as a file holds it: JSON, without undefined fields)
  const json = (t: Trace) => JSON.parse(JSON.stringify({ ...t.meta, wallMs: 0 }));
  assert.deepEqual(json(got), json(want));
}

test('a version 1 file decodes to the same values, aux narrowed to 16 bits', () => {
  assert.equal(JSON.parse(v1.subarray(8, 8 + v1.readUInt32LE(4)).toString()).meta.version, 1);
  const now = readV1(v1);
  assert.ok(now.length.spans > 500 && now.length.counters > 500, 'the fixture has rows');
  const back = decodeTrace(v1);
  assert.equal(back.meta.version, TRACE_VERSION);
  assert.ok(back.tables.spans.aux.some((a) => a > 0), 'the fixture has lock waits with a holder');
  sameTrace(back, now);
  // and written again, it is a current file
  sameTrace(decodeTrace(encodeTrace(back)), now);
});

test('the streaming decoder (the HTML report) reads a version 1 file in chunks of any size', () => {
  const now = readV1(v1);
  for (const chunk of [1, 7, 4096, v1.length]) {
    const d = new TraceStreamDecoder();
    for (let at = 0; at < v1.length; at += chunk) d.push(v1.subarray(at, at + chunk));
    sameTrace(d.finish(), now);
  }
});

test('a file of a newer layout, or of none, is refused in one line', () => {
  const withVersion = (version: unknown) => {
    const t = decodeTrace(encodeTrace(simulate(lockContention(2, 20_000))));
    (t.meta as { version: unknown }).version = version;
    return encodeTrace(t);
  };
  assert.throws(() => decodeTrace(withVersion(3)), (e: unknown) => e instanceof TraceFormatError
    && e.message === `trace format version 3 is newer than this build reads (${TRACE_VERSION}): update SMP Stack Lab`);
  assert.throws(() => new TraceStreamDecoder().push(withVersion(3)), (e: unknown) => e instanceof TraceFormatError && /newer/.test(e.message));
  assert.throws(() => decodeTrace(withVersion(undefined)), (e: unknown) => e instanceof TraceFormatError && /^unknown trace format version/.test(e.message));
});

test('32-bit and 64-bit durations both cross to the webview and to files, each as its own column type', () => {
  const narrow = simulate(lockContention(2, 20_000));
  assert.ok(narrow.tables.spans.dur instanceof Uint32Array);
  const wide = decodeTrace(v1);
  assert.ok(wide.tables.spans.dur instanceof Float64Array);
  for (const t of [narrow, wide]) {
    const type = t.tables.spans.dur.constructor;
    for (const back of [fromWire(toWire(t)), decodeTrace(encodeTrace(t))]) {
      assert.equal(back.tables.spans.dur.constructor, type);
      sameTrace(back, t);
      assert.equal(back.meta.durU32, undefined, 'the flag lives in the wire and file forms only');
    }
  }
  assert.equal(toWire(narrow).meta.durU32, true);
  assert.equal(narrow.meta.durU32, undefined, 'encoding leaves the trace as it was');
});
