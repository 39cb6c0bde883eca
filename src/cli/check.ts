// `smplab check <model>...`: diagnostics as file:line:col: severity: message; exit 1 on errors.

import { formatDiagnostic, loadModel } from '../model/index';
import { CliError, parseArgs } from './args';
import type { CliIO } from './io';
import { readModelSource } from './scenarios';

export function checkCommand(argv: string[], io: CliIO): number {
  const a = parseArgs(argv, { values: [], flags: [] }, 'smplab check');
  if (!a.positionals.length) throw new CliError('usage: smplab check <model.smp.yaml|built-in>...');
  let errors = 0;
  let warnings = 0;
  for (const arg of a.positionals) {
    const src = readModelSource(arg);
    const t0 = performance.now();
    const r = loadModel(src.text, src.file);
    const ms = performance.now() - t0;
    for (const d of r.diagnostics) io.out(`${formatDiagnostic(d)}\n`);
    const e = r.diagnostics.filter((d) => d.severity === 'error').length;
    errors += e;
    warnings += r.diagnostics.length - e;
    if (!r.diagnostics.length) io.err(`${src.file}: ok (${ms.toFixed(1)} ms)\n`);
  }
  if (errors || warnings) io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return errors ? 1 : 0;
}
