// What the editor shows about a model: its named parts with their ranges
// (CodeLens on variants, hovers on counters and locks) and the symbol under
// the cursor.

import { contains, type Range } from './diagnostics';
import type { Model, ModelSymbol } from './model';

export interface OutlineItem {
  name: string;
  /** The name where it is declared. */
  range: Range;
  /** A few words for a hover or a CodeLens title: the lock type, the counter scope, a variant's description. */
  detail: string;
}

export interface ModelOutline {
  name: string;
  variants: OutlineItem[];
  locks: OutlineItem[];
  counters: OutlineItem[];
  functions: OutlineItem[];
  threads: OutlineItem[];
  queues: OutlineItem[];
  devices: OutlineItem[];
  netisrs: OutlineItem[];
  sweep?: { path: string; range: Range; labels: string[] };
}

export function modelOutline(model: Model): ModelOutline {
  const s = model.spec;
  const threads = new Map<string, OutlineItem>();
  for (const t of s.threads) {
    const prev = threads.get(t.group);
    if (prev) prev.detail = `${t.kind}, ${countInstances(s.threads, t.group)} instances, runs ${t.entry.name}`;
    else threads.set(t.group, { name: t.group, range: t.at, detail: `${t.kind}, ${t.cpu < 0 ? 'any CPU' : `CPU ${t.cpu}`}, runs ${t.entry.name}` });
  }
  return {
    name: model.name,
    variants: model.variants.map((v) => ({ name: v.name, range: v.at, detail: v.description })),
    locks: s.locks.map((l) => ({ name: l.name, range: l.at, detail: `${l.kind}${l.kind === 'mutex' || l.kind === 'rw' ? ` (${l.wait})` : ''}${l.recursive ? ', recursive' : ''}` })),
    counters: s.counters.map((c) => ({ name: c.name, range: c.at, detail: c.scope })),
    functions: s.functions.map((f) => ({ name: f.name, range: f.at, detail: `${f.steps.length} step${f.steps.length === 1 ? '' : 's'}` })),
    threads: [...threads.values()],
    queues: s.queues.map((q) => ({ name: q.name, range: q.at, detail: `limit ${q.limit}` })),
    devices: s.devices.map((d) => ({ name: d.name, range: d.at, detail: `${d.rx.length} RX queue${d.rx.length === 1 ? '' : 's'}` })),
    netisrs: s.netisrs.map((n) => ({ name: n.name, range: n.at, detail: `${n.mode} dispatch, ${n.perCpu ? 'a thread per CPU' : `${n.threads} thread${n.threads === 1 ? '' : 's'}`}, runs ${n.handler.name}` })),
    sweep: model.sweep ? { path: model.sweep.path, range: model.sweep.at, labels: model.sweep.points.map((p) => p.label) } : undefined,
  };
}

function countInstances(threads: { group: string }[], group: string): number {
  return threads.filter((t) => t.group === group).length;
}

/** The declared or referenced name at a 1-based position, if any. */
export function symbolAt(model: Model, line: number, column: number): ModelSymbol | undefined {
  for (const s of model.symbols) if (contains(s.range, line, column)) return s;
  return undefined;
}
