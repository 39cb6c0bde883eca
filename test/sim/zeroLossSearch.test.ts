// The RFC 2544 bisection on its own (src/sim/rfc2544.ts's zeroLossSearch),
// driven by a known loss threshold instead of simulated trials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zeroLossSearch } from '../../src/sim/rfc2544';

/** Drive the search with "loses nothing below `threshold`"; the rates tried and the answer. */
function drive(lo: number, hi: number, resolution: number, threshold: number): { tried: number[]; best: number } {
  const tried: number[] = [];
  const s = zeroLossSearch(lo, hi, resolution);
  let step = s.next();
  while (!step.done) {
    tried.push(step.value);
    step = s.next(step.value <= threshold);
  }
  return { tried, best: step.value };
}

test('the top of the range first: if it passes, nothing else is tried', () => {
  assert.deepEqual(drive(100, 1_000, 0.01, 5_000), { tried: [1_000], best: 1_000 });
});

test('if even the bottom loses, the answer is 0 after two trials', () => {
  assert.deepEqual(drive(100, 1_000, 0.01, 50), { tried: [1_000, 100], best: 0 });
});

test('bisection ends within the resolution below the threshold, never above it', () => {
  for (const threshold of [101, 333, 640, 999]) {
    const { tried, best } = drive(100, 1_000, 0.01, threshold);
    assert.ok(best <= threshold, `best ${best} above ${threshold}`);
    assert.ok(threshold - best <= 0.01 * 1_000 + 1, `best ${best} too far below ${threshold}`);
    assert.equal(new Set(tried).size, tried.length, 'no rate tried twice');
    assert.ok(tried.length <= 2 + Math.ceil(Math.log2(900 / (0.01 * 100))), `${tried.length} trials`);
  }
});
