// The call graph: no recursion (a call chain is the stack the trace records,
// and the engine has a fixed depth), and each function's steps must suit every
// context that reaches it — interrupt handlers cannot sleep, and `dequeue: rx`
// only means something under a device's RX interrupt.

import type { Diagnostics, Range } from '../diagnostics';
import type { MFunction, MSpec, MStep } from '../spec';
import type { Tables } from './tables';
import { forEachStep } from './walk';

export interface CallGraph {
  /** Caller → its call steps (callee name and where). */
  calls: Map<string, { fn: string; at: Range }[]>;
  /** False when a cycle was found (analyses that follow calls must not run). */
  acyclic: boolean;
  /** Functions reached from each kind of root: a thread, a device RX interrupt, a timer interrupt. */
  reachedBy: Map<string, Root[]>;
}

export interface Root {
  kind: 'thread' | 'device' | 'timer';
  name: string;
  /** For threads: the thread kind (user threads start their entry in user mode). */
  threadKind?: string;
}

export function checkCalls(spec: MSpec, t: Tables, diags: Diagnostics): CallGraph {
  const calls = new Map<string, { fn: string; at: Range }[]>();
  for (const f of spec.functions) {
    const out: { fn: string; at: Range }[] = [];
    forEachStep(f.steps, (s) => {
      if (s.op === 'call' && t.functions.has(s.fn.name)) out.push({ fn: s.fn.name, at: s.fn.at });
    });
    calls.set(f.name, out);
  }
  const acyclic = findRecursion(spec.functions, calls, diags);
  const reachedBy = new Map<string, Root[]>();
  const reach = (fn: string, root: Root): void => {
    const seen = new Set<string>();
    const stack = [fn];
    while (stack.length) {
      const f = stack.pop()!;
      if (seen.has(f) || !t.functions.has(f)) continue;
      seen.add(f);
      const list = reachedBy.get(f) ?? [];
      if (list.length < 8) list.push(root); // a few roots are enough to explain a message
      reachedBy.set(f, list);
      for (const c of calls.get(f) ?? []) stack.push(c.fn);
    }
  };
  const seenGroups = new Set<string>();
  for (const th of spec.threads) {
    if (seenGroups.has(th.group)) continue;
    seenGroups.add(th.group);
    reach(th.entry.name, { kind: 'thread', name: th.group, threadKind: th.kind });
  }
  for (const d of spec.devices) if (d.handler && d.rx.length) reach(d.handler.name, { kind: 'device', name: d.name });
  for (const tm of spec.timers) reach(tm.handler.name, { kind: 'timer', name: tm.name.replace(/\/\d+$/, '') });

  for (const f of spec.functions) checkContexts(f, reachedBy.get(f.name) ?? [], diags);
  return { calls, acyclic, reachedBy };
}

function findRecursion(fns: MFunction[], calls: Map<string, { fn: string; at: Range }[]>, diags: Diagnostics): boolean {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const reported = new Set<string>();
  let acyclic = true;
  const visit = (f: string): void => {
    state.set(f, 1);
    path.push(f);
    for (const c of calls.get(f) ?? []) {
      const s = state.get(c.fn);
      if (s === 1) {
        acyclic = false;
        const cycle = path.slice(path.indexOf(c.fn));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const chain = [...cycle, c.fn].join(' → ');
          diags.error(c.at, cycle.length === 1 ? `${f} calls itself; recursion is not allowed (each call is a stack frame of the trace)` : `recursion: ${chain}; calls cannot form a cycle (each call is a stack frame of the trace)`);
        }
      } else if (s === undefined) visit(c.fn);
    }
    path.pop();
    state.set(f, 2);
  };
  for (const f of fns) if (!state.has(f.name)) visit(f.name);
  return acyclic;
}

function describeRoot(r: Root): string {
  return r.kind === 'thread' ? `thread ${r.name}` : r.kind === 'device' ? `device ${r.name}'s RX interrupt` : `timer ${r.name}`;
}

function checkContexts(f: MFunction, roots: Root[], diags: Diagnostics): void {
  const irq = roots.find((r) => r.kind !== 'thread');
  const notDevice = roots.find((r) => r.kind !== 'device');
  forEachStep(f.steps, (s: MStep) => {
    if (s.op === 'dequeue' && s.queue === null && notDevice) {
      diags.error(s.at, `dequeue: rx takes from the RX ring whose interrupt is running, but ${f.name} also runs from ${describeRoot(notDevice)}, which has no ring; name a queue instead`);
    }
    if (!irq) return;
    const where = `${f.name} runs in interrupt context (from ${describeRoot(irq)})`;
    if (s.op === 'sleep') diags.error(s.at, `${where} and cannot sleep; hand the work to a thread (enqueue + a thread that dequeues)`);
    else if (s.op === 'yield') diags.error(s.at, `${where} and cannot yield the CPU`);
    else if (s.op === 'dequeue' && s.queue !== null && s.ifEmpty === 'block') diags.error(s.at, `${where} and cannot block on an empty queue; add if_empty: skip (or break inside a loop)`);
    else if (s.op === 'loop' && s.count === Infinity && !s.body.some((b) => b.op === 'dequeue' && b.ifEmpty === 'break')) {
      diags.error(s.at, `${where}, so a loop: forever would never let the interrupt end; use a count or { quota: N }`);
    }
  });
}
