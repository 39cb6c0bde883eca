// The words of the hover card and the keyboard announcement for a frame.
import { nodeName, type FlameTree } from '../../src/trace/analysis/flameTree';
import { formatDuration, formatPercent } from '../../src/core/format';

export interface DiffWeights { totalA: Float64Array; totalB: Float64Array; selfA: Float64Array; selfB: Float64Array; labelA: string; labelB: string }

/** Lines for a frame: name, total with share of the whole graph, self, then the run deltas for a diff. */
export function describeFrame(tree: FlameTree, node: number, where: string, diff?: DiffWeights | null): string[] {
  const whole = tree.total[0];
  const lines = [
    nodeName(tree, node),
    `total ${formatDuration(tree.total[node])} · ${formatPercent(tree.total[node], whole)} of ${nodeName(tree, 0)}`,
    `self ${formatDuration(tree.self[node])} · ${formatPercent(tree.self[node], whole)}`,
  ];
  if (diff) {
    const a = diff.totalA[node], b = diff.totalB[node];
    const d = b - a;
    lines.push(`${diff.labelA}: ${formatDuration(a)} → ${diff.labelB}: ${formatDuration(b)} (${d >= 0 ? '+' : '−'}${formatDuration(Math.abs(d))}${a > 0 ? `, ${d >= 0 ? '+' : '−'}${formatPercent(Math.abs(d), a)}` : ''})`);
  }
  if (where) lines.push(where);
  return lines;
}

export function describeMerged(tree: FlameTree, count: number, w: number, parent: number, pxPerNs: number): string[] {
  const ns = pxPerNs > 0 ? w / pxPerNs : 0;
  return [`${count} narrow frames under ${nodeName(tree, parent)}`, `together ≈ ${formatDuration(ns)} · ${formatPercent(ns, tree.total[0])}`, 'Zoom in to see them'];
}
