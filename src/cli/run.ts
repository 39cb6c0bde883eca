// `smplab run <model|built-in> [options]`: check the model, run its design
// (every sweep point × every replication) on a pool of worker threads, print
// a summary (text, or --json; with replications, means and 95% intervals),
// write the requested files. Only summaries are kept: each point's trace and
// folded files are written by the worker that ran it, as it finishes.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, formatDiagnostic, loadModel, ModelError, parseDuration, sweepPointProgram, type Rfc2544Report } from '../model/index';
import { useLoadedModel, type PointOutcome } from '../run/pointJob';
import { defaultJobs, WorkerPool, type JobProgress } from '../run/pool';
import { compileOnWorkerThreads, poolFillsCores } from '../run/jitFlags';
import { runInProcess } from '../run/inProcess';
import { defaultCodeCacheDir } from '../run/codeCache';
import { aggregate } from '../core/stats';
import { fromWire } from '../trace/codec';
import type { SourceInfo, Trace } from '../trace/schema';
import type { RunSummary } from '../trace/summary';
import { DEFAULT_LIMITS } from '../sim/program';
import { limitStop, type LimitStop } from '../trace/limitNote';
import { CliError, intOption, parseArgs } from './args';
import { jobOf, planDesign, type DesignPoint } from './design';
import type { CliIO } from './io';
import { printable } from './terminal';
import { checkOutputPaths, pointFile, writeHtmlReport, type OutputRequest } from './outputs';
import { progressBar } from './progress';
import { readModelSource } from './scenarios';
import { rfc2544Line } from './searchText';
import { runText, starvedLines, sweepText } from './summaryText';
import { replicateLockTable, type ReplicatedLockTable } from '../trace/analysis/lockColumns';

export const RUN_USAGE =
  'usage: smplab run <model.smp.yaml|built-in> [--variant NAME] [--seed N] [--duration T] [--cpus N] [--replications R] [--jobs N] ' +
  '[--no-sweep] [--no-search] [--json] [--max-records N] [--trace-out F.json|F.smptrace] [--folded-out F.txt [--folded-kind cpu|wait]] [--html-out F.html]';

const SPEC = {
  values: ['variant', 'seed', 'duration', 'cpus', 'replications', 'jobs', 'max-records', 'trace-out', 'folded-out', 'folded-kind', 'html-out'],
  flags: ['json', 'no-sweep', 'no-search', 'help'],
} as const;

/** Runs that end like this mean the model is wrong, not that the run was cut short. */
const FAILED_STOPS = new Set(['deadlock', 'no-progress']);
/** Sweep points checked before anything runs (all of a usual sweep); the rest are checked where they run. */
const HOST_CHECKED_POINTS = 256;
/** How long a cancelled run may take to report how far it got before its worker is terminated. */
const CANCEL_GRACE_MS = 80;

export interface RunOptions {
  variant?: string;
  seed?: number;
  durationNs?: number;
  cpus?: number;
}

/** One point of the design, once its replications are in. */
interface PointResult {
  point: DesignPoint;
  summary: RunSummary;
  /** With more than one replication: half-widths of the summary's numbers. */
  ci95?: unknown;
  search?: Rfc2544Report;
  /** The first replication's trace, kept only for --html-out. */
  trace?: Trace;
  /** With replications and --html-out: the lock table of all of them, for the report. */
  locks?: ReplicatedLockTable;
  /** A replication that stopped because the model is wrong. */
  failed?: RunSummary;
  /** Files the point's worker wrote. */
  written?: string[];
  /** The model's sources the starved-thread warnings point at (by source id). */
  sources?: SourceInfo[];
  /** The run stopped at a record or event limit: what to tell the user. */
  limit?: LimitStop;
}

