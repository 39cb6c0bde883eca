// What the editor asks of a model: named parts with ranges, and the name under the cursor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelOutline, symbolAt } from '../../src/model/index';
import { lines, mustLoad } from './helpers';

const TEXT = lines(
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
);

test('modelOutline lists variants, locks, counters, functions and threads with their name ranges', () => {
  const o = modelOutline(mustLoad(TEXT));
  assert.equal(o.name, 'outline');
  assert.deepEqual(o.variants, [{ name: 'fast', range: { line: 17, column: 3, endLine: 17, endColumn: 7 }, detail: 'less work' }]);
  assert.deepEqual(o.locks, [{ name: 'Giant', range: { line: 3, column: 3, endLine: 3, endColumn: 8 }, detail: 'mutex (adaptive), recursive' }]);
  assert.deepEqual(o.counters, [{ name: 'ipstat.ips_forward', range: { line: 5, column: 3, endLine: 5, endColumn: 21 }, detail: 'percpu' }]);
  assert.deepEqual(o.functions.map((f) => [f.name, f.range.line, f.detail]), [['loop', 10, '4 steps'], ['helper', 15, '1 step']]);
  assert.deepEqual(o.threads.map((t) => [t.name, t.range.line, t.detail]), [['worker', 7, 'user, 2 instances, runs loop']]);
  assert.deepEqual(o.sweep, { path: 'machine.cpus', range: { line: 18, column: 10, endLine: 18, endColumn: 22 }, labels: ['cpus=1', 'cpus=2'] });
});

test('symbolAt finds declarations and references of locks, counters, functions and variants', () => {
  const m = mustLoad(TEXT);
  const at = (l: number, c: number) => {
    const s = symbolAt(m, l, c);
    return s && { kind: s.kind, name: s.name, declaration: s.declaration, declaredLine: s.declaredAt?.line };
  };
  assert.deepEqual(at(11, 13), { kind: 'lock', name: 'Giant', declaration: false, declaredLine: 3 });
  assert.deepEqual(at(11, 17), { kind: 'lock', name: 'Giant', declaration: false, declaredLine: 3 }, 'last character of the name');
  assert.equal(at(11, 18), undefined, 'just past the name');
  assert.equal(at(11, 7), undefined, 'the step keyword is not a name');
  assert.deepEqual(at(3, 4), { kind: 'lock', name: 'Giant', declaration: true, declaredLine: 3 });
  assert.deepEqual(at(12, 20), { kind: 'counter', name: 'ipstat.ips_forward', declaration: false, declaredLine: 5 });
  assert.deepEqual(at(5, 3), { kind: 'counter', name: 'ipstat.ips_forward', declaration: true, declaredLine: 5 });
  assert.deepEqual(at(14, 13), { kind: 'function', name: 'helper', declaration: false, declaredLine: 15 });
  assert.deepEqual(at(7, 31), { kind: 'function', name: 'loop', declaration: false, declaredLine: 10 });
  assert.deepEqual(at(17, 4), { kind: 'variant', name: 'fast', declaration: true, declaredLine: 17 });
  assert.deepEqual(at(7, 3), { kind: 'thread', name: 'worker', declaration: true, declaredLine: 7 });
});
