// A large model without aliases (issue 16: a map of 200,000 counters was
// refused as "aliases inside aliases?"): its size is its own; only what
// aliases expand to is limited. Past the engine's ids, the checker says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/model/index';

const model = (counters: number) => [
  'name: many counters',
  'counters:',
  ...Array.from({ length: counters }, (_, i) => `  c${i}: shared`),
  'threads: { t: { kind: kernel, run: f } }',
  'functions:',
  '  f: [ { count: c0 }, { work: 10ns } ]',
  'run: { duration: 10us }',
  '',
].join('\n');

test('30,000 counters and no alias: the model loads', () => {
  const r = loadModel(model(30_000), 'm.smp.yaml');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
  assert.ok(r.model);
});

test('70,000 counters: refused at the counter past the engine\'s series ids, not as an alias bomb', () => {
  const r = loadModel(model(70_000), 'm.smp.yaml');
  const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0], /^65535:3 70,002 counters and queues \(each a sampled series of the trace\) in all, more than the 65,534 the engine can tell apart; counter c65532 takes the count past it$/);
});

test('an alias bomb is still refused', () => {
  const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';
  const errors = loadModel(bomb, 'b.smp.yaml').diagnostics.filter((d) => d.severity === 'error');
  assert.match(errors[0].message, /^the file expands to more than 100,000 nodes through its aliases/);
});
