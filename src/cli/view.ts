// `smplab view FILE [--by caller|lock] [--html-out report.html] [--json]`: open
// a real capture (perf script, perf lock contention, Chrome JSON, folded
// stacks, or a saved trace; .gz read as it is), show a progress bar while it
// streams in (on a terminal), print a summary with the lock contention table
// (by call site as `perf lock contention` prints it, or by lock), and
// optionally write the standalone HTML report. Errors are one line on stderr
// and a non-zero exit code, never a stack trace.
import { writeFileAtomicSync } from '../atomicWrite';
import { printable } from './terminal';
import { formatMegabytes } from '../core/format';
import { importTraceFile, ImportError, type ImportResult, type TraceFormat } from '../trace/import';
import { summarize, type RunSummary } from '../trace/summary';
import { lockStats, type LockRow, type LockStatTable } from '../trace/analysis/lockstat';
import type { Trace } from '../trace/schema';
import { writeHtmlReport } from '../report/html';
import { intOption, parseArgs } from './args';
import { checkOutputPath } from './outputs';

export const VIEW_USAGE = 'usage: smplab view FILE [--by caller|lock] [--max-records N] [--html-out report.html] [--json]';
const USAGE = VIEW_USAGE;
const HELP = 'help';

type By = 'caller' | 'lock';
interface ViewArgs { file: string; htmlOut?: string; json: boolean; by: By; maxRecords?: number }

/** The arguments, or the one-line complaint about them (HELP for --help). */
function parseViewArgs(args: string[]): ViewArgs | string {
  let a;
  try {
    a = parseArgs(args, { values: ['html-out', 'max-records', 'by'], flags: ['json', 'help'] }, 'view');
  } catch (e) {
    return (e as Error).message.replace(/^view: /, '');
  }
  let maxRecords: number | undefined;
  try {
    if (a.values.has('max-records')) maxRecords = intOption(a.values.get('max-records')!, 'max-records', 1000, 1_000_000_000);
  } catch (e) {
    return (e as Error).message;
  }
  if (a.flags.has('help')) return HELP;
  if (a.positionals.length > 1) return `one file at a time (got ${a.positionals.join(' and ')})`;
  if (!a.positionals.length) return USAGE;
  const by = a.values.get('by') ?? 'caller';
  if (by !== 'caller' && by !== 'lock') return `--by takes caller or lock (got ${JSON.stringify(by)})`;
  return { file: a.positionals[0], htmlOut: a.values.get('html-out'), json: a.flags.has('json'), by, maxRecords };
}

export interface ViewIO {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Whether stderr is a terminal (draws the progress bar). */
  tty: boolean;
  /** The progress bar's drawing (CR, erase), not escaped; absent: err. */
  status?: (s: string) => void;
}

const defaultIO: ViewIO = {
  out: (s) => { process.stdout.write(s); },
  err: (s) => { process.stderr.write(s); },
  tty: !!process.stderr.isTTY,
};

export async function runView(args: string[], io: ViewIO = defaultIO): Promise<number> {
  const a = parseViewArgs(args);
  if (a === HELP) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (typeof a === 'string') {
    // one line: the complaint, or the usage when nothing was given
    io.err(a === USAGE ? `${USAGE}\n` : `smplab view: ${printable(a)}\n`);
    return 2;
  }
  if (a.htmlOut) {
    // before reading: a 500 MB capture should not stream in only to fail here
    try {
      checkOutputPath(a.htmlOut, 'report');
    } catch (e) {
      io.err(`smplab view: ${oneLine(e)}\n`);
      return 1;
    }
  }
  let result: ImportResult & { format: TraceFormat };
  const status = io.status ?? io.err;
  const bar = io.tty ? progressBar(status) : undefined;
  try {
    result = await importTraceFile(a.file, { onProgress: bar, maxRecords: a.maxRecords });
  } catch (e) {
    if (bar) status('\r\x1b[K');
    io.err(`smplab view: ${e instanceof ImportError ? printable(e.message) : oneLine(e)}\n`);
    return 1;
  }
  if (bar) status('\r\x1b[K');
  const { trace } = result;
  let summary: RunSummary;
  let table: LockStatTable;
  try {
    table = lockStats(trace);
    summary = summarize(trace, undefined, table);
  } catch (e) {
    io.err(`smplab view: cannot summarise ${printable(a.file)}: ${oneLine(e)}\n`);
    return 1;
  }
  const waits = waitCounts(table);
  if (a.json) {
    io.out(JSON.stringify({
      file: a.file, format: result.format, malformed: result.malformed, warnings: result.warnings,
      threads: trace.meta.threads.length, waits, contention: contentionRows(table, a.by), summary,
    }, null, 2) + '\n');
  } else {
    io.out(textSummary(a.file, result, summary, table, a.by));
  }
  if (a.htmlOut) {
    try {
      writeFileAtomicSync(a.htmlOut, (write) => writeHtmlReport([{ title: trace.meta.name, trace }], write, { title: `${trace.meta.name} (imported)` }));
      if (!a.json) io.out(`report written to ${printable(a.htmlOut)}\n`);
    } catch (e) {
      io.err(`smplab view: cannot write the report ${printable(a.htmlOut)}: ${oneLine(e)}\n`);
      return 1;
    }
  }
  return 0;
}

function oneLine(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return printable(m.split('\n')[0]);
}

function progressBar(write: (s: string) => void): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const w = 30, fill = Math.round((pct / 100) * w);
    write(`\rreading [${'#'.repeat(fill)}${' '.repeat(w - fill)}] ${String(pct).padStart(3)}%  ${formatMegabytes(done)} / ${formatMegabytes(total)}\x1b[K`);
  };
}

