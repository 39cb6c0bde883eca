// Filters that hide tracks (search only dims): a CPU list ("0-3, 6") keeps
// those CPUs' tracks, and "only matching" keeps the tracks of the threads,
// locks and counters the search matches — a CPU's track stays when a matching
// thread ran on it. Group headers stay while they have a track under them.
// Pure: rows in, rows out.
import type { Matcher } from '../data/highlight';
import type { RowSpec } from './rows';

export interface RowFilter {
  /** CPUs to show; null: all. */
  cpus: Set<number> | null;
  /** With a search: hide what it does not match. */
  onlyMatching: boolean;
}

export const NO_FILTER: RowFilter = { cpus: null, onlyMatching: false };

/** "0-3, 6" → {0,1,2,3,6}; '' → null (all); an error message for anything else or a CPU the run lacks. */
export function parseCpuList(text: string, cpus: number): Set<number> | null | string {
  const t = text.trim();
  if (!t) return null;
  const out = new Set<number>();
  for (const part of t.split(/[\s,]+/).filter(Boolean)) {
    const m = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(part);
    if (!m) return `"${part}" is not a CPU number or range (write 0-3, 6)`;
    const a = Number(m[1]), b = m[2] !== undefined ? Number(m[2]) : a;
    if (b < a) return `"${part}": the range runs backwards`;
    if (b >= cpus) return `CPU ${b} is not in this run (CPUs 0-${cpus - 1})`;
    for (let c = a; c <= b; c++) out.add(c);
  }
  return out;
}

/** The rows the filter keeps. `threadsOnCpu[c]`: the threads that ran on CPU c. */
export function filterRows(rows: readonly RowSpec[], f: RowFilter, matcher: Matcher | null, threadsOnCpu: readonly (readonly number[])[]): RowSpec[] {
  const match = f.onlyMatching && matcher ? matcher : null;
  if (!f.cpus && !match) return [...rows];
  const keep = rows.map((r) => {
    if (r.kind === 'group') return true; // decided below, by its children
    if (f.cpus && r.cpu !== undefined && !f.cpus.has(r.cpu)) return false;
    if (!match) return true;
    if (r.thread !== undefined) return match.threads[r.thread] === 1;
    if (r.lock !== undefined) return match.locks[r.lock] === 1;
    if (r.series !== undefined) return match.series[r.series] === 1;
    if (r.kind === 'cpu' && r.cpu !== undefined) return (threadsOnCpu[r.cpu] ?? []).some((t) => match.threads[t] === 1);
    return true;
  });
  // a group header stays when a row under it (deeper, until the next row at its depth) stays
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].kind !== 'group') continue;
    if (!rows[i].expanded) { keep[i] = groupHasMatch(rows[i], match); continue; }
    let any = false;
    for (let j = i + 1; j < rows.length && rows[j].depth > rows[i].depth; j++) any ||= keep[j];
    keep[i] = any;
  }
  return rows.filter((_, i) => keep[i]);
}

/** A collapsed group hides its rows; with "only matching" it stays when the search matched something of its kind. */
function groupHasMatch(g: RowSpec, match: Matcher | null): boolean {
  if (!match) return true;
  if (g.id === 'group:locks') return match.counts.locks > 0;
  if (g.id === 'group:counters') return match.counts.series > 0;
  return true;
}
