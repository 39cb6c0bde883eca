// The lock table's columns (what `perf lock contention` and /proc/lock_stat
// show) and its sorting: pure, so the view and its tests share them.
import type { LockNumbers } from '../../src/trace/analysis/lockstat';
import { LOCK_COLUMN_VALUES, perCpuRange, type LockColumnKey } from '../../src/trace/analysis/lockColumns';
import { formatCount, formatDuration, formatShare, withHalfWidth } from '../../src/core/format';

export interface Column {
  key: LockColumnKey;
  label: string;
  /** Group header above the column ("Spin wait"), if any. */
  group?: string;
  title: string;
  /** The number the column sorts by (src/trace/analysis/lockColumns.ts: the same for replications). */
  value(r: LockNumbers): number;
  format(r: LockNumbers): string;
  /** One of the column's values on its own: a replication mean or a half-width. */
  formatValue(v: number): string;
  /** A cell's tooltip, where the number needs more than fits. */
  hint?(r: LockNumbers): string;
}

/** Why a capture's row has no acquisition count. */
function unknownAcquisitions(r: LockNumbers): string {
  return r.acquisitionsKnown ? '' : 'Unknown: lock:contention_begin/end fire only when a take has to wait, so a capture counts contended acquisitions, not all of them';
}

/** Acquisitions per CPU of a lock row (paths have none). */
const perCpuOf = (r: LockNumbers): readonly number[] => (r as LockNumbers & { perCpu?: readonly number[] }).perCpu ?? [];

const ns = (f: (r: LockNumbers) => number) => (r: LockNumbers) => (f(r) > 0 ? formatDuration(f(r)) : '–');
const V = LOCK_COLUMN_VALUES;

const nsValue = (v: number) => (v > 0 ? formatDuration(v) : '–');
const shareValue = (v: number) => formatShare(v);
const countValue = (v: number) => formatCount(v);