/** The pool's worker: dist/simWorker.js beside dist/cli.js (SMPLAB_WORKER names another). */
function workerFile(): string {
  const f = process.env.SMPLAB_WORKER || join(__dirname, 'simWorker.js');
  if (!existsSync(f)) throw new CliError(`the simulation worker ${f} is missing; build it with "npm run build"`, 1);
  return f;
}

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, SPEC, 'run');
  if (a.flags.has('help')) {
    io.out(`${RUN_USAGE}\n`);
    return 0;
  }
  if (!a.positionals.length) throw new CliError(RUN_USAGE.replace(/^usage: /, 'run: a model is needed; usage: '));
  if (a.positionals.length > 1) {
    // `--duration 5 ms` splits a value in two: say so rather than only "one model".
    throw new CliError(`run takes one model, but got ${a.positionals.map((p) => `"${p}"`).join(', ')} (a value with a space needs quotes: --duration "5 ms")`);
  }
  const opts: RunOptions = { variant: a.values.get('variant') };
  if (a.values.has('seed')) opts.seed = intOption(a.values.get('seed')!, 'seed', 0, 2 ** 32 - 1);
  if (a.values.has('cpus')) opts.cpus = intOption(a.values.get('cpus')!, 'cpus', 1, 256);
  if (a.values.has('duration')) {
    const d = parseDuration(a.values.get('duration'));
    if (!d.ok || d.value <= 0) throw new CliError(`--duration: ${d.ok ? 'must be longer than 0' : d.message}`);
    opts.durationNs = d.value;
  }
  const replicationsOpt = a.values.has('replications') ? intOption(a.values.get('replications')!, 'replications', 1, 1000) : undefined;
  const maxRecords = a.values.has('max-records') ? intOption(a.values.get('max-records')!, 'max-records', 1000, 1_000_000_000) : DEFAULT_LIMITS.maxRecords;
  const jobs = a.values.has('jobs') ? intOption(a.values.get('jobs')!, 'jobs', 1, 256) : defaultJobs();
  const foldedKind = a.values.get('folded-kind') ?? 'cpu';
  if (foldedKind !== 'cpu' && foldedKind !== 'wait') throw new CliError(`--folded-kind must be cpu or wait, not "${foldedKind}"`);
  if (a.values.has('folded-kind') && !a.values.has('folded-out')) throw new CliError('--folded-kind goes with --folded-out');
  const json = a.flags.has('json');
  const outputs: OutputRequest = { traceOut: a.values.get('trace-out'), foldedOut: a.values.get('folded-out'), foldedKind, htmlOut: a.values.get('html-out') };
  // A file that cannot be written is found now, not after a long run.
  checkOutputPaths(outputs);

  const src = readModelSource(a.positionals[0]);
  // A long sweep's points are checked by the workers, each as it compiles its point.
  const loaded = loadModel(src.text, src.file, { sweepPointsToCheck: HOST_CHECKED_POINTS });
  for (const d of loaded.diagnostics) io.err(`${printable(formatDiagnostic(d))}\n`);
  if (!loaded.model) {
    const n = loaded.diagnostics.filter((d) => d.severity === 'error').length;
    throw new CliError(`${src.file}: ${n} error${n === 1 ? '' : 's'}; nothing was run`, 1);
  }
  const model = loaded.model;
  if (opts.variant && !model.variants.some((v) => v.name === opts.variant)) {
    // Same wording as compileModel, but a bad --variant is a usage error.
    try {
      compileModel(model, { variant: opts.variant });
    } catch (e) {
      throw new CliError((e as Error).message, 2);
    }
  }
  const replications = replicationsOpt ?? model.spec.run.replications ?? 1;
  let design;
  try {
    design = planDesign(model, { cpus: opts.cpus, noSweep: a.flags.has('no-sweep'), replications, htmlOut: outputs.htmlOut });
    // The model as written, or the first point, with the overrides: an override that does not fit is found at once.
    if (design.sweepPath) sweepPointProgram(model, 0, opts);
    else compileModel(model, opts);
  } catch (e) {
    if (e instanceof ModelError) throw new CliError(e.message, 1);
    throw e;
  }
  const search = !!model.search && !a.flags.has('no-search');
  const base = { text: src.text, file: src.file, variant: opts.variant, seed: opts.seed ?? model.spec.run.seed, durationNs: opts.durationNs, cpus: opts.cpus, search, maxRecords };
  const name = src.file.replace(/^.*\//, '');

  const pool = new WorkerPool(workerFile(), { size: Math.min(jobs, design.runs), graceMs: CANCEL_GRACE_MS, codeCache: defaultCodeCacheDir() });
  // One run with no search needs no pool: it runs here (src/run/inProcess.ts), unless it outgrows this thread.
  const here = design.runs === 1 && !search;
  // a worker on every core: the workers (started by the first job) compile on their own threads (src/run/jitFlags.ts)
  if (!here && poolFillsCores(pool.size)) compileOnWorkerThreads();
  if (here) useLoadedModel(src.text, src.file, model);
  let cancelled = false;
  let stopping: Promise<void> | undefined;
  const onSigint = () => {
    if (cancelled) process.exit(130); // a second Ctrl-C quits at once
    cancelled = true;
    stopping = pool.cancel();
  };
  process.once('SIGINT', onSigint);
  // progress: runs done of the design, plus the fraction of the runs in hand
  const bar = progressBar(io.status ?? io.err, printable(design.runs === 1 ? name : `${name} (${design.runs} runs, ${pool.size} at a time)`), io.tty, undefined, io.columns);
  const inHand = new Map<number, number>();
  let done = 0;
  const draw = (detail?: string) => {
    let f = done;
    for (const v of inHand.values()) f += v;
    bar.update(f, design.runs, detail ?? (design.runs === 1 ? undefined : `${done} / ${design.runs} runs`));
  };

  const results: (PointResult | undefined)[] = new Array(design.points.length);
  let problem: CliError | undefined;
  try {
    await Promise.all(design.points.map(async (p, pi) => {
      const files = {
        traceOut: outputs.traceOut && pointFile(outputs.traceOut, p.label),
        foldedOut: outputs.foldedOut && pointFile(outputs.foldedOut, p.label),
        foldedKind: foldedKind as 'cpu' | 'wait', html: !!outputs.htmlOut, replicated: replications > 1,
      };
      const outcomes = await Promise.all(Array.from({ length: replications }, (_, r) => {
        const key = pi * replications + r;
        const job = jobOf(base, p, r, files);
        const progress: JobProgress = (d, total, phase) => {
          if (phase === 'search') {
            // a single run's bar counts the search's trials, each moving it by its own share
            if (design.runs === 1) bar.update(d, total, `RFC 2544 trial ${Math.floor(d) + 1} (at most ${total})`);
            return;
          }
          inHand.set(key, total > 0 ? Math.min(1, d / total) : 0);
          if (design.runs === 1) bar.update(d, total); else draw();
        };
        const ran = here
          ? runInProcess(job, { cancelled: () => cancelled, onProgress: progress }).then((o) => o ?? pool.run(job, progress))
          : pool.run(job, progress);
        return ran.then((o) => {
          inHand.delete(key);
          if (o.kind === 'done') done++;
          draw();
          // the first problem stops the design: the same model would fail the same way elsewhere
          if ((o.kind === 'invalid' || o.kind === 'failed') && !problem) {
            problem = new CliError(`${p.label ? `${printable(p.label)}: ` : ''}${printable(o.message)}`, 1);
            for (const d of o.kind === 'invalid' ? o.problems : []) io.err(`${printable(formatDiagnostic(d))}\n`);
            stopping = pool.cancel();
          }
          return o;
        });
      }));
      const r = pointResult(p, outcomes);
      if (r) r.limit = limitStop({ ...r.summary, requestedNs: opts.durationNs ?? model.spec.run.durationNs, limit: maxRecords }, 'cli');
      results[pi] = r;
    }));
  } finally {
    process.removeListener('SIGINT', onSigint);
    bar.clear();
    await (stopping ?? pool.close());
  }
  if (problem) throw problem;

  // The points with a result, in design order (after Ctrl-C: those run so far).
  const finished = results.filter((r): r is PointResult => !!r);
  for (const f of finished) for (const w of f.written ?? []) io.err(`wrote ${printable(w)}\n`);
  const ciOf = (f: PointResult) => (replications > 1 ? { replications, ci95: f.ci95 } : {});
  if (json) {
    const objects = finished.map((f) => ({
      ...f.summary, file: src.file,
      ...(f.point.label !== undefined ? { sweep: { path: design.sweepPath, label: f.point.label, x: f.point.x } } : {}),
      ...(f.search ? { rfc2544: f.search } : {}),
      ...(f.limit ? { limit: f.limit } : {}),
      ...ciOf(f),
    }));
    io.out(`${JSON.stringify(design.sweepPath ? objects : objects[0] ?? null, jsonNumbers, 2)}\n`);
  } else if (design.sweepPath) {
    io.out(sweepText(finished.map((f) => ({ label: f.point.label!, summary: f.summary, ci95: f.ci95 as never })), src.file, design.sweepPath, replications));
    for (const f of finished) if (f.search) io.out(`${rfc2544Line(f.search, f.point.label)}\n`);
    for (const f of finished) if (f.limit) io.out(`${printable(f.point.label ?? '')}: ${f.limit.message}\n`);
  } else if (finished[0]) {
    io.out(runText(finished[0].summary, src.file, finished[0].limit?.message, finished[0].ci95 as never, replications));
    if (finished[0].search) io.out(`\n${rfc2544Line(finished[0].search)}\n`);
  }

  // On stderr too, so a limit is seen even when stdout goes to a file or a pipe.
  for (const f of finished) if (f.limit) io.err(`smplab: ${f.point.label ? `${printable(f.point.label)}: ` : ''}${f.limit.message}\n`);

  for (const f of finished) for (const line of starvedLines(f.summary, f.sources ?? [], f.point.label)) io.err(`${line}\n`);

  if (outputs.htmlOut && !cancelled) {
    const runs = finished.filter((f) => f.trace).map((f) => ({ title: [model.name || src.file, opts.variant, f.point.label].filter(Boolean).join(' · '), trace: f.trace!, ...(f.locks ? { locks: f.locks } : {}) }));
    if (runs.length) io.err(`wrote ${printable(writeHtmlReport(outputs.htmlOut, runs))}\n`);
  }

  if (cancelled) {
    const whole = finished.filter((f) => f.summary.stopReason !== 'cancelled' && (!search || f.search)).length;
    io.err(`smplab: cancelled (Ctrl-C); ${whole} of ${design.points.length} run${design.points.length === 1 ? '' : 's'} finished\n`);
    return 130;
  }
  const failed = finished.find((f) => f.failed);
  if (failed) {
    io.err(`smplab: ${failed.point.label ? `${printable(failed.point.label)}: ` : ''}the run stopped early (${failed.failed!.stopReason}): ${printable(failed.failed!.stopDetail)}\n`);
    return 3;
  }
  return 0;
}

