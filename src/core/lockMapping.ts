// Which lock row of run A stands for which row of run B in Compare, when the
// two do not name their locks alike: a model beside a capture of a real
// machine (model lock `so_rcv` ↔ the capture's caller `udp_recvmsg+0x13a`),
// so a user can tune the model toward the measured machine row by row. Each
// run's rows are grouped by lock or by call site (perf lock contention's
// default); a row of A pairs with the row of B the mapping names, else with
// B's row of the same name. The mapping crosses from the webview (the user
// edits it) to the host (which keeps it with the compare): parseLockMapping
// keeps only what has the right shape, within bounds. Pure.

export type RowGrouping = 'lock' | 'caller';

export interface LockMapping {
  /** How each run's lock rows are grouped. */
  by: { a: RowGrouping; b: RowGrouping };
  /**
   * Row of A → row of B, by the rows' names (rowNames). '' pairs A's row with
   * nothing. A row of A not listed pairs with B's row of the same name.
   */
  pairs: Record<string, string>;
}

export const LOCK_MAPPING_LIMITS = { pairs: 2000, nameChars: 512 } as const;

const isGrouping = (x: unknown): x is RowGrouping => x === 'lock' || x === 'caller';

/** A mapping from an untrusted source (a webview, a saved file); undefined unless it has the shape. Over-long lists are cut. */
export function parseLockMapping(x: unknown): LockMapping | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as { by?: unknown; pairs?: unknown };
  const by = o.by as { a?: unknown; b?: unknown } | undefined;
  if (!by || typeof by !== 'object' || !isGrouping(by.a) || !isGrouping(by.b)) return undefined;
  if (!o.pairs || typeof o.pairs !== 'object' || Array.isArray(o.pairs)) return undefined;
  const pairs: [string, string][] = [];
  for (const [k, v] of Object.entries(o.pairs as Record<string, unknown>)) {
    if (typeof v !== 'string' || k.length === 0 || k.length > LOCK_MAPPING_LIMITS.nameChars || v.length > LOCK_MAPPING_LIMITS.nameChars) continue;
    if (pairs.length >= LOCK_MAPPING_LIMITS.pairs) break;
    pairs.push([k, v]);
  }
  // fromEntries defines each key as its own property: a lock named "__proto__" stays a key
  return { by: { a: by.a, b: by.b }, pairs: Object.fromEntries(pairs) };
}

/**
 * Names that identify each row of a table: its own name, and for a name
 * already taken by an earlier row (two call sites with the same caller
 * frame, two locks named alike) the name with " (2)", " (3)", ….
 */
export function rowNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

export interface RowMatch {
  /** Index into A's rows and B's rows; -1: none. */
  a: number;
  b: number;
  /** How the pair came about: the user's mapping, the same name, or the row has no partner. */
  how: 'mapped' | 'same-name' | 'unmatched';
}

/**
 * Pair A's rows with B's (names from rowNames). A row of A listed in the
 * mapping takes the B row it names (if B has it and no earlier listed row
 * took it); the others take B's row of the same name if still free. Every
 * row of either run appears exactly once: A's rows in their order, then B's
 * unpaired rows in theirs. A B row is never counted twice.
 */
export function matchRows(aNames: readonly string[], bNames: readonly string[], mapping?: Pick<LockMapping, 'pairs'>): RowMatch[] {
  const bIndex = new Map<string, number>();
  bNames.forEach((n, i) => { if (!bIndex.has(n)) bIndex.set(n, i); });
  const taken = new Set<number>();
  const pairs = mapping?.pairs ?? {};
  const has = (k: string) => Object.prototype.hasOwnProperty.call(pairs, k);
  const partner = new Array<number>(aNames.length).fill(-1);
  const how = new Array<RowMatch['how']>(aNames.length).fill('unmatched');
  // the user's pairs first: they win over a same-name match elsewhere
  aNames.forEach((n, i) => {
    if (!has(n)) return;
    const j = pairs[n] === '' ? undefined : bIndex.get(pairs[n]);
    if (j !== undefined && !taken.has(j)) { taken.add(j); partner[i] = j; how[i] = 'mapped'; }
  });
  aNames.forEach((n, i) => {
    if (has(n)) return;
    const j = bIndex.get(n);
    if (j !== undefined && !taken.has(j)) { taken.add(j); partner[i] = j; how[i] = 'same-name'; }
  });
  const out: RowMatch[] = aNames.map((_, i) => ({ a: i, b: partner[i], how: how[i] }));
  bNames.forEach((_, j) => { if (!taken.has(j)) out.push({ a: -1, b: j, how: 'unmatched' }); });
  return out;
}

/** The mapping with A's row `a` paired to B's row `b` ('' for none; undefined: back to matching by name). */
export function withPair(m: LockMapping, a: string, b: string | undefined): LockMapping {
  const pairs = Object.entries(m.pairs).filter(([k]) => k !== a);
  if (b !== undefined) pairs.push([a, b]);
  return { by: { ...m.by }, pairs: Object.fromEntries(pairs) };
}

/** Before the user chose: each run's rows by lock, a capture's by call site (what `perf lock contention` shows first). */
export function defaultMapping(aIsCapture: boolean, bIsCapture: boolean): LockMapping {
  return { by: { a: aIsCapture ? 'caller' : 'lock', b: bIsCapture ? 'caller' : 'lock' }, pairs: {} };
}
