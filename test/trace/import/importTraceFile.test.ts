// The format sniffer and the single entry point: every format by its content,
// progress in bytes, cancellation, streaming a few MB, one-line errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTraceFile, ImportAborted, ImportError } from '../../../src/trace/import';
import { exportChromeTrace } from '../../../src/trace/export/chromeTrace';
import { exportFolded } from '../../../src/trace/export/folded';
import { encodeTrace } from '../../../src/trace/codec';
import { lockRun } from '../export/simRuns';

const FIX = join(__dirname, '../../fixtures/perf');
const dir = mkdtempSync(join(tmpdir(), 'smplab-import-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('each format is recognised by its content, not its name', async () => {
  const t = lockRun();
  const files: [string, string | Uint8Array, string][] = [
    ['a.data', readFileSync(join(FIX, 'lock-contention-g.perf.txt')), 'perf-script'],
    ['b.data', readFileSync(join(FIX, 'lock-contention.txt')), 'perf-lock'],
    ['c.data', readFileSync(join(FIX, 'lock-contention.csv')), 'perf-lock'],
    ['d.data', exportChromeTrace(t), 'chrome-json'],
    ['e.data', JSON.stringify([{ ph: 'X', name: 'a', pid: 1, tid: 1, ts: 0, dur: 5 }]), 'chrome-json'],
    ['f.data', exportFolded(t, 'cpu'), 'folded'],
    ['g.data', encodeTrace(t), 'smplab'],
  ];
  for (const [name, body, format] of files) {
    writeFileSync(join(dir, name), body);
    const r = await importTraceFile(join(dir, name)).catch((e) => { throw new Error(`${name}: ${e.message}`); });
    assert.equal(r.format, format, name);
    assert.ok(r.trace.length.spans > 0, `${name} has spans`);
  }
});

test('a few MB of perf script stream with progress, and can be cancelled', async () => {
  // The fixture repeated with its clock shifted, about 5 MB.
  const base = readFileSync(join(FIX, 'sched-record.perf.txt'), 'utf8');
  const parts: string[] = [];
  for (let k = 0; k < 27; k++) parts.push(base.replace(/(\d+)\.(\d{6}):/g, (_, s, f) => `${Number(s) + k}.${f}:`));
  const path = join(dir, 'big.perf.txt');
  writeFileSync(path, parts.join(''));
  const seen: number[] = [];
  let total = 0;
  const r = await importTraceFile(path, { onProgress: (d, t) => { seen.push(d); total = t; } });
  assert.ok(total > 4_000_000);
  assert.ok(seen.length >= 4, `progress reported per chunk (${seen.length})`);
  assert.equal(seen[seen.length - 1], total);
  assert.ok(seen.every((d, i) => i === 0 || d > seen[i - 1]));
  assert.equal(r.malformed, 0);
  assert.ok(r.trace.meta.endNs > 26e9, 'the whole file was read');
  const ac = new AbortController();
  await assert.rejects(importTraceFile(path, { signal: ac.signal, onProgress: () => ac.abort() }), ImportAborted);
});

test('bad input is a one-line ImportError', async () => {
  writeFileSync(join(dir, 'empty'), '');
  writeFileSync(join(dir, 'text'), 'just some words\nand more words\n');
  writeFileSync(join(dir, 'broken.json'), '{"traceEvents": [{"ph":"X","ts":1,"dur":2,"pid":1,"tid":1,"name":"a"}, {"ph": ');
  await assert.rejects(importTraceFile(join(dir, 'empty')), (e: Error) => e instanceof ImportError && /is empty/.test(e.message));
  await assert.rejects(importTraceFile(join(dir, 'text')), (e: Error) => e instanceof ImportError && !e.message.includes('\n'));
  await assert.rejects(importTraceFile(join(dir, 'nope')), (e: Error) => e instanceof ImportError && /ENOENT/.test(e.message));
  // A cut-off JSON keeps what it read and says where it broke.
  const r = await importTraceFile(join(dir, 'broken.json'));
  assert.equal(r.trace.length.spans > 0, true);
  assert.ok(r.malformed >= 1);
  assert.ok(r.warnings.some((w) => /cut off|ends before/.test(w.message)));
});
