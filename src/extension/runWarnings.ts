// What a finished run found wrong with the model as it ran — threads that
// never ran or were starved — as problems at each thread's declaration, for
// the output channel and the Problems view, where they are shown beside the
// checker's own problems of the file. Pure: no vscode.
import { starvationWarnings, type ThreadWarning } from '../trace/analysis/starvation';
import type { SourceInfo, TraceMeta } from '../trace/schema';
import type { ModelProblem } from './workerProtocol';

export function runWarningProblems(meta: TraceMeta): ModelProblem[] {
  return warningProblems(starvationWarnings(meta), meta.sources);
}

/**
 * The same from a run's summary, as a pool worker sends it without the trace
 * (a sweep point's): its warnings and the sources they name (by source id).
 */
export function warningProblems(warnings: readonly ThreadWarning[], sources: readonly (SourceInfo | undefined)[]): ModelProblem[] {
  return warnings.flatMap((w) => {
    const at = sources[w.src];
    if (!at || w.src <= 0) return [];
    return [{ file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, severity: 'warning' as const, message: w.message }];
  });
}

/**
 * The Problems view of one model file: the checker's problems and, after
 * them, what the last run found — those of this file (or of no file), each
 * once. A run's findings never hide a warning the checker gave.
 */
export function shownProblems(checked: readonly ModelProblem[], found: readonly ModelProblem[], file: string): ModelProblem[] {
  const seen = new Set<string>();
  const out: ModelProblem[] = [];
  for (const p of [...checked, ...found]) {
    if (p.file !== file && p.file !== '') continue;
    const key = `${p.line}:${p.column}:${p.severity}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
