// The hand-written header scanner (perf/headerScan.ts) must read every line as
// the header regex does (parseHeader, the reference): on every line of the
// committed captures, on damaged copies of them, and on the shapes it hands to
// the regex on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HeaderScanner } from '../../../src/trace/import/perf/headerScan';
import { FrameCache } from '../../../src/trace/import/perf/frameCache';
import { parseHeader } from '../../../src/trace/import/perf/lineParse';
import { intern, sameText } from '../../../src/trace/import/perf/strings';

const FIX = join(__dirname, '../../fixtures/perf');
const CAPTURES = ['rwsem.perf.txt.gz', 'udp.perf.txt.gz', 'futex.perf.txt.gz', 'udp-net.perf.txt.gz', 'lock-contention-g.perf.txt', 'sched-record.perf.txt'];

function lines(name: string): string[] {
  const bytes = readFileSync(join(FIX, name));
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n');
}

type Fast = { fast(text: string, start: number, end: number): unknown };

/**
 * Each line read by the scanner, from inside a longer text as the importer reads it, and by the
 * regex; how many were headers, and how many of those the scanner read by hand (not by the regex).
 */
function agree(all: string[], what: string): { headers: number; byHand: number } {
  const text = `x\n${all.join('\n')}\n`;
  const scanner = new HeaderScanner(new FrameCache()), reference = new FrameCache();
  let at = 2, headers = 0, byHand = 0;
  for (const line of all) {
    const plain = !/[\r\u2028\u2029]/.test(line);
    const got = scanner.scan(text, at, at + line.length, plain);
    const want = parseHeader(line, reference);
    assert.deepEqual(got, want, `${what}: ${JSON.stringify(line)}`);
    if (want) headers++;
    if (plain && (scanner as unknown as Fast).fast(text, at, at + line.length)) byHand++;
    at += line.length + 1;
  }
  return { headers, byHand };
}

test('header scanner: reads every line of the committed captures as the regex does', () => {
  let headers = 0, byHand = 0;
  for (const name of CAPTURES) {
    const r = agree(lines(name), name);
    headers += r.headers;
    byHand += r.byHand;
  }
  assert.ok(headers > 20_000, `${headers} headers`);
  assert.ok(byHand > 0.95 * headers, `${byHand} of ${headers} read by hand`);
});

test('header scanner: agrees with the regex on damaged copies of a capture', () => {
  const base = lines('udp.perf.txt.gz').filter((l) => l && !l.startsWith('\t')).slice(0, 3000);
  // Edits that touch what the scanner decides on: blanks of other kinds, brackets, digits, colons, line terminators.
  const junk = [' ', '\t', '\r', '\u00a0', '\u2028', '\u3000', '\v', 'é', '[', ']', '[7]', '/', '-', ':', ': ', '0', '9', '.', '1.5: ', ' 12 [003] ', ' 12/13 ', 'x', ''];
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const damaged: string[] = [];
  for (const l of base) {
    for (let k = 0; k < 3; k++) {
      const at = rnd(l.length + 1), j = junk[rnd(junk.length)];
      damaged.push(rnd(2) ? l.slice(0, at) + j + l.slice(at) : l.slice(0, at) + j + l.slice(at + 1 + rnd(3)));
    }
  }
  const { headers, byHand } = agree(damaged, 'damaged');
  assert.ok(headers > 1000 && headers < damaged.length, `${headers} of ${damaged.length} still headers`);
  assert.ok(byHand > 0.5 * headers && byHand < headers, `${byHand} of ${headers} read by hand`);
});

test('header scanner: the shapes it leaves to the regex come out the same', () => {
  const shapes = [
    'npm install nod  7903 [000]   393.437245:       sched:sched_switch: prev_comm=x', // comm with spaces
    '            perf  100/101 [003] 12.000000001:     10101010 cpu-clock:ppp: ', // pid/tid, a sample period, no fields
    ':-1    -1 [001]   782.754769: sched:sched_stat_runtime: comm=esbuild', // unknown task
    'a[1] b  12 [001]  1.5: ev: x', // a "[" inside the comm
    'w 3 [2] x  12 [001]  1.5: ev: x', // something like a header inside the comm
    'p  12 [001] FLAGS 1.5: ev: x', // a token before the time (-F flags)
    'p  12 [001] 1.5: 2.5: ev: x', // a second time-like token
    'p  12 [001] 1.5: 77 ev: x', // a sample period
    'p  12 [001] 1.5: ev:sub:deeper: x y', // colons inside the event name
    'p  12 [001] 1.5: ev:', // the event ends the line
    'p  12 [001] 1.5: ev:\u00a0x', // another blank after the event
    'p\u00a0 12 [001] 1.5: ev: x', // another blank after the comm
    'p 12\u00a0[001] 1.5: ev: x',
    'p  -0 [001] 1.5: ev: x', // "-0"
    'p  1234567890123456 [001] 1.5: ev: x', // 16 digits
    'p  12 [001] 1234567890123456.5: ev: x',
    'p  12 [001] 1.1234567891234: ev: x', // more than nine digits of fraction
    'p  12 [001] 1.5:ev: x', // no blank after the time
    'p  12 [001]1.5: ev: x',
    'p  12 [] 1.5: ev: x',
    '  12 [001] 1.5: ev: x', // no comm
    'p  12 [001] 1.5: ev: x ffffffff82249848 __schedule+0x628 ([kernel.kallsyms])', // a sample address at the end
    'p  12 [001] 1.5: ev: \u2028x', // a line terminator the regex's "." refuses
  ];
  agree(shapes, 'shape');
  // The same line inside texts that the line splitter found not plain: the regex reads it.
  const s = new HeaderScanner();
  assert.deepEqual(s.scan('p  12 [001] 1.5: ev: x', 0, 22, false), parseHeader('p  12 [001] 1.5: ev: x'));
});

test('header scanner: one string per event name, however the names alternate; comms compared by their text', () => {
  const text = ['a  1 [000] 1.1: lock:contention_begin: x', 'a  1 [000] 1.2: sched:sched_switch: y', 'a  1 [000] 1.3: lock:contention_begin: z'].join('\n');
  const s = new HeaderScanner();
  const lines = text.split('\n');
  let at = 0;
  const events = lines.map((l) => { const h = s.scan(text, at, at + l.length, true)!; at += l.length + 1; return h.event; });
  assert.deepEqual(events, ['lock:contention_begin', 'sched:sched_switch', 'lock:contention_begin']);
  assert.ok(events[0] === events[2], 'the same string');
  assert.ok(sameText('Chrome_IOThread', 'xChrome_IOThread'.slice(1)) && !sameText('Chrome_IOThread', 'Chrome_IOThreae') && !sameText('ab', 'abc'));
  assert.equal(intern('lock:' + 'x'.repeat(20)), 'lock:' + 'x'.repeat(20));
});
