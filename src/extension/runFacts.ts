// What the host keeps from a finished run for hovers and the output channel:
// the summary numbers (the CLI's --json shape) plus per-function on-CPU shares.
// Small and plain, so it survives after the trace's buffers are dropped.
// Pure: no vscode.
import type { FunctionShare } from './functionShare';
import type { LockSummary, RunSummary } from '../trace/summary';
import type { PacketStats } from '../trace/schema';
import { aggregate } from '../core/stats';
import { replicateLockTable, type LockColumnValues, type ReplicatedLockTable } from '../trace/analysis/lockColumns';
import type { CompareStats } from '../core/protocol';

/** How the model as written (no variant) is named in pickers, hovers and titles. */
export const BASE_VARIANT_LABEL = 'base';

/** The variant's display name: the engine records the base model as ''. */
export function variantLabel(f: { variant: string }): string {
  return f.variant || BASE_VARIANT_LABEL;
}

// The lock and packet shapes are the summary's own (src/trace/summary.ts), so
// hovers show exactly what `smplab run --json` prints.
export type CounterFacts = RunSummary['counters'][string];
export type LockFacts = LockSummary;
export type PacketFacts = PacketStats;

export interface RunFacts {
  model: string;
  variant: string;
  seed: number;
  stopReason: string;
  simulatedNs: number;
  /** The statistics range every number here covers (after the warm-up; src/trace/analysis/range.ts). Absent in facts saved before it was recorded. */
  rangeNs?: { start: number; end: number };
  events: number;
  wallMs: number;
  records: number;
  bytes: number;
  cpus: number;
  counters: Record<string, CounterFacts>;
  locks: LockFacts[];
  functions: Record<string, FunctionShare>;
  packets?: PacketFacts;
  /** Fraction of the range in each state, averaged over CPUs. */
  cpuTime?: { user: number; kernel: number; interrupt: number; softint: number; spin: number; idle: number };
  /** More than one replication: the numbers above are means over them, and these are their 95% half-widths. */
  replications?: number;
  ci95?: FactsCi;
  /** One replication's lock table numbers by lock name (PointOutcome.lockTable; combineFacts turns them into replicatedLocks). */
  lockTable?: Record<string, LockColumnValues>;
  /** With replications of a run a view shows: the lock table's mean ± 95% half-width per lock and column. */
  replicatedLocks?: ReplicatedLockTable;
}

/** Half-widths by the same paths as the facts' numbers (stats.aggregate): `ci95.locks[i].waitMeanNs`. */
export interface FactsCi {
  locks?: Partial<Record<keyof LockFacts, number>>[];
  counters?: Record<string, { total?: number }>;
  packets?: { delivered?: number; offered?: number; latencyNs?: Partial<Record<'min' | 'mean' | 'p99' | 'max', number>> };
  functions?: Record<string, { share?: number }>;
  [k: string]: unknown;
}

/** The facts of one run's replications as one: means, with their half-widths; the first replication's seed. */
export function combineFacts(replications: readonly RunFacts[]): RunFacts {
  const tables = replications.map((f) => f.lockTable);
  const own = replications.map(({ lockTable: _, ...rest }) => rest);
  if (own.length <= 1) return own[0];
  const { mean, ci95 } = aggregate(own, ['seed', 'cpus']);
  const replicatedLocks = tables.every((t) => t) ? replicateLockTable(tables as Record<string, LockColumnValues>[]) : undefined;
  return { ...mean, replications: replications.length, ci95: ci95 as FactsCi, ...(replicatedLocks ? { replicatedLocks } : {}) };
}

/**
 * Last facts per model file and variant, newest variant first: what a hover
 * on that file shows. Keyed by the host's string for the file (a URI).
 */
export class LastRuns {
  private byModel = new Map<string, Map<string, { runId: number; facts: RunFacts }>>();

  record(modelKey: string, runId: number, facts: RunFacts): void {
    let variants = this.byModel.get(modelKey);
    if (!variants) this.byModel.set(modelKey, (variants = new Map()));
    variants.delete(facts.variant); // re-insert so iteration order is most recent last
    variants.set(facts.variant, { runId, facts });
  }

  /** Every variant of the model that ran, most recent first. */
  forModel(modelKey: string): { runId: number; facts: RunFacts }[] {
    const variants = this.byModel.get(modelKey);
    return variants ? [...variants.values()].reverse() : [];
  }
}

/** A run's lock figures as Compare shows them with replications (mean ± half-width); undefined with one replication. */
export function compareStatsOf(f: RunFacts): CompareStats | undefined {
  if (!f.replications || f.replications < 2) return undefined;
  const locks: CompareStats['locks'] = {};
  f.locks.forEach((l, i) => {
    const ci = f.ci95?.locks?.[i] ?? {};
    const mh = (k: 'waitTotalNs' | 'acquisitions' | 'holdTotalNs' | 'utilization'): [number, number] => [l[k], ci[k] ?? 0];
    locks[l.name] = { waitTotalNs: mh('waitTotalNs'), acquisitions: mh('acquisitions'), holdTotalNs: mh('holdTotalNs'), utilization: mh('utilization') };
  });
  return { replications: f.replications, locks };
}
