// One run of a design (a variant, a sweep point, a replication's seed) as a
// pool worker does it: compile the model text, simulate, summarise, and —
// instead of keeping the trace — write the point's own output files right
// away when asked (a sweep streams its files) or hand the trace back only
// when the host will show it. The RFC 2544 search the model asks for runs
// here too, after the run. Synchronous: the pool cancels a job by raising
// its flag (the engine stops between slices) and then terminating the worker.
import { compileModel, loadModel, ModelError, sweepPointProgram, type Diagnostic, type Model, type Rfc2544Report } from '../model/index';
import type { Program } from '../sim/program';
import { simulate, simulateAsync, type SimOptions } from '../sim/simulate';
import { toWire, type WireTrace } from '../trace/codec';
import type { FoldedKind } from '../trace/export/folded';
import { foldedFormat, traceFormatOf, writeExport } from '../report/exportFormats';
import type { SourceInfo, Trace } from '../trace/schema';
import { recycleTrace } from '../trace/builder';
import { summarize, type RunSummary } from '../trace/summary';
import { searchRfc2544 } from './search';
import { lockTableValues, type LockColumnValues } from '../trace/analysis/lockColumns';
import { lockStats } from '../trace/analysis/lockstat';
import { statsRange } from '../trace/analysis/range';

/** Which run of a model: what a pool job and the extension's single-run request both name. */
export interface ModelRunRequest {
  /** The model text (an editor's unsaved text in VS Code) and the name the compiler writes into sources. */
  text: string;
  file: string;
  variant?: string;
  /** Index into the model's sweep points; undefined for the model as written. */
  sweepPoint?: number;
  seed?: number;
  durationNs?: number;
  maxRecords?: number;
}

export interface PointJob extends ModelRunRequest {
  cpus?: number;
  /** Run the model's `search: { rfc2544 }` after the run. */
  search?: boolean;
  /** Send the trace back (the one run a view will show). */
  keepTrace?: boolean;
  /** Also the lock table's numbers by lock name (a replication of a run whose lock table a view or report shows: its mean ± CI). */
  lockTable?: boolean;
  /** Files this run writes itself, so its trace need not outlive it: the trace as Chrome JSON, or binary when the name ends in .smptrace. */
  outputs?: { traceOut?: string; foldedOut?: string; foldedKind?: FoldedKind };
}

/** A located model problem (1-based lines and columns). */
export type JobProblem = Diagnostic;

export type PointOutcome =
  | {
    kind: 'done';
    summary: RunSummary;
    /** The sweep point's label (`cpus=4`). */
    label?: string;
    x?: number;
    trace?: WireTrace;
    search?: Rfc2544Report;
    /** Files written. */
    written: string[];
    /** The sources the summary's starved-thread warnings name (by source id; the rest left out). */
    sources?: SourceInfo[];
    /** Whatever else the host asked the worker to compute from the trace (the extension's run facts). */
    extra?: unknown;
    /** The lock table's numbers over the statistics range, when the job asked (src/trace/analysis/lockColumns.ts). */
    lockTable?: Record<string, LockColumnValues>;
  }
  /** The model (or this point of it) does not compile, or its search cannot run: nothing ran or the search did not. */
  | { kind: 'invalid'; message: string; problems: JobProblem[] }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled'; summary?: RunSummary; label?: string; x?: number };

export interface JobHooks {
  shouldCancel: () => boolean;
  /** Within this run: simulated ns of the duration, or (`phase: 'search'`) the trial number and the most trials. */
  onProgress?: (done: number, total: number, phase: 'run' | 'search') => void;
  /** Something else the host wants computed from the trace before it is dropped. */
  extra?: (trace: Trace) => unknown;
  /** The run's summary, as soon as it exists: a cancel during the search or the writing of files still reports the run. */
  onSummary?: (summary: RunSummary, label?: string, x?: number) => void;
}

/** The last model loaded: a worker given the jobs of one design parses its text once. */
let cached: { text: string; file: string; model?: Model; diagnostics: Diagnostic[] } | undefined;

function load(text: string, file: string): { model?: Model; diagnostics: Diagnostic[] } {
  if (cached && cached.text === text && cached.file === file) return cached;
  // every point is checked when it is compiled below: checking them all again here would cost a compile per point per worker
  const r = loadModel(text, file, { sweepPointsToCheck: 0 });
  cached = { text, file, ...r };
  return r;
}

/** A model the caller has loaded from this text already (the CLI, running a job on its own thread): not parsed again. */
export function useLoadedModel(text: string, file: string, model: Model): void {
  cached = { text, file, model, diagnostics: [] };
}

