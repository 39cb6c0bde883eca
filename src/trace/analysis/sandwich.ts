// The "sandwich" view of one function (speedscope's name): who calls it
// (callers, inverted: the function at the root, its callers above) and what
// it calls (callees: every call of it merged into one tree). Built from an
// aggregated FlameTree. With recursion, only the outermost call of the
// function on a path counts, so no time is counted twice.
import { FlameTreeBuilder, childrenOf, nodeName, type FlameTree } from './flameTree';

export interface Sandwich {
  name: string;
  /** Time in stacks that contain the function. */
  total: number;
  /** Time with the function as the leaf (every occurrence). */
  self: number;
  callers: FlameTree;
  callees: FlameTree;
}

export function sandwich(t: FlameTree, fn: string): Sandwich {
  const callers = new FlameTreeBuilder(fn);
  const callees = new FlameTreeBuilder(fn);
  let total = 0;
  let self = 0;
  const target = t.names.indexOf(fn);
  for (let n = 1; n < t.size; n++) if (t.name[n] === target) self += t.self[n];

  const copySubtree = (from: number, to: number) => {
    callees.addSelf(to, t.self[from]);
    callees.offerSrc(to, t.src[from], t.total[from]);
    for (const c of childrenOf(t, from)) copySubtree(c, callees.child(to, callees.nameId(nodeName(t, c))));
  };
  const visit = (n: number) => {
    if (n !== 0 && t.name[n] === target) {
      total += t.total[n];
      copySubtree(n, 0);
      let up = 0;
      for (let p = t.parent[n]; p > 0; p = t.parent[p]) {
        up = callers.child(up, callers.nameId(nodeName(t, p)));
        callers.offerSrc(up, t.src[p], t.total[n]);
      }
      callers.addSelf(up, t.total[n]);
      return;
    }
    for (const c of childrenOf(t, n)) visit(c);
  };
  if (target >= 0) visit(0);
  return { name: fn, total, self, callers: callers.finish(), callees: callees.finish() };
}

export interface FunctionTime {
  /** Time in stacks that contain the function (inclusive), its outermost call on each path only. */
  total: number;
  /** Time with the function as the leaf. */
  self: number;
}

/**
 * Every function's inclusive and self time in a flame tree at once: the
 * `total` and `self` sandwich() gives one function, for all of them in one
 * walk (a hover on any function name in a model file reads from this).
 */
export function functionTimes(t: FlameTree): Map<string, FunctionTime> {
  const out = new Map<string, FunctionTime>();
  const byName: (FunctionTime | undefined)[] = [];
  const onPath = new Int32Array(t.names.length); // nodes of each name on the current path
  // Depth-first from the root's children (the root is the graph's title, not
  // a function): a node is pushed as n + 1 to enter it and as -(n + 1) to leave.
  const stack: number[] = [];
  for (const c of childrenOf(t, 0)) stack.push(c + 1);
  while (stack.length) {
    const e = stack.pop()!;
    const n = Math.abs(e) - 1;
    const name = t.name[n];
    if (e < 0) {
      onPath[name]--;
      continue;
    }
    let f = byName[name];
    if (!f) out.set(t.names[name], (f = byName[name] = { total: 0, self: 0 }));
    f.self += t.self[n];
    if (onPath[name] === 0) f.total += t.total[n];
    onPath[name]++;
    stack.push(-e);
    for (const c of childrenOf(t, n)) stack.push(c + 1);
  }
  return out;
}
