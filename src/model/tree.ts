// The model file as a small located tree: maps, lists and scalars, each with
// its 1-based range. It is made once from the `yaml` package's AST and is what
// variants edit (a variant's replacement values keep their own ranges, so a
// step a variant adds links to the variant's line).

import type { Range } from './diagnostics';

export type Scalar = string | number | boolean | null;

export interface LScalar {
  kind: 'scalar';
  value: Scalar;
  range: Range;
}

export interface LEntry {
  key: string;
  keyRange: Range;
  value: LNode;
  /** From the key to the end of the value. */
  range: Range;
}

export interface LMap {
  kind: 'map';
  entries: LEntry[];
  range: Range;
}

export interface LSeq {
  kind: 'seq';
  items: LNode[];
  range: Range;
}

export type LNode = LScalar | LMap | LSeq;

export function entry(map: LMap, key: string): LEntry | undefined {
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function get(map: LMap, key: string): LNode | undefined {
  return entry(map, key)?.value;
}

export function clone<T extends LNode>(n: T): T {
  switch (n.kind) {
    case 'scalar':
      return { ...n };
    case 'seq':
      return { ...n, items: n.items.map(clone) } as T;
    case 'map':
      return { ...n, entries: n.entries.map((e) => ({ ...e, value: clone(e.value) })) } as T;
  }
}

export function describe(n: LNode | undefined): string {
  if (!n) return 'nothing';
  if (n.kind === 'map') return 'a map';
  if (n.kind === 'seq') return 'a list';
  if (n.value === null) return 'nothing';
  if (typeof n.value === 'string') return `"${n.value}"`;
  return String(n.value);
}

