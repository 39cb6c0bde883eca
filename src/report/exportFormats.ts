// The files a run can be written as — one list for the CLI (`smplab run
// --trace-out / --folded-out / --html-out`) and the extension (Export
// Trace…): Chrome Trace Event JSON, folded stacks of on-CPU or lock-wait
// time, the standalone HTML report, and the binary trace (.smptrace, which
// `smplab view`, Open Trace… and the saved runs read back exactly).
// Node only, no vscode: the extension makes the bytes in its simulation
// worker (a big trace takes seconds to serialise), the CLI in the pool
// worker that ran the point.
import { writeFileAtomicSync } from '../atomicWrite';
import { encodeTrace } from '../trace/codec';
import { exportChromeBytes, writeChromeTrace } from '../trace/export/chromeTrace';
import { exportFolded, type FoldedKind } from '../trace/export/folded';
import type { Trace } from '../trace/schema';
import { htmlReportBytes, writeHtmlReport } from './html';

export type ExportFormatId = 'chrome' | 'folded-cpu' | 'folded-wait' | 'html' | 'smptrace';

export interface ExportFormatInfo {
  id: ExportFormatId;
  label: string;
  detail: string;
  extension: string;
  /** What the CLI calls the file in a message ("cannot write the Chrome trace out.json: …"). */
  noun: string;
}

export const EXPORT_FORMATS: ExportFormatInfo[] = [
  { id: 'chrome', label: 'Chrome Trace Event JSON', detail: 'Perfetto, chrome://tracing, speedscope: per-CPU tracks, flows, counters, stacks', extension: 'json', noun: 'Chrome trace' },
  { id: 'folded-cpu', label: 'Folded stacks: on-CPU time', detail: 'flamegraph.pl, speedscope, Perfetto (weights in ns)', extension: 'folded', noun: 'folded stacks' },
  { id: 'folded-wait', label: 'Folded stacks: lock-wait time', detail: 'off-CPU flame graph of who waited where, with a [lock] leaf', extension: 'folded', noun: 'folded stacks' },
  { id: 'html', label: 'HTML report', detail: 'one offline file with the timeline, lock table and flame graphs', extension: 'html', noun: 'HTML report' },
  { id: 'smptrace', label: 'SMP Stack Lab trace', detail: 'the whole run, binary and exact', extension: 'smptrace', noun: 'binary trace' },
];

export function exportFormat(id: ExportFormatId): ExportFormatInfo {
  return EXPORT_FORMATS.find((f) => f.id === id)!;
}

/** The trace format a file name asks for (`smplab run --trace-out`): `.smptrace` the binary trace, anything else Chrome JSON. */
export function traceFormatOf(file: string): 'chrome' | 'smptrace' {
  return /\.smptrace$/i.test(file) ? 'smptrace' : 'chrome';
}

/** The folded-stacks format of a kind (`--folded-kind cpu|wait`). */
export function foldedFormat(kind: FoldedKind): 'folded-cpu' | 'folded-wait' {
  return kind === 'wait' ? 'folded-wait' : 'folded-cpu';
}

/** The whole file in memory: what Export Trace… hands the extension host to save through vscode.workspace.fs. */
export function exportBytes(trace: Trace, format: ExportFormatId, title: string): Uint8Array {
  const text = (s: string) => new TextEncoder().encode(s);
  switch (format) {
    case 'chrome': return exportChromeBytes(trace); // bytes straight from the writer: no string of the whole file
    case 'folded-cpu': return text(exportFolded(trace, 'cpu'));
    case 'folded-wait': return text(exportFolded(trace, 'wait'));
    case 'html': return htmlReportBytes([{ title, trace }]);
    case 'smptrace': return encodeTrace(trace);
  }
}

/** Writes the file to disk atomically (temporary name, then rename); the JSON and HTML streamed, as a long run's can be larger than one string may be. */
export function writeExport(file: string, trace: Trace, format: ExportFormatId, title = trace.meta.name): void {
  switch (format) {
    case 'chrome': return writeFileAtomicSync(file, (write) => writeChromeTrace(trace, write));
    case 'html': return writeFileAtomicSync(file, (write) => writeHtmlReport([{ title, trace }], write));
    default: return writeFileAtomicSync(file, exportBytes(trace, format, title));
  }
}
