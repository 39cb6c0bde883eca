// Hostile Chrome JSON (issue 16 items 8 and 10): metadata of our own format
// edited by hand, events with the wrong types, absurd timestamps, and more
// records than the limit. Each is a located one-line ImportError or a counted
// malformed event, never a JavaScript error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importChromeTraceText } from '../../../src/trace/import/chromeTrace';
import { ImportError } from '../../../src/trace/import/result';
import { exportChromeTrace } from '../../../src/trace/export/chromeTrace';
import { SpanKind, stackFrames } from '../../../src/trace/schema';
import { lockRun } from '../export/simRuns';
import { checkTrace } from '../../../src/trace/integrity';
import { fastestCpuMicros } from '../../cpuTime';

/** An export of a real run with its otherData / stackFrames replaced. */
function edited(edit: (doc: { otherData: Record<string, unknown>; stackFrames: unknown; traceEvents: unknown[] }) => void): string {
  const doc = JSON.parse(exportChromeTrace(lockRun()));
  edit(doc);
  // one key per line, so errors can name a line
  return `{"otherData":${JSON.stringify(doc.otherData)},\n"stackFrames":${JSON.stringify(doc.stackFrames)},\n"traceEvents":[\n${doc.traceEvents.map((e: unknown) => JSON.stringify(e)).join(',\n')}\n]}`;
}

