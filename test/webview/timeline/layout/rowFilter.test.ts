// Filters that hide tracks: the CPU list and "only matching".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterRows, NO_FILTER, parseCpuList } from '../../../../webview/timeline/layout/rowFilter';
import type { Matcher } from '../../../../webview/timeline/data/highlight';
import type { RowSpec } from '../../../../webview/timeline/layout/rows';

test('a CPU list reads ranges and lists, and says what is wrong', () => {
  assert.deepEqual([...(parseCpuList('0-2, 5', 8) as Set<number>)], [0, 1, 2, 5]);
  assert.equal(parseCpuList('  ', 8), null);
  assert.match(parseCpuList('9', 8) as string, /CPU 9 is not in this run \(CPUs 0-7\)/);
  assert.match(parseCpuList('3-1', 8) as string, /backwards/);
  assert.match(parseCpuList('a', 8) as string, /not a CPU number/);
});

const row = (id: string, kind: RowSpec['kind'], depth: number, x: Partial<RowSpec> = {}): RowSpec => ({ id, kind, label: id, detail: '', depth, expandable: false, expanded: false, lanes: [], ...x });
const rows: RowSpec[] = [
  row('cpu:0', 'cpu', 0, { cpu: 0, expandable: true, expanded: true }),
  row('cpu:0/thread:0', 'cpuThread', 1, { cpu: 0, thread: 0 }),
  row('cpu:0/thread:1', 'cpuThread', 1, { cpu: 0, thread: 1 }),
  row('cpu:1', 'cpu', 0, { cpu: 1 }),
  row('group:locks', 'group', 0, { expandable: true, expanded: true }),
  row('lock:0', 'lock', 1, { lock: 0 }),
  row('lock:1', 'lock', 1, { lock: 1 }),
  row('group:counters', 'group', 0, { expandable: true, expanded: true }),
  row('series:0', 'series', 1, { series: 0 }),
];
const matcher = (threads: number[], locks: number[]): Matcher => ({
  threads: Uint8Array.from([0, 1, 2], (t) => (threads.includes(t) ? 1 : 0)),
  locks: Uint8Array.from([0, 1], (l) => (locks.includes(l) ? 1 : 0)),
  stacks: new Uint8Array(0), series: new Uint8Array(1),
  counts: { threads: threads.length, locks: locks.length, functions: 0, series: 0 },
});
const threadsOnCpu = [[0, 1], [2]];
const ids = (r: RowSpec[]) => r.map((x) => x.id);

test('no filter keeps every row; a CPU list keeps those CPUs and the rest', () => {
  assert.deepEqual(ids(filterRows(rows, NO_FILTER, null, threadsOnCpu)), ids(rows));
  assert.deepEqual(ids(filterRows(rows, { cpus: new Set([1]), onlyMatching: false }, null, threadsOnCpu)),
    ['cpu:1', 'group:locks', 'lock:0', 'lock:1', 'group:counters', 'series:0']);
});

test('only matching keeps the matched threads, the CPUs they ran on, the matched locks, and drops empty groups', () => {
  const got = filterRows(rows, { cpus: null, onlyMatching: true }, matcher([1], [1]), threadsOnCpu);
  assert.deepEqual(ids(got), ['cpu:0', 'cpu:0/thread:1', 'group:locks', 'lock:1']);
  // without a search, "only matching" hides nothing
  assert.deepEqual(ids(filterRows(rows, { cpus: null, onlyMatching: true }, null, threadsOnCpu)), ids(rows));
});
