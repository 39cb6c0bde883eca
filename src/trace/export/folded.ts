// Folded stacks ("root;child;leaf weight" per line), the input of
// flamegraph.pl, speedscope and Perfetto, from the same flame trees the views
// draw (src/trace/analysis/flame.ts): 'cpu' is on-CPU time by stack, 'wait' is
// lock-wait time by the waiter's stack with a "[lock spin|sleep]" leaf.
// Weights are integer nanoseconds. exportFoldedDiff writes the two-column form
// of difffolded.pl ("stack weightA weightB") for a differential flame graph.
import { buildFlame, type FlameKind } from '../analysis/flame';
import { diffFlame } from '../analysis/diffFlame';
import { childrenOf, nodeName, type FlameTree } from '../analysis/flameTree';
import type { Trace } from '../schema';

export type FoldedKind = Extract<FlameKind, 'cpu' | 'wait'>;

/** ';' separates frames and a space the weight: neither may appear inside a frame name. */
function clean(name: string): string {
  return name.replace(/;/g, ':').replace(/\s+$/, '').replace(/\n/g, ' ');
}

function walk(t: FlameTree, visit: (node: number, path: string) => void): void {
  const go = (n: number, path: string) => {
    visit(n, path);
    for (const c of childrenOf(t, n)) go(c, path ? `${path};${clean(nodeName(t, c))}` : clean(nodeName(t, c)));
  };
  go(0, '');
}

export function exportFolded(trace: Trace, which: FoldedKind): string {
  const t = buildFlame(trace, which);
  const lines: string[] = [];
  walk(t, (n, path) => {
    const w = Math.round(t.self[n]);
    if (n !== 0 && w > 0) lines.push(`${path} ${w}`);
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}

export function exportFoldedDiff(a: Trace, b: Trace, which: FoldedKind): string {
  const d = diffFlame(buildFlame(a, which), buildFlame(b, which));
  const lines: string[] = [];
  walk(d.tree, (n, path) => {
    const wa = Math.round(d.selfA[n]), wb = Math.round(d.selfB[n]);
    if (n !== 0 && (wa > 0 || wb > 0)) lines.push(`${path} ${wa} ${wb}`);
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
