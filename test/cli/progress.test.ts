import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from '../../src/cli/progress';

test('the progress bar draws on a terminal, once per percent, and clears itself', () => {
  const out: string[] = [];
  const bar = progressBar((s) => out.push(s), 'run', true, 0);
  bar.update(0, 4e6);
  bar.update(1e6, 4e6);
  bar.update(1.001e6, 4e6); // same percent: not redrawn
  bar.update(4e6, 4e6);
  assert.equal(out.length, 3);
  assert.equal(out[1], `\rrun [${'#'.repeat(7)}${' '.repeat(21)}]  25%  1 ms / 4 ms simulated`);
  assert.match(out[2], /\[#{28}\] 100%/);
  bar.clear();
  assert.equal(out[3], '\r\x1b[K');
});

test('no bar off a terminal, nor for short runs', () => {
  const out: string[] = [];
  const off = progressBar((s) => out.push(s), 'run', false, 0);
  off.update(1, 2);
  off.clear();
  const quick = progressBar((s) => out.push(s), 'run', true, 60_000);
  quick.update(1, 2);
  quick.clear();
  assert.deepEqual(out, []);
});
