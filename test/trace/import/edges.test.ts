// Edges of reading captures (issue 16): a line too long for a string, and a
// timestamp of hundreds of digits, each refused with its line number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine, LineSplitter } from '../../../src/trace/import/lines';
import { fileSource } from '../../../src/trace/import/fileSource';
import { importPerfScriptText } from '../../../src/trace/import/perfScript';
import { ImportError } from '../../../src/trace/import/result';
import { checkTrace } from '../../../src/trace/integrity';

test('a line longer than the limit is refused with its number, whether it ends or not', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), 1000);
  s.push('first\n');
  assert.throws(() => { for (let k = 0; k < 20; k++) s.push('x'.repeat(100)); }, (e: unknown) => e instanceof ImportError && e.message === 'line 2 is longer than 1000 characters: not a capture this reads (is it one line of binary data?)');
  const t = new LineSplitter(() => undefined, 1000);
  assert.throws(() => t.push(`ok\n${'y'.repeat(1001)}\nmore\n`), (e: unknown) => e instanceof ImportError && /^line 2 is longer than 1000 characters/.test(e.message));
  assert.deepEqual(lines, ['first']);
});

test('a file of one line past 64 MB fails in one line naming the line, before any string grows past it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-longline-'));
  try {
    const file = join(dir, 'one-line.folded');
    writeFileSync(file, Buffer.concat([Buffer.from('main;f 1\n'), Buffer.alloc(65 << 20, 0x61)]));
    await assert.rejects(forEachLine(fileSource(file), () => undefined), (e: unknown) => e instanceof ImportError && /^line 2 is longer than 64 MB/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a perf script event with a 400-digit timestamp is a malformed line with its number, never an infinite span', () => {
  const ok = 'rm  8659 [001]   392.778200:       sched:sched_switch: prev_comm=rm prev_pid=8659 prev_prio=120 prev_state=S ==> next_comm=swapper/1 next_pid=0 next_prio=120';
  const huge = `rm  8659 [001]   ${'9'.repeat(400)}.000001:       sched:sched_switch: prev_comm=rm prev_pid=8659 prev_prio=120 prev_state=R ==> next_comm=swapper/1 next_pid=0 next_prio=120`;
  const first = 'work.sh  7086 [001]   392.778108:       sched:sched_switch: prev_comm=work.sh prev_pid=7086 prev_prio=120 prev_state=S ==> next_comm=rm next_pid=8659 next_prio=120';
  const r = importPerfScriptText([first, '', ok, '', huge, ''].join('\n'));
  assert.equal(r.malformed, 1);
  assert.equal(r.warnings[0].line, 5);
  assert.match(r.warnings[0].message, /timestamp of 400 digits is beyond any time this can place/);
  assert.ok(Number.isFinite(r.trace.meta.endNs));
  checkTrace(r.trace); // every time finite
});

test('perf lock tables and folded stacks stop at the record limit with one warning naming the line and the option', async () => {
  // Both kept every line to the end: a 42 MB table of 1 M rows took 574 MB, a 1 GB one would take the machine.
  const { importPerfLockText } = await import('../../../src/trace/import/perfLock');
  const { importFoldedText } = await import('../../../src/trace/import/folded');
  let csv = '# output: contended, total wait, max wait, avg wait, type, caller\n';
  let folded = '';
  for (let i = 0; i < 5_000; i++) {
    csv += `3, 3000, 1000, 1000, spinlock, fn_${i}+0x10\n`;
    folded += `main;f${i};g ${i + 1}\n`;
  }
  for (const r of [importPerfLockText(csv, 'pl', 1_000), importFoldedText(folded, 'f', 1_000)]) {
    assert.equal(r.trace.length.spans, 1_000);
    assert.equal(r.warnings.length, 1, JSON.stringify(r.warnings));
    assert.match(r.warnings[0].message, /^record limit of 1,000 reached at line \d+: the rest of the (table|file) is not imported; raise the limit with --max-records \(CLI\) or the smpStackLab\.trace\.recordLimit setting$/);
    checkTrace(r.trace);
  }
  // Under the limit nothing is cut.
  assert.equal(importPerfLockText(csv, 'pl', 10_000).trace.length.spans, 5_000);
  assert.equal(importFoldedText(folded, 'f', 10_000).warnings.length, 0);
});