/** A job that threw: what the host reports (the worker's and the CLI's own thread's runs alike). */
export function jobFailed(e: unknown): PointOutcome {
  return { kind: 'failed', message: (e as Error)?.message ?? String(e) };
}

const PROGRESS_EVERY_MS = 50;

export function runPointJob(job: PointJob, hooks: JobHooks): PointOutcome {
  const ready = prepare(job);
  if (!('program' in ready)) return ready;
  return finish(job, hooks, ready, simulate(ready.program, simOptions(job, hooks)));
}

/**
 * The same run with the simulation in slices that yield to the event loop,
 * so the thread that asked can still take a signal (Ctrl-C) and cancel it
 * through `hooks.shouldCancel`: the CLI's single run on its own thread. The
 * outcome is the one runPointJob would give, byte for byte.
 */
export async function runPointJobAsync(job: PointJob, hooks: JobHooks): Promise<PointOutcome> {
  const ready = prepare(job);
  if (!('program' in ready)) return ready;
  return finish(job, hooks, ready, await simulateAsync(ready.program, simOptions(job, hooks)));
}

/** A job's model loaded (once per text) and its program compiled. */
interface Prepared { model: Model; program: Program; label?: string; x?: number }

function prepare(job: PointJob): Prepared | Extract<PointOutcome, { kind: 'invalid' }> {
  const { model, diagnostics } = load(job.text, job.file);
  if (!model) {
    const n = diagnostics.filter((d) => d.severity === 'error').length;
    return { kind: 'invalid', message: `${job.file}: ${n} error${n === 1 ? '' : 's'}; nothing was run`, problems: diagnostics };
  }
  const opts = { variant: job.variant, seed: job.seed, durationNs: job.durationNs, cpus: job.cpus };
  try {
    if (job.sweepPoint === undefined) return { model, program: compileModel(model, opts) };
    const p = sweepPointProgram(model, job.sweepPoint, opts);
    if (!p) return { kind: 'invalid', message: `${job.file}: the model has no sweep point ${job.sweepPoint + 1}`, problems: [] };
    return { model, ...p };
  } catch (e) {
    if (e instanceof ModelError) return { kind: 'invalid', message: e.message, problems: e.diagnostics };
    throw e;
  }
}

function simOptions(job: PointJob, hooks: JobHooks): SimOptions {
  let last = 0;
  return {
    variant: job.variant ?? '',
    limits: job.maxRecords ? { maxRecords: job.maxRecords } : undefined,
    shouldCancel: hooks.shouldCancel,
    onProgress: (simNs, totalNs) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      hooks.onProgress?.(simNs, totalNs, 'run');
    },
  };
}

/** What a run's job sends back: its summaries, the files it was asked to write, its search. */
function finish(job: PointJob, hooks: JobHooks, { model, program, label, x }: Prepared, trace: Trace): PointOutcome {
  // a replication's lock numbers are the table summarize computes anyway: computed once for both
  const table = job.lockTable ? lockStats(trace, statsRange(trace.meta)) : undefined;
  const summary = summarize(trace, undefined, table);
  if (trace.meta.stopReason === 'cancelled') return { kind: 'cancelled', summary, label, x };
  hooks.onSummary?.(summary, label, x);

  const written: string[] = [];
  const out = job.outputs;
  if (out?.traceOut) {
    writeExport(out.traceOut, trace, traceFormatOf(out.traceOut));
    written.push(out.traceOut);
  }
  if (out?.foldedOut) {
    writeExport(out.foldedOut, trace, foldedFormat(out.foldedKind ?? 'cpu'));
    written.push(out.foldedOut);
  }
  const extra = hooks.extra?.(trace);
  const lockTable = table ? lockTableValues(table.rows) : undefined;
  // Nothing below reads the trace's rows (its meta only): the next run here may reuse its buffers.
  if (!job.keepTrace) recycleTrace(trace);

  let search: Rfc2544Report | undefined;
  if (job.search && model.search) {
    try {
      search = searchRfc2544(model, program, {
        shouldCancel: hooks.shouldCancel,
        onProgress: (trial, fraction, most) => hooks.onProgress?.(trial - 1 + fraction, most, 'search'),
      });
    } catch (e) {
      if (e instanceof ModelError) return { kind: 'invalid', message: e.message, problems: e.diagnostics };
      throw e;
    }
    if (!search) return { kind: 'cancelled', summary, label, x };
  }
  const sources: SourceInfo[] = [];
  for (const w of summary.starved ?? []) if (trace.meta.sources[w.src]) sources[w.src] = trace.meta.sources[w.src];
  return { kind: 'done', summary, label, x, written, search, extra, ...(lockTable ? { lockTable } : {}), ...(summary.starved?.length ? { sources } : {}), ...(job.keepTrace ? { trace: toWire(trace) } : {}) };
}
