// Files a run can write (the formats are src/report/exportFormats.ts, shared
// with the extension's Export Trace…): a Chrome trace (Perfetto,
// chrome://tracing, speedscope) or the binary .smptrace, chosen by the
// --trace-out file's extension; folded stacks (flamegraph.pl, speedscope);
// the standalone HTML report. With a sweep, the trace and folded files get one file per point
// (`out.json` → `out.cpus-4.json`), written by the worker that ran the point
// (src/run/pointJob.ts); the HTML report holds every point.

import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { writeFileAtomicSync } from '../atomicWrite';
import type { FoldedKind } from '../trace/export/folded';
import { exportFormat, foldedFormat, traceFormatOf } from '../report/exportFormats';
import { writeHtmlReport as streamHtmlReport, type ReportRun } from '../report/html';
import type { Trace } from '../trace/schema';
import { CliError } from './args';
import { oneLine } from './io';

export interface OutputRequest {
  traceOut?: string;
  foldedOut?: string;
  foldedKind: FoldedKind;
  htmlOut?: string;
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
  if (req.traceOut !== undefined) checkOutputPath(req.traceOut, exportFormat(traceFormatOf(req.traceOut)).noun);
  if (req.foldedOut !== undefined) checkOutputPath(req.foldedOut, exportFormat(foldedFormat(req.foldedKind)).noun);
  if (req.htmlOut !== undefined) checkOutputPath(req.htmlOut, exportFormat('html').noun);
}

export function checkOutputPath(file: string, what: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) throw new CliError(`cannot write the ${what} ${file}: the folder ${dirname(file)} does not exist`, 1);
  if (!statSync(dir).isDirectory()) throw new CliError(`cannot write the ${what} ${file}: ${dirname(file)} is not a folder`, 1);
  if (existsSync(file) && statSync(file).isDirectory()) throw new CliError(`cannot write the ${what} ${file}: it is a folder`, 1);
}

/** Writes the standalone HTML report of the runs kept for it; returns its name. */
export function writeHtmlReport(file: string, runs: ReportRun[]): string {
  // streamed: a report of many points can be larger than one string may be
  writeOrFail(file, 'HTML report', () => writeFileAtomicSync(file, (write) => streamHtmlReport(runs, write)));
  return file;
}
