// Chrome's format (and Perfetto) need the slices of one track to nest
// properly. Lock holds and waits on a CPU can overlap without nesting (take A,
// take B, drop A), so they are packed into as few lanes as possible, each of
// which nests: a span goes into the first lane where it either starts after
// everything open has ended or fits inside the innermost open span.

/** Lane of each item of `order` (by position), items given in order of start (ties: longer first). */
export function packNested(starts: ArrayLike<number>, ends: (i: number) => number, order: ArrayLike<number>): Int32Array {
  const lane = new Int32Array(order.length);
  const open: number[][] = []; // per lane: stack of end times
  for (let j = 0; j < order.length; j++) {
    const i = order[j];
    const s = starts[i], e = ends(i);
    let placed = -1;
    for (let l = 0; l < open.length && placed < 0; l++) {
      const st = open[l];
      while (st.length && st[st.length - 1] <= s) st.pop();
      if (!st.length || st[st.length - 1] >= e) placed = l;
    }
    if (placed < 0) { placed = open.length; open.push([]); }
    open[placed].push(e);
    lane[j] = placed;
  }
  return lane;
}
