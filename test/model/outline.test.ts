// The model outline (src/model/outline.ts): names with offsets, read from the YAML so a file with errors still has one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outlineModel, symbolAt, type ModelOutline, type OutlineSymbol } from '../../src/model/index';

const MODEL = `name: forwarding
locks:
  Giant:   { type: mutex, wait: adaptive }
  rtentry: { type: mutex }
counters:
  ipstat.ips_forward: { scope: shared }
threads:
  rxthread: { kind: ithread, run: wm_rxintr, count: 4 }
functions:
  wm_rxintr:
    - work: 250ns
    - call: ether_input
  ether_input:
    - lock: Giant
    - call: ip_input
    - unlock: Giant
  ip_input:
    - count: ipstat.ips_forward
    - loop: { count: 8 }
      do:
        - read: rtentry
          do:
            - work: 40ns
variants:
  mpsafe: { description: no Giant, remove: [functions.ether_input.0] }
  fast: { set: { machine.cpus: 8 } }
sweep: { machine.cpus: [1, 2, 4] }
`;

function at(text: string, needle: string, nth = 0): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not in text`);
  return i;
}

test('declarations and step references are found with exact offsets', () => {
  const o = outlineModel(MODEL);
  const list = o.symbols.map((s) => `${s.role} ${s.kind} ${s.name}`);
  assert.deepEqual(list, [
    'decl lock Giant',
    'decl lock rtentry',
    'decl counter ipstat.ips_forward',
    'decl thread rxthread',
    'decl function wm_rxintr',
    'ref function ether_input',
    'decl function ether_input',
    'ref lock Giant',
    'ref function ip_input',
    'ref lock Giant',
    'decl function ip_input',
    'ref counter ipstat.ips_forward',
    'ref lock rtentry',
    'decl variant mpsafe',
    'decl variant fast',
  ]);
  const countRef = o.symbols.find((s) => s.kind === 'counter' && s.role === 'ref')!;
  assert.equal(countRef.start, at(MODEL, 'ipstat.ips_forward', 1));
  assert.equal(MODEL.slice(countRef.start, countRef.end), 'ipstat.ips_forward');
});

test('a loop count and a thread count are not counter names', () => {
  const o = outlineModel(MODEL);
  assert.ok(!o.symbols.some((s) => s.kind === 'counter' && (s.name === '8' || s.name === '4')));
});

test('variants, their descriptions and the sweep are reported', () => {
  const o = outlineModel(MODEL);
  assert.deepEqual(o.variants, ['mpsafe', 'fast']);
  assert.deepEqual(o.variantDescriptions, { mpsafe: 'no Giant' });
  assert.equal(o.hasSweep, true);
  assert.equal(outlineModel('name: x\n').hasSweep, false);
});

test('symbolAt finds the name under an offset, including its last character', () => {
  const o = outlineModel(MODEL);
  const start = at(MODEL, 'Giant', 2); // "- lock: Giant"
  assert.equal(symbolAt(o, start)?.name, 'Giant');
  assert.equal(symbolAt(o, start + 5)?.role, 'ref');
  assert.equal(symbolAt(o, at(MODEL, 'work: 250ns')), undefined);
});

test('position() maps offsets to 0-based lines and characters', () => {
  const o = outlineModel(MODEL);
  const p = o.position(at(MODEL, 'ipstat.ips_forward', 1));
  assert.deepEqual(p, { line: 17, character: 13 });
  assert.equal(o.firstKeyOffset, 0);
});

test('a file with YAML errors still yields the names that parse', () => {
  const broken = MODEL.replace('  rtentry: { type: mutex }', '  rtentry: { type: mutex');
  const o = outlineModel(broken);
  assert.ok(o.symbols.some((s) => s.kind === 'counter' && s.role === 'ref'));
  assert.doesNotThrow(() => outlineModel('::: [\n\t- {'));
  assert.deepEqual(outlineModel('').symbols, []);
});

// The same questions asked of a small model (ported from the outline of a
// loaded model, which no code used and is gone): declarations and references
// with their 1-based ranges, and the name under a position.
const TEXT = [
  'name: outline', //                                            1
  'locks:', //                                                   2
  '  Giant: { type: mutex, recursive: true }', //                3
  'counters:', //                                                4
  '  ipstat.ips_forward: percpu', //                             5
  'threads:', //                                                 6
  '  worker: { kind: user, run: loop, per_cpu: true }', //       7
  'machine: { cpus: 2 }', //                                     8
  'functions:', //                                               9
  '  loop:', //                                                 10
  '    - lock: Giant', //                                       11
  '    - count: ipstat.ips_forward', //                         12
  '    - unlock: Giant', //                                     13
  '    - call: helper', //                                      14
  '  helper: [ { work: 10ns } ]', //                            15
  'variants:', //                                               16
  '  fast: { description: less work, set: { functions.helper.work: 1ns } }', // 17
  'sweep: { machine.cpus: [1, 2] }', //                         18
].join('\n') + '\n';

/** 1-based line/column range of a symbol, end column exclusive (the Diagnostic range's form). */
function rangeOf(o: ModelOutline, s: OutlineSymbol) {
  const a = o.position(s.start), b = o.position(s.end);
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

test('declarations of variants, locks, counters, functions and threads come with their name ranges', () => {
  const o = outlineModel(TEXT);
  const decl = (kind: OutlineSymbol['kind']) => o.symbols.filter((s) => s.role === 'decl' && s.kind === kind);
  assert.deepEqual(decl('variant').map((s) => [s.name, rangeOf(o, s)]), [['fast', { line: 17, column: 3, endLine: 17, endColumn: 7 }]]);
  assert.deepEqual(o.variantDescriptions, { fast: 'less work' });
  assert.deepEqual(decl('lock').map((s) => [s.name, rangeOf(o, s)]), [['Giant', { line: 3, column: 3, endLine: 3, endColumn: 8 }]]);
  assert.deepEqual(decl('counter').map((s) => [s.name, rangeOf(o, s)]), [['ipstat.ips_forward', { line: 5, column: 3, endLine: 5, endColumn: 21 }]]);
  assert.deepEqual(decl('function').map((s) => [s.name, rangeOf(o, s).line]), [['loop', 10], ['helper', 15]]);
  assert.deepEqual(decl('thread').map((s) => [s.name, rangeOf(o, s).line]), [['worker', 7]]);
  assert.equal(o.hasSweep, true);
});

test('symbolAt finds declarations and references of locks, counters, functions, threads and variants', () => {
  const o = outlineModel(TEXT);
  const lineStart = (l: number) => TEXT.split('\n').slice(0, l - 1).reduce((a, s) => a + s.length + 1, 0);
  const at = (l: number, c: number) => {
    const s = symbolAt(o, lineStart(l) + c - 1);
    const d = s && o.symbols.find((x) => x.role === 'decl' && x.kind === s.kind && x.name === s.name);
    return s && { kind: s.kind, name: s.name, declaration: s.role === 'decl', declaredLine: d && rangeOf(o, d).line };
  };
  assert.deepEqual(at(11, 13), { kind: 'lock', name: 'Giant', declaration: false, declaredLine: 3 });
  assert.deepEqual(at(11, 17), { kind: 'lock', name: 'Giant', declaration: false, declaredLine: 3 }, 'last character of the name');
  assert.equal(at(11, 12), undefined, 'just before the name');
  assert.equal(at(11, 7), undefined, 'the step keyword is not a name');
  assert.deepEqual(at(3, 4), { kind: 'lock', name: 'Giant', declaration: true, declaredLine: 3 });
  assert.deepEqual(at(12, 20), { kind: 'counter', name: 'ipstat.ips_forward', declaration: false, declaredLine: 5 });
  assert.deepEqual(at(5, 3), { kind: 'counter', name: 'ipstat.ips_forward', declaration: true, declaredLine: 5 });
  assert.deepEqual(at(14, 13), { kind: 'function', name: 'helper', declaration: false, declaredLine: 15 });
  assert.deepEqual(at(17, 4), { kind: 'variant', name: 'fast', declaration: true, declaredLine: 17 });
  assert.deepEqual(at(7, 3), { kind: 'thread', name: 'worker', declaration: true, declaredLine: 7 });
});
