import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseText } from '../../src/model/parse';
import { Diagnostics } from '../../src/model/diagnostics';
import { get, type LMap, type LNode } from '../../src/model/tree';
import { lines, diagnose } from './helpers';

function parse(text: string) {
  const d = new Diagnostics('f.smp.yaml');
  const r = parseText(text, d);
  return { root: r.root, diags: d.list };
}

test('every node keeps a 1-based range, end exclusive', () => {
  const text = lines('name: x', 'locks:', '  Giant: { type: mutex }', 'functions:', '  f:', '    - lock: Giant', '    - work: 300ns');
  const { root, diags } = parse(text);
  assert.deepEqual(diags, []);
  const locks = get(root!, 'locks') as LMap;
  const giant = locks.entries[0];
  assert.deepEqual(giant.keyRange, { line: 3, column: 3, endLine: 3, endColumn: 8 });
  const type = get(giant.value as LMap, 'type')!;
  assert.deepEqual(type.range, { line: 3, column: 18, endLine: 3, endColumn: 23 });
  const f = get(get(root!, 'functions') as LMap, 'f') as LNode & { kind: 'seq' };
  const work = (f.items[1] as LMap).entries[0];
  assert.equal(work.key, 'work');
  assert.deepEqual(work.keyRange, { line: 7, column: 7, endLine: 7, endColumn: 11 });
  assert.deepEqual(work.value.range, { line: 7, column: 13, endLine: 7, endColumn: 18 });
  assert.deepEqual(work.range, { line: 7, column: 7, endLine: 7, endColumn: 18 });
});

test('aliases resolve to the anchored value', () => {
  const { root, diags } = parse(lines('a: &x { k: 1 }', 'b: *x'));
  assert.deepEqual(diags, []);
  const b = get(root!, 'b') as LMap;
  assert.equal(b.kind, 'map');
  assert.equal(get(b, 'k')?.kind, 'scalar');
});

test('YAML syntax errors are diagnostics with a place, not exceptions', () => {
  const d = diagnose(lines('name: x', 'functions:', '  f: [ { work: 1us }', 'threads: {}'));
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].line, 4);
  assert.equal(d[0].column, 1);
  assert.match(d[0].message, /^YAML syntax: .*\]/);
});

test('tabs, duplicate keys, several documents and a non-map file are explained', () => {
  const tab = diagnose('name: x\n\tfunctions:\n');
  assert.equal(tab[0].line, 2);
  assert.match(tab[0].message, /tabs cannot indent YAML/);

  const dup = diagnose(lines('name: x', 'locks:', '  A: mutex', '  A: spin'));
  const e = dup.find((x) => /duplicate key/.test(x.message))!;
  assert.equal(e.line, 4);
  assert.equal(e.column, 3);
  assert.equal(e.message, 'duplicate key "A" (first defined at line 3)');

  const docs = diagnose(lines('name: a', '---', 'name: b'));
  assert.match(docs[0].message, /one document/);
  assert.equal(docs[0].line, 2);

  const list = diagnose(lines('- a', '- b'));
  assert.match(list[0].message, /a model file is a map of sections/);

  const empty = diagnose('');
  assert.match(empty[0].message, /the file is empty/);
  assert.equal(empty[0].line, 1);
});

test('unknown keys suggest the closest known key', () => {
  const d = diagnose(lines('name: x', 'machine: { cpus: 2, timecountr: tsc }'));
  const e = d.find((x) => x.severity === 'error')!;
  assert.equal(e.line, 2);
  assert.equal(e.column, 21);
  assert.equal(e.endColumn, 31);
  assert.match(e.message, /unknown key "timecountr" in machine \(did you mean `timecounter`\?\)/);
  const top = diagnose(lines('name: x', 'fucntions: {}'));
  assert.match(top.find((x) => x.severity === 'error')!.message, /unknown key "fucntions" in the model \(did you mean `functions`\?\)/);
});
