// Importers read bytes, not paths (issue 19): a capture handed over as bytes
// (a VS Code URI's contents, a stream read once) in chunks of any size reads
// exactly as the same file from disk, gzip included, and a cancelled or
// refused import lets go of its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { importTrace, importTraceFile, memorySource, ImportAborted, ImportError, type ByteSource } from '../../../src/trace/import';
import { baseName, peek } from '../../../src/trace/import/byteSource';
import { forEachLine } from '../../../src/trace/import/lines';
import { exportChromeTrace } from '../../../src/trace/export/chromeTrace';
import { recordCount, type Trace } from '../../../src/trace/schema';
import { lockRun } from '../export/simRuns';

const FIX = join(__dirname, '../../fixtures/perf');

/** What an import gives, in numbers that change when any record does. */
function digest(t: Trace) {
  const s = t.tables.spans;
  let sum = 0;
  for (let i = 0; i < t.length.spans; i++) sum = (sum * 31 + s.start[i] + s.dur[i] * 7 + s.stack[i]) % 1e15;
  return { name: t.meta.name, events: t.meta.events, records: recordCount(t), endNs: t.meta.endNs, sum, threads: t.meta.threads.length, locks: t.meta.locks.length };
}

/** Bytes handed out one at a time at first (the sniffing and gzip's magic across chunks), then in odd-sized chunks. */
function jagged(bytes: Uint8Array, name: string): ByteSource {
  return {
    name, size: bytes.length,
    async *chunks() {
      let at = 0;
      for (; at < 5; at++) yield bytes.subarray(at, at + 1);
      for (; at < bytes.length; at += 65537) yield bytes.subarray(at, at + 65537);
    },
  };
}

/** A source that can be read once only, as a stream from a URI is. */
function once(src: ByteSource): ByteSource & { closed: boolean } {
  let used = false;
  const s = {
    name: src.name, size: src.size, closed: false,
    async *chunks() {
      assert.ok(!used, 'the source is read once');
      used = true;
      try { yield* src.chunks(); } finally { s.closed = true; }
    },
  };
  return s;
}

test('bytes in chunks of any size import as the file does (perf text, perf lock, .gz, Chrome JSON)', async () => {
  const chrome = new TextEncoder().encode(exportChromeTrace(lockRun()));
  const cases: [string, Uint8Array, number[]][] = [
    [join(FIX, 'lock-contention-g.perf.txt'), readFileSync(join(FIX, 'lock-contention-g.perf.txt')), [1 << 20, 4099, 0]],
    [join(FIX, 'lock-contention.txt'), readFileSync(join(FIX, 'lock-contention.txt')), [1, 3, 1 << 20]],
    [join(FIX, 'rwsem.perf.txt.gz'), readFileSync(join(FIX, 'rwsem.perf.txt.gz')), [0, 1 << 20]],
    ['/tmp/run.json', chrome, [1 << 20, 5000, 0]],
  ];
  for (const [path, bytes, sizes] of cases) {
    const want = path.startsWith('/tmp') ? await importTrace(memorySource(bytes, path)) : await importTraceFile(path);
    for (const size of sizes) {
      // 0: one byte at a time through the start, then 64 KiB chunks
      const src = once(size ? memorySource(bytes, path, size) : jagged(bytes, path));
      const got = await importTrace(src);
      assert.equal(got.format, want.format, `${path} in ${size}-byte chunks`);
      assert.deepEqual(digest(got.trace), digest(want.trace), `${path} in ${size}-byte chunks`);
      assert.equal(got.malformed, want.malformed);
      assert.ok(src.closed, 'the source was let go');
    }
  }
});

