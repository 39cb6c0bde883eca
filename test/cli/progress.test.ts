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
  // ends by clearing to the end of the line: a shorter redraw must not leave the old line's tail
  assert.equal(out[1], `\rrun [${'#'.repeat(7)}${' '.repeat(21)}]  25%  1 ms / 4 ms simulated\x1b[K`);
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

test('on a narrow terminal the label gives way, so the bar and numbers stay on one row', () => {
  const out: string[] = [];
  const bar = progressBar((s) => out.push(s), 'tx-ifstart-vs-iftransmit.smp.yaml rx_queues=4', true, 0, 80);
  bar.update(2e6, 4e6);
  const line = out[0].replace(/^\r/, '').replace(/\x1b\[K$/, '');
  assert.equal(line.length, 79, line);
  assert.match(line, /^…[^ ]* rx_queues=4 \[#{14} {14}\]  50%  2 ms \/ 4 ms simulated$/);
  assert.ok(line.includes('rx_queues=4'), 'the end of the label (the sweep point) is what stays');
});

test('a detail text replaces the simulated-time text (an RFC 2544 search counts trials)', () => {
  const out: string[] = [];
  const bar = progressBar((s) => out.push(s), 'search', true, 0);
  bar.update(2.5, 10, 'trial 3 (at most 10)');
  assert.equal(out[0], `\rsearch [${'#'.repeat(7)}${' '.repeat(21)}]  25%  trial 3 (at most 10)\x1b[K`);
});
