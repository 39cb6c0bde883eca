// The one statistics range: after the warm-up, the whole run when the run
// stopped inside it; analyses without a selection default to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rangeOf, statsRange, statsRangeText } from '../../../src/trace/analysis/range';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { summarize } from '../../../src/trace/summary';
import { lockScenario } from './fixtures';

test('the statistics range starts after the warm-up, or covers a run that ended inside it', () => {
  assert.deepEqual(statsRange({ startNs: 0, endNs: 3e6, warmupNs: 1e6 }), { start: 1e6, end: 3e6 });
  assert.deepEqual(statsRange({ startNs: 0, endNs: 3e6, warmupNs: 0 }), { start: 0, end: 3e6 });
  assert.deepEqual(statsRange({ startNs: 0, endNs: 5e5, warmupNs: 1e6 }), { start: 0, end: 5e5 });
  assert.equal(statsRangeText({ start: 1e6, end: 3e6 }), 'after the 1 ms warm-up: 1 ms – 3 ms (2 ms)');
  assert.equal(statsRangeText({ start: 0, end: 3e6 }), 'whole run: 3 ms');
});

test('lock stats without a selection and the summary cover the same range', () => {
  const { trace } = lockScenario();
  trace.meta.warmupNs = 120;
  assert.deepEqual(rangeOf(trace), statsRange(trace.meta));
  assert.deepEqual(rangeOf(trace, { start: 10, end: 20 }), { start: 10, end: 20 });
  const table = lockStats(trace);
  const summary = summarize(trace);
  assert.deepEqual(table.range, summary.rangeNs);
  for (const l of summary.locks) {
    const row = table.rows.find((r) => r.name === l.name)!;
    assert.equal(row.acquisitions, l.acquisitions);
    assert.equal(row.waitNs, l.waitTotalNs);
  }
  const whole = lockStats(trace, { start: 0, end: trace.meta.endNs });
  assert.notDeepEqual(whole.rows.map((r) => r.acquisitions), table.rows.map((r) => r.acquisitions), 'the warm-up changes the counts here');
});