test('a gzip-compressed Chrome trace reads as the plain one', async () => {
  const text = exportChromeTrace(lockRun());
  const plain = await importTrace(memorySource(new TextEncoder().encode(text), 'run.json'));
  const gz = await importTrace(memorySource(gzipSync(text), 'run.json.gz', 10_000));
  assert.equal(gz.format, 'chrome-json');
  assert.deepEqual({ ...digest(gz.trace), name: '' }, { ...digest(plain.trace), name: '' });
  const cut = gzipSync(text).subarray(0, 20_000);
  await assert.rejects(importTrace(memorySource(cut, 'cut.json.gz')), (e: unknown) => e instanceof ImportError && /damaged gzip data/.test((e as Error).message));
});

test('progress counts stored bytes to the end; cancel and refusal both let go of the source', async () => {
  const bytes = readFileSync(join(FIX, 'rwsem.perf.txt.gz'));
  const seen: [number, number][] = [];
  await importTrace(memorySource(bytes, 'x.gz', 100_000), { onProgress: (d, t) => seen.push([d, t]) });
  assert.deepEqual(seen[seen.length - 1], [bytes.length, bytes.length]);
  assert.ok(seen.every(([d], i) => i === 0 || d > seen[i - 1][0]));

  const ac = new AbortController();
  const src = once(memorySource(bytes, 'x.gz', 100_000));
  await assert.rejects(importTrace(src, { signal: ac.signal, onProgress: () => ac.abort() }), ImportAborted);
  assert.ok(src.closed);

  const words = once(memorySource(new TextEncoder().encode('just words\n'.repeat(20_000)), 'words.txt', 1000));
  await assert.rejects(importTrace(words), (e: unknown) => e instanceof ImportError && /^words\.txt: not a format this reads/.test((e as Error).message));
  assert.ok(words.closed);
  await assert.rejects(importTrace(memorySource(new Uint8Array(0), 'vscode-vfs://github/o/r/empty.txt')), /vscode-vfs:\/\/github\/o\/r\/empty\.txt is empty/);
});

test('peek reads the head once and gives every byte back; names come from a path or a URI', async () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i & 255);
  const p = await peek(once(memorySource(bytes, 'b', 7)), 100);
  assert.deepEqual([...p.head], [...bytes.subarray(0, 100)]);
  const back: number[] = [];
  for await (const c of p.source.chunks()) back.push(...c);
  assert.deepEqual(back, [...bytes]);
  assert.equal(baseName('/home/u/cap.perf.txt'), 'cap.perf.txt');
  assert.equal(baseName('vscode-vfs://github/o/r/dir/cap.json'), 'cap.json');
  assert.equal(baseName('C:\\traces\\cap.json'), 'cap.json');
});

test('text is UTF-8 whatever the chunks: characters cut between chunks, ASCII chunks after them', async () => {
  const text = 'plain ascii line\ncomm é€𝄞 and more\n' + 'x'.repeat(40) + '\n€\nend é';
  const bytes = new TextEncoder().encode(text);
  for (let size = 1; size <= 9; size++) {
    const lines: string[] = [];
    await forEachLine(memorySource(bytes, 'u.txt', size), (l) => lines.push(l));
    assert.deepEqual(lines, text.split('\n'), `chunks of ${size} bytes`);
  }
});

test('a Zstandard capture reads as the same text gzip-compressed, streaming; a cut one fails with its line', async () => {
  const gz = await importTraceFile(join(FIX, 'rwsem.perf.txt.gz'));
  const zst = await importTraceFile(join(FIX, 'rwsem.perf.txt.zst'));
  assert.equal(zst.format, 'perf-script');
  assert.deepEqual({ ...digest(zst.trace), name: '' }, { ...digest(gz.trace), name: '' });
  assert.deepEqual(zst.warnings, gz.warnings);
  const bytes = readFileSync(join(FIX, 'rwsem.perf.txt.zst'));
  const jag = await importTrace(jagged(bytes, 'x.zst'));
  assert.deepEqual({ ...digest(jag.trace), name: '' }, { ...digest(gz.trace), name: '' });
  await assert.rejects(importTrace(memorySource(bytes.subarray(0, 40_000), 'cut.zst')),
    (e: unknown) => e instanceof ImportError && /^damaged zstd data after line \d+/.test((e as Error).message));
});
