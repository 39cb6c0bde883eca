// Span indices grouped by a small integer key (a counting sort: stable, one
// pass to count and one to place, no per-span allocation), each group then in
// order of start time, ties longest first, so the slices of one track nest.
// Engine traces already come in that order for most groups (checked, not
// assumed); only groups out of order are sorted.

export interface Groups {
  /** Span indices, group after group. */
  order: Uint32Array;
  /** Group g is order[offsets[g] .. offsets[g + 1]). */
  offsets: Uint32Array;
}

/** `keyOf(i)` in [0, groups) or −1 to leave span i out. */
export function groupSpans(n: number, groups: number, keyOf: (i: number) => number): Groups {
  const key = new Int32Array(n);
  const counts = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const k = keyOf(i);
    key[i] = k;
    if (k >= 0) counts[k + 1]++;
  }
  for (let g = 0; g < groups; g++) counts[g + 1] += counts[g];
  const offsets = counts.slice();
  const order = new Uint32Array(offsets[groups]);
  const at = counts; // reused as the next free slot per group
  for (let i = 0; i < n; i++) {
    const k = key[i];
    if (k >= 0) order[at[k]++] = i;
  }
  return { order, offsets };
}

/** Sorts each group by start (ties: longer first, then index) unless it already is. */
export function sortGroupsByStart(g: Groups, start: ArrayLike<number>, dur: ArrayLike<number>): void {
  const cmp = (a: number, b: number) => start[a] - start[b] || dur[b] - dur[a] || a - b;
  for (let k = 0; k + 1 < g.offsets.length; k++) {
    const part = g.order.subarray(g.offsets[k], g.offsets[k + 1]);
    let sorted = true;
    for (let j = 1; j < part.length && sorted; j++) if (cmp(part[j - 1], part[j]) > 0) sorted = false;
    if (!sorted) part.sort(cmp);
  }
}
