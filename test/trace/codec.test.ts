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
    // The optional parts of meta too: a wait total's stack id past the table grew a lock table row per id until Node died.
    ['a wait total\'s stack id', (x) => { x.meta.waitTotals = [{ lock: 0, stack: 1e9, count: 1, totalNs: 1, maxNs: 1, sleep: false }]; }, /^corrupt trace: meta\.waitTotals\[0\]\.stack is 1000000000, not an id of \d+ stacks$/],
    ['a wait total\'s lock id', (x) => { x.meta.waitTotals = [{ lock: 9, stack: 0, count: 1, totalNs: 1, maxNs: 1, sleep: false }]; }, /^corrupt trace: meta\.waitTotals\[0\]\.lock is 9, not an id of 1 locks$/],
    ['wait totals that are not a list', (x) => { (x.meta as unknown as Record<string, unknown>).waitTotals = 5; }, /^corrupt trace: meta\.waitTotals is not a list$/],
    ['a wait total that is null', (x) => { (x.meta as unknown as Record<string, unknown>).waitTotals = [null]; }, /^corrupt trace: meta\.waitTotals\[0\] is not an object$/],
    ['a starved thread past the threads', (x) => { x.meta.starved = [{ thread: 9999, ranNs: 0, waitedNs: 1, longestWaitNs: 1 }]; }, /^corrupt trace: meta\.starved\[0\]\.thread is 9999, not an id of \d+ threads$/],
    ['packet figures without latencies', (x) => { x.meta.packets = { offered: 1, delivered: 1, dropped: {}, reordered: 0, inFlight: 0, latencyNs: null as never }; }, /^corrupt trace: meta\.packets\.latencyNs is not an object$/],
    ['a thread kind that is not a string', (x) => { (x.meta.threads[0] as unknown as Record<string, unknown>).kind = {}; }, /^corrupt trace: meta\.threads\[0\]\.kind is \{\}$/],
    ['a run name that is not a string', (x) => { (x.meta as unknown as Record<string, unknown>).name = { a: 1 }; }, /^corrupt trace: meta\.name is \{"a":1\}$/],
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
    // A wait total naming stack 1e9 grew to 2.1 GB in 26 s and died with exit 133 (signal 5).
    writeFileSync(file, corrupted((x) => { x.meta.waitTotals = [{ lock: 0, stack: 1e9, count: 1, totalNs: 1, maxNs: 1, sleep: false }]; }));
    const w = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'view', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(w.status, 1, w.stderr);
    assert.match(w.stderr, /^smplab view: corrupt trace: meta\.waitTotals\[0\]\.stack is 1000000000, not an id of \d+ stacks\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the span check made ahead (the report\'s reader) is used only for the same columns and limits: a bad span is still found', async () => {
  const { checkSpansAhead, checkTrace } = await import('../../src/trace/integrity');
  const fresh = () => decodeTrace(bytes);
  const says = (re: RegExp) => (e: Error) => e instanceof CorruptTraceError && re.test(e.message);
  const stacks = trace.meta.stackParent.length;
  // Bad spans: checked ahead, the full check still names the row.
  const bad = fresh();
  bad.tables.spans.stack[3] = 9999;
  checkSpansAhead(bad.meta, bad.tables.spans, bad.length.spans);
  assert.throws(() => checkTrace(bad), says(new RegExp(`^corrupt trace: span 3 has stack id 9999 of ${stacks}$`)));
  // Sound against the limits it was checked with, not against the trace's: checked again.
  const fewer = fresh();
  const last = fewer.length.spans - 1;
  fewer.tables.spans.stack[last] = stacks - 1;
  checkSpansAhead(fewer.meta, fewer.tables.spans, fewer.length.spans);
  fewer.meta = { ...fewer.meta, stackParent: fewer.meta.stackParent.slice(0, stacks - 1), stackFrame: fewer.meta.stackFrame.slice(0, stacks - 1) };
  assert.throws(() => checkTrace(fewer), says(new RegExp(`^corrupt trace: span \\d+ has stack id ${stacks - 1} of ${stacks - 1}$`)));
  // Sound columns, but the trace holds other ones (a copy, damaged): checked again.
  const other = fresh();
  checkSpansAhead(other.meta, other.tables.spans, other.length.spans);
  const copy = { ...other, tables: { ...other.tables, spans: { ...other.tables.spans, thread: other.tables.spans.thread.slice() } } };
  copy.tables.spans.thread[5] = 7777;
  assert.throws(() => checkTrace(copy), says(/^corrupt trace: span 5 has thread id 7777 of \d+$/));
  // The same columns and limits: sound.
  const same = fresh();
  checkSpansAhead(same.meta, same.tables.spans, same.length.spans);
  assert.doesNotThrow(() => checkTrace(same));
});