/**
 * A point's replications combined: the mean summary (the seed stays the run's)
 * and its half-widths. A point cut short by Ctrl-C is reported only when it
 * has one replication (its summary says "cancelled"), as a single run always was.
 */
function pointResult(point: DesignPoint, outcomes: PointOutcome[]): PointResult | undefined {
  const summaries: RunSummary[] = [];
  for (const o of outcomes) {
    if (o.kind === 'done') summaries.push(o.summary);
    else if (o.kind === 'cancelled' && o.summary && outcomes.length === 1) summaries.push(o.summary);
    else return undefined;
  }
  const first = outcomes[0];
  const failed = summaries.find((s) => FAILED_STOPS.has(s.stopReason));
  const written = first.kind === 'done' ? first.written : [];
  const search = first.kind === 'done' ? first.search : undefined;
  const trace = first.kind === 'done' && first.trace ? fromWire(first.trace) : undefined;
  const sources = first.kind === 'done' ? first.sources : undefined;
  if (summaries.length === 1) return { point, summary: summaries[0], search, trace, failed, written, sources };
  // starved-thread warnings are the first replication's (where a thread is declared is no mean)
  const { mean, ci95 } = aggregate(summaries, ['seed', 'id', 'starved']);
  const tables = outcomes.map((o) => (o.kind === 'done' ? o.lockTable : undefined));
  const locks = tables.every((t) => t) ? replicateLockTable(tables as NonNullable<(typeof tables)[number]>[]) : undefined;
  // a replication that stopped differently from the first says so in the mean
  const stops = new Set(summaries.map((s) => s.stopReason));
  if (stops.size > 1) mean.stopReason = failed?.stopReason ?? summaries.find((s) => s.stopReason !== 'completed')!.stopReason;
  return { point, summary: mean, ci95, search, trace, failed, written, sources, ...(locks ? { locks } : {}) };
}

/** JSON has no Infinity or NaN: write them as null rather than fail. */
function jsonNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}
