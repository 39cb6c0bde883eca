// What the host keeps from a finished run for hovers and the output channel:
// the summary numbers (the CLI's --json shape) plus per-function on-CPU shares.
// Small and plain, so it survives after the trace's buffers are dropped.
// Pure: no vscode.
import type { FunctionShare } from './functionShare';
import type { LockSummary, RunSummary } from '../trace/summary';
import type { PacketStats } from '../trace/schema';

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
