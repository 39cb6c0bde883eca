// The one throughput figure: delivered packets per second of the statistics range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveredPerSecond, statsRange } from '../../../src/trace/analysis/index';

test('delivered per second counts the range after the warm-up, not the whole run', () => {
  // 3 ms run, 1 ms warm-up: 2,000 packets delivered after the warm-up are 1 M/s (not 667 k/s over 3 ms)
  const range = statsRange({ startNs: 0, endNs: 3e6, warmupNs: 1e6 });
  assert.equal(deliveredPerSecond(2000, range), 1e6);
  assert.equal(deliveredPerSecond(2000, { start: 0, end: 2e6 }), 1e6, 'no warm-up: the whole run');
  assert.equal(deliveredPerSecond(5, { start: 1e6, end: 1e6 }), 0, 'an empty range has no rate');
});
