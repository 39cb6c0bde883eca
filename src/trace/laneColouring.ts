// How a row of overlapping spans is laid out in lanes: record indices sorted
// by (start, index), then greedy interval colouring, each record into the
// first lane free at its start (past the most lanes allowed, into the lane
// that frees up first, its drawn start clipped to that lane's end). Shared by
// the timeline, which lays out its lanes so (webview/timeline/data/lane.ts),
// and the HTML report's writer, which stores the lanes of each CPU's lock
// spans for the page (lanePlan.ts).
import type { DurColumn } from './schema';

/** Lanes of a CPU's lock holds and waits in the timeline's CPU row, and of a lock's holds and its waits in its own row. */
export const MAX_CPU_LOCK_LANES = 3;
export const MAX_LOCK_HOLD_LANES = 3;
export const MAX_LOCK_WAIT_LANES = 4;

/** Sort record indices by (start, index), and each sorted record's start beside it. Nearly sorted input costs ~O(n). */
export function sortWithKeys(indices: Uint32Array, start: Float64Array): { order: Uint32Array; key: Float64Array } {
  // The keys move with the indices, side by side, so the loops read memory in order.
  const n = indices.length;
  const key = new Float64Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    key[i] = start[indices[i]];
    if (sorted && i > 0 && (key[i - 1] > key[i] || (key[i - 1] === key[i] && indices[i - 1] > indices[i]))) sorted = false;
  }
  if (sorted) return { order: indices, key };
  // Insertion sort while the data is nearly sorted (engine emits spans when they end, so
  // only nested spans are out of place); fall back to a full sort if it is not.
  const out = indices.slice();
  let moves = 0;
  const budget = 16 * n + 1024;
  for (let i = 1; i < n; i++) {
    const v = out[i];
    const sv = key[i];
    let j = i - 1;
    while (j >= 0 && (key[j] > sv || (key[j] === sv && out[j] > v))) {
      out[j + 1] = out[j];
      key[j + 1] = key[j];
      j--;
      if (++moves > budget) {
        const order = indices.slice().sort((x, y) => start[x] - start[y] || x - y);
        for (let k = 0; k < n; k++) key[k] = start[order[k]];
        return { order, key };
      }
    }
    out[j + 1] = v;
    key[j + 1] = sv;
  }
  return { order: out, key };
}

/** Where colourLanes writes each record's lane, drawn start and end, and each lane's count (absent: only count lanes). */
export interface Colouring { laneOf: Uint8Array; clipped: Float64Array; ends: Float64Array; counts: Int32Array }

/** The greedy colouring of records sorted by start (`key` their starts, `dur` indexed by record): returns the lanes used. */
export function colourLanes(order: Uint32Array, key: Float64Array, dur: DurColumn | null, maxLanes: number, out: Colouring | null): number {
  const laneEnd = new Float64Array(maxLanes);
  let used = 0;
  // The outputs in locals: this loop runs once per lock span of a CPU before the first paint.
  const laneOf = out?.laneOf;
  const clipped = out?.clipped;
  const ends = out?.ends;
  const counts = out?.counts;
  for (let k = 0; k < order.length; k++) {
    const s = key[k];
    let lane = -1;
    for (let l = 0; l < used; l++) if (laneEnd[l] <= s) { lane = l; break; }
    if (lane < 0 && used < maxLanes) lane = used++;
    let cs = s;
    if (lane < 0) {
      lane = 0;
      for (let l = 1; l < used; l++) if (laneEnd[l] < laneEnd[lane]) lane = l;
      cs = Math.max(s, laneEnd[lane]);
    }
    const e = dur === null ? s : s + dur[order[k]];
    const ce = e > cs ? e : cs;
    laneEnd[lane] = ce;
    if (laneOf && clipped && ends && counts) {
      laneOf[k] = lane;
      clipped[k] = cs;
      ends[k] = ce;
      counts[lane]++;
    }
  }
  return used;
}
