// The one place the extension calls the model language (src/model): check a
// text for diagnostics, compile it (a variant, a sweep point, the settings'
// seed and duration) to an engine Program, and list its sweep points.
import type { Program } from '../sim/program';
import { compileModel, loadModel, ModelError, sweepPrograms, type Diagnostic } from '../model/index';
import type { ModelProblem } from './workerProtocol';

export function checkModelText(text: string, file: string): ModelProblem[] {
  return loadModel(text, file).diagnostics;
}

export interface CompileRequest {
  variant?: string;
  sweepPoint?: number;
  seed?: number;
  durationNs?: number;
}

export type Compiled =
  | { ok: true; program: Program; label?: string }
  | { ok: false; problems: ModelProblem[] };

function fileLevel(file: string, message: string): ModelProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', message };
}

export function compileModelText(text: string, file: string, req: CompileRequest): Compiled {
  const { model, diagnostics } = loadModel(text, file);
  if (!model) return { ok: false, problems: diagnostics };
  const opts = { variant: req.variant, seed: req.seed, durationNs: req.durationNs };
  try {
    if (req.sweepPoint === undefined) return { ok: true, program: compileModel(model, opts) };
    const points = sweepPrograms(model, opts);
    const point = points[req.sweepPoint];
    if (!point) return { ok: false, problems: [fileLevel(file, `the model has no sweep point ${req.sweepPoint + 1} (it has ${points.length})`)] };
    return { ok: true, program: point.program, label: point.label };
  } catch (e) {
    if (e instanceof ModelError) {
      const located: Diagnostic[] = e.diagnostics;
      return { ok: false, problems: located.length ? located : [fileLevel(file, e.message)] };
    }
    throw e;
  }
}

export interface SweepInfo { path: string; points: { label: string; x: number }[] }

/** The model's sweep, or a reason there is none to run. */
export function sweepOf(text: string, file: string): SweepInfo | { problem: string } {
  const { model, diagnostics } = loadModel(text, file);
  if (!model) {
    const first = diagnostics.find((d) => d.severity === 'error');
    return { problem: `the model has errors${first ? ` (line ${first.line}: ${first.message})` : ''}` };
  }
  if (!model.sweep) return { problem: 'the model declares no `sweep:`' };
  return { path: model.sweep.path, points: model.sweep.points };
}

/** The model's `run.replications` when the file says; undefined otherwise (or when it does not load). */
export function replicationsOf(text: string, file: string): number | undefined {
  return loadModel(text, file, { sweepPointsToCheck: 0 }).model?.spec.run.replications;
}

/** The model's `run.seed`; undefined when it does not load. */
export function seedOf(text: string, file: string): number | undefined {
  return loadModel(text, file, { sweepPointsToCheck: 0 }).model?.spec.run.seed;
}
