import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FlameTreeBuilder, findPath, toFolded, type FlameTree } from '../../../src/trace/analysis/flameTree';
import { functionTimes, sandwich } from '../../../src/trace/analysis/sandwich';
import { diffFlame, weightsOf } from '../../../src/trace/analysis/diffFlame';

function tree(lines: [string, number][]): FlameTree {
  const b = new FlameTreeBuilder('all');
  for (const [path, w] of lines) b.addSelf(b.path(0, path.split(';')), w);
  return b.finish();
}

test('sandwich: callers inverted, callees merged, recursion counted once', () => {
  // main;f 5 · main;f;g;f;h 10 · other;f 2 · main;x 3
  const t = tree([['main;f', 5], ['main;f;g;f;h', 10], ['other;f', 2], ['main;x', 3]]);
  const s = sandwich(t, 'f');
  // Outermost f's: under main (5 + 10 = 15) and under other (2).
  assert.equal(s.total, 17);
  // f as leaf: 5 + 2 (the inner f has only h below it: self 0).
  assert.equal(s.self, 7);
  assert.equal(toFolded(s.callers), ['main 15', 'other 2'].join('\n'));
  assert.equal(s.callers.total[0], 17);
  // Callees: every outermost f merged; its own self (7) sits on the root.
  assert.equal(s.callees.self[0], 7);
  assert.equal(toFolded(s.callees), 'g;f;h 10');
  assert.equal(s.callees.total[0], 17);
});

test('sandwich of a missing function is empty', () => {
  const s = sandwich(tree([['a;b', 1]]), 'zzz');
  assert.equal(s.total, 0);
  assert.equal(s.callers.size, 1);
});

test('functionTimes: every function\'s total and self at once, the same as its sandwich', () => {
  const t = tree([['main;f', 5], ['main;f;g;f;h', 10], ['other;f', 2], ['main;x', 3], ['f;f;f', 4]]);
  const all = functionTimes(t);
  assert.deepEqual([...all.keys()].sort(), ['f', 'g', 'h', 'main', 'other', 'x']);
  for (const [name, ft] of all) {
    const s = sandwich(t, name);
    assert.deepEqual(ft, { total: s.total, self: s.self }, name);
  }
  // recursion counted once on a path: f;f;f adds 4, not 12
  assert.deepEqual(all.get('f'), { total: 21, self: 11 });
  assert.equal(all.has('all'), false, 'the root is the graph\'s title, not a function');
});

test('differential: union of paths with both runs\' times', () => {
  // A: x 5 · x;y 10     B: x 5 · x;y 4 · x;z 6
  const a = tree([['x', 5], ['x;y', 10]]);
  const b = tree([['x', 5], ['x;y', 4], ['x;z', 6]]);
  const d = diffFlame(a, b);
  const at = (p: string) => findPath(d.tree, p.split(';'));
  assert.deepEqual([d.totalA[at('x')], d.totalB[at('x')]], [15, 15]);
  assert.deepEqual([d.totalA[at('x;y')], d.totalB[at('x;y')]], [10, 4]); // shrank by 6
  assert.deepEqual([d.totalA[at('x;z')], d.totalB[at('x;z')]], [0, 6]); // new in B
  assert.equal(d.totalA[0], 15);
  assert.equal(d.tree.total[0], 15);
  // Laid out by A, z has no width and y has A's 10.
  const byA = weightsOf(d, 'a');
  assert.equal(byA.total[at('x;z')], 0);
  assert.equal(byA.total[at('x;y')], 10);
  assert.equal(toFolded(byA), 'x 5\nx;y 10');
});