test('perf lock tables and folded stacks read from a source stop reading at the record limit', async () => {
  const { importPerfLock } = await import('../../../src/trace/import/perfLock');
  const { importFolded } = await import('../../../src/trace/import/folded');
  const { memorySource } = await import('../../../src/trace/import/byteSource');
  let csv = '# output: contended, total wait, max wait, avg wait, type, caller\n';
  let folded = '';
  for (let i = 0; i < 5_000; i++) {
    csv += `3, 3000, 1000, 1000, spinlock, fn_${i}+0x10\n`;
    folded += `main;f${i};g ${i + 1}\n`;
  }
  for (const [text, read] of [[csv, importPerfLock], [folded, importFolded]] as const) {
    const bytes = new TextEncoder().encode(text);
    const all = Math.ceil(bytes.length / 4096);
    let chunksRead = 0;
    const source = memorySource(bytes, 'cut', 4096);
    const counted = { ...source, async *chunks() { for await (const c of source.chunks()) { chunksRead++; yield c; } } };
    const r = await read(counted, { maxRecords: 1_000 });
    assert.equal(r.trace.length.spans, 1_000);
    assert.equal(r.warnings.filter((w) => /^record limit/.test(w.message)).length, 1);
    assert.ok(chunksRead < all / 2, `reading stopped early: ${chunksRead} of ${all} chunks`);
  }
});

test('a folded stack with a count of 400 digits is a malformed line with its number, never an infinite span', async () => {
  const { importFoldedText } = await import('../../../src/trace/import/folded');
  const r = importFoldedText(`main;a 10\nmain;b ${'9'.repeat(400)}\nmain;c 5\n`);
  assert.equal(r.malformed, 1);
  assert.equal(r.warnings[0].line, 2);
  assert.match(r.warnings[0].message, /^count of 400 digits is beyond what the stacks can add up to/);
  assert.equal(r.trace.length.spans, 2);
  assert.equal(r.trace.meta.endNs, 15);
  checkTrace(r.trace);
});

test('perf lock rows with waits past 2^53 ns are malformed lines, not an infinite run', async () => {
  // Two rows of 1e308 ns each added up to an infinite end of the run.
  const { importPerfLockText } = await import('../../../src/trace/import/perfLock');
  const r = importPerfLockText('# output: contended, total wait, max wait, avg wait, type, caller\n3, 1e308, 1e308, 1, spinlock, a\n3, 1e308, 1e308, 1, spinlock, b\n3, 3000, 1000, 1000, spinlock, c\n');
  assert.equal(r.malformed, 2);
  assert.deepEqual(r.warnings.map((w) => [w.line, w.message]), [[2, 'row with a count or wait beyond what the table can add up to'], [3, 'row with a count or wait beyond what the table can add up to']]);
  assert.equal(r.trace.meta.endNs, 1000);
  checkTrace(r.trace);
});

test('a perf script capture stops at the record limit: one warning naming the line, the time and the option, and the rest of the file is not read', async () => {
  const { gunzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  const { memorySource } = await import('../../../src/trace/import/byteSource');
  const { importPerfScript } = await import('../../../src/trace/import/perfScript');
  const { recordCount } = await import('../../../src/trace/schema');
  const bytes = gunzipSync(readFileSync(join(__dirname, '../../fixtures/perf/rwsem.perf.txt.gz')));
  const whole = await importPerfScript(memorySource(bytes, 'rwsem.perf.txt'));
  assert.ok(recordCount(whole.trace) > 3_000, `the capture has ${recordCount(whole.trace)} records`);
  let chunksRead = 0;
  const source = memorySource(bytes, 'rwsem.perf.txt', 16 << 10);
  const counted = { ...source, async *chunks() { for await (const c of source.chunks()) { chunksRead++; yield c; } } };
  const cut = await importPerfScript(counted, { maxRecords: 1_000 });
  const n = recordCount(cut.trace);
  assert.ok(n >= 1_000 && n < 1_010, `${n} records: the event that reached the limit is the last`);
  const limit = cut.warnings.filter((w) => /^record limit/.test(w.message));
  assert.equal(limit.length, 1, JSON.stringify(cut.warnings));
  assert.match(limit[0].message, /^record limit of 1,000 reached at line \d+ \([\d.]+ ms into the capture\): the rest of the file is not imported; raise the limit with --max-records \(CLI\) or the smpStackLab\.trace\.recordLimit setting$/);
  assert.ok(chunksRead < Math.ceil(bytes.length / (16 << 10)) / 2, `reading stopped early: ${chunksRead} of ${Math.ceil(bytes.length / (16 << 10))} chunks`);
  checkTrace(cut.trace);
  // Under the limit nothing is cut.
  assert.equal(recordCount((await importPerfScript(memorySource(bytes, 'rwsem.perf.txt'), { maxRecords: 10_000_000 })).trace), recordCount(whole.trace));
});