function importError(text: string): ImportError {
  try {
    importChromeTraceText(text);
  } catch (e) {
    assert.ok(e instanceof ImportError, `an ImportError, not ${String(e)}`);
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail('the import should fail');
}

test('bad otherData tables are one located line', () => {
  assert.match(importError(edited((d) => { d.otherData.threads = [null]; })).message, /^line 1: otherData\.threads\[0\] has no "name" string$/);
  assert.match(importError(edited((d) => { d.otherData.locks = 'sx'; })).message, /^line 1: otherData\.locks is not a list$/);
  assert.match(importError(edited((d) => { (d.otherData.series as unknown[])[0] = { name: 7 }; })).message, /otherData\.series\[0\] has no "name" string/);
});

test('packet figures and series kinds of the wrong shape are warnings with their line, and the trace is whole', () => {
  // They were copied as they were: a trace that said "offered": "x" reached the report and the webview.
  const packets = importChromeTraceText(edited((d) => { d.otherData.packets = { offered: 'x', dropped: null }; }));
  assert.equal(packets.trace.meta.packets, undefined);
  assert.deepEqual(packets.warnings.map((w) => [w.line, w.message]), [[1, 'otherData.packets.offered is "x": the packet figures are left out']]);
  const noLatency = importChromeTraceText(edited((d) => { d.otherData.packets = { offered: 1, delivered: 1, dropped: {}, reordered: 0, inFlight: 0, latencyNs: null }; }));
  assert.deepEqual(noLatency.warnings.map((w) => w.message), ['otherData.packets.latencyNs is not an object: the packet figures are left out']);
  const series = importChromeTraceText(edited((d) => { for (const x of d.otherData.series as Record<string, unknown>[]) { x.kind = 5; x.scope = {}; } }));
  assert.ok(series.trace.meta.series.length > 0);
  assert.ok(series.trace.meta.series.every((x) => x.kind === 'counter' && x.scope === undefined));
  assert.match(series.warnings[0].message, /^otherData\.series\[0\]\.kind is 5: read as a counter$/);
  for (const r of [packets, noLatency, series]) assert.doesNotThrow(() => checkTrace(r.trace));
});

test('stackFrames: each frame is looked up once, not once per stack per frame (20,000 stacks took 8 s)', () => {
  // n frames, each the stack of one lock hold; and the same frames in one cycle. Linear: 10x the frames ~10x the time.
  const doc = (n: number, cycle: boolean) => edited((d) => {
    const f: Record<string, { name: string; parent?: string }> = {};
    for (let k = 1; k <= n; k++) f[String(k)] = cycle ? { name: `f${k}`, parent: String((k % n) + 1) } : { name: `f${k}` };
    d.stackFrames = f;
    const hold = d.traceEvents.find((e) => (e as { cat?: string }).cat === 'hold') as Record<string, unknown>;
    d.traceEvents = d.traceEvents.filter((e) => (e as { ph: string }).ph === 'M');
    for (let k = 1; k <= n; k++) d.traceEvents.push({ ...hold, ts: k * 0.01, dur: 0.005, sf: String(k) });
  });
  for (const cycle of [false, true]) {
    const small = doc(2_000, cycle), big = doc(20_000, cycle);
    const r = importChromeTraceText(big);
    assert.equal(r.trace.length.spans, 20_000);
    if (cycle) assert.ok(r.warnings.some((w) => /is its own ancestor/.test(w.message)));
    const ratio = fastestCpuMicros(() => importChromeTraceText(big)) / fastestCpuMicros(() => importChromeTraceText(small));
    // ~10x when linear (up to ~30x with GC), ~100x when quadratic
    assert.ok(ratio < 50, `${cycle ? 'a cycle of ' : ''}10x the frames took ${ratio.toFixed(1)}x the time`);
  }
});

test('a CPU count that is not a count is one located line', () => {
  for (const cpus of [-4, 0, 2.5, 'two', null, 1e9]) {
    assert.match(importError(edited((d) => { d.otherData.cpus = cpus; })).message, /^line 1: otherData\.cpus must be a whole number of CPUs from 1 to \d+, not /);
  }
});

test('stackFrames: not an object is one line; cycles and dangling parents are warnings; a deep chain is no stack overflow', () => {
  assert.match(importError(edited((d) => { d.stackFrames = null; })).message, /^line 2: stackFrames is not an object of frames$/);
  const cyc = importChromeTraceText(edited((d) => {
    const f = d.stackFrames as Record<string, { name: string; parent?: string }>;
    f['1'].parent = '2'; // two roots made each other's parent
    f['2'].parent = '1';
  }));
  assert.ok(cyc.warnings.some((w) => /is its own ancestor/.test(w.message)), 'the cycle is named');
  const dangling = importChromeTraceText(edited((d) => { (d.stackFrames as Record<string, { parent?: string }>)['2'].parent = '99999'; }));
  assert.ok(dangling.warnings.some((w) => /stack frame "99999" is not in stackFrames \(line 2\)/.test(w.message)));
  // 50,000 frames in one chain (recursion overflowed at about 10,000), the leaf used by a CPU state: rebuilt iteratively.
  const deep = importChromeTraceText(edited((d) => {
    const f: Record<string, { name: string; parent?: string }> = {};
    const N = 50_000;
    for (let k = 1; k <= N; k++) f[String(k)] = k > 1 ? { name: `f${k % 7}`, parent: String(k - 1) } : { name: 'root' };
    d.stackFrames = f;
    const leaf = d.traceEvents.find((e) => (e as { ph: string; cat?: string }).ph === 'B' && (e as { cat?: string }).cat === 'cpu') as { sf?: string };
    leaf.sf = String(N);
  }));
  const t = deep.trace;
  let depth = 0;
  for (let i = 0; i < t.length.spans; i++) if (t.tables.spans.kind[i] === SpanKind.CpuState) depth = Math.max(depth, stackFrames(t.meta, t.tables.spans.stack[i]).length);
  assert.equal(depth, 50_000);
});

test('an event whose name is an object, or whose ts is 400 digits, is counted as malformed with its line', () => {
  const text = [
    '[',
    '{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":5},',
    '{"ph":"X","name":{"x":1},"pid":1,"tid":1,"ts":1,"dur":5},',
    `{"ph":"X","name":"b","pid":1,"tid":1,"ts":${'9'.repeat(400)},"dur":5},`,
    '{"ph":"X","name":"c","pid":1,"tid":1,"ts":10,"dur":"long"},',
    '{"ph":"X","name":"d","pid":1,"tid":1,"ts":20,"dur":5}',
    ']',
  ].join('\n');
  const r = importChromeTraceText(text);
  assert.equal(r.malformed, 3);
  assert.deepEqual(r.warnings.map((w) => w.line), [3, 4, 5]);
  assert.match(r.warnings[0].message, /"name" that is not a string/);
  assert.match(r.warnings[1].message, /"b" has no numeric "ts"/);
  assert.match(r.warnings[2].message, /"c" has a bad "dur"/);
  assert.equal(r.trace.meta.endNs, 25_000);
  // The same in our own format: the run is still rebuilt.
  const own = importChromeTraceText(edited((d) => { (d.traceEvents.find((e) => (e as { ph: string }).ph === 'X') as { name: unknown }).name = { evil: true }; }));
  assert.equal(own.malformed, 1);
});

test('the record limit stops the import with a warning that says how to raise it', () => {
  const events = Array.from({ length: 5000 }, (_, k) => `{"ph":"X","name":"s","pid":1,"tid":1,"ts":${k},"dur":0.5}`);
  const r = importChromeTraceText(`[\n${events.join(',\n')}\n]`, 'x.json', { maxRecords: 1000 });
  const w = r.warnings.find((x) => /record limit/.test(x.message));
  assert.ok(w, 'a warning');
  assert.equal(w.line, 1001);
  assert.match(w.message, /record limit of 1,000 reached at line 1001 \(0\.999 ms into the trace\).*--max-records.*smpStackLab\.trace\.recordLimit/);
  assert.equal(r.trace.meta.endNs, 999_500);
  // Our own format too: the run up to the limit.
  const own = importChromeTraceText(exportChromeTrace(lockRun()), 'run.json', { maxRecords: 500 });
  assert.ok(own.warnings.some((x) => /record limit of 500/.test(x.message)));
  assert.equal(own.trace.length.spans + own.trace.length.instants + own.trace.length.flows + own.trace.length.counters, 500);
});

test('events cut across chunk boundaries read the same as whole', async () => {
  const { writeFileSync, rmSync } = await import('node:fs');
  const { importChromeTrace } = await import('../../../src/trace/import/chromeTrace');
  const { fileSource } = await import('../../../src/trace/import/fileSource');
  const text = exportChromeTrace(lockRun());
  const whole = importChromeTraceText(text).trace;
  // Feed the scanner in pieces of every awkward size through a file read in small chunks.
  const { EventScanner } = await import('../../../src/trace/import/chrome/eventScanner');
  const bytes = new TextEncoder().encode(text);
  for (const size of [3, 64, 1000]) {
    let n = 0, names = '';
    const s = new EventScanner({ event: (e) => { n++; names += s.strings.list[e.name] ?? ''; }, bad: (l, m) => assert.fail(`line ${l}: ${m}`), top: () => undefined });
    for (let at = 0; at < bytes.length; at += size) s.push(bytes.subarray(at, at + size));
    s.finish();
    let n2 = 0, names2 = '';
    const r2 = new EventScanner({ event: (e) => { n2++; names2 += r2.strings.list[e.name] ?? ''; }, bad: () => undefined, top: () => undefined });
    r2.push(bytes);
    assert.equal(n, n2, `events with chunks of ${size}`);
    assert.equal(names, names2);
  }
  const f = `/tmp/smplab-chunks-${process.pid}.json`;
  writeFileSync(f, text);
  try {
    const r = await importChromeTrace(fileSource(f));
    assert.deepEqual(r.trace.length, whole.length);
  } finally {
    rmSync(f, { force: true });
  }
});

test('a trace cut short (as Chrome writes them): the events before are kept, the cut one is named by its line', () => {
  const whole = '{"ph":"X","name":"a","pid":1,"tid":1,"ts":0,"dur":5},\n{"ph":"X","name":"b","pid":1,"tid":1,"ts":6,"dur":5}';
  const cut = importChromeTraceText(`[${whole},\n{"ph":"X","na`);
  assert.deepEqual(cut.warnings.map((w) => [w.line, w.message]), [
    [3, 'event cut off at the end of the file'],
    [3, 'the JSON ends before its closing bracket (trace cut short?)'],
  ]);
  assert.equal(cut.trace.meta.endNs, 11_000);
  const open = importChromeTraceText(`[${whole}`);
  assert.equal(open.malformed, 1);
  assert.equal(open.trace.meta.endNs, 11_000);
});
