// Diagnostics: what the checker tells a person, always with a place in the file.

/** A span of text in a model file. 1-based lines and columns; the end is exclusive. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning';
  message: string;
}

/** Collects diagnostics for one file; the elaborator and checkers report into it. */
export class Diagnostics {
  readonly list: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  /** Prepended to every message (e.g. "in variant mpsafe: "). */
  prefix = '';

  constructor(readonly file: string) {}

  error(at: Range, message: string): void {
    this.add('error', at, message);
  }

  warning(at: Range, message: string): void {
    this.add('warning', at, message);
  }

  add(severity: Diagnostic['severity'], at: Range, message: string): void {
    const d: Diagnostic = {
      file: this.file,
      line: at.line,
      column: at.column,
      endLine: at.endLine,
      endColumn: at.endColumn,
      severity,
      message: this.prefix + message,
    };
    // The same fault reached twice (say through two variants) is reported once.
    const key = `${d.severity}:${d.line}:${d.column}:${d.endLine}:${d.endColumn}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(d);
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === 'error').length;
  }
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Sort by position, errors before warnings at the same place. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** `file:line:col: severity: message`, the form editors and terminals link. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

export function contains(r: Range, line: number, column: number): boolean {
  if (line < r.line || line > r.endLine) return false;
  if (line === r.line && column < r.column) return false;
  if (line === r.endLine && column >= r.endColumn) return false;
  return true;
}
