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