/** Numeric columns, after the lock/path name (and the type for locks). */
export const COLUMNS: Column[] = [
  { key: 'acquisitions', label: 'Acquired', title: 'Acquisitions (lock holds); — in a capture, whose tracepoints see only contended ones', value: V.acquisitions, format: (r) => (r.acquisitionsKnown ? formatCount(r.acquisitions) : '—'), formatValue: countValue, hint: unknownAcquisitions },
  { key: 'contended', label: 'Contended', title: 'Acquisitions that had to wait first (in a capture: the waits)', value: V.contended, format: (r) => formatCount(r.contended), formatValue: countValue },
  { key: 'contendedPct', label: '%', title: 'Contended acquisitions, percent', value: V.contendedPct, format: (r) => (!r.acquisitionsKnown ? '—' : r.acquisitions > 0 ? formatShare(r.contendedPct / 100) : '–'), formatValue: (v) => formatShare(v / 100), hint: unknownAcquisitions },
  { key: 'waitNs', label: 'Total wait', title: 'Spin + sleep time waiting for the lock', value: V.waitNs, format: ns(V.waitNs), formatValue: nsValue },
  { key: 'meanWaitNs', label: 'Mean wait', title: 'Wait per contended acquisition', value: V.meanWaitNs, format: ns(V.meanWaitNs), formatValue: nsValue },
  { key: 'spinNs', group: 'Spin wait', label: 'total', title: 'Time spinning for the lock', value: V.spinNs, format: ns(V.spinNs), formatValue: nsValue },
  { key: 'spinMean', group: 'Spin wait', label: 'mean', title: 'Mean spin per spin wait', value: V.spinMean, format: ns(V.spinMean), formatValue: nsValue },
  { key: 'spinMax', group: 'Spin wait', label: 'max', title: 'Longest spin wait', value: V.spinMax, format: ns(V.spinMax), formatValue: nsValue },
  { key: 'sleepNs', group: 'Sleep wait', label: 'total', title: 'Time asleep waiting for the lock', value: V.sleepNs, format: ns(V.sleepNs), formatValue: nsValue },
  { key: 'sleepMean', group: 'Sleep wait', label: 'mean', title: 'Mean sleep per sleep wait', value: V.sleepMean, format: ns(V.sleepMean), formatValue: nsValue },
  { key: 'sleepMax', group: 'Sleep wait', label: 'max', title: 'Longest sleep wait', value: V.sleepMax, format: ns(V.sleepMax), formatValue: nsValue },
  { key: 'holdNs', group: 'Hold', label: 'total', title: 'Time the lock was held', value: V.holdNs, format: ns(V.holdNs), formatValue: nsValue },
  { key: 'meanHoldNs', group: 'Hold', label: 'mean', title: 'Hold time per acquisition', value: V.meanHoldNs, format: ns(V.meanHoldNs), formatValue: nsValue },
  { key: 'maxHoldNs', group: 'Hold', label: 'max', title: 'Longest hold', value: V.maxHoldNs, format: ns(V.maxHoldNs), formatValue: nsValue },
  { key: 'utilisation', label: 'Util.', title: 'Hold time / length of the range', value: V.utilisation, format: (r) => (r.holdNs > 0 ? formatShare(r.utilisation) : '–'), formatValue: shareValue },
  { key: 'meanHandoffNs', label: 'Hand-off', title: 'Mean time from a release to the next holder running (contended acquisitions)', value: V.meanHandoffNs, format: ns(V.meanHandoffNs), formatValue: nsValue },
  {
    key: 'perCpu', label: 'Per CPU', title: 'Acquisitions per CPU, fewest–most among the CPUs that took it: a wide spread is an unfair lock',
    value: V.perCpu,
    format: (r) => { const x = perCpuRange(r); return !x ? '–' : x.cpus === 1 ? `${formatCount(x.max)} (1 CPU)` : `${formatCount(x.min)}–${formatCount(x.max)}`; },
    // with replications: the spread as most ÷ fewest (1.00× is perfectly fair)
    formatValue: (v) => (v > 0 ? `${v.toFixed(2)}×` : '–'),
    hint: (r) => perCpuOf(r).map((n, cpu) => (n > 0 ? `CPU ${cpu}: ${formatCount(n)}` : '')).filter(Boolean).join(', '),
  },
];

/**
 * A cell of a replicated row: mean ± 95% half-width in the column's own
 * format; the mean alone when the half-width is 0 (every replication agreed)
 * or not finite.
 */
export function formatMeanCi(c: Column, m: { mean: number; half: number }): string {
  const mean = c.formatValue(m.mean);
  if (mean === '–') return mean;
  return withHalfWidth(mean, m.half, c.key === 'perCpu' ? (h) => h.toFixed(2) : c.formatValue);
}

export interface SortState { key: string; descending: boolean }
export const DEFAULT_SORT: SortState = { key: 'waitNs', descending: true };

/** Sorted copy; ties keep the order given (the analysis' own order). `value`: what a row sorts by in a column (with replications: the mean). */
export function sortRows<R extends LockNumbers & { name?: string; label?: string }>(
  rows: readonly R[], sort: SortState, value: (r: R, c: Column) => number = (r, c) => c.value(r),
): R[] {
  if (sort.key === 'name') {
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => sign * (a.name ?? a.label ?? '').localeCompare(b.name ?? b.label ?? ''));
  }
  const col = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS.find((c) => c.key === DEFAULT_SORT.key)!;
  const sign = sort.descending ? -1 : 1;
  return rows.map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => sign * (value(a, col) - value(b, col)) || i - j)
    .map(([r]) => r);
}

/** Clicking a header: the same column flips direction; a new one starts descending (names ascending). */
export function nextSort(cur: SortState, key: string): SortState {
  if (cur.key === key) return { key, descending: !cur.descending };
  return { key, descending: key !== 'name' };
}
