// Which frames match a search, and how much time they cover (each matching
// frame counted once even when a matching ancestor already covers it).
import type { FlameTree } from '../../src/trace/analysis/flameTree';

export interface SearchResult {
  match: Uint8Array;
  /** Time under matching frames, without double counting nested matches. */
  total: number;
  count: number;
}

export function searchTree(tree: FlameTree, query: string, exact = false): SearchResult | null {
  const q = exact ? query : query.trim().toLowerCase();
  if (!q) return null;
  const nameMatch = tree.names.map((n) => (exact ? n === q : n.toLowerCase().includes(q)));
  const match = new Uint8Array(tree.size);
  const covered = new Uint8Array(tree.size);
  let total = 0;
  let count = 0;
  // Parents come before their children in node order.
  for (let n = 1; n < tree.size; n++) {
    const p = tree.parent[n];
    covered[n] = covered[p] | match[p];
    if (nameMatch[tree.name[n]]) {
      match[n] = 1;
      count++;
      if (!covered[n]) total += tree.total[n];
    }
  }
  return { match, total, count };
}
