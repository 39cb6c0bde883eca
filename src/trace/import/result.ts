// What every importer returns, and the bookkeeping of bad input: malformed
// lines are counted and the first ones kept with their line numbers, so a
// broken 500 MB file reports "12,034 malformed lines (first at line 17: ...)"
// instead of crashing or flooding memory.
import type { Trace } from '../schema';

export interface ImportWarning { line: number; message: string }

export interface ImportResult {
  trace: Trace;
  warnings: ImportWarning[];
  /** Lines (or JSON events) that could not be read at all. */
  malformed: number;
}

export interface ImportOptions {
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Stop reading at this many records, with a warning (default: the engine's record limit). Chrome JSON, perf lock tables and folded stacks apply it. */
  maxRecords?: number;
}

/** A file that cannot be imported at all: one line for the user, with the place when there is one. */
export class ImportError extends Error {
  constructor(message: string, readonly line?: number) {
    super(line ? `line ${line}: ${message}` : message);
  }
}

/** The reader was cancelled (ImportOptions.signal). */
export class ImportAborted extends Error {
  constructor() { super('import cancelled'); }
}

const KEEP = 200;

export class Problems {
  readonly warnings: ImportWarning[] = [];
  malformed = 0;
  private notes = new Set<string>();
  /** Warnings beyond the ones kept. */
  dropped = 0;

  /** A line that could not be parsed. */
  bad(line: number, message: string): void {
    this.malformed++;
    this.warn(line, message);
  }

  /** A readable line whose meaning was doubtful (kept, but worth saying). */
  warn(line: number, message: string): void {
    if (this.warnings.length < KEEP) this.warnings.push({ line, message });
    else this.dropped++;
  }

  /** Say something once per distinct key (e.g. "event sched:foo ignored"). */
  once(key: string, line: number, message: string): void {
    if (this.notes.has(key)) return;
    this.notes.add(key);
    this.warn(line, message);
  }

  result(trace: Trace): ImportResult {
    const warnings = this.dropped
      ? [...this.warnings, { line: 0, message: `${this.dropped} more warnings not shown` }]
      : this.warnings;
    return { trace, warnings, malformed: this.malformed };
  }
}
