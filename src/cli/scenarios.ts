// Built-in scenarios (the files in scenarios/ next to dist/) and how a
// command-line argument picks a model: an existing path, or a built-in name.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { closest } from '../model/suggest';
import { CliError } from './args';

const SUFFIX = '.smp.yaml';

/** scenarios/ of the package: beside dist/ when bundled (dist/cli.js), beside src/ under tsx. */
export function scenariosDir(): string {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (const dir of [join(here, '..', 'scenarios'), join(here, '..', '..', 'scenarios')]) if (existsSync(dir)) return dir;
  return join(here, '..', 'scenarios');
}

export interface BuiltIn {
  /** The file name without .smp.yaml: what `smplab run NAME` takes. */
  name: string;
  path: string;
}

export function builtIns(): BuiltIn[] {
  const dir = scenariosDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(SUFFIX))
    .sort()
    .map((f) => ({ name: f.slice(0, -SUFFIX.length), path: join(dir, f) }));
}

export interface ModelSource {
  /** What diagnostics and sources call the file: the path as given, or scenarios/NAME.smp.yaml. */
  file: string;
  text: string;
  builtIn: boolean;
}

/** The model an argument names: a file path first, then a built-in scenario. */
export function readModelSource(arg: string): ModelSource {
  const p = resolve(arg);
  if (existsSync(p)) {
    if (statSync(p).isDirectory()) throw new CliError(`${arg} is a directory, not a model file`, 1);
    try {
      return { file: arg, text: readFileSync(p, 'utf8'), builtIn: false };
    } catch (e) {
      throw new CliError(`cannot read ${arg}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
    }
  }
  const name = basename(arg).replace(/\.smp\.yaml$/, '');
  const all = builtIns();
  const hit = all.find((b) => b.name === name);
  if (hit && !arg.includes('/')) return { file: `scenarios/${basename(hit.path)}`, text: readFileSync(hit.path, 'utf8'), builtIn: true };
  const guess = closest(name, all.map((b) => b.name));
  const hint = guess ? ` (did you mean ${guess}?)` : all.length ? ' (smplab list shows the built-in scenarios)' : '';
  throw new CliError(`no such file or built-in scenario: ${arg}${hint}`, 1);
}
