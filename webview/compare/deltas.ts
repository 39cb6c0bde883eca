// Two runs side by side as numbers: the lock table joined by lock name, the
// packet figures, each with its change from run A to run B.
import type { LockRow, LockStatTable } from '../../src/trace/analysis/lockstat';
import type { TraceMeta } from '../../src/trace/schema';
import { formatCount, formatDuration, formatRate } from '../../src/core/format';
import { statsRange } from '../../src/trace/analysis/range';
import { matchRows, rowNames, type LockMapping, type RowGrouping, type RowMatch } from '../../src/core/lockMapping';
import { deliveredPerSecond } from '../../src/trace/analysis/throughput';

export interface Delta { a: number; b: number; delta: number; /** (b − a) / a, NaN when a is 0 */ ratio: number }

export function delta(a: number, b: number): Delta {
  return { a, b, delta: b - a, ratio: a !== 0 ? (b - a) / a : NaN };
}

/** "+12.3 µs (+15.0%)", "−3 (−50.0%)", "0"; `relative: false` leaves out the percentage (for values that are shares already). */
export function formatDelta(d: Delta, fmt: (v: number) => string, relative = true): string {
  if (d.delta === 0) return '0';
  const sign = d.delta > 0 ? '+' : '−';
  const pct = relative && Number.isFinite(d.ratio) ? ` (${sign}${Math.abs(100 * d.ratio).toFixed(1)}%)` : '';
  return `${sign}${fmt(Math.abs(d.delta))}${pct}`;
}

export interface LockDelta {
  /** The row's label: the name both runs give it, or "A's name ↔ B's name" for a mapped pair. */
  name: string;
  /** Each run's row name (src/core/lockMapping.ts rowNames); '' where the run has no row. */
  nameA: string;
  nameB: string;
  /** How the rows were paired (a row of one run alone: 'unmatched'). */
  how: RowMatch['how'];
  type: string;
  a: LockRow | null;
  b: LockRow | null;
  acquisitions: Delta;
  contendedPct: Delta;
  waitNs: Delta;
  /** Wait per contended acquisition (per wait in a capture): comparable between runs of different lengths. */
  meanWaitNs: Delta;
  /** Contended acquisitions (waits) per second of each run's range: comparable between runs of different lengths. */
  waitsPerSec: Delta;
  spinNs: Delta;
  sleepNs: Delta;
  holdNs: Delta;
  utilisation: Delta;
}

/** Each run's rows as the mapping groups them: by lock, or by call site. */
export function groupedRows(t: LockStatTable, by: RowGrouping): LockRow[] {
  return by === 'caller' ? t.callers : t.rows;
}

/**
 * Rows of both runs joined (by lock name, or through the user's mapping:
 * src/core/lockMapping.ts), the largest change in total wait first.
 */
export function lockDeltas(a: LockStatTable, b: LockStatTable, mapping: LockMapping = { by: { a: 'lock', b: 'lock' }, pairs: {} }): LockDelta[] {
  const rowsA = groupedRows(a, mapping.by.a), rowsB = groupedRows(b, mapping.by.b);
  const namesA = rowNames(rowsA.map((r) => r.name)), namesB = rowNames(rowsB.map((r) => r.name));
  const v = (r: LockRow | null, f: (r: LockRow) => number) => (r ? f(r) : 0);
  return matchRows(namesA, namesB, mapping).map((m) => {
    const ra = m.a >= 0 ? rowsA[m.a] : null, rb = m.b >= 0 ? rowsB[m.b] : null;
    const nameA = m.a >= 0 ? namesA[m.a] : '', nameB = m.b >= 0 ? namesB[m.b] : '';
    const d = (f: (r: LockRow) => number) => delta(v(ra, f), v(rb, f));
    const perSec = (r: LockRow | null, t: LockStatTable) => (r && t.rangeNs > 0 ? r.contended / (t.rangeNs / 1e9) : 0);
    return {
      name: nameA && nameB && nameA !== nameB ? `${nameA} ↔ ${nameB}` : nameA || nameB, nameA, nameB, how: m.how,
      type: ra && rb && ra.type !== rb.type ? `${ra.type} ↔ ${rb.type}` : (rb ?? ra)!.type, a: ra, b: rb,
      acquisitions: d((r) => r.acquisitions), contendedPct: d((r) => r.contendedPct), waitNs: d((r) => r.waitNs),
      meanWaitNs: d((r) => r.meanWaitNs), waitsPerSec: delta(perSec(ra, a), perSec(rb, b)),
      spinNs: d((r) => r.spin.totalNs), sleepNs: d((r) => r.sleep.totalNs), holdNs: d((r) => r.holdNs),
      utilisation: d((r) => r.utilisation),
    };
  }).sort((x, y) => Math.abs(y.waitNs.delta) - Math.abs(x.waitNs.delta) || Math.max(y.waitNs.a, y.waitNs.b) - Math.max(x.waitNs.a, x.waitNs.b) || x.name.localeCompare(y.name));
}

/** The length of a run's statistics range (after warm-up; src/trace/analysis/range.ts). */
export function measuredNs(m: TraceMeta): number {
  const r = statsRange(m);
  return r.end - r.start;
}

export interface PacketRow { label: string; d: Delta; format(v: number): string; /** Whether more is better (colours the change). */ higherIsBetter: boolean }

/** Packet figures of two runs; null when neither run carried packets. */
export function packetRows(a: TraceMeta, b: TraceMeta): PacketRow[] | null {
  if (!a.packets && !b.packets) return null;
  const pa = a.packets, pb = b.packets;
  const rate = (m: TraceMeta) => (m.packets ? deliveredPerSecond(m.packets.delivered, statsRange(m)) : 0);
  const dropped = (m: TraceMeta) => (m.packets ? Object.values(m.packets.dropped).reduce((x, y) => x + y, 0) : 0);
  const pps = (v: number) => formatRate(v).replace(/ ?\/s$/, 'pps').replace(/(\d)pps/, '$1 pps');
  const rows: PacketRow[] = [
    { label: 'Throughput (delivered)', d: delta(rate(a), rate(b)), format: pps, higherIsBetter: true },
    { label: 'Offered', d: delta(pa?.offered ?? 0, pb?.offered ?? 0), format: formatCount, higherIsBetter: true },
    { label: 'Delivered', d: delta(pa?.delivered ?? 0, pb?.delivered ?? 0), format: formatCount, higherIsBetter: true },
    { label: 'Dropped', d: delta(dropped(a), dropped(b)), format: formatCount, higherIsBetter: false },
    { label: 'Latency min', d: delta(pa?.latencyNs.min ?? 0, pb?.latencyNs.min ?? 0), format: formatDuration, higherIsBetter: false },
    { label: 'Latency mean', d: delta(pa?.latencyNs.mean ?? 0, pb?.latencyNs.mean ?? 0), format: formatDuration, higherIsBetter: false },
    { label: 'Latency p99', d: delta(pa?.latencyNs.p99 ?? 0, pb?.latencyNs.p99 ?? 0), format: formatDuration, higherIsBetter: false },
    { label: 'Latency max', d: delta(pa?.latencyNs.max ?? 0, pb?.latencyNs.max ?? 0), format: formatDuration, higherIsBetter: false },
    { label: 'Reordered', d: delta(pa?.reordered ?? 0, pb?.reordered ?? 0), format: formatCount, higherIsBetter: false },
  ];
  return rows;
}
