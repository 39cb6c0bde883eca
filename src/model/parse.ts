// Text → located tree, with YAML syntax problems as diagnostics. Uses the
// `yaml` package's document API (it keeps the offset range of every node) and a
// LineCounter to turn offsets into 1-based line/column.

import { Alias, LineCounter, parseAllDocuments, isAlias, isMap, isScalar, isSeq, isPair, type Document, type Node as YNode } from 'yaml';
import type { Diagnostics, Range } from './diagnostics';
import type { LEntry, LMap, LNode, Scalar } from './tree';

/**
 * Alias expansion beyond this many nodes is refused ("billion laughs"). Only nodes reached through an alias
 * count: the file's own nodes are bounded by its size (a map of 200,000 counters was refused as aliases).
 */
const MAX_ALIAS_NODES = 100_000;
/** Deeper nesting is refused before it can exhaust the stack. */
const MAX_NESTING = 200;

export interface Parsed {
  root?: LMap;
  lines: LineCounter;
}

export function parseText(text: string, diags: Diagnostics): Parsed {
  const lines = new LineCounter();
  const at = (start: number, end: number): Range => {
    const a = lines.linePos(Math.max(0, Math.min(start, text.length)));
    const b = lines.linePos(Math.max(0, Math.min(Math.max(end, start), text.length)));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  let docs: Document.Parsed[];
  // The yaml package reports syntax errors as Error objects; their stack traces are never shown
  // and capturing them is a large part of parsing a broken file, so skip that while parsing.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, strict: true }) as Document.Parsed[];
  } catch (e) {
    // The parser is not supposed to throw; if it does, still say where we are.
    diags.error(at(0, 0), `could not read the file as YAML: ${(e as Error).message}`);
    return { lines };
  } finally {
    Error.stackTraceLimit = stackLimit;
  }
  if (!Array.isArray(docs)) docs = [docs];
  let syntaxErrors = 0;
  for (const doc of docs) {
    for (const err of doc.errors) {
      const [s, e] = err.pos;
      diags.error(at(s, e === s ? s + 1 : e), `YAML syntax: ${friendly(err.code, err.message)}`);
      syntaxErrors++;
    }
  }
  if (docs.length > 1) {
    const second = docs[1].range ?? [0, 0];
    diags.error(at(second[0], second[0] + 3), 'a model file holds one document; remove the second `---` or split the file');
    return { lines };
  }
  if (syntaxErrors > 0) return { lines };
  const doc = docs[0];
  if (!doc || doc.contents === null || doc.contents === undefined) {
    diags.error(at(0, Math.min(text.length, 1)), 'the file is empty: a model needs at least `name:`, `functions:` and `threads:` or `devices:`');
    return { lines };
  }
  let budget = MAX_ALIAS_NODES;
  let depth = 0;
  let tooDeep: Range | undefined;
  const resolving = new Set<unknown>();
  // Alias.resolve searches the document each time; an alias inside an expanded anchor repeats.
  const targets = new Map<Alias, unknown>();
  const convert = (node: unknown): LNode | undefined => {
    if (resolving.size > 0 && --budget < 0) return undefined;
    if (depth > MAX_NESTING) {
      tooDeep ??= rangeOf(node as YNode);
      return undefined;
    }
    depth++;
    try {
      return convertNode(node);
    } finally {
      depth--;
    }
  };
  const convertNode = (node: unknown): LNode | undefined => {
    if (isAlias(node)) {
      let target = targets.get(node as Alias);
      if (target === undefined && !targets.has(node as Alias)) {
        target = (node as Alias).resolve(doc);
        targets.set(node as Alias, target);
      }
      const r = rangeOf(node as YNode);
      if (!target || resolving.has(target)) {
        diags.error(r, `alias *${(node as Alias).source} does not point at an earlier anchor`);
        return { kind: 'scalar', value: null, range: r };
      }
      resolving.add(target);
      const out = convert(target);
      resolving.delete(target);
      return out;
    }
    if (isScalar(node)) {
      const v = node.value;
      const value: Scalar = v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? (v ?? null) : String(v);
      return { kind: 'scalar', value, range: rangeOf(node) };
    }
    if (isSeq(node)) {
      const items: LNode[] = [];
      for (const it of node.items) {
        const c = convert(it);
        if (c) items.push(c);
      }
      return { kind: 'seq', items, range: rangeOf(node) };
    }
    if (isMap(node)) {
      const entries: LEntry[] = [];
      const firstAt = new Map<string, Range>();
      for (const p of node.items) {
        if (!isPair(p)) continue;
        const k = p.key;
        const keyRange = k && typeof k === 'object' && 'range' in k && (k as YNode).range ? rangeOf(k as YNode) : rangeOf(node);
        if (!isScalar(k) || k.value === null || k.value === undefined || typeof k.value === 'object') {
          diags.error(keyRange, isScalar(k) || k === null ? 'a key is missing before `:`' : 'keys must be plain names, not lists or maps');
          continue;
        }
        const key = String(k.value);
        const prev = firstAt.get(key);
        if (prev) {
          diags.error(keyRange, `duplicate key "${key}" (first defined at line ${prev.line})`);
          continue;
        }
        firstAt.set(key, keyRange);
        let value = p.value === null || p.value === undefined ? undefined : convert(p.value);
        if (budget < 0) return undefined;
        if (!value) value = { kind: 'scalar', value: null, range: { line: keyRange.endLine, column: keyRange.endColumn, endLine: keyRange.endLine, endColumn: keyRange.endColumn } };
        entries.push({ key, keyRange, value, range: spanRanges(keyRange, value.range) });
      }
      return { kind: 'map', entries, range: rangeOf(node) };
    }
    return undefined;
  };
  const rangeOf = (n: YNode): Range => {
    const r = n.range;
    if (!r) return at(0, 0);
    return at(r[0], r[1]);
  };
  const root = convert(doc.contents);
  if (tooDeep) {
    diags.error(tooDeep, `the file nests more than ${MAX_NESTING} levels deep`);
    return { lines };
  }
  if (budget < 0) {
    diags.error(at(0, 1), `the file expands to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} nodes through its aliases (aliases inside aliases?)`);
    return { lines };
  }
  if (!root || root.kind !== 'map') {
    diags.error(root?.range ?? at(0, 1), 'a model file is a map of sections: name:, machine:, locks:, functions:, threads: …');
    return { lines };
  }
  return { root, lines };
}

function spanRanges(a: Range, b: Range): Range {
  // An empty value sits right after the key; never let the end come before the start.
  if (b.endLine < a.line || (b.endLine === a.line && b.endColumn < a.endColumn)) return a;
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn };
}

/** The yaml package's messages, made a little plainer for the common cases. */
function friendly(code: string, message: string): string {
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'tabs cannot indent YAML; use spaces';
    case 'BAD_INDENT':
      return `${message} (check the indentation of this line against the lines above)`;
    case 'MISSING_CHAR':
      return message.replace(/^Implicit map keys need to be followed by map values$/, 'a key needs a `:` after it');
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key must fit on one line (is a `:` or a closing bracket missing above?)';
    default:
      // The parser reports its own stack overflow on absurd nesting as an error message.
      if (/call stack/i.test(message)) return 'the file nests too deeply to read';
      return message;
  }
}
