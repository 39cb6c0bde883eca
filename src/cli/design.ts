// What `smplab run` will run — the design: every sweep point (or the model as
// written) times every replication, each one job for the worker pool, with
// its seed derived from the run's seed. Sized before anything runs, so a
// design too large to finish is refused in one line naming the count.
import { ModelError, type Model } from '../model/index';
import type { PointJob } from '../run/pointJob';
import { replicationSeed } from '../run/seeds';
import { CliError } from './args';
import { formatCount } from '../core/format';

/** Runs one invocation may ask for (points × replications). */
export const MAX_RUNS = 100_000;
/** The HTML report holds every point's trace in memory, and in one file. */
export const MAX_HTML_POINTS = 64;

export interface DesignPoint {
  /** Sweep point index, label and x; all undefined for the model as written. */
  sweepPoint?: number;
  label?: string;
  x?: number;
}

export interface Design {
  points: DesignPoint[];
  sweepPath?: string;
  replications: number;
  runs: number;
}

export function planDesign(model: Model, opts: { cpus?: number; noSweep: boolean; replications: number; htmlOut?: string }): Design {
  const sweep = model.sweep;
  const cpuSweep = sweep && sweep.path.replace(/\s/g, '') === 'machine.cpus';
  // --cpus on a CPU sweep means "just this CPU count".
  const swept = sweep && !opts.noSweep && !(cpuSweep && opts.cpus !== undefined);
  const points: DesignPoint[] = swept ? sweep.points.map((p, i) => ({ sweepPoint: i, label: p.label, x: p.x })) : [{}];
  const runs = points.length * opts.replications;
  const what = `${formatCount(points.length)} point${points.length === 1 ? '' : 's'} × ${formatCount(opts.replications)} replication${opts.replications === 1 ? '' : 's'}`;
  if (runs > MAX_RUNS) {
    throw new CliError(`the design has ${formatCount(runs)} runs (${what}), more than the ${formatCount(MAX_RUNS)} one invocation runs; split the sweep or lower --replications`, 1);
  }
  if (opts.htmlOut && points.length > MAX_HTML_POINTS) {
    throw new CliError(`--html-out holds every point in one report, and this sweep has ${formatCount(points.length)} points (at most ${MAX_HTML_POINTS}); use --json, or --no-sweep`, 1);
  }
  if (swept && model.sweep && model.sweep.points.length === 0) throw new ModelError(`${model.file}: the sweep has no points`);
  return { points, sweepPath: swept ? sweep.path : undefined, replications: opts.replications, runs };
}

export interface JobBase {
  text: string;
  file: string;
  variant?: string;
  seed: number;
  durationNs?: number;
  cpus?: number;
  search: boolean;
  maxRecords: number;
}

/** Replication `r` of point `p`: only the first replication searches, writes files and keeps a trace for the report; with replications for a report, each computes its lock table. */
export function jobOf(base: JobBase, p: DesignPoint, r: number, files: { traceOut?: string; foldedOut?: string; foldedKind: 'cpu' | 'wait'; html: boolean; replicated?: boolean }): PointJob {
  const first = r === 0;
  return {
    text: base.text, file: base.file, variant: base.variant, sweepPoint: p.sweepPoint,
    seed: replicationSeed(base.seed, r), durationNs: base.durationNs, cpus: base.cpus, maxRecords: base.maxRecords,
    search: first && base.search,
    keepTrace: first && files.html,
    // the report's lock table shows every replication's mean ± CI
    ...(files.html && files.replicated ? { lockTable: true } : {}),
    outputs: first && (files.traceOut || files.foldedOut) ? { traceOut: files.traceOut, foldedOut: files.foldedOut, foldedKind: files.foldedKind } : undefined,
  };
}
