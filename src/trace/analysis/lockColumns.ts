// The numbers of the lock table's columns, one definition for the table
// (webview/locks/columns.ts sorts and formats by them) and for replications:
// with R > 1 the extension computes each replication's table over the run's
// statistics range (lockTableValues), and the table shows each column's mean
// ± 95% half-width over the replications, rows matched by lock name
// (replicateLockTable). A column's value is computed per replication first
// and averaged after, as the CLI's --json does for its fields: the mean wait
// shown is the mean of the replications' mean waits.
import { meanCi95, type MeanCi } from '../../core/stats';
import type { LockNumbers, LockRow } from './lockstat';

/** Acquisitions per CPU of a lock row (paths have none). */
const perCpuOf = (r: LockNumbers): readonly number[] => (r as LockNumbers & { perCpu?: readonly number[] }).perCpu ?? [];

/** Fewest and most acquisitions among the CPUs that took the lock at least once. */
export function perCpuRange(r: LockNumbers): { min: number; max: number; cpus: number } | null {
  const took = perCpuOf(r).filter((n) => n > 0);
  return took.length ? { min: Math.min(...took), max: Math.max(...took), cpus: took.length } : null;
}

const meanOf = (w: { count: number; totalNs: number }) => (w.count > 0 ? w.totalNs / w.count : 0);

/** Each numeric column's value for a row (a lock, a call site, a path), by column key. */
export const LOCK_COLUMN_VALUES = {
  acquisitions: (r: LockNumbers) => r.acquisitions,
  contended: (r: LockNumbers) => r.contended,
  contendedPct: (r: LockNumbers) => r.contendedPct,
  waitNs: (r: LockNumbers) => r.waitNs,
  meanWaitNs: (r: LockNumbers) => r.meanWaitNs,
  spinNs: (r: LockNumbers) => r.spin.totalNs,
  spinMean: (r: LockNumbers) => meanOf(r.spin),
  spinMax: (r: LockNumbers) => r.spin.maxNs,
  sleepNs: (r: LockNumbers) => r.sleep.totalNs,
  sleepMean: (r: LockNumbers) => meanOf(r.sleep),
  sleepMax: (r: LockNumbers) => r.sleep.maxNs,
  holdNs: (r: LockNumbers) => r.holdNs,
  meanHoldNs: (r: LockNumbers) => r.meanHoldNs,
  maxHoldNs: (r: LockNumbers) => r.maxHoldNs,
  utilisation: (r: LockNumbers) => r.utilisation,
  meanHandoffNs: (r: LockNumbers) => r.meanHandoffNs,
  /** Fairness: most / fewest acquisitions among the CPUs that took the lock (0: none took it). */
  perCpu: (r: LockNumbers) => { const x = perCpuRange(r); return x ? x.max / x.min : 0; },
} satisfies Record<string, (r: LockNumbers) => number>;

export type LockColumnKey = keyof typeof LOCK_COLUMN_VALUES;
export const LOCK_COLUMN_KEYS = Object.keys(LOCK_COLUMN_VALUES) as LockColumnKey[];

export type LockColumnValues = Record<LockColumnKey, number>;

/** One run's lock table as numbers, by lock name (a model's lock names are unique; a repeated name keeps its first row). */
export function lockTableValues(rows: readonly LockRow[]): Record<string, LockColumnValues> {
  const out: Record<string, LockColumnValues> = {};
  for (const r of rows) {
    if (Object.prototype.hasOwnProperty.call(out, r.name)) continue;
    const v = {} as LockColumnValues;
    for (const k of LOCK_COLUMN_KEYS) v[k] = LOCK_COLUMN_VALUES[k](r);
    out[r.name] = v;
  }
  return out;
}

/** The lock table of R replications: per lock name and column, the mean and 95% half-width. */
export interface ReplicatedLockTable {
  replications: number;
  locks: Record<string, Record<LockColumnKey, MeanCi>>;
}

/**
 * Combine the replications' tables, matching rows by lock name. A lock
 * missing from a replication (never the case for the locks a model declares)
 * counts 0 there in every column, as a field missing from one replication's
 * --json counts 0. Non-finite values stay as meanCi95 makes them (NaN).
 */
export function replicateLockTable(reps: readonly Readonly<Record<string, LockColumnValues>>[]): ReplicatedLockTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const t of reps) for (const n of Object.keys(t)) if (!seen.has(n)) { seen.add(n); names.push(n); }
  const locks: ReplicatedLockTable['locks'] = {};
  for (const name of names) {
    const row = {} as Record<LockColumnKey, MeanCi>;
    for (const k of LOCK_COLUMN_KEYS) {
      row[k] = meanCi95(reps.map((t) => (Object.prototype.hasOwnProperty.call(t, name) ? t[name][k] : 0)));
    }
    locks[name] = row;
  }
  return { replications: reps.length, locks };
}
