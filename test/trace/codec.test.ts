// Trace files: what encodeTrace writes, decodeTrace gives back column for
// column — also from a Node Buffer (readFileSync, a slice of a larger pool),
// whose slice() is a view and not a copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../src/sim/simulate';
import { lockContention } from '../../src/sim/workloads';
import { decodeTrace, encodeTrace, TraceFormatError } from '../../src/trace/codec';

const trace = simulate(lockContention(4, 2_000_000));
const bytes = encodeTrace(trace);

test('a trace read back from a file (a Node Buffer) decodes to the same columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-codec-'));
  try {
    const file = join(dir, 't.smptrace');
    writeFileSync(file, bytes);
    const back = decodeTrace(readFileSync(file));
    assert.deepEqual(back.length, trace.length);
    assert.deepEqual(Array.from(back.tables.spans.start), Array.from(trace.tables.spans.start));
    assert.deepEqual(Array.from(back.tables.spans.stack), Array.from(trace.tables.spans.stack));
    assert.deepEqual(Buffer.from(encodeTrace(back)), Buffer.from(bytes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a trace inside a larger buffer, at an odd offset, decodes the same', () => {
  const pooled = Buffer.concat([Buffer.alloc(13, 7), Buffer.from(bytes), Buffer.alloc(5)]).subarray(13, 13 + bytes.byteLength);
  const back = decodeTrace(pooled);
  assert.deepEqual(Buffer.from(encodeTrace(back)), Buffer.from(bytes));
});

test('a truncated trace is a clear format error', () => {
  assert.throws(() => decodeTrace(bytes.subarray(0, bytes.byteLength - 100)), (e: unknown) => e instanceof TraceFormatError && /truncated/.test(e.message));
  assert.throws(() => decodeTrace(new Uint8Array(4)), TraceFormatError);
});
