// `smplab run <model|built-in> [options]`: check the model, run it (every sweep
// point), print a summary (text, or --json), write the requested files.

import { compileModel, formatDiagnostic, loadModel, ModelError, parseDuration, sweepPrograms, type Model, type Rfc2544Report } from '../model/index';
import { DEFAULT_LIMITS, type Program } from '../sim/program';
import { simulateAsync } from '../sim/simulate';
import { summarize, type RunSummary } from '../trace/summary';
import { limitStop, type LimitStop } from '../trace/limitNote';
import { CliError, intOption, parseArgs } from './args';
import type { CliIO } from './io';
import { printable } from './terminal';
import { checkOutputPaths, writeOutputs, type FinishedRun, type OutputRequest } from './outputs';
import { progressBar } from './progress';
import { readModelSource } from './scenarios';
import { searchRfc2544 } from './searchRun';
import { rfc2544Line } from './searchText';
import { runText, starvedLines, sweepText } from './summaryText';

export const RUN_USAGE =
  'usage: smplab run <model.smp.yaml|built-in> [--variant NAME] [--seed N] [--duration T] [--cpus N] [--no-sweep] [--no-search] [--json] ' +
  '[--max-records N] [--trace-out F.json] [--folded-out F.txt [--folded-kind cpu|wait]] [--html-out F.html]';

const SPEC = {
  values: ['variant', 'seed', 'duration', 'cpus', 'max-records', 'trace-out', 'folded-out', 'folded-kind', 'html-out'],
  flags: ['json', 'no-sweep', 'no-search', 'help'],
} as const;

/** Runs that end like this mean the model is wrong, not that the run was cut short. */
const FAILED_STOPS = new Set(['deadlock', 'no-progress']);

export interface RunOptions {
  variant?: string;
  seed?: number;
  durationNs?: number;
  cpus?: number;
}

interface Planned {
  label?: string;
  x?: number;
  program: Program;
}

