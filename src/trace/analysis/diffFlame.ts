// A differential flame graph: the union of two trees' call paths (matched by
// names from the root), each node carrying both runs' self and total time.
// The tree's own self/total are run B's (the "after" run), so its widths show
// B as in Gregg's differential flame graphs; `weightsOf` swaps in run A's.
import { FlameTreeBuilder, childrenOf, nodeName, type FlameTree } from './flameTree';

export interface DiffFlame {
  /** Union tree; self/total are B's; src is B's source (0 for paths only A has). */
  tree: FlameTree;
  /** A's source per node: source ids belong to their own run. */
  srcA: Int32Array;
  selfA: Float64Array;
  totalA: Float64Array;
  selfB: Float64Array;
  totalB: Float64Array;
}

export function diffFlame(a: FlameTree, b: FlameTree, rootName = 'all'): DiffFlame {
  const u = new FlameTreeBuilder(rootName);
  const fromA: [number, number][] = [];
  const walk = (t: FlameTree, n: number, un: number, record: boolean) => {
    if (record) fromA.push([un, n]);
    else {
      u.addSelf(un, t.self[n]);
      u.offerSrc(un, t.src[n], t.total[n]);
    }
    for (const c of childrenOf(t, n)) walk(t, c, u.child(un, u.nameId(nodeName(t, c))), record);
  };
  walk(b, 0, 0, false);
  walk(a, 0, 0, true);
  const tree = u.finish();
  const selfA = new Float64Array(tree.size);
  const srcA = new Int32Array(tree.size);
  for (const [un, n] of fromA) {
    selfA[un] += a.self[n];
    srcA[un] = a.src[n];
  }
  const totalA = Float64Array.from(selfA);
  for (let n = tree.size - 1; n > 0; n--) totalA[tree.parent[n]] += totalA[n];
  return { tree, srcA, selfA, totalA, selfB: tree.self, totalB: tree.total };
}

/** The same tree laid out by run A's or B's time. */
export function weightsOf(d: DiffFlame, run: 'a' | 'b'): FlameTree {
  return run === 'b' ? d.tree : { ...d.tree, self: d.selfA, total: d.totalA };
}
