// Shared helpers for the model-language tests.
import { loadModel, type Diagnostic } from '../../src/model/index';

/** Join lines with newlines (keeps line numbers in tests easy to read). */
export const lines = (...ls: string[]): string => ls.join('\n') + '\n';

export function diagnose(text: string, file = 'test.smp.yaml'): Diagnostic[] {
  return loadModel(text, file).diagnostics;
}

export function errors(text: string): Diagnostic[] {
  return diagnose(text).filter((d) => d.severity === 'error');
}

/** "line:col message" of every error, for compact assertions. */
export function errorLines(text: string): string[] {
  return errors(text).map((d) => `${d.line}:${d.column} ${d.message}`);
}

export function mustLoad(text: string, file = 'test.smp.yaml') {
  const r = loadModel(text, file);
  const errs = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.model || errs.length) throw new Error(`expected a clean model, got:\n${errs.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n')}`);
  return r.model;
}

/** A minimal valid model around some functions (threads t run `main`). */
export function withFunctions(fnLines: string[], extra: string[] = []): string {
  return lines(
    'name: t',
    'locks:',
    '  A: { type: mutex }',
    '  B: { type: mutex }',
    '  S: { type: spin }',
    '  RW: { type: rw }',
    '  P: { type: pserialize }',
    'counters:',
    '  hits: shared',
    'threads:',
    '  t: { run: main }',
    ...extra,
    'functions:',
    ...fnLines,
  );
}
