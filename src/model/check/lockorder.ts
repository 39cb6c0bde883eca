// Lock order, as FreeBSD's WITNESS checks it, but statically on the model:
// every time a lock B is taken (directly or inside a called function) while
// A may be held, the model says "A before B". A cycle in that order (A before
// B somewhere, B before A elsewhere) means two CPUs can deadlock. Calls also
// carry "may sleep" up to callers holding a spin lock, and a callee taking a
// lock its caller holds is a self-deadlock.

import type { Diagnostics, Range } from '../diagnostics';
import type { MSpec } from '../spec';
import { analyzeFunctionLocks, checkSleepUnderLocks, type FunctionLocks } from './locksets';
import type { Tables } from './tables';

interface Acquired {
  /** Where the lock is finally taken, and the function that takes it. */
  at: Range;
  fn: string;
  mode: 'read' | 'exclusive';
}

interface Edge {
  from: string;
  to: string;
  /** The step that takes `to` (or the call leading to it). */
  at: Range;
  fn: string;
  /** Where `to` is actually taken when it is inside a callee. */
  via?: { fn: string; at: Range };
  fromAt: Range;
}

export function checkLocks(spec: MSpec, t: Tables, diags: Diagnostics): void {
  const summaries = new Map<string, FunctionLocks>();
  for (const f of spec.functions) summaries.set(f.name, analyzeFunctionLocks(f, t, diags));
  // Locks each function takes, itself or through calls (memoised; a function being summarised
  // counts as empty when reached again, so recursion — already an error — cannot loop here).
  const acquires = new Map<string, Map<string, Acquired>>();
  const sleeps = new Map<string, { at: Range; fn: string } | undefined>();
  // Callees before callers, with an explicit stack: a chain of thousands of calls must not overflow the checker.
  const summarize = (root: string): void => {
    const todo: [string, boolean][] = [[root, false]];
    while (todo.length) {
      const [name, calleesDone] = todo.pop()!;
      const s = summaries.get(name);
      if (!calleesDone) {
        if (acquires.has(name)) continue;
        const mine = new Map<string, Acquired>();
        acquires.set(name, mine);
        if (!s) continue;
        for (const a of s.acquisitions) if (!mine.has(a.lock)) mine.set(a.lock, { at: a.at, fn: name, mode: a.mode });
        todo.push([name, true]);
        for (let i = s.calls.length - 1; i >= 0; i--) if (!acquires.has(s.calls[i].fn)) todo.push([s.calls[i].fn, false]);
        continue;
      }
      const mine = acquires.get(name)!;
      let sleep = s!.sleepsAt ? { at: s!.sleepsAt, fn: name } : undefined;
      for (const c of s!.calls) {
        for (const [lock, a] of acquires.get(c.fn) ?? []) if (!mine.has(lock)) mine.set(lock, a);
        sleep ??= sleeps.get(c.fn);
      }
      sleeps.set(name, sleep);
    }
  };
  for (const f of spec.functions) summarize(f.name);

  const edges = new Map<string, Edge>();
  const addEdge = (e: Edge): void => {
    const k = `${e.from}\u0000${e.to}`;
    if (!edges.has(k)) edges.set(k, e);
  };
  for (const s of summaries.values()) {
    for (const a of s.acquisitions) {
      for (const [from, h] of a.held) if (!isPszRead(t, from, h.mode)) addEdge({ from, to: a.lock, at: a.at, fn: s.fn, fromAt: h.at });
    }
    for (const c of s.calls) {
      if (c.held.size === 0) continue;
      for (const [lock, a] of acquires.get(c.fn) ?? []) {
        const h = c.held.get(lock);
        if (h) {
          const l = t.locks.get(lock);
          if (l && !(l.recursive && h.mode === 'exclusive' && a.mode === 'exclusive')) {
            diags.error(c.at, `${c.fn} takes ${lock} (in ${a.fn}, line ${a.at.line}), which is already held here (taken at line ${h.at.line}): self-deadlock`);
          }
          continue;
        }
        for (const [from, hh] of c.held) if (!isPszRead(t, from, hh.mode)) addEdge({ from, to: lock, at: c.at, fn: s.fn, via: { fn: a.fn, at: a.at }, fromAt: hh.at });
      }
      const sl = sleeps.get(c.fn);
      if (sl) checkSleepUnderLocks(c.held, c.at, `calling ${c.fn}`, t, diags, ` (which may sleep: ${sl.fn}, line ${sl.at.line})`);
    }
  }
  reportCycles(edges, diags);
}

function isPszRead(t: Tables, lock: string, mode: 'read' | 'exclusive'): boolean {
  return mode === 'read' && t.locks.get(lock)?.kind === 'pserialize';
}

function describeEdge(e: Edge): string {
  const where = e.via ? `${e.fn} line ${e.at.line}, via ${e.via.fn} line ${e.via.at.line}` : `${e.fn} line ${e.at.line}`;
  return `${e.to} taken while holding ${e.from} (${where})`;
}

/** One error per cycle of the order graph, at the acquisition that closes it. */
function reportCycles(edges: Map<string, Edge>, diags: Diagnostics): void {
  const out = new Map<string, Edge[]>();
  for (const e of edges.values()) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const reported = new Set<string>();
  for (const first of edges.values()) {
    // Shortest path back from first.to to first.from closes a cycle through `first`.
    const prev = new Map<string, Edge>();
    const queue = [first.to];
    const seen = new Set([first.to]);
    let found = false;
    while (queue.length && !found) {
      const n = queue.shift()!;
      for (const e of out.get(n) ?? []) {
        if (seen.has(e.to)) continue;
        seen.add(e.to);
        prev.set(e.to, e);
        if (e.to === first.from) { found = true; break; }
        queue.push(e.to);
      }
    }
    if (!found) continue;
    const cycle: Edge[] = [first];
    const back: Edge[] = [];
    for (let n = first.from; n !== first.to; ) {
      const e = prev.get(n)!;
      back.push(e);
      n = e.from;
    }
    cycle.push(...back.reverse());
    const key = cycle.map((e) => e.from).sort().join('\u0000');
    if (reported.has(key)) continue;
    reported.add(key);
    // Report where the later acquisition in the file is, as WITNESS reports the second order seen.
    const site = cycle.reduce((a, b) => (b.at.line > a.at.line || (b.at.line === a.at.line && b.at.column > a.at.column) ? b : a));
    const others = cycle.filter((e) => e !== site).map(describeEdge).join('; ');
    const what = cycle.length === 2 ? 'lock order reversal' : 'lock order cycle';
    diags.error(site.at, `${what}: ${describeEdge(site)}, but ${others}; two CPUs taking these paths at once can deadlock`);
  }
}
