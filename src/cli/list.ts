// `smplab list`: the built-in scenarios, one line each.

import { loadModel } from '../model/index';
import type { CliIO } from './io';
import { builtIns } from './scenarios';
import { readFileSync } from 'node:fs';
import { CliError, parseArgs } from './args';

export const LIST_USAGE = 'usage: smplab list [--json]';

export function listCommand(argv: string[], io: CliIO): number {
  const a = parseArgs(argv, { values: [], flags: ['json', 'help'] }, 'list');
  if (a.flags.has('help')) {
    io.out(`${LIST_USAGE}\n`);
    return 0;
  }
  if (a.positionals.length) throw new CliError(`list takes no arguments (got ${a.positionals.join(' ')}); ${LIST_USAGE}`);
  const rows = builtIns().map((b) => {
    const r = loadModel(readFileSync(b.path, 'utf8'), `scenarios/${b.name}.smp.yaml`);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    const m = r.model;
    return {
      name: b.name,
      title: m?.name ?? '',
      description: m ? m.description || m.name : `(${errors} error${errors === 1 ? '' : 's'}: smplab check scenarios/${b.name}.smp.yaml)`,
      variants: m?.variants.map((v) => v.name) ?? [],
      sweep: m?.sweep?.path,
    };
  });
  if (a.flags.has('json')) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (!rows.length) {
    io.err('no built-in scenarios found\n');
    return 1;
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) io.out(`${r.name.padEnd(w)}  ${r.description}\n`);
  return 0;
}