export interface WaitCount { lock: string; waits: number; spinNs: number; sleepNs: number; maxNs: number }

/** Wait episodes per lock (an adaptive spin-then-sleep counts once), most wait time first. */
export function waitCounts(t: LockStatTable): WaitCount[] {
  return t.rows.filter((r) => r.waits > 0)
    .map((r) => ({ lock: r.name, waits: r.waits, spinNs: r.spin.totalNs, sleepNs: r.sleep.totalNs, maxNs: r.maxWaitNs }));
}

export interface ContentionRow {
  name: string; type: string; contended: number;
  /** null where unknown: a capture's tracepoints see only contended acquisitions. */
  acquisitions: number | null;
  totalWaitNs: number; maxWaitNs: number; avgWaitNs: number;
  /** By lock: the call site that waited for it most. */
  via?: string;
}

/** The lock table's rows by call site (`perf lock contention`'s default) or by lock, most wait first. */
export function contentionRows(t: LockStatTable, by: By): ContentionRow[] {
  const rows: LockRow[] = by === 'caller' ? t.callers : t.rows;
  return rows.filter((r) => r.contended > 0 || r.waitNs > 0).map((r) => ({
    name: r.name, type: r.type, contended: r.contended, acquisitions: r.acquisitionsKnown ? r.acquisitions : null,
    totalWaitNs: r.waitNs, maxWaitNs: r.maxWaitNs, avgWaitNs: r.meanWaitNs,
    ...(by === 'lock' && r.paths.length ? { via: r.paths[0].label.split(' > ').pop() } : {}),
  }));
}

/**
 * A time as `perf lock contention` prints it — fixed decimals and ASCII "us"
 * ("78.00 us", "16.822 ms"), so `smplab view`'s text reads like the tool's own beside
 * it; not the ns/µs/ms of src/core/format.ts, which the rest of the product uses.
 */
function perfLockTime(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} us`;
  return `${Math.round(ns)} ns`;
}
/** A fraction as a percent right-aligned in a 7-wide column of the CPU table. */
const percentCell = (f: number) => `${(f * 100).toFixed(1)}%`.padStart(7);

function textSummary(file: string, r: ImportResult & { format: TraceFormat }, s: RunSummary, table: LockStatTable, by: By): string {
  const t = r.trace;
  const lines: string[] = [];
  lines.push(`${printable(file)}: ${r.format}, ${perfLockTime(t.meta.endNs - t.meta.startNs)}, ${t.meta.cpus} CPUs, ${t.meta.threads.length} threads, ${t.meta.locks.length} locks`);
  if (t.meta.stopDetail) lines.push(`  ${printable(t.meta.stopDetail)}`);
  if (s.cpus.length) {
    lines.push('', '  CPU    busy    user  kernel    intr softint    spin    idle  switches  interrupts');
    for (const c of s.cpus) {
      lines.push(`  ${String(c.id).padStart(3)} ${percentCell(c.busy)} ${percentCell(c.user)} ${percentCell(c.kernel)} ${percentCell(c.interrupt)} ${percentCell(c.softint)} ${percentCell(c.spin)} ${percentCell(c.idle)} ${String(c.contextSwitches).padStart(9)} ${String(c.interrupts).padStart(11)}`);
    }
  }
  const packets = Object.entries(s.counters).filter(([name]) => name.startsWith('packets ') && !name.includes(':'));
  if (packets.length) {
    const reasons = Object.entries(s.counters).filter(([name]) => name.startsWith('packets dropped: '))
      .map(([name, c]) => `${name.slice('packets dropped: '.length)} ${c.total}`);
    lines.push('', `  packets: ${packets.map(([name, c]) => `${name.slice(8)} ${c.total} (${c.perCpu.map((n, i) => `CPU ${i}: ${n}`).join(', ')})`).join('; ')}`);
    if (reasons.length) lines.push(`  dropped by reason: ${reasons.join(', ')}`);
  }
  const rows = contentionRows(table, by);
  if (rows.length) {
    const known = table.acquisitionsKnown;
    lines.push('', `  lock contention by ${by === 'caller' ? 'call site' : 'lock'}, most wait first${known ? '' : ' (acquisitions unknown: the tracepoints see only contended takes)'}`);
    lines.push(`  ${known ? '  acquired ' : ''} contended   total wait     max wait     avg wait         type   ${by === 'caller' ? 'caller' : 'lock'}`);
    for (const w of rows.slice(0, 15)) {
      const acq = known ? `${String(w.acquisitions).padStart(10)} ` : '';
      lines.push(`  ${acq}${String(w.contended).padStart(10)} ${perfLockTime(w.totalWaitNs).padStart(12)} ${perfLockTime(w.maxWaitNs).padStart(12)} ${perfLockTime(w.avgWaitNs).padStart(12)} ${printable(w.type).padStart(12)}   ${printable(w.name)}${w.via ? `  (${printable(w.via)})` : ''}`);
    }
    if (rows.length > 15) lines.push(`  ... ${rows.length - 15} more`);
  }
  if (r.malformed || r.warnings.length) {
    lines.push('', `  ${r.malformed} malformed line${r.malformed === 1 ? '' : 's'}, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}`);
    for (const w of r.warnings.slice(0, 8)) lines.push(`    ${w.line ? `line ${w.line}: ` : ''}${printable(w.message)}`);
    if (r.warnings.length > 8) lines.push(`    ... ${r.warnings.length - 8} more`);
  }
  return lines.join('\n') + '\n';
}
