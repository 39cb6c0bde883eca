// Paths as variants and sweeps write them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePath, splitPath } from '../../src/model/paths';
import { parseText } from '../../src/model/parse';
import { Diagnostics } from '../../src/model/diagnostics';
import type { LMap, LNode } from '../../src/model/tree';
import { lines } from './helpers';

const TEXT = lines(
  'counters: { ipstat.ips_forward: shared, ipstat: percpu }', // 1
  'traffic: [ { to: a, rate: 1Mpps }, { to: b, rate: 2Mpps } ]', // 2
  'functions:', //                                              3
  '  f:', //                                                    4
  '    - lock: A', //                                           5
  '    - read: R', //                                           6
  '      do:', //                                               7
  '        - work: { exp: 5ns }', //                            8
  '    - unlock: A', //                                         9
  '    - timestamp', //                                        10
  '  g: { mode: user, steps: [ { lock: A }, { lock: B } ] }', // 11
);
const root = parseText(TEXT, new Diagnostics('p')).root as LMap;

function lineOf(path: string): number | string {
  const r = resolvePath(root, path);
  if (!r.ok) return r.message;
  const t = r.target;
  if (t.kind === 'key') return t.entry ? t.entry.range.line : `new ${t.key}`;
  if (t.kind === 'section') return `new section ${t.section}.${t.key}`;
  const item: LNode = t.seq.items[t.index];
  return item.range.line;
}

test('splitPath turns [n] into a segment', () => {
  assert.deepEqual(splitPath('traffic[1].rate'), ['traffic', '1', 'rate']);
  assert.deepEqual(splitPath('functions.f.lock=A'), ['functions', 'f', 'lock=A']);
});

test('keys with dots, list positions, steps by action, nested blocks', () => {
  assert.equal(lineOf('counters.ipstat.ips_forward'), 1);
  assert.equal(lineOf('counters.ipstat'), 1);
  assert.equal(lineOf('traffic[1].rate'), 2);
  assert.equal(lineOf('traffic.0.to'), 2);
  assert.equal(lineOf('functions.f.lock'), 5);
  assert.equal(lineOf('functions.f.3'), 10);
  assert.equal(lineOf('functions.f.timestamp'), 10);
  assert.equal(lineOf('functions.f.read.work'), 8);
  assert.equal(lineOf('functions.f.read.work.exp'), 8);
  assert.equal(lineOf('functions.g.lock=B'), 11);
  assert.equal(lineOf('functions.newfn'), 'new newfn');
  assert.match(String(lineOf('functions.f.newkey')), /functions.f is a list/);
  assert.equal(lineOf('locks.L'), 'new section locks.L');
  // a new dotted name in a section of names; but a path that goes on into an entry must name one
  assert.equal(lineOf('counters.perip.InSegs'), 'new perip.InSegs');
  assert.equal(lineOf('counters.tcp.InSegs.scope'), 'counters has no "tcp"');
  assert.equal(lineOf('functions.h.lock'), 'functions has no "h" (did you mean `f`?)');
});

test('paths that name nothing say why', () => {
  assert.equal(lineOf('functions.g.lock'), 'functions.g has 2 lock steps (lines 11, 11); say which with lock=NAME or a number');
  assert.equal(lineOf('functions.f.9'), 'functions.f has 4 items; there is no item 9 (counting from 0)');
  assert.equal(lineOf('functions.f.call'), 'functions.f has no call step');
  assert.equal(lineOf('functions.h.lock'), 'functions has no "h" (did you mean `f`?)');
  assert.equal(lineOf('traffic.0.rate.x'), 'traffic.0.rate is a single value; there is nothing inside it called "x"');
  assert.match(String(lineOf('traffic.first')), /traffic is a list: choose an item by number/);
});