function plan(model: Model, opts: RunOptions, noSweep: boolean): { points: Planned[]; sweepPath?: string } {
  const sweep = model.sweep;
  const cpuSweep = sweep && sweep.path.replace(/\s/g, '') === 'machine.cpus';
  // --cpus on a CPU sweep means "just this CPU count".
  if (sweep && !noSweep && !(cpuSweep && opts.cpus !== undefined)) {
    return { points: sweepPrograms(model, opts), sweepPath: sweep.path };
  }
  return { points: [{ program: compileModel(model, opts) }] };
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
  const maxRecords = a.values.has('max-records') ? intOption(a.values.get('max-records')!, 'max-records', 1000, 1_000_000_000) : DEFAULT_LIMITS.maxRecords;
  if (a.values.has('duration')) {
    const d = parseDuration(a.values.get('duration'));
    if (!d.ok || d.value <= 0) throw new CliError(`--duration: ${d.ok ? 'must be longer than 0' : d.message}`);
    opts.durationNs = d.value;
  }
  const foldedKind = a.values.get('folded-kind') ?? 'cpu';
  if (foldedKind !== 'cpu' && foldedKind !== 'wait') throw new CliError(`--folded-kind must be cpu or wait, not "${foldedKind}"`);
  if (a.values.has('folded-kind') && !a.values.has('folded-out')) throw new CliError('--folded-kind goes with --folded-out');
  const json = a.flags.has('json');
  const outputs: OutputRequest = { traceOut: a.values.get('trace-out'), foldedOut: a.values.get('folded-out'), foldedKind, htmlOut: a.values.get('html-out') };
  // A file that cannot be written is found now, not after a long run.
  checkOutputPaths(outputs);

  const src = readModelSource(a.positionals[0]);
  const loaded = loadModel(src.text, src.file);
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
  let planned: { points: Planned[]; sweepPath?: string };
  try {
    planned = plan(model, opts, a.flags.has('no-sweep'));
  } catch (e) {
    if (e instanceof ModelError) throw new CliError(e.message, 1);
    throw e;
  }

  let cancelled = false;
  const onSigint = () => { cancelled = true; };
  process.once('SIGINT', onSigint);
  const finished: (FinishedRun & { x?: number; summary: RunSummary; search?: Rfc2544Report; limit?: LimitStop })[] = [];
  const search = model.search && !a.flags.has('no-search');
  try {
    for (const p of planned.points) {
      if (cancelled) break;
      const label = p.label ? `${src.file.replace(/^.*\//, '')} ${p.label}` : src.file.replace(/^.*\//, '');
      const bar = progressBar(io.status ?? io.err, printable(label), io.tty, undefined, io.columns);
      let trace;
      try {
        trace = await simulateAsync(p.program, {
          variant: opts.variant ?? '', limits: { maxRecords }, shouldCancel: () => cancelled, onProgress: (t, total) => bar.update(t, total),
        });
      } finally {
        bar.clear();
      }
      const summary = summarize(trace);
      const title = [model.name || src.file, opts.variant, p.label].filter(Boolean).join(' · ');
      // search: { rfc2544 }: trial runs of the same program at other rates of one traffic source
      let found: Rfc2544Report | undefined;
      if (search && !cancelled) {
        const sbar = progressBar(io.status ?? io.err, `${printable(label)} RFC 2544`, io.tty, undefined, io.columns);
        try {
          found = await searchRfc2544(model, p.program, {
            shouldCancel: () => cancelled,
            // the bar counts trials, each moving it by its own share
            onProgress: (n, f, most) => sbar.update(n - 1 + f, most, `trial ${n} (at most ${most})`),
          });
        } catch (e) {
          if (e instanceof ModelError) throw new CliError(e.message, 1);
          throw e;
        } finally {
          sbar.clear();
        }
      }
      const limit = limitStop({ ...summary, requestedNs: p.program.run.durationNs, limit: maxRecords }, 'cli');
      finished.push({ label: p.label, x: p.x, title, trace, summary, search: found, limit });
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }

  if (json) {
    const objects = finished.map((f) => ({
      ...f.summary, file: src.file,
      ...(f.label !== undefined ? { sweep: { path: planned.sweepPath, label: f.label, x: f.x } } : {}),
      ...(f.search ? { rfc2544: f.search } : {}),
      ...(f.limit ? { limit: f.limit } : {}),
    }));
    io.out(`${JSON.stringify(planned.sweepPath ? objects : objects[0] ?? null, jsonNumbers, 2)}\n`);
  } else if (planned.sweepPath) {
    io.out(sweepText(finished.map((f) => ({ label: f.label!, summary: f.summary })), src.file, planned.sweepPath));
    for (const f of finished) if (f.search) io.out(`${rfc2544Line(f.search, f.label)}\n`);
    for (const f of finished) if (f.limit) io.out(`${f.label}: ${f.limit.message}\n`);
  } else if (finished[0]) {
    io.out(runText(finished[0].summary, src.file, finished[0].limit?.message));
    if (finished[0].search) io.out(`\n${rfc2544Line(finished[0].search)}\n`);
  }
  // On stderr too, so a limit is seen even when stdout goes to a file or a pipe.
  for (const f of finished) if (f.limit) io.err(`smplab: ${f.label ? `${f.label}: ` : ''}${f.limit.message}\n`);

  for (const f of finished) for (const line of starvedLines(f.summary, f.trace.meta.sources, f.label)) io.err(`${line}\n`);

  const written = writeOutputs(outputs, finished);
  for (const f of written) io.err(`wrote ${printable(f)}\n`);

  if (cancelled) {
    // a point counts as finished when its run and the search it asked for both ended
    const whole = finished.filter((f) => f.summary.stopReason !== 'cancelled' && (!search || f.search)).length;
    io.err(`smplab: cancelled (Ctrl-C); ${whole} of ${planned.points.length} run${planned.points.length === 1 ? '' : 's'} finished\n`);
    return 130;
  }
  const failed = finished.find((f) => FAILED_STOPS.has(f.summary.stopReason));
  if (failed) {
    io.err(`smplab: ${failed.label ? `${printable(failed.label)}: ` : ''}the run stopped early (${failed.summary.stopReason}): ${printable(failed.summary.stopDetail)}\n`);
    return 3;
  }
  return 0;
}

/** JSON has no Infinity or NaN: write them as null rather than fail. */
function jsonNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}
