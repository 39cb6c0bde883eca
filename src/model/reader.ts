// Typed reads from the located tree with a diagnostic for anything wrong.
// Every getter returns a usable value (the default when the text is bad), so
// elaboration always finishes and reports every fault in one pass.

import type { Diagnostics, Range } from './diagnostics';
import { describe, entry, type LEntry, type LMap, type LNode } from './tree';
import { didYouMean } from './suggest';
import { parseBitRate, parseDuration, parseRate, parseSize, type Parsed } from './units';

export function asMap(node: LNode | undefined, what: string, diags: Diagnostics, hint = ''): LMap | undefined {
  if (!node) return undefined;
  if (node.kind === 'map') return node;
  if (node.kind === 'scalar' && node.value === null) return undefined;
  diags.error(node.range, `${what} should be a map${hint ? ` (${hint})` : ''}, not ${describe(node)}`);
  return undefined;
}

export function asList(node: LNode | undefined, what: string, diags: Diagnostics, hint = ''): LNode[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') return node.items;
  if (node.kind === 'scalar' && node.value === null) return [];
  diags.error(node.range, `${what} should be a list${hint ? ` (${hint})` : ''}, not ${describe(node)}`);
  return undefined;
}

interface NumOpts {
  min?: number;
  max?: number;
  integer?: boolean;
}

export class MapReader {
  constructor(
    readonly map: LMap,
    /** How messages name this map: "machine", "lock Giant". */
    readonly where: string,
    known: readonly string[],
    readonly diags: Diagnostics,
  ) {
    for (const e of map.entries) {
      if (!known.includes(e.key)) diags.error(e.keyRange, `unknown key "${e.key}" in ${where}${didYouMean(e.key, known)}; expected one of ${known.join(', ')}`);
    }
  }

  entry(key: string): LEntry | undefined {
    return entry(this.map, key);
  }

  node(key: string): LNode | undefined {
    const e = entry(this.map, key);
    if (!e) return undefined;
    return e.value;
  }

  /** The value node unless it is an empty value (`key:` with nothing after), which counts as absent. */
  present(key: string): LNode | undefined {
    const n = this.node(key);
    if (!n || (n.kind === 'scalar' && n.value === null)) return undefined;
    return n;
  }

  private bad(n: LNode, key: string, message: string): void {
    this.diags.error(n.range, `${this.where}: ${key} ${message}`);
  }

  number(key: string, def: number, opts: NumOpts = {}): number {
    const n = this.present(key);
    if (!n) return def;
    return readNumber(n, `${this.where}: ${key}`, def, opts, this.diags);
  }

  bool(key: string, def: boolean): boolean {
    const n = this.present(key);
    if (!n) return def;
    if (n.kind === 'scalar' && typeof n.value === 'boolean') return n.value;
    this.bad(n, key, `should be true or false, not ${describe(n)}`);
    return def;
  }

  string(key: string, def: string): string {
    const n = this.present(key);
    if (!n) return def;
    if (n.kind === 'scalar' && n.value !== null) return String(n.value);
    this.bad(n, key, `should be text, not ${describe(n)}`);
    return def;
  }

  oneOf<T extends string>(key: string, values: readonly T[], def: T): T {
    const n = this.present(key);
    if (!n) return def;
    return readChoice(n, `${this.where}: ${key}`, values, def, this.diags);
  }

  duration(key: string, def: number, opts: NumOpts = {}): number {
    return this.quantity(key, def, parseDuration, opts);
  }

  rate(key: string, def: number): number {
    return this.quantity(key, def, parseRate, {});
  }

  bitRate(key: string, def: number): number {
    return this.quantity(key, def, parseBitRate, {});
  }

  size(key: string, def: number, opts: NumOpts = {}): number {
    return this.quantity(key, def, parseSize, opts);
  }

  private quantity(key: string, def: number, parse: (v: unknown) => Parsed, opts: NumOpts): number {
    const n = this.present(key);
    if (!n) return def;
    return readQuantity(n, `${this.where}: ${key}`, def, parse, opts, this.diags);
  }

  rangeOf(key: string): Range {
    return this.entry(key)?.range ?? this.map.range;
  }
}

export function readNumber(n: LNode, what: string, def: number, opts: NumOpts, diags: Diagnostics): number {
  if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isFinite(n.value)) {
    diags.error(n.range, `${what} should be a number, not ${describe(n)}`);
    return def;
  }
  return checkBounds(n, what, n.value, def, opts, diags);
}

export function readQuantity(n: LNode, what: string, def: number, parse: (v: unknown) => Parsed, opts: NumOpts, diags: Diagnostics): number {
  if (n.kind !== 'scalar') {
    diags.error(n.range, `${what} should be a single value, not ${describe(n)}`);
    return def;
  }
  const p = parse(n.value);
  if (!p.ok) {
    diags.error(n.range, `${what}: ${p.message}`);
    return def;
  }
  return checkBounds(n, what, p.value, def, opts, diags);
}

function checkBounds(n: LNode, what: string, v: number, def: number, opts: NumOpts, diags: Diagnostics): number {
  if (opts.integer && !Number.isInteger(v)) {
    diags.error(n.range, `${what} should be a whole number, not ${v}`);
    return def;
  }
  if (opts.min !== undefined && v < opts.min) {
    diags.error(n.range, `${what} must be at least ${opts.min}, not ${v}`);
    return def;
  }
  if (opts.max !== undefined && v > opts.max) {
    diags.error(n.range, `${what} must be at most ${opts.max}, not ${v}`);
    return def;
  }
  return v;
}

export function readChoice<T extends string>(n: LNode, what: string, values: readonly T[], def: T, diags: Diagnostics): T {
  if (n.kind === 'scalar' && typeof n.value === 'string' && (values as readonly string[]).includes(n.value)) return n.value as T;
  const word = n.kind === 'scalar' && n.value !== null ? String(n.value) : '';
  diags.error(n.range, `${what} should be one of ${values.join(', ')}, not ${describe(n)}${word ? didYouMean(word, values) : ''}`);
  return def;
}

/** A name written as a scalar (`lock: Giant`), with its range. */
export function readName(n: LNode, what: string, diags: Diagnostics): { name: string; at: Range } | undefined {
  if (n.kind === 'scalar' && n.value !== null && typeof n.value !== 'boolean') {
    const name = String(n.value);
    // `lock: ""` names nothing: refused here, where it is read, so no later stage meets an empty name.
    if (name.trim() === '') {
      diags.error(n.range, `${what} should be a name, not an empty string`);
      return undefined;
    }
    return { name, at: n.range };
  }
  diags.error(n.range, `${what} should be a name, not ${describe(n)}`);
  return undefined;
}
