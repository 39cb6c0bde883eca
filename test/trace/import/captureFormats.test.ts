// The forms a capture arrives in: gzip-compressed (streamed), microsecond or
// nanosecond timestamps, with perf's lost-event records, damaged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { importTraceFile, ImportError } from '../../../src/trace/import';
import { importPerfScriptText } from '../../../src/trace/import/perfScript';
import { lockStats } from '../../../src/trace/analysis/lockstat';

const FIX = join(__dirname, '../../fixtures/perf');
const dir = mkdtempSync(join(tmpdir(), 'smplab-capture-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('.gz is sniffed and read as the text inside it, whatever the file is called', async () => {
  const text = gunzipSync(readFileSync(join(FIX, 'futex.perf.txt.gz')));
  const plain = join(dir, 'futex.txt');
  const renamed = join(dir, 'capture.data'); // gzip found by its magic bytes, not the name
  writeFileSync(plain, text);
  writeFileSync(renamed, readFileSync(join(FIX, 'futex.perf.txt.gz')));
  const a = await importTraceFile(plain), b = await importTraceFile(renamed);
  assert.equal(b.format, 'perf-script');
  assert.equal(b.trace.length.spans, a.trace.length.spans);
  assert.deepEqual(lockStats(b.trace).callers.slice(0, 5).map((r) => [r.name, r.waits, r.waitNs]),
    lockStats(a.trace).callers.slice(0, 5).map((r) => [r.name, r.waits, r.waitNs]));
  // Progress is in bytes of the file as stored (compressed), ending at its size.
  let last = 0;
  await importTraceFile(renamed, { onProgress: (done, total) => { last = done; assert.ok(done <= total); } });
  assert.equal(last, readFileSync(renamed).length);
});

test('a damaged .gz: one located ImportError, never a stack trace', async () => {
  const gz = readFileSync(join(FIX, 'rwsem.perf.txt.gz'));
  const cut = Buffer.from(gz.subarray(0, gz.length >> 1));
  cut[cut.length - 100] ^= 0xff;
  const bad = join(dir, 'bad.perf.txt.gz');
  writeFileSync(bad, cut);
  await assert.rejects(importTraceFile(bad), (e: Error) => e instanceof ImportError && /gzip data .*line \d+/.test(e.message));
});

test('microsecond timestamps (perf script without --ns) give the same rows, waits to the microsecond', async () => {
  const ns = gunzipSync(readFileSync(join(FIX, 'rwsem.perf.txt.gz'))).toString('utf8');
  // "  578.334671943:" → "  578.334671:" as perf script prints by default
  const us = ns.replace(/^(.*?\] +\d+\.\d{6})\d{3}:/gm, '$1:');
  assert.notEqual(us, ns);
  const a = lockStats(importPerfScriptText(ns).trace).callers.slice(0, 10);
  const b = lockStats(importPerfScriptText(us).trace).callers.slice(0, 10);
  assert.deepEqual(b.map((r) => [r.name, r.waits]), a.map((r) => [r.name, r.waits]));
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i].maxWaitNs - b[i].maxWaitNs) < 1000, `${a[i].name}: max ${a[i].maxWaitNs} vs ${b[i].maxWaitNs}`);
    assert.ok(Math.abs(a[i].waitNs - b[i].waitNs) <= 1000 * a[i].waits, `${a[i].name}: total ${a[i].waitNs} vs ${b[i].waitNs}`);
  }
});

test('lost events (perf script --show-lost-events): a warning with the CPU, the count and the time range', () => {
  const r = importPerfScriptText([
    '         a  10/11  [000]   100.000000100:   lock:contention_begin: 0xffff888100000000 (flags=SPIN)',
    '         b  20/21  [001]   100.000000200:   lock:contention_begin: 0xffff888100000000 (flags=SPIN)',
    '         a  10/11  [000]   100.000000300: PERF_RECORD_LOST lost 494',
    '         a  10/11  [000]   100.000000400:   lock:contention_end: 0xffff888100000000 (ret=0)',
    '         b  20/21  [001]   100.000000900:   lock:contention_end: 0xffff888100000000 (ret=0)',
  ].join('\n'));
  assert.equal(r.malformed, 0);
  const w = r.warnings.find((x) => /lost/.test(x.message))!;
  assert.equal(w.line, 3);
  assert.match(w.message, /^494 events lost on CPU 0 between 100\.000000 s and 100\.000000 s \(perf's buffer was full\); 2 lock waits were open then/);
  assert.match(r.trace.meta.stopDetail, /\(494 lost\)/);
  assert.equal(lockStats(r.trace).rows[0].waits, 2);
});
