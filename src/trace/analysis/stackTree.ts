// Turning per-stack weights from a trace into a FlameTree: the trace's stack
// table is already a tree of (parent, frame), so weights are summed per stack
// id in a dense array and only the stacks that carry time are merged by name.
import type { TraceMeta } from '../schema';
import { FlameTreeBuilder } from './flameTree';

/** Maps trace stacks to nodes of a FlameTreeBuilder, creating nodes on demand. */
export class StackNodes {
  private nodeOf: Int32Array;
  private nameOfString: Int32Array;
  constructor(private meta: TraceMeta, readonly builder: FlameTreeBuilder) {
    this.nodeOf = new Int32Array(meta.stackParent.length).fill(-1);
    this.nodeOf[0] = 0;
    this.nameOfString = new Int32Array(meta.strings.length).fill(-1);
  }

  /** Node for a stack (root-first merge by function name); `weight` picks the node's source. */
  node(stack: number, weight = 0): number {
    const known = this.nodeOf[stack];
    if (known >= 0) {
      if (weight > 0) this.offer(stack, known, weight);
      return known;
    }
    const { meta, builder } = this;
    const parentNode = this.node(meta.stackParent[stack]);
    const frame = meta.stackFrame[stack];
    const sid = meta.frameName[frame];
    let nid = this.nameOfString[sid];
    if (nid < 0) nid = this.nameOfString[sid] = builder.nameId(meta.strings[sid] ?? '?');
    const n = builder.child(parentNode, nid);
    this.nodeOf[stack] = n;
    this.offer(stack, n, weight);
    return n;
  }

  private offer(stack: number, node: number, weight: number): void {
    this.builder.offerSrc(node, this.meta.frameSrc[this.meta.stackFrame[stack]] ?? 0, weight);
  }
}

/**
 * Weights per stack id (self time of that exact stack) into a tree. Each
 * node's source is the source of its heaviest contributing frame by total
 * time, so clicking a merged frame opens the line that cost the most.
 */
export function addStackWeights(nodes: StackNodes, meta: TraceMeta, self: Float64Array): void {
  const n = self.length;
  const total = Float64Array.from(self);
  // Parents are interned before children, so one backward sweep gives totals.
  for (let s = n - 1; s > 0; s--) if (total[s] !== 0) total[meta.stackParent[s]] += total[s];
  for (let s = 1; s < n; s++) {
    if (total[s] === 0) continue;
    const node = nodes.node(s, total[s]);
    if (self[s] !== 0) nodes.builder.addSelf(node, self[s]);
  }
  if (self[0] !== 0) nodes.builder.addSelf(0, self[0]);
}
