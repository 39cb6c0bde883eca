// The lock table's columns (what `perf lock contention` and /proc/lock_stat
// show) and its sorting: pure, so the view and its tests share them.
import type { LockNumbers } from '../../src/trace/analysis/lockstat';
import { formatCount, formatDuration, formatShare } from '../../src/core/format';

export interface Column {
  key: string;
  label: string;
  /** Group header above the column ("Spin wait"), if any. */
  group?: string;
  title: string;
  value(r: LockNumbers): number;
  format(r: LockNumbers): string;
  /** A cell's tooltip, where the number needs more than fits. */
  hint?(r: LockNumbers): string;
}

/** Why a capture's row has no acquisition count. */
function unknownAcquisitions(r: LockNumbers): string {
  return r.acquisitionsKnown ? '' : 'Unknown: lock:contention_begin/end fire only when a take has to wait, so a capture counts contended acquisitions, not all of them';
}

/** Acquisitions per CPU of a lock row (paths have none). */
const perCpuOf = (r: LockNumbers): number[] => (r as LockNumbers & { perCpu?: number[] }).perCpu ?? [];
/** Fewest and most acquisitions among the CPUs that took the lock at least once. */
export function perCpuRange(r: LockNumbers): { min: number; max: number; cpus: number } | null {
  const took = perCpuOf(r).filter((n) => n > 0);
  return took.length ? { min: Math.min(...took), max: Math.max(...took), cpus: took.length } : null;
}

const ns = (f: (r: LockNumbers) => number) => (r: LockNumbers) => (f(r) > 0 ? formatDuration(f(r)) : '–');
const mean = (w: { count: number; totalNs: number }) => (w.count > 0 ? w.totalNs / w.count : 0);

/** Numeric columns, after the lock/path name (and the type for locks). */
export const COLUMNS: Column[] = [
  { key: 'acquisitions', label: 'Acquired', title: 'Acquisitions (lock holds); — in a capture, whose tracepoints see only contended ones', value: (r) => r.acquisitions, format: (r) => (r.acquisitionsKnown ? formatCount(r.acquisitions) : '—'), hint: unknownAcquisitions },
  { key: 'contended', label: 'Contended', title: 'Acquisitions that had to wait first (in a capture: the waits)', value: (r) => r.contended, format: (r) => formatCount(r.contended) },
  { key: 'contendedPct', label: '%', title: 'Contended acquisitions, percent', value: (r) => r.contendedPct, format: (r) => (!r.acquisitionsKnown ? '—' : r.acquisitions > 0 ? formatShare(r.contendedPct / 100) : '–'), hint: unknownAcquisitions },
  { key: 'waitNs', label: 'Total wait', title: 'Spin + sleep time waiting for the lock', value: (r) => r.waitNs, format: ns((r) => r.waitNs) },
  { key: 'meanWaitNs', label: 'Mean wait', title: 'Wait per contended acquisition', value: (r) => r.meanWaitNs, format: ns((r) => r.meanWaitNs) },
  { key: 'spinNs', group: 'Spin wait', label: 'total', title: 'Time spinning for the lock', value: (r) => r.spin.totalNs, format: ns((r) => r.spin.totalNs) },
  { key: 'spinMean', group: 'Spin wait', label: 'mean', title: 'Mean spin per spin wait', value: (r) => mean(r.spin), format: ns((r) => mean(r.spin)) },
  { key: 'spinMax', group: 'Spin wait', label: 'max', title: 'Longest spin wait', value: (r) => r.spin.maxNs, format: ns((r) => r.spin.maxNs) },
  { key: 'sleepNs', group: 'Sleep wait', label: 'total', title: 'Time asleep waiting for the lock', value: (r) => r.sleep.totalNs, format: ns((r) => r.sleep.totalNs) },
  { key: 'sleepMean', group: 'Sleep wait', label: 'mean', title: 'Mean sleep per sleep wait', value: (r) => mean(r.sleep), format: ns((r) => mean(r.sleep)) },
  { key: 'sleepMax', group: 'Sleep wait', label: 'max', title: 'Longest sleep wait', value: (r) => r.sleep.maxNs, format: ns((r) => r.sleep.maxNs) },
  { key: 'holdNs', group: 'Hold', label: 'total', title: 'Time the lock was held', value: (r) => r.holdNs, format: ns((r) => r.holdNs) },
  { key: 'meanHoldNs', group: 'Hold', label: 'mean', title: 'Hold time per acquisition', value: (r) => r.meanHoldNs, format: ns((r) => r.meanHoldNs) },
  { key: 'maxHoldNs', group: 'Hold', label: 'max', title: 'Longest hold', value: (r) => r.maxHoldNs, format: ns((r) => r.maxHoldNs) },
  { key: 'utilisation', label: 'Util.', title: 'Hold time / length of the range', value: (r) => r.utilisation, format: (r) => (r.holdNs > 0 ? formatShare(r.utilisation) : '–') },
  { key: 'meanHandoffNs', label: 'Hand-off', title: 'Mean time from a release to the next holder running (contended acquisitions)', value: (r) => r.meanHandoffNs, format: ns((r) => r.meanHandoffNs) },
  {
    key: 'perCpu', label: 'Per CPU', title: 'Acquisitions per CPU, fewest–most among the CPUs that took it: a wide spread is an unfair lock',
    value: (r) => { const x = perCpuRange(r); return x ? x.max / x.min : 0; },
    format: (r) => { const x = perCpuRange(r); return !x ? '–' : x.cpus === 1 ? `${formatCount(x.max)} (1 CPU)` : `${formatCount(x.min)}–${formatCount(x.max)}`; },
    hint: (r) => perCpuOf(r).map((n, cpu) => (n > 0 ? `CPU ${cpu}: ${formatCount(n)}` : '')).filter(Boolean).join(', '),
  },
];

export interface SortState { key: string; descending: boolean }
export const DEFAULT_SORT: SortState = { key: 'waitNs', descending: true };

/** Sorted copy; ties keep the order given (the analysis' own order). */
export function sortRows<R extends LockNumbers & { name?: string; label?: string }>(rows: readonly R[], sort: SortState): R[] {
  if (sort.key === 'name') {
    const sign = sort.descending ? -1 : 1;
    return [...rows].sort((a, b) => sign * (a.name ?? a.label ?? '').localeCompare(b.name ?? b.label ?? ''));
  }
  const col = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS.find((c) => c.key === DEFAULT_SORT.key)!;
  const sign = sort.descending ? -1 : 1;
  return rows.map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => sign * (col.value(a) - col.value(b)) || i - j)
    .map(([r]) => r);
}

/** Clicking a header: the same column flips direction; a new one starts descending (names ascending). */
export function nextSort(cur: SortState, key: string): SortState {
  if (cur.key === key) return { key, descending: !cur.descending };
  return { key, descending: key !== 'name' };
}
