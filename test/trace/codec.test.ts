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
import { spawnSync } from 'node:child_process';
import { CorruptTraceError, decodeTrace, encodeTrace, fromWire, toWire, TraceFormatError } from '../../src/trace/codec';
import type { Trace } from '../../src/trace/schema';

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

// Issue 16: one changed id in one row, or an empty stackParent, made every reader of the trace loop or grow
// until Node died. Each corruption now fails the decode in one line naming the row, the id and its table.
function corrupted(change: (t: Trace) => void): Uint8Array {
  const t = decodeTrace(bytes);
  change(t);
  return encodeTrace(t);
}

test('a corrupted id or length fails the decode in one line naming the row, the id and the table size', () => {
  const t = decodeTrace(bytes);
  const stacks = t.meta.stackParent.length;
  const row = 1234 % t.length.spans;
  const cases: [string, (t: Trace) => void, RegExp][] = [
    ['a span\'s stack id', (x) => { x.tables.spans.stack[row] = 9999; }, new RegExp(`^corrupt trace: span ${row} has stack id 9999 of ${stacks}$`)],
    ['an empty stackParent', (x) => { x.meta.stackParent = []; }, /^corrupt trace: meta\.stackParent has 0 stacks, meta\.stackFrame \d+$/],
    ['a stack that is its own parent', (x) => { x.meta.stackParent[stacks - 1] = stacks - 1; }, new RegExp(`^corrupt trace: stack ${stacks - 1} has parent ${stacks - 1}, not an older stack$`)],
    ['a frame past the frame table', (x) => { x.meta.stackFrame[1] = 1e6; }, /^corrupt trace: meta\.stackFrame\[1\] is 1000000, not an id of \d+ frames$/],
    ['a frame name past the strings', (x) => { x.meta.frameName[1] = -1; }, /^corrupt trace: meta\.frameName\[1\] is -1, not an id of \d+ strings$/],
    ['a span\'s lock id', (x) => { const i = Array.from(x.tables.spans.kind).indexOf(2); x.tables.spans.obj[i] = 77; }, /^corrupt trace: span \d+ has lock id 77 of 1$/],
    ['a span\'s kind', (x) => { x.tables.spans.kind[5] = 200; }, /^corrupt trace: span 5 has kind 200 of 4$/],
    ['a span\'s thread id', (x) => { x.tables.spans.thread[6] = 500; }, /^corrupt trace: span 6 has thread id 500 of \d+$/],
    ['a span\'s start', (x) => { x.tables.spans.start[7] = NaN; }, /^corrupt trace: span 7 has start NaN$/],
    ['an instant\'s CPU', (x) => { x.tables.instants.cpu[0] = 40; }, /^corrupt trace: instant 0 has CPU 40 of 4$/],
    ['a flow\'s stack id', (x) => { x.tables.flows.stack0[0] = 4e9; }, new RegExp(`^corrupt trace: flow 0 has stack id 4000000000 of ${stacks}$`)],
    ['a thread\'s source', (x) => { x.meta.threads[0].src = 1e9; }, /^corrupt trace: meta\.threads\[0\] has source id 1000000000 of \d+$/],
  ];
  for (const [what, change, message] of cases) {
    assert.throws(() => decodeTrace(corrupted(change)), (e: unknown) => e instanceof TraceFormatError && message.test(e.message), what);
  }
});

test('a trace crossing to the webview is checked the same way (fromWire), and an intact one passes untouched', () => {
  const t = decodeTrace(bytes);
  assert.doesNotThrow(() => fromWire(toWire(t)));
  t.tables.counters.series[0] = 999;
  if (t.length.counters > 0) assert.throws(() => fromWire(toWire(t)), (e: Error) => /^corrupt trace: counter sample 0 has series id 999 of \d+$/.test(e.message));
  t.tables.spans.stack[0] = 1e6;
  assert.throws(() => fromWire(toWire(t)), CorruptTraceError);
});

test('`smplab view` of a corrupted .smptrace says so in one line and exits 1, instead of running out of memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-corrupt-'));
  try {
    const file = join(dir, 'bad.smptrace');
    writeFileSync(file, corrupted((x) => { x.meta.stackParent = []; }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'view', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^smplab view: corrupt trace: meta\.stackParent has 0 stacks, meta\.stackFrame \d+\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
