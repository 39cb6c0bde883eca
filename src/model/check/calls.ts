// The call graph: no recursion (a call chain is the stack the trace records,
// and the engine has a fixed depth), and each function's steps must suit every
// context that reaches it — interrupt handlers cannot sleep, and `dequeue: rx`,
// `irq` and `poll_done` only mean something where there is an RX ring (a
// device's RX interrupt, or a thread declared with ring:). A netisr dispatch
// that may run the handler in place (direct, hybrid) counts as a call.

import { MAX_DEPTH } from '../../sim/runtime';
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
  /** The context has an RX ring: a device's interrupt, or a thread declared with ring:. */
  ring: boolean;
  /** Device roots: the device's RX rings. */
  rings?: string[];
}

export function checkCalls(spec: MSpec, t: Tables, diags: Diagnostics): CallGraph {
  const calls = new Map<string, { fn: string; at: Range }[]>();
  for (const f of spec.functions) {
    const out: { fn: string; at: Range }[] = [];
    forEachStep(f.steps, (s) => {
      if (s.op === 'call' && t.functions.has(s.fn.name)) out.push({ fn: s.fn.name, at: s.fn.at });
      const h = dispatchTarget(s, t);
      if (h) out.push({ fn: h, at: s.at });
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
    reach(th.entry.name, { kind: 'thread', name: th.group, threadKind: th.kind, ring: th.binding === 'ring' });
  }
  for (const n of spec.netisrs) reach(n.handler.name, { kind: 'thread', name: `${n.name}/0`, threadKind: 'softint', ring: false });
  for (const d of spec.devices) if (d.handler && d.rx.length) reach(d.handler.name, { kind: 'device', name: d.name, ring: true, rings: d.rx.map((r) => r.ring) });
  for (const tm of spec.timers) reach(tm.handler.name, { kind: 'timer', name: tm.name.replace(/\/\d+$/, ''), ring: false });

  for (const f of spec.functions) checkContexts(f, reachedBy.get(f.name) ?? [], t, diags);
  if (acyclic) checkCallDepth(spec, calls, t, diags);
  return { calls, acyclic, reachedBy };
}

/**
 * The engine keeps MAX_DEPTH frames per context (a thread, an interrupt): a longer call chain would stop
 * the run part way. Reported at the call that would make the frame past the last, from each root whose
 * chain is too long. Longest chains are found callees first, with an explicit stack (no recursion).
 */
function checkCallDepth(spec: MSpec, calls: Map<string, { fn: string; at: Range }[]>, t: Tables, diags: Diagnostics): void {
  /** Frames of the longest chain starting at a function (itself included), and the call it continues with. */
  const longest = new Map<string, { frames: number; via?: { fn: string; at: Range } }>();
  const chainOf = (root: string): number => {
    const todo: [string, boolean][] = [[root, false]];
    while (todo.length) {
      const [f, calleesDone] = todo.pop()!;
      if (longest.has(f)) continue;
      const out = (calls.get(f) ?? []).filter((c) => t.functions.has(c.fn));
      if (!calleesDone) {
        todo.push([f, true]);
        for (const c of out) if (!longest.has(c.fn)) todo.push([c.fn, false]);
        continue;
      }
      let best: { frames: number; via?: { fn: string; at: Range } } = { frames: 1 };
      for (const c of out) {
        const n = 1 + longest.get(c.fn)!.frames;
        if (n > best.frames) best = { frames: n, via: c };
      }
      longest.set(f, best);
    }
    return longest.get(root)?.frames ?? 0;
  };
  const reported = new Set<string>();
  const check = (entry: string, what: string, framesAbove: number): void => {
    if (!t.functions.has(entry)) return;
    const frames = framesAbove + chainOf(entry);
    if (frames <= MAX_DEPTH) return;
    // Walk the chain to the call that makes frame MAX_DEPTH + 1.
    const chain = [entry];
    let f = entry;
    let at: Range | undefined;
    for (let depth = framesAbove + 1; depth <= MAX_DEPTH; depth++) {
      const via = longest.get(f)!.via!;
      at = via.at;
      f = via.fn;
      chain.push(f);
    }
    const key = `${at!.line}:${at!.column}`;
    if (reported.has(key)) return;
    reported.add(key);
    const shown = chain.length > 6 ? [...chain.slice(0, 3), '…', ...chain.slice(-2)] : chain;
    diags.error(at!, `calls nest ${frames} deep from ${what} (${shown.join(' → ')}); the engine keeps at most ${MAX_DEPTH} frames per thread or interrupt, so the run would stop here`);
  };
  const seenGroups = new Set<string>();
  for (const th of spec.threads) {
    if (seenGroups.has(th.group)) continue;
    seenGroups.add(th.group);
    check(th.entry.name, `thread ${th.group}`, 0);
  }
  // A netisr workstream runs swi_net, which calls the handler: one frame above it.
  for (const n of spec.netisrs) check(n.handler.name, `netisr ${n.name}'s thread`, 1);
  for (const d of spec.devices) if (d.handler && d.rx.length) check(d.handler.name, `device ${d.name}'s RX interrupt`, 0);
  for (const tm of spec.timers) check(tm.handler.name, `timer ${tm.name}`, 0);
}

/**
 * Depth-first over the call graph with an explicit stack (a chain of thousands of calls is a model the
 * checker must refuse, not overflow on): a call back into a function on the current path is recursion.
 */
function findRecursion(fns: MFunction[], calls: Map<string, { fn: string; at: Range }[]>, diags: Diagnostics): boolean {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  const path: string[] = [];
  const next: number[] = []; // per path entry: the index of its next call to follow
  const reported = new Set<string>();
  let acyclic = true;
  for (const root of fns) {
    if (state.has(root.name)) continue;
    state.set(root.name, 1);
    path.push(root.name);
    next.push(0);
    while (path.length) {
      const f = path[path.length - 1];
      const out = calls.get(f) ?? [];
      const i = next[next.length - 1]++;
      if (i >= out.length) {
        path.pop();
        next.pop();
        state.set(f, 2);
        continue;
      }
      const c = out[i];
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
      } else if (s === undefined) {
        state.set(c.fn, 1);
        path.push(c.fn);
        next.push(0);
      }
    }
  }
  return acyclic;
}

function describeRoot(r: Root): string {
  return r.kind === 'thread' ? `thread ${r.name}` : r.kind === 'device' ? `device ${r.name}'s RX interrupt` : `timer ${r.name}`;
}

/** The handler a dispatch step may call in place (direct or hybrid netisr), if any. */
export function dispatchTarget(s: MStep, t: Tables): string | undefined {
  if (s.op !== 'dispatch') return undefined;
  const n = t.netisrs.get(s.netisr.name);
  if (!n || n.mode === 'deferred' || !t.functions.has(n.handler.name)) return undefined;
  return n.handler.name;
}

function checkContexts(f: MFunction, roots: Root[], t: Tables, diags: Diagnostics): void {
  const irq = roots.find((r) => r.kind !== 'thread');
  const ringless = roots.find((r) => !r.ring);
  forEachStep(f.steps, (s: MStep) => {
    if (s.op === 'dequeue' && s.queue === null && ringless) {
      diags.error(s.at, `dequeue: rx takes from the RX ring whose interrupt is running, but ${f.name} also runs from ${describeRoot(ringless)}, which has no ring; name a queue instead (or give the thread ring:)`);
    }
    if ((s.op === 'irq' || (s.op === 'poll_done' && !irq)) && ringless) {
      diags.error(s.at, `${s.op === 'irq' ? 'irq' : 'poll_done'} acts on the vector of the context's RX ring, but ${f.name} also runs from ${describeRoot(ringless)}, which has no ring (give the thread ring: DEVICE)`);
    }
    if (s.op === 'wakeup') checkRingWakeup(f, s.thread.name, s.at, roots, t, diags);
    if (!irq) return;
    const where = `${f.name} runs in interrupt context (from ${describeRoot(irq)})`;
    if (s.op === 'poll_done') diags.error(s.at, `${where}; poll_done ends a polling thread's pass (and may sleep): use it in the thread the interrupt wakes`);
    else if (s.op === 'sleep') diags.error(s.at, `${where} and cannot sleep; hand the work to a thread (enqueue + a thread that dequeues)`);
    else if (s.op === 'yield') diags.error(s.at, `${where} and cannot yield the CPU`);
    else if (s.op === 'dequeue' && s.queue !== null && s.ifEmpty === 'block') diags.error(s.at, `${where} and cannot block on an empty queue; add if_empty: skip (or break inside a loop)`);
    else if (s.op === 'loop' && s.count === Infinity && !s.body.some((b) => b.op === 'dequeue' && b.ifEmpty === 'break')) {
      diags.error(s.at, `${where}, so a loop: forever would never let the interrupt end; use a count or { quota: N }`);
    }
  });
}

/** `wakeup: G` of ring-bound threads wakes the poller of the waker's ring: every context reaching it needs a ring G polls. */
function checkRingWakeup(f: MFunction, name: string, at: Range, roots: Root[], t: Tables, diags: Diagnostics): void {
  if (t.threads.has(name)) return;
  const group = t.threadGroups.get(name);
  if (!group || group[0].binding !== 'ring') return;
  const ringless = roots.find((r) => !r.ring);
  if (ringless) {
    diags.error(at, `wakeup: ${name} wakes the ${name} thread polling the ring whose interrupt is running, but ${f.name} also runs from ${describeRoot(ringless)}, which has no ring; wake one instance (${group[0].name})`);
    return;
  }
  const polled = new Set(group.map((g) => g.ring));
  for (const r of roots) {
    if (r.kind === 'device' && r.rings && !r.rings.some((x) => polled.has(x))) {
      diags.error(at, `wakeup: ${name} wakes the poller of the interrupting ring, but ${name} polls ${[...polled].join(', ')} and none of device ${r.name}'s rings`);
    }
  }
}
