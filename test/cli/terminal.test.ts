// Terminal escape injection (issue 16): raw ESC, CR and U+2028 from a
// model's name, an unknown name a diagnostic quotes, or a capture's lock and
// caller names used to reach the terminal through the CLI — clearing the
// screen, faking an "ok", planting an OSC-8 link — and to break the one-line
// `file:line:col` form. Every control character now prints escaped.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printable, printableText } from '../../src/cli/terminal';
import { buildCliBefore, smplab, CLI, ROOT } from './smplab';

/** Anything a terminal would act on: C0 but newline, DEL, C1, the line/paragraph separators, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;


const tempDir = buildCliBefore('smplab-term-');

test('printable escapes every control character and nothing else', () => {
  assert.equal(printable('a\x1b[2J\rok\n\t\x07\x7f\x85\u2028\u2029\u202e'), 'a\\e[2J\\rok\\n\\t\\x07\\u007f\\u0085\\u2028\\u2029\\u202e');
  assert.equal(printable('µs, é, 锁, tab-free text'), 'µs, é, 锁, tab-free text');
  assert.equal(printableText('one\ntwo\x1b[K\r'), 'one\ntwo\\e[K\\r');
  // Inside a JSON string, what the guard writes is still a valid escape with the same value.
  assert.equal(JSON.parse(printableText(JSON.stringify('x\u2028\u0085y'))), 'x\u2028\u0085y');
});

test('check: a hostile unknown name stays on its file:line:col line, escaped', () => {
  const file = join(tempDir(), 'names.smp.yaml');
  writeFileSync(file, [
    'name: probe',
    'locks: { L: { type: mutex } }',
    'threads: { t: { kind: kernel, run: f } }',
    'functions:',
    '  f:',
    '    - lock: "Q\\e]8;;http://evil\\e\\\\link\\e]8;;\\e\\\\\\r\\nok\\u2028"',
    '    - work: 10ns',
    '',
  ].join('\n'));
  const r = smplab('check', file);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.out + r.err, RAW_CONTROL);
  const lines = r.out.trimEnd().split('\n');
  const bad = lines.find((l) => l.includes('unknown lock'));
  assert.ok(bad, r.out);
  assert.match(bad, /names\.smp\.yaml:6:13: error: unknown lock "Q\\e\]8;;http:\/\/evil\\e\\link\\e\]8;;\\e\\\\r\\nok\\u2028"/);
});

test('run: a model name with ESC, CR and U+2028 prints escaped in the summary (text and JSON)', () => {
  const file = join(tempDir(), 'title.smp.yaml');
  writeFileSync(file, [
    'name: "evil\\e[2J\\rok\\u2028x"',
    'locks: { L: { type: mutex } }',
    'threads: { t: { kind: kernel, run: f } }',
    'functions:',
    '  f: [ { lock: L }, { work: 10ns }, { unlock: L } ]',
    'run: { duration: 10us }',
    '',
  ].join('\n'));
  const r = smplab('run', file);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out + r.err, RAW_CONTROL);
  assert.match(r.out.split('\n')[0], /^evil\\e\[2J\\rok\\u2028x {2}seed/);
  const j = smplab('run', file, '--json');
  assert.doesNotMatch(j.out, RAW_CONTROL);
  assert.equal(JSON.parse(j.out).model, 'evil\x1b[2J\rok\u2028x', 'the JSON still carries the exact name');
});

test('view: lock and caller names of a perf lock capture print escaped', () => {
  const file = join(tempDir(), 'evil.csv');
  const head = readFileSync(join(ROOT, 'test', 'fixtures', 'perf', 'lock-contention.csv'), 'utf8').split('\n').slice(0, 2).join('\n');
  writeFileSync(file, `${head}\n3, 6040000, 4100000, 2010000, rwsem:W, evil\x1b[2J\rfake ok\u2028\x1b]8;;http://x\x07+0x1\n`);
  const r = smplab('view', file);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out + r.err, RAW_CONTROL);
  assert.match(r.out, /rwsem:W   evil\\e\[2J\\rfake ok\\u2028/);
});
