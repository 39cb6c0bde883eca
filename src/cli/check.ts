// `smplab check <model>...`: diagnostics as file:line:col: severity: message; exit 1 on errors.
// A file that cannot be read is an error too, but the other files are still checked.

import { formatDiagnostic, loadModel } from '../model/index';
import { CliError, parseArgs } from './args';
import type { CliIO } from './io';
import { readModelSource } from './scenarios';
import { printable } from './terminal';

export const CHECK_USAGE = 'usage: smplab check <model.smp.yaml|built-in>...';

export function checkCommand(argv: string[], io: CliIO): number {
  const a = parseArgs(argv, { values: [], flags: ['help'] }, 'check');
  if (a.flags.has('help')) {
    io.out(`${CHECK_USAGE}\n`);
    return 0;
  }
  if (!a.positionals.length) throw new CliError(CHECK_USAGE.replace(/^usage: /, 'check: a model file is needed; usage: '));
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  for (const arg of a.positionals) {
    let src;
    try {
      src = readModelSource(arg);
    } catch (e) {
      if (!(e instanceof CliError) || a.positionals.length === 1) throw e;
      io.err(`smplab: ${printable(e.message)}\n`);
      unreadable++;
      continue;
    }
    const t0 = performance.now();
    const r = loadModel(src.text, src.file);
    const ms = performance.now() - t0;
    for (const d of r.diagnostics) io.out(`${printable(formatDiagnostic(d))}\n`);
    const e = r.diagnostics.filter((d) => d.severity === 'error').length;
    errors += e;
    warnings += r.diagnostics.length - e;
    if (!r.diagnostics.length) io.err(`${printable(src.file)}: ok (${ms.toFixed(1)} ms)\n`);
  }
  const s = (n: number) => (n === 1 ? '' : 's');
  if (errors || warnings || unreadable) {
    io.err(`${errors} error${s(errors)}, ${warnings} warning${s(warnings)}${unreadable ? `, ${unreadable} file${s(unreadable)} not read` : ''}\n`);
  }
  return errors || unreadable ? 1 : 0;
}
