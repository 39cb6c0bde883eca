// variants: named edits of the model (set a value anywhere, remove steps or
// entries), and sweep: one value over a list. Both edit a copy of the located
// tree, so values they bring keep their own ranges (a step a variant adds
// links to the variant's line).

import type { Diagnostics, Range } from './diagnostics';
import { VARIANT_KEYS } from './keys';
import { asList, asMap, MapReader } from './reader';
import { resolvePath } from './paths';
import { clone, describe, entry, type LMap, type LNode } from './tree';
import { parseBitRate, parseDuration, parseRate, parseSize } from './units';

export interface VariantDef {
  name: string;
  /** The variant changes the CPU count (so CPU numbers wrap, as for a sweep point). */
  setsCpus: boolean;
  at: Range;
  description: string;
  sets: { path: string; at: Range; value: LNode }[];
  removes: { path: string; at: Range }[];
}

export interface SweepPoint {
  /** "cpus=4" */
  label: string;
  /** The point's value as a number for plotting (ns for durations, pps for rates, the index otherwise). */
  x: number;
  value: LNode;
}

export interface SweepDef {
  path: string;
  at: Range;
  points: SweepPoint[];
}

/** Sections a variant or sweep cannot edit (search: is one question asked of every variant and point alike). */
const RESERVED = ['variants', 'sweep', 'search'];

export function readVariants(root: LMap, diags: Diagnostics): VariantDef[] {
  const map = asMap(entry(root, 'variants')?.value, 'variants', diags, 'a map of variant names, e.g. variants: { mpsafe: { remove: [ … ] } }');
  if (!map) return [];
  const out: VariantDef[] = [];
  for (const e of map.entries) {
    const v: VariantDef = { name: e.key, setsCpus: false, at: e.keyRange, description: '', sets: [], removes: [] };
    out.push(v);
    const vm = asMap(e.value, `variant ${e.key}`, diags, 'set:, remove:, description:');
    if (!vm) {
      if (e.value.kind === 'scalar' && e.value.value === null) diags.warning(e.keyRange, `variant ${e.key} changes nothing`);
      continue;
    }
    const r = new MapReader(vm, `variant ${e.key}`, VARIANT_KEYS, diags);
    v.description = r.string('description', '');
    const sets = asMap(r.present('set'), `variant ${e.key}: set`, diags, 'paths and their new values, e.g. set: { machine.cpus: 8 }');
    for (const s of sets?.entries ?? []) {
      if (reserved(s.key, s.keyRange, diags)) continue;
      v.sets.push({ path: s.key, at: s.keyRange, value: s.value });
      if (/^machine(\.cpus)?$/.test(s.key.replace(/\s/g, ''))) v.setsCpus = true;
    }
    for (const it of asList(r.present('remove'), `variant ${e.key}: remove`, diags, 'paths of steps or entries, e.g. - functions.ether_input.lock') ?? []) {
      if (it.kind !== 'scalar' || it.value === null) {
        diags.error(it.range, `variant ${e.key}: remove takes paths such as functions.ether_input.lock, not ${describe(it)}`);
        continue;
      }
      const path = String(it.value);
      if (reserved(path, it.range, diags)) continue;
      v.removes.push({ path, at: it.range });
    }
    if (v.sets.length === 0 && v.removes.length === 0 && !r.present('set') && !r.present('remove')) diags.warning(e.keyRange, `variant ${e.key} changes nothing: give it set: or remove:`);
  }
  return out;
}

function reserved(path: string, at: Range, diags: Diagnostics): boolean {
  const first = path.split(/[.[]/)[0];
  if (!RESERVED.includes(first)) return false;
  diags.error(at, `a variant cannot change ${first}:`);
  return true;
}

/** A copy of `root` with the variant's edits; path problems are reported at the path. */
export function applyVariant(root: LMap, v: VariantDef, diags: Diagnostics): LMap {
  const tree = clone(root);
  for (const s of v.sets) setPath(tree, s.path, s.value, s.at, diags);
  // Resolve every removal first, then remove, so earlier removals do not shift later paths.
  const doomed: (() => void)[] = [];
  for (const rm of v.removes) {
    const res = resolvePath(tree, rm.path);
    if (!res.ok) {
      diags.error(rm.at, `cannot remove ${rm.path}: ${res.message}`);
      continue;
    }
    const t = res.target;
    if (t.kind === 'section') {
      diags.error(rm.at, `cannot remove ${rm.path}: the model has no ${t.section}: section`);
      continue;
    }
    if (t.kind === 'key') {
      if (!t.entry) {
        diags.error(rm.at, `cannot remove ${rm.path}: there is no ${t.key} there`);
        continue;
      }
      const e = t.entry;
      doomed.push(() => {
        const i = t.map.entries.indexOf(e);
        if (i >= 0) t.map.entries.splice(i, 1);
      });
    } else {
      const item = t.seq.items[t.index];
      doomed.push(() => {
        const i = t.seq.items.indexOf(item);
        if (i >= 0) t.seq.items.splice(i, 1);
      });
    }
  }
  for (const d of doomed) d();
  return tree;
}

/** Set `path` to `value` in `tree` (in place). Returns false after reporting when the path is bad. */
export function setPath(tree: LMap, path: string, value: LNode, at: Range, diags: Diagnostics): boolean {
  const res = resolvePath(tree, path);
  if (!res.ok) {
    diags.error(at, `cannot set ${path}: ${res.message}`);
    return false;
  }
  const t = res.target;
  const v = clone(value);
  if (t.kind === 'key') {
    if (t.entry) t.entry.value = v;
    else t.map.entries.push({ key: t.key, keyRange: at, value: v, range: at });
  } else if (t.kind === 'section') {
    const inner: LMap = { kind: 'map', entries: [{ key: t.key, keyRange: at, value: v, range: at }], range: at };
    t.map.entries.push({ key: t.section, keyRange: at, value: inner, range: at });
  } else if (t.kind === 'item') {
    t.seq.items[t.index] = v;
  } else if (t.op) {
    t.op.value = v;
  } else {
    t.seq.items[t.index] = v; // a bare-word step (`- timestamp`) is replaced whole
  }
  return true;
}

export function readSweep(root: LMap, diags: Diagnostics): SweepDef | undefined {
  const map = asMap(entry(root, 'sweep')?.value, 'sweep', diags, 'one path and its values, e.g. sweep: { machine.cpus: [1, 2, 4, 8] }');
  if (!map || map.entries.length === 0) return undefined;
  if (map.entries.length > 1) diags.error(map.entries[1].keyRange, 'sweep one value at a time: move the other paths into variants');
  const e = map.entries[0];
  if (reserved(e.key, e.keyRange, diags)) return undefined;
  const items = asList(e.value, `sweep ${e.key}`, diags, 'the values to run, e.g. [1, 2, 4, 8]');
  if (!items) return undefined;
  if (items.length === 0) diags.error(e.value.range, `sweep ${e.key} has no values`);
  const last = e.key.replace(/\[\d+\]/g, '').split('.').pop() ?? e.key;
  const points = items.map((value, k) => {
    const text = value.kind === 'scalar' ? String(value.value) : `#${k}`;
    return { label: `${last}=${text}`, x: numericValue(value, k), value };
  });
  return { path: e.key, at: e.keyRange, points };
}

function numericValue(n: LNode, index: number): number {
  if (n.kind !== 'scalar') return index;
  if (typeof n.value === 'number') return n.value;
  for (const parse of [parseDuration, parseRate, parseBitRate, parseSize]) {
    const p = parse(n.value);
    if (p.ok) return p.value;
  }
  return index;
}
