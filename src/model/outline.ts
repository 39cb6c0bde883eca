// The model outline: where the names a user can hover or run sit in a model
// file — counter, lock, function, thread and variant declarations, and the
// steps that use them (`count:`, `lock:`/`unlock:`, `call:`, `wakeup:`). Read
// straight from the YAML with ranges rather than from a loaded Model, so
// hovers, CodeLens and the variant picker keep working while the file has
// errors elsewhere (a loaded Model exists only for a clean file).
// Pure: no vscode; the extension caches one per document version (outlineCache.ts).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Pair } from 'yaml';

export type SymbolKind = 'counter' | 'lock' | 'function' | 'variant' | 'thread';

export interface OutlineSymbol {
  kind: SymbolKind;
  /** `decl`: the key under its section; `ref`: a step naming it. */
  role: 'decl' | 'ref';
  name: string;
  /** Offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export interface Position0 { line: number; character: number }

export interface ModelOutline {
  symbols: OutlineSymbol[];
  /** Declared variant names, in file order. */
  variants: string[];
  /** A variant's `description:` where it has one. */
  variantDescriptions: Record<string, string>;
  /** True when the file declares a sweep (`sweep:` or `sweeps:`). */
  hasSweep: boolean;
  /** Offset of the first top-level key (where the file-level CodeLens goes). */
  firstKeyOffset: number;
  /** 0-based line and character of an offset. */
  position(offset: number): Position0;
}

/** Top-level sections whose keys declare a name of that kind. */
const SECTIONS: Record<string, SymbolKind> = {
  counters: 'counter',
  locks: 'lock',
  functions: 'function',
  variants: 'variant',
  threads: 'thread',
};

/** Step keys whose scalar value names something. */
const STEP_REFS: Record<string, SymbolKind> = {
  count: 'counter',
  lock: 'lock',
  unlock: 'lock',
  read: 'lock',
  write: 'lock',
  synchronize: 'lock',
  call: 'function',
  wakeup: 'thread',
};

function scalarText(n: unknown): { value: string; start: number; end: number } | undefined {
  if (!isScalar(n) || !n.range) return undefined;
  const v = n.value;
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  return { value: String(v), start: n.range[0], end: n.range[1] };
}

export function outlineModel(text: string): ModelOutline {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false, strict: false, uniqueKeys: false });
  const symbols: OutlineSymbol[] = [];
  const variants: string[] = [];
  const variantDescriptions: Record<string, string> = {};
  let hasSweep = false;
  let firstKeyOffset = 0;

  const root = doc.contents;
  if (isMap(root)) {
    let first = true;
    for (const item of root.items) {
      const key = scalarText(item.key);
      if (!key) continue;
      if (first) { firstKeyOffset = key.start; first = false; }
      if (key.value === 'sweep' || key.value === 'sweeps') hasSweep = true;
      const kind = SECTIONS[key.value];
      if (kind && isMap(item.value)) {
        for (const decl of item.value.items) {
          const name = scalarText(decl.key);
          if (!name) continue;
          symbols.push({ kind, role: 'decl', name: name.value, start: name.start, end: name.end });
          if (kind === 'variant') {
            variants.push(name.value);
            const description = isMap(decl.value) ? scalarText(decl.value.get('description', true)) : undefined;
            if (description) variantDescriptions[name.value] = description.value;
          }
        }
      }
    }
  }

  // Step references: a step is a one-action map that is an item of a list
  // (`- count: ipstat.ips_forward`, `- read: pfil_lock` with `do:` beside it).
  // Requiring the list parent keeps `loop: { count: 8 }` and a thread's
  // `count: 4` from reading as counter names.
  visit(doc, {
    Pair(_key, pair: Pair<unknown, unknown>, path) {
      if (path.length < 2 || !isSeq(path[path.length - 2])) return;
      const key = scalarText(pair.key);
      if (!key) return;
      const kind = STEP_REFS[key.value];
      if (!kind) return;
      const name = scalarText(pair.value);
      if (name && name.value !== '') symbols.push({ kind, role: 'ref', name: name.value, start: name.start, end: name.end });
    },
  });

  // In file order, for predictable lenses, lookups and tests.
  symbols.sort((a, b) => a.start - b.start || a.end - b.end);

  return {
    symbols,
    variants,
    variantDescriptions,
    hasSweep,
    firstKeyOffset,
    position(offset: number): Position0 {
      const p = lines.linePos(offset);
      return { line: p.line - 1, character: p.col - 1 };
    },
  };
}

/** The symbol whose name covers `offset` (inclusive of its end, as an editor hover is). */
export function symbolAt(outline: ModelOutline, offset: number): OutlineSymbol | undefined {
  return outline.symbols.find((s) => offset >= s.start && offset <= s.end);
}
