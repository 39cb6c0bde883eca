// Where each flame-graph frame goes: pure, so zoom, the minimum frame width and
// hit testing are unit-tested without a browser. Root at the top (icicle),
// children left-aligned under their parent in name order. Frames narrower than
// `minWidth` are not laid out; a run of narrow siblings that together reach
// `minWidth` becomes one "merged" rectangle, so a graph of 100k+ stacks lays
// out in time proportional to what is visible.
import { type FlameTree } from '../../src/trace/analysis/flameTree';

export interface FlameLayoutOptions {
  /** CSS pixels. */
  width: number;
  minWidth: number;
  rowHeight: number;
  /** Zoomed-into node: it fills the width, its ancestors span it above. 0 = root. */
  focus: number;
}

export interface FlameLayout {
  count: number;
  /** Tree node per rectangle; -1 for a merged run of narrow frames. */
  node: Int32Array;
  /** For merged rectangles: how many frames, and their parent node. */
  merged: Int32Array;
  parentOf: Int32Array;
  x: Float64Array;
  w: Float64Array;
  depth: Int32Array;
  /** Rectangles of depth d are rowStart[d] .. rowStart[d + 1], in x order. */
  rowStart: Int32Array;
  rows: number;
  rowHeight: number;
  width: number;
  focus: number;
}

export function layoutFlame(tree: FlameTree, opts: FlameLayoutOptions): FlameLayout {
  const { width, minWidth, rowHeight } = opts;
  const focus = opts.focus > 0 && opts.focus < tree.size ? opts.focus : 0;
  const out = new Rects();
  const rowStart: number[] = [];

  // Ancestors of the focus (root first) and the focus itself span the full width.
  const chain: number[] = [];
  for (let n = focus; n >= 0; n = n === 0 ? -1 : tree.parent[n]) chain.push(n);
  chain.reverse();
  for (let d = 0; d < chain.length; d++) {
    rowStart.push(out.count);
    if (tree.total[chain[d]] > 0 || d === 0) out.push(chain[d], 0, -1, 0, width, d);
  }
  const scale = tree.total[focus] > 0 ? width / tree.total[focus] : 0;

  // Breadth first below the focus, so each row comes out in x order.
  let level: number[] = out.count > 0 && out.node[out.count - 1] === focus ? [out.count - 1] : [];
  let depth = chain.length;
  while (level.length > 0) {
    rowStart.push(out.count);
    const next: number[] = [];
    for (const r of level) {
      const p = out.node[r];
      let x = out.x[r];
      let runX = 0, runW = 0, runN = 0;
      const flush = () => {
        if (runN > 0 && runW >= minWidth) out.push(-1, runN, p, runX, runW, depth);
        runN = 0;
        runW = 0;
      };
      for (let i = tree.childStart[p]; i < tree.childStart[p + 1]; i++) {
        const c = tree.children[i];
        const t = tree.total[c];
        if (!(t > 0)) continue;
        const w = t * scale;
        if (w >= minWidth) {
          flush();
          next.push(out.push(c, 0, p, x, w, depth));
        } else {
          if (runN === 0) runX = x;
          runW += w;
          runN++;
        }
        x += w;
      }
      flush();
    }
    level = next;
    depth++;
  }
  rowStart.push(out.count);
  // The last row is empty when only narrow frames remained below it.
  while (rowStart.length > 2 && rowStart[rowStart.length - 1] === rowStart[rowStart.length - 2]) rowStart.pop();
  return {
    ...out.finish(), rowStart: Int32Array.from(rowStart), rows: rowStart.length - 1, rowHeight, width, focus,
  };
}

/** The rectangle under (x, y), or -1. */
export function hitTest(l: FlameLayout, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= l.width) return -1;
  const d = Math.floor(y / l.rowHeight);
  if (d >= l.rows) return -1;
  let lo = l.rowStart[d], hi = l.rowStart[d + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (l.x[mid] + l.w[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo < l.rowStart[d + 1] && l.x[lo] <= x ? lo : -1;
}

/** The rectangle showing `node`, or -1 when it is too narrow to be laid out. */
export function rectOf(l: FlameLayout, node: number): number {
  for (let i = 0; i < l.count; i++) if (l.node[i] === node) return i;
  return -1;
}

class Rects {
  count = 0;
  private cap = 256;
  node = new Int32Array(this.cap);
  merged = new Int32Array(this.cap);
  parentOf = new Int32Array(this.cap);
  x = new Float64Array(this.cap);
  w = new Float64Array(this.cap);
  depth = new Int32Array(this.cap);
  push(node: number, merged: number, parent: number, x: number, w: number, depth: number): number {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.node[i] = node; this.merged[i] = merged; this.parentOf[i] = parent;
    this.x[i] = x; this.w[i] = w; this.depth[i] = depth;
    return i;
  }
  private grow() {
    this.cap *= 2;
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(this.cap);
      b.set(a);
      return b;
    };
    this.node = g(this.node); this.merged = g(this.merged); this.parentOf = g(this.parentOf);
    this.x = g(this.x); this.w = g(this.w); this.depth = g(this.depth);
  }
  finish() {
    const n = this.count;
    return {
      count: n, node: this.node.slice(0, n), merged: this.merged.slice(0, n), parentOf: this.parentOf.slice(0, n),
      x: this.x.slice(0, n), w: this.w.slice(0, n), depth: this.depth.slice(0, n),
    };
  }
}
