// Chrome traces from other tools: tracks of nested slices become rows with a
// stack timeline; counters become series; bad events are counted by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importChromeTraceText } from '../../../src/trace/import/chromeTrace';
import { CpuState, SpanKind, stackLabel, type Trace } from '../../../src/trace/schema';
import { assertTiles } from './perfTiling';

function cpuSpans(t: Trace, row: number): [number, number, string, number][] {
  const sp = t.tables.spans;
  const out: [number, number, string, number][] = [];
  for (let i = 0; i < t.length.spans; i++) {
    if (sp.kind[i] === SpanKind.CpuState && sp.cpu[i] === row) out.push([sp.start[i], sp.dur[i], stackLabel(t.meta, sp.stack[i]), sp.sub[i]]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

test('array form: X and B/E nest into a stack timeline per track, gaps idle', () => {
  const events = [
    { ph: 'M', name: 'process_name', pid: 7, tid: 1, args: { name: 'browser' } },
    { ph: 'M', name: 'thread_name', pid: 7, tid: 1, args: { name: 'main' } },
    { ph: 'X', name: 'outer', pid: 7, tid: 1, ts: 100, dur: 10 },
    { ph: 'B', name: 'inner', pid: 7, tid: 1, ts: 102.5 },
    { ph: 'E', pid: 7, tid: 1, ts: 104.001 },
    { ph: 'X', name: 'later', pid: 7, tid: 1, ts: 120, dur: 1 },
    { ph: 'X', name: 'other', pid: 7, tid: 2, ts: 101, dur: 2 },
    { ph: 'C', name: 'queue', pid: 7, tid: 1, ts: 105, args: { depth: 3, bytes: 10 } },
    { ph: 'i', name: 'tick', pid: 7, tid: 1, ts: 106, s: 't' },
  ];
  const r = importChromeTraceText(JSON.stringify(events));
  const t = r.trace;
  assert.equal(r.malformed, 0);
  assert.deepEqual(t.meta.threads.map((x) => x.name), ['browser / main', 'browser / tid 2']);
  assert.equal(t.meta.endNs, 21_000);
  assertTiles(t);
  assert.deepEqual(cpuSpans(t, 0), [
    [0, 2500, 'outer', CpuState.User],
    [2500, 1501, 'outer > inner', CpuState.User],
    [4001, 5999, 'outer', CpuState.User],
    [10000, 10000, '', CpuState.Idle],
    [20000, 1000, 'later', CpuState.User],
  ]);
  assert.deepEqual(t.meta.series.map((s) => s.name), ['queue.depth', 'queue.bytes']);
  assert.equal(t.length.counters, 2);
  assert.ok(r.warnings.some((w) => /1 "i" events/.test(w.message)));
});

test('object form with a broken event: counted with its line, the rest read', () => {
  const text = '{"traceEvents": [\n{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":5},\n{"ph":"X","name":"b","pid":1,"tid":1,"ts":"soon","dur":5},\n{"ph":"X","name":"c","pid":1,"tid":1,"ts":10,"dur":5}\n], "displayTimeUnit": "ms"}';
  const r = importChromeTraceText(text);
  assert.equal(r.malformed, 1);
  assert.equal(r.warnings[0].line, 3);
  assert.match(r.warnings[0].message, /"b" has no numeric "ts"/);
  assert.deepEqual(cpuSpans(r.trace, 0).map((s) => s[2]), ['a', '', 'c']);
});

test('overlapping slices that do not nest are cut at the parent\'s end, with a warning', () => {
  const r = importChromeTraceText(JSON.stringify([
    { ph: 'X', name: 'p', pid: 1, tid: 1, ts: 0, dur: 10 },
    { ph: 'X', name: 'q', pid: 1, tid: 1, ts: 5, dur: 10 },
  ]));
  assert.deepEqual(cpuSpans(r.trace, 0), [[0, 5000, 'p', 0], [5000, 5000, 'p > q', 0], [10000, 5000, '', CpuState.Idle]]);
  assert.ok(r.warnings.some((w) => /overlap without nesting/.test(w.message)));
});

test('not JSON at all: one clear error', () => {
  assert.throws(() => importChromeTraceText('{ nope'), /line 1: expected a key/);
});
