// From a source id sent by a webview to a place in one of the run's own model
// files. The webview is untrusted: it can name only a source id, and an id
// resolves only when the trace's source names a file that this host gave to
// the model compiler for that very run. Pure: no vscode.
import type { SourceInfo } from '../trace/schema';

/** A 0-based, end-exclusive selection as an editor wants it. */
export interface Selection0 {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export interface ResolvedSource<F> {
  /** The host's handle for the file (a vscode Uri in the extension, anything in tests). */
  file: F;
  selection: Selection0;
}

/**
 * `files` maps each file name the compiler saw (as written into SourceInfo.file)
 * to the host's handle for it; nothing outside it can be opened.
 */
export function resolveSource<F>(sources: readonly SourceInfo[], files: ReadonlyMap<string, F>, src: number): ResolvedSource<F> | undefined {
  if (!Number.isSafeInteger(src) || src <= 0 || src >= sources.length) return undefined;
  const s = sources[src];
  if (!s || typeof s.file !== 'string') return undefined;
  const file = files.get(s.file);
  if (file === undefined) return undefined;
  const ok = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 1;
  if (!ok(s.line) || !ok(s.column)) return undefined;
  const endLine = ok(s.endLine) && s.endLine >= s.line ? s.endLine : s.line;
  const endColumn = ok(s.endColumn) && (endLine > s.line || s.endColumn >= s.column) ? s.endColumn : s.column;
  return {
    file,
    selection: { line: s.line - 1, character: s.column - 1, endLine: endLine - 1, endCharacter: endColumn - 1 },
  };
}
