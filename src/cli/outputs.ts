// Files a run can write: a Chrome trace (Perfetto, chrome://tracing,
// speedscope), folded stacks (flamegraph.pl, speedscope), the standalone HTML
// report. With a sweep, the trace and folded files get one file per point
// (`out.json` → `out.cpus-4.json`); the HTML report holds every point.

import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { writeFileAtomicSync } from '../atomicWrite';
import { writeChromeTrace } from '../trace/export/chromeTrace';
import { exportFolded, type FoldedKind } from '../trace/export/folded';
import { writeHtmlReport } from '../report/html';
import type { Trace } from '../trace/schema';
import { CliError } from './args';
import { oneLine } from './io';

export interface OutputRequest {
  traceOut?: string;
  foldedOut?: string;
  foldedKind: FoldedKind;
  htmlOut?: string;
}

export interface FinishedRun {
  /** Sweep point label, or undefined for a single run. */
  label?: string;
  title: string;
  trace: Trace;
}

/** `out.json` + "cpus=4" → `out.cpus-4.json`. */
export function pointFile(file: string, label: string | undefined): string {
  if (!label) return file;
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, '-');
  const ext = extname(file);
  return ext ? `${file.slice(0, -ext.length)}.${safe}${ext}` : `${file}.${safe}`;
}

function writeOrFail(file: string, what: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    throw new CliError(`cannot write the ${what} ${file}: ${oneLine(e)}`, 1);
  }
}

/**
 * Fails (exit 1) before any run when an output cannot be written: its folder
 * is missing or is a file, or the path names a folder. Found after a long run,
 * the same mistake would cost the whole run.
 */
export function checkOutputPaths(req: OutputRequest): void {
  const wanted: [string | undefined, string][] = [[req.traceOut, 'Chrome trace'], [req.foldedOut, 'folded stacks'], [req.htmlOut, 'HTML report']];
  for (const [file, what] of wanted) if (file !== undefined) checkOutputPath(file, what);
}

export function checkOutputPath(file: string, what: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) throw new CliError(`cannot write the ${what} ${file}: the folder ${dirname(file)} does not exist`, 1);
  if (!statSync(dir).isDirectory()) throw new CliError(`cannot write the ${what} ${file}: ${dirname(file)} is not a folder`, 1);
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`cannot write the ${what} ${file}: it is a folder`, 1);
}

/** Writes the requested files; returns the names written. */
export function writeOutputs(req: OutputRequest, runs: FinishedRun[]): string[] {
  const written: string[] = [];
  for (const r of runs) {
    if (req.traceOut) {
      const f = pointFile(req.traceOut, r.label);
      // Streamed in pieces: a long run's JSON can be larger than one string may be.
      writeOrFail(f, 'Chrome trace', () => writeFileAtomicSync(f, (write) => writeChromeTrace(r.trace, write)));
      written.push(f);
    }
    if (req.foldedOut) {
      const f = pointFile(req.foldedOut, r.label);
      writeOrFail(f, 'folded stacks', () => writeFileAtomicSync(f, exportFolded(r.trace, req.foldedKind)));
      written.push(f);
    }
  }
  if (req.htmlOut) {
    const f = req.htmlOut;
    writeOrFail(f, 'HTML report', () => writeFileAtomicSync(f, (write) => writeHtmlReport(runs.map((r) => ({ title: r.title, trace: r.trace })), write)));
    written.push(f);
  }
  return written;
}
