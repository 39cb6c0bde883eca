import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { COLUMNS, DEFAULT_SORT, nextSort, sortRows } from '../../../webview/locks/columns';
import { lockScenario } from '../../trace/analysis/fixtures';

test('default sort is total wait, most first; headers flip direction', () => {
  const { rows } = lockStats(lockScenario().trace);
  assert.deepEqual(sortRows(rows, DEFAULT_SORT).map((r) => r.name), ['Giant', 'if_snd']);
  // if_snd is contended 50% of the time, Giant 33%.
  assert.deepEqual(sortRows(rows, { key: 'contendedPct', descending: true }).map((r) => r.name), ['if_snd', 'Giant']);
  assert.deepEqual(sortRows(rows, { key: 'name', descending: false }).map((r) => r.name), ['Giant', 'if_snd']);
  assert.deepEqual(nextSort(DEFAULT_SORT, 'waitNs'), { key: 'waitNs', descending: false });
  assert.deepEqual(nextSort(DEFAULT_SORT, 'holdNs'), { key: 'holdNs', descending: true });
  assert.deepEqual(nextSort(DEFAULT_SORT, 'name'), { key: 'name', descending: false });
});

test('cells show the numbers of /proc/lock_stat and perf lock', () => {
  const g = lockStats(lockScenario().trace).rows[0];
  const cells = Object.fromEntries(COLUMNS.map((c) => [c.key, c.format(g)]));
  assert.equal(cells.acquisitions, '3');
  assert.equal(cells.contended, '1');
  assert.equal(cells.contendedPct, '33.3%');
  assert.equal(cells.waitNs, '80 ns');
  assert.equal(cells.spinNs, '30 ns');
  assert.equal(cells.sleepMax, '50 ns');
  assert.equal(cells.holdNs, '140 ns');
  assert.equal(cells.utilisation, '14.0%');
});
