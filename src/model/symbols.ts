// Every declared name and every reference to one, with ranges, for hovers,
// go-to-definition and CodeLens in the editor.

import type { Range } from './diagnostics';
import type { ModelSymbol, SymbolKind } from './model';
import type { MSpec, NameRef } from './spec';
import { forEachStep } from './check/walk';

export function collectSymbols(specs: MSpec[], variants: { name: string; at: Range }[]): ModelSymbol[] {
  const out: ModelSymbol[] = [];
  const seen = new Set<string>();
  const decls = new Map<string, Range>();
  const add = (kind: SymbolKind, name: string, range: Range, declaration: boolean): void => {
    if (!name) return;
    const k = `${range.line}:${range.column}:${range.endLine}:${range.endColumn}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ kind, name, range, declaration });
  };
  for (const spec of specs) {
    for (const l of spec.locks) add('lock', l.name, l.at, true);
    for (const c of spec.counters) add('counter', c.name, c.at, true);
    for (const q of spec.queues) add('queue', q.name, q.at, true);
    for (const f of spec.functions) add('function', f.name, f.at, true);
    for (const t of spec.threads) add('thread', t.group, t.at, true);
    for (const d of spec.devices) add('device', d.name, d.at, true);
    for (const n of spec.netisrs) add('netisr', n.name, n.at, true);
  }
  for (const v of variants) add('variant', v.name, v.at, true);
  for (const s of out) decls.set(`${s.kind}:${s.name}`, s.range);

  const ref = (kind: SymbolKind, r: NameRef | null | undefined): void => {
    if (r) add(kind, r.name, r.at, false);
  };
  for (const spec of specs) {
    for (const t of spec.threads) ref('function', t.entry);
    for (const d of spec.devices) ref('function', d.handler);
    for (const tm of spec.timers) ref('function', tm.handler);
    for (const tr of spec.traffic) ref('device', tr.device);
    for (const n of spec.netisrs) ref('function', n.handler);
    for (const f of spec.functions) {
      forEachStep(f.steps, (s) => {
        switch (s.op) {
          case 'lock': case 'unlock': case 'synchronize': case 'section': ref('lock', s.lock); break;
          case 'count': case 'sum': ref('counter', s.counter); break;
          case 'call': ref('function', s.fn); break;
          case 'enqueue': ref('queue', s.queue); break;
          case 'dequeue': ref('queue', s.queue); break;
          case 'wakeup': ref('thread', { name: s.thread.name.replace(/\/\d+$/, ''), at: s.thread.at }); break;
          case 'transmit': ref('device', s.device); break;
          case 'dispatch': ref('netisr', s.netisr); break;
          default: break;
        }
      });
    }
  }
  for (const s of out) s.declaredAt = decls.get(`${s.kind}:${s.name}`);
  return out;
}
