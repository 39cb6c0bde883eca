// Call-chain lines and whole chains looked up where they lie in the text read
// (perf/frameCache.ts): keys that collide must still give each text its own
// frames, however many share a key, and a chain cut by the end of a chunk reads
// as a whole one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainCache, FrameCache, FrameList, lineKey } from '../../../src/trace/import/perf/frameCache';
import { parseFrame } from '../../../src/trace/import/perf/lineParse';
import { importPerfScriptText } from '../../../src/trace/import/perfScript';
import { LineSplitter } from '../../../src/trace/import/lines';
import { PerfScriptParser } from '../../../src/trace/import/perfScript';
import { encodeTrace } from '../../../src/trace/codec';

/** Lines with one address and one length but different text: one library offset in two objects, and more. */
const SAME_KEY = ['\t           f8090 open+0xd0 (/usr/lib/liba.so)', '\t           f8090 read+0xd0 (/usr/lib/libb.so)', '\t           f8090 [unknown] (/usr/lib/lib.so)'];
for (let i = 0; i < 12; i++) SAME_KEY.push(`\t           f8090 fn${String(i).padStart(2, '0')}+0x1 (/usr/lib/libc.so)`);

test('frame cache: lines whose keys collide each get their own frame, before and after the cache is full', () => {
  const text = SAME_KEY.join('\n');
  const keys = SAME_KEY.map((l) => lineKey(l, 0, l.length));
  assert.equal(keys[0], keys[1], 'two objects, one offset');
  assert.equal(keys.filter((k) => k === keys[3]).length, 13, 'more lines on one key than the cache keeps side by side');
  const cache = new FrameCache();
  for (let round = 0; round < 3; round++) {
    let at = 0;
    for (const line of SAME_KEY) {
      const e = cache.entryAt(text, at, at + line.length);
      assert.equal(e.line, line);
      assert.deepEqual(e.frame, parseFrame(line));
      at += line.length + 1;
    }
  }
  // The second time round, a line kept in the cache is the same entry (its frame is shared).
  assert.equal(cache.entryAt(SAME_KEY[0], 0, SAME_KEY[0].length), cache.entryAt(`x\n${SAME_KEY[0]}`, 2, 2 + SAME_KEY[0].length));
  // A cache of two entries forgets and reads again, still right.
  const tiny = new FrameCache(2);
  for (const line of [...SAME_KEY, ...SAME_KEY]) assert.deepEqual(tiny.get(line), parseFrame(line));
});

test('chain cache: chains alike in every line length and first line are told apart by their text', () => {
  const leaf = '\tffffffff82252c7e __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])';
  const a = [leaf, '\tffffffff8225260b _raw_spin_lock+0x3b ([kernel.kallsyms])', SAME_KEY[0]];
  const b = [leaf, '\tffffffff8225260b _raw_spin_unlk+0x3b ([kernel.kallsyms])', SAME_KEY[1]];
  const chains = new ChainCache(new FrameCache());
  const list = new FrameList(chains);
  const read = (lines: string[], prefix: string) => {
    const text = `${prefix}\n${lines.join('\n')}\n`;
    list.reset(2);
    let at = prefix.length + 1;
    for (const l of lines) { list.addAt(text, at, at + l.length); at += l.length + 1; }
    return list.list;
  };
  for (let round = 0; round < 2; round++) {
    assert.deepEqual(read(a, 'one').map((f) => f.site), ['__pv_queued_spin_lock_slowpath+0x10e', '_raw_spin_lock+0x3b', 'open+0xd0']);
    assert.deepEqual(read(b, 'other text').map((f) => f.site), ['__pv_queued_spin_lock_slowpath+0x10e', '_raw_spin_unlk+0x3b', 'read+0xd0']);
  }
  // A chain whose lines lie in two texts (a chunk ended inside it) is read line by line.
  list.reset(2);
  list.addAt(`${a[0]}\n`, 0, a[0].length);
  list.addAt(`${a[1]}\n${a[2]}`, 0, a[1].length);
  list.addAt(`${a[1]}\n${a[2]}`, a[1].length + 1, a[1].length + 1 + a[2].length);
  assert.deepEqual(list.list.map((f) => f.name), ['__pv_queued_spin_lock_slowpath', '_raw_spin_lock', 'open']);
  assert.equal(list.hasUser(), true);
});

test('a chain line that does not parse is reported at its own line, each time its chain is used, however it was read', () => {
  const text = [
    '   a   10 [000]     1.000000000:    lock:contention_begin: 0xffff1 (flags=SPIN)',
    '\tffffffff82252c7e __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])',
    '\tnot a frame',
    '',
    '   a   10 [000]     1.000000100:    lock:contention_end: 0xffff1 (ret=0)',
    '',
    '   a   10 [000]     1.000000200:    lock:contention_begin: 0xffff1 (flags=SPIN)',
    '\tffffffff82252c7e __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])',
    '\tnot a frame',
    '',
    'not a header either',
  ].join('\n');
  const whole = importPerfScriptText(text);
  // The second chain repeats the first up to its blank line, so it is taken whole: the lines
  // after it keep their numbers.
  assert.deepEqual(whole.warnings.map((w) => w.line).filter((l) => l > 0), [3, 9, 11]);
  // Fed in pieces that cut the chains: the same trace and warnings.
  for (const size of [1, 7, 80]) {
    const p = new PerfScriptParser();
    const s = new LineSplitter(p, 1 << 20);
    for (let at = 0; at < text.length; at += size) s.push(text.slice(at, at + size));
    s.end();
    const got = p.finish('perf script');
    assert.deepEqual(got.warnings, whole.warnings, `pieces of ${size}`);
    got.trace.meta.wallMs = whole.trace.meta.wallMs;
    assert.deepEqual(encodeTrace(got.trace), encodeTrace(whole.trace), `pieces of ${size}`);
  }
});

test('chain cache: a chain that ended with a blank line is taken whole where its text comes again, and only there', () => {
  const chain = ['\tffffffff82252c7e __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])', '\tffffffff8225260b _raw_spin_lock+0x3b ([kernel.kallsyms])'];
  const block = chain.join('\n');
  const list = new FrameList(new ChainCache(new FrameCache()));
  const first = (text: string, at: number) => { list.reset(1); return list.firstAt(text, at, at + chain[0].length); };
  const t1 = `h\n${block}\n\nh\n`;
  assert.equal(first(t1, 2), 0, 'not seen yet');
  list.addAt(t1, 2 + chain[0].length + 1, 2 + block.length);
  list.endedAt(t1, 2 + block.length + 1);
  const t2 = `hh\n${block}\n\nx`;
  assert.equal(first(t2, 3), 3 + block.length + 1, 'the index of the blank line');
  assert.equal(list.skipped, 1);
  assert.equal(list.length, 2);
  assert.deepEqual(list.list.map((f) => f.name), ['__pv_queued_spin_lock_slowpath', '_raw_spin_lock']);
  // Not whole when no blank line follows, or a third line does, or the text ends before the blank line.
  assert.equal(first(`${block}\nh\n`, 0), 0);
  assert.equal(first(`${block}\n\tffffffff8225260b _raw_spin_lock+0x3b ([kernel.kallsyms])\n\n`, 0), 0);
  assert.equal(first(`${block}\n`, 0), 0);
});
