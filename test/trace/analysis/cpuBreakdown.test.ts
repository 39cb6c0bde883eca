import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuBreakdown } from '../../../src/trace/analysis/cpuBreakdown';
import { fixture } from './fixtures';

test('per-CPU time by state, clipped to a range', () => {
  const f = fixture({ cpus: 2 });
  // cpu 0: kernel [0,60), idle [60,100). cpu 1: interrupt [0,10), spin [10,40), idle [40,100).
  f.b.span(0, 60, 0, 1, 0, 0xffff, 0xffff, 0, 0);
  f.b.span(60, 40, 0, 5, 0, 0xffff, 0xffff, 0, 0);
  f.b.span(0, 10, 0, 2, 1, 0xffff, 0xffff, 0, 0);
  f.b.span(10, 30, 0, 4, 1, 0xffff, 0xffff, 0, 0);
  f.b.span(40, 60, 0, 5, 1, 0xffff, 0xffff, 0, 0);
  const trace = f.finish(100);
  const all = cpuBreakdown(trace);
  assert.deepEqual(all[0].ns, [0, 60, 0, 0, 0, 40]);
  assert.equal(all[0].busy, 0.6);
  assert.deepEqual(all[1].ns, [0, 0, 10, 0, 30, 60]);
  assert.equal(all[1].busyNs, 40);
  assert.equal(all[1].rangeNs, 100);
  // [50,70): cpu 0 kernel 10 + idle 10; cpu 1 idle 20.
  const part = cpuBreakdown(trace, { start: 50, end: 70 });
  assert.deepEqual(part[0].ns, [0, 10, 0, 0, 0, 10]);
  assert.equal(part[0].busy, 0.5);
  assert.equal(part[1].busy, 0);
});
