// Command-line arguments: `--flag value`, `--flag=value`, boolean flags and
// positionals. Anything wrong is a CliError: one line, exit code 2. Messages
// name the command (`run: …`); main() puts the one `smplab: ` in front.

import { closest } from '../model/suggest';

export class CliError extends Error {
  constructor(
    message: string,
    /** Exit code: 2 for bad usage, 1 for a bad file or model. */
    readonly code = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export interface ArgSpec {
  /** Options taking a value (without the leading --). */
  values: readonly string[];
  /** Options without a value. */
  flags: readonly string[];
}

export function parseArgs(argv: readonly string[], spec: ArgSpec, command: string): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new CliError(`${command}: --${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    if (spec.values.includes(name)) {
      const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) throw new CliError(`${command}: --${name} needs a value`);
      if (out.values.has(name)) throw new CliError(`${command}: --${name} given twice`);
      out.values.set(name, v);
      continue;
    }
    const known = [...spec.values, ...spec.flags].map((k) => `--${k}`);
    const guess = closest(`--${name}`, known);
    const hint = guess ? ` (did you mean ${guess}?)` : known.length ? ` (options: ${known.join(', ')})` : ' (it takes no options)';
    throw new CliError(`${command}: unknown option ${eq >= 0 ? a.slice(0, eq) : a}${hint}`);
  }
  return out;
}

/** A whole number within bounds, from an option's text. */
export function intOption(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw new CliError(`--${name} must be a whole number, not "${text}"`);
  const n = Number(text);
  if (n < min || n > max) throw new CliError(`--${name} must be between ${min} and ${max}, not ${n}`);
  return n;
}
