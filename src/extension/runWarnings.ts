// What a finished run found wrong with the model as it ran — threads that
// never ran or were starved — as problems at each thread's declaration, for
// the output channel and the Problems view. Pure: no vscode.
import { starvationWarnings } from '../trace/analysis/starvation';
import type { TraceMeta } from '../trace/schema';
import type { ModelProblem } from './workerProtocol';

export function runWarningProblems(meta: TraceMeta): ModelProblem[] {
  return starvationWarnings(meta).flatMap((w) => {
    const at = meta.sources[w.src];
    if (!at || w.src <= 0) return [];
    return [{ file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, severity: 'warning' as const, message: w.message }];
  });
}
