// A flame graph's tree: one node per call path, frames merged by function name
// (as flamegraph.pl and speedscope do), with self and total time. Stored as
// parallel typed arrays; children sorted by name so two builds of the same
// data lay out identically and two trees can be walked side by side.
import { StringTable } from '../stringTable';

export interface FlameTree {
  /** Number of nodes; node 0 is the root (the name of the whole graph). */
  size: number;
  parent: Int32Array;
  /** Index into `names`. */
  name: Int32Array;
  /** Source to open for the node: the heaviest contributing frame's source (0 = none). */
  src: Int32Array;
  self: Float64Array;
  total: Float64Array;
  depth: Int32Array;
  /** Children of n are children[childStart[n] .. childStart[n + 1]), sorted by name. */
  childStart: Int32Array;
  children: Int32Array;
  names: string[];
  maxDepth: number;
}

export class FlameTreeBuilder {
  private readonly nameTable = new StringTable();
  readonly names: string[] = this.nameTable.list;
  private parent: number[] = [-1];
  private nameOf: number[] = [];
  private src: number[] = [0];
  private srcWeight: number[] = [0];
  self: number[] = [0];
  private childIds = new Map<number, number>();

  constructor(rootName: string) {
    this.nameOf.push(this.nameId(rootName));
  }

  get size(): number { return this.parent.length; }

  nameId(name: string): number {
    return this.nameTable.id(name);
  }


  /** The child of `node` named `nameId`, created on first use. */
  child(node: number, nameId: number): number {
    const key = node * 2097152 + nameId; // names < 2^21, nodes < 2^32: exact in a double
    let id = this.childIds.get(key);
    if (id === undefined) {
      id = this.parent.length;
      this.parent.push(node);
      this.nameOf.push(nameId);
      this.src.push(0);
      this.srcWeight.push(-1);
      this.self.push(0);
      this.childIds.set(key, id);
    }
    return id;
  }

  /** Walk/create a path of names below `node`. */
  path(node: number, names: readonly string[]): number {
    for (const n of names) node = this.child(node, this.nameId(n));
    return node;
  }

  /** Offer a source for the node: kept if `weight` beats the sources offered before. */
  offerSrc(node: number, src: number, weight: number): void {
    if (src > 0 && weight > this.srcWeight[node]) {
      this.src[node] = src;
      this.srcWeight[node] = weight;
    }
  }

  addSelf(node: number, w: number): void {
    this.self[node] += w;
  }

  finish(): FlameTree {
    const size = this.parent.length;
    const parent = Int32Array.from(this.parent);
    const self = Float64Array.from(this.self);
    const total = Float64Array.from(self);
    // Children are always created after their parent, so one backwards sweep sums totals.
    for (let n = size - 1; n > 0; n--) total[parent[n]] += total[n];
    const depth = new Int32Array(size);
    let maxDepth = 0;
    for (let n = 1; n < size; n++) {
      depth[n] = depth[parent[n]] + 1;
      if (depth[n] > maxDepth) maxDepth = depth[n];
    }
    const childStart = new Int32Array(size + 1);
    for (let n = 1; n < size; n++) childStart[parent[n] + 1]++;
    for (let n = 0; n < size; n++) childStart[n + 1] += childStart[n];
    const fill = childStart.slice(0, size);
    const children = new Int32Array(Math.max(0, size - 1));
    for (let n = 1; n < size; n++) children[fill[parent[n]]++] = n;
    const names = this.names;
    const nameOf = this.nameOf;
    for (let n = 0; n < size; n++) {
      const a = childStart[n], b = childStart[n + 1];
      if (b - a > 1) {
        const sorted = Array.from(children.subarray(a, b)).sort((x, y) => cmp(names[nameOf[x]], names[nameOf[y]]));
        children.set(sorted, a);
      }
    }
    return {
      size, parent, name: Int32Array.from(nameOf), src: Int32Array.from(this.src), self, total, depth,
      childStart, children, names, maxDepth,
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function nodeName(t: FlameTree, node: number): string {
  return t.names[t.name[node]];
}

export function childrenOf(t: FlameTree, node: number): Int32Array {
  return t.children.subarray(t.childStart[node], t.childStart[node + 1]);
}

/** Names from the root's child down to `node`. */
export function nodePath(t: FlameTree, node: number): string[] {
  const out: string[] = [];
  for (let n = node; n > 0; n = t.parent[n]) out.push(nodeName(t, n));
  return out.reverse();
}

/** The node at a path of names below the root, or -1. */
export function findPath(t: FlameTree, path: readonly string[]): number {
  let node = 0;
  for (const name of path) {
    let next = -1;
    for (const c of childrenOf(t, node)) if (nodeName(t, c) === name) { next = c; break; }
    if (next < 0) return -1;
    node = next;
  }
  return node;
}

/** Folded stacks ("a;b;c 123"), one line per node with self time, in tree order. */
export function toFolded(t: FlameTree, scale = 1): string {
  const lines: string[] = [];
  const walk = (node: number, prefix: string) => {
    const label = node === 0 ? '' : prefix ? `${prefix};${nodeName(t, node)}` : nodeName(t, node);
    if (node !== 0 && t.self[node] > 0) lines.push(`${label} ${Math.round(t.self[node] * scale)}`);
    for (const c of childrenOf(t, node)) walk(c, label);
  };
  walk(0, '');
  return lines.join('\n');
}
