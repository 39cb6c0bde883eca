// The files "Export Trace…" writes, made from a Trace in the simulation worker
// (a big trace takes seconds to serialise; the extension host never does it).
// Node only, no vscode.
import { htmlReportBytes } from '../report/html';
import { encodeTrace } from '../trace/codec';
import { exportChromeBytes } from '../trace/export/chromeTrace';
import { exportFolded } from '../trace/export/folded';
import type { Trace } from '../trace/schema';

export type ExportFormatId = 'chrome' | 'folded-cpu' | 'folded-wait' | 'html' | 'smptrace';

export interface ExportFormatInfo {
  id: ExportFormatId;
  label: string;
  detail: string;
  extension: string;
}

export const EXPORT_FORMATS: ExportFormatInfo[] = [
  { id: 'chrome', label: 'Chrome Trace Event JSON', detail: 'Perfetto, chrome://tracing, speedscope: per-CPU tracks, flows, counters, stacks', extension: 'json' },
  { id: 'folded-cpu', label: 'Folded stacks: on-CPU time', detail: 'flamegraph.pl, speedscope, Perfetto (weights in ns)', extension: 'folded' },
  { id: 'folded-wait', label: 'Folded stacks: lock-wait time', detail: 'off-CPU flame graph of who waited where, with a [lock] leaf', extension: 'folded' },
  { id: 'html', label: 'HTML report', detail: 'one offline file with the timeline, lock table and flame graphs', extension: 'html' },
  { id: 'smptrace', label: 'SMP Stack Lab trace', detail: 'the whole run, binary and exact', extension: 'smptrace' },
];

export function isExportFormat(x: unknown): x is ExportFormatId {
  return EXPORT_FORMATS.some((f) => f.id === x);
}

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
