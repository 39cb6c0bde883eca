import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { COLUMNS, DEFAULT_SORT, nextSort, sortRows } from '../../../webview/locks/columns';
import { join } from 'node:path';
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

test('a capture (no lock holds): Acquired and % say "—" and the hover says why; contended counts its waits', async () => {
  const { importTraceFile } = await import('../../../src/trace/import');
  const r = await importTraceFile(join(__dirname, '../../fixtures/perf/rwsem.perf.txt.gz'));
  const t = lockStats(r.trace);
  const row = t.callers[0];
  const col = (k: string) => COLUMNS.find((c) => c.key === k)!;
  assert.equal(col('acquisitions').format(row), '—');
  assert.equal(col('contendedPct').format(row), '—');
  assert.match(col('acquisitions').hint!(row), /contention_begin\/end fire only when a take has to wait/);
  assert.equal(col('contended').format(row), '9');
  assert.equal(row.name, '__x64_sys_munmap+0x17');
  assert.equal(col('acquisitions').hint!(lockStats(lockScenario().trace).rows[0]), '');
});
