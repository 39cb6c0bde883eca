// A lane is one row of non-overlapping records (spans) sorted by start, with
// an argmax tree over their "significance" (built when first asked for: the
// zoomed-out frames of a first paint read only the mipmap). Built once per
// trace (or once when a row is first expanded); afterwards every frame is O(width):
// per pixel column we keep the single most significant record overlapping it
// (Perfetto's mipmap idea: the longest, and any wait beats any non-wait), and
// a record that covers whole columns is skipped over in one step.
import type { DurColumn } from '../../../src/trace/schema';
import { lowerBound, upperBound } from './search';
import { colourLanes, sortWithKeys } from '../../../src/trace/laneColouring';

export interface Lane {
  /** Record indices (into the trace table) in start order. */
  idx: Uint32Array;
  /** Start/end per position; ends are non-decreasing because records do not overlap. */
  start: Float64Array;
  end: Float64Array;
  /** Bigger wins a pixel column. */
  weight: Float64Array;
  /** Bottom-up segment tree of argmax positions over `weight` (leaves at [n, 2n)); null until first used (laneTree). */
  tree: Int32Array | null;
  /** What drawing needs per record (colour class), gathered so a frame reads it in order, not all over the trace. */
  code: Uint16Array;
  /** Time-bucket summaries for zoomed-out frames (absent for small lanes). */
  mip?: Mipmap;
  n: number;
}

/**
 * Perfetto's mipmap: for time buckets of `base`·2^L ns from `t0`, the position
 * of the most significant record overlapping each bucket (-1: none). A
 * zoomed-out column then reads one to three buckets instead of searching the
 * lane, so it touches memory proportional to the width, not to the records.
 */
export interface Mipmap {
  t0: number;
  base: number;
  /** Level L's buckets, built when first read (mipArrays): undefined until then. */
  levels: (Int32Array | undefined)[];
  /** The weight of each bucket's record, beside it, so a frame reads the level arrays in order and nothing else. */
  weights: (Float64Array | undefined)[];
}

/** Lanes with fewer records than this are drawn by the exact search alone. */
const MIP_MIN_RECORDS = 256;

/** Positions (into a lane) chosen for drawing, with their pixel column ranges [x0, x1). */
export interface LodBuffer {
  pos: Int32Array;
  x0: Int32Array;
  x1: Int32Array;
  n: number;
}

export function lodBuffer(capacity: number): LodBuffer {
  return { pos: new Int32Array(capacity), x0: new Int32Array(capacity), x1: new Int32Array(capacity), n: 0 };
}

/** Sort record indices by (start, index). Nearly-sorted input (the common case) costs ~O(n). */
export function sortByStart(indices: Uint32Array, start: Float64Array): Uint32Array {
  return sortWithKeys(indices, start).order;
}

/**
 * Split records into non-overlapping lanes (greedy interval colouring: each
 * record goes to the first lane that is free at its start). At most `maxLanes`
 * lanes; past that a record joins the lane that frees up first and its drawn
 * start is clipped to that lane's end, so nothing is dropped and the lane
 * invariant (no overlap) still holds. `weight` is a column indexed like
 * `start` (bigger wins a pixel).
 */
export function buildLanes(
  indices: Uint32Array,
  start: Float64Array,
  /** null: zero-length records (instants). */
  dur: DurColumn | null,
  weight: Float64Array,
  maxLanes = 1,
  /** Per-record drawing code (colour class), gathered into lane.code; null leaves zeros. */
  code: ArrayLike<number> | null = null,
): Lane[] {
  if (indices.length === 0) return [];
  // Fast path (CPU states, thread runs, marks): the records already come sorted and
  // non-overlapping, so one gathering pass builds the lane; it bails out at the first misfit.
  // Where several lanes are allowed, the records seldom fit one: a read-only look first,
  // so a misfit does not cost a lane's worth of arrays allocated for nothing.
  const single = maxLanes === 1 || fitsOneLane(indices, start, dur) ? gatherIfSingleLane(indices, start, dur, weight, code) : null;
  if (single) return [single];
  const { order, key } = sortWithKeys(indices, start);
  const n = order.length;
  const laneOf = new Uint8Array(n);
  const clipped = new Float64Array(n);
  const ends = new Float64Array(n);
  const counts = new Int32Array(maxLanes);
  const used = colourLanes(order, key, dur, maxLanes, { laneOf, clipped, ends, counts });
  const lanes: Lane[] = [];
  for (let l = 0; l < used; l++) lanes.push(allocLane(counts[l]));
  const fill = new Int32Array(used);
  for (let k = 0; k < n; k++) {
    const l = laneOf[k];
    const lane = lanes[l];
    const p = fill[l]++;
    const i = order[k];
    lane.idx[p] = i;
    lane.start[p] = clipped[k];
    lane.end[p] = ends[k];
    lane.weight[p] = weight[i];
    if (code) lane.code[p] = code[i];
  }
  for (const lane of lanes) finishLane(lane);
  return lanes;
}

/**
 * How many lanes buildLanes makes of these records, without making them (a
 * row's height is its lane count: rows off screen are laid out from this and
 * built when first drawn).
 */
export function laneCount(indices: Uint32Array, start: Float64Array, dur: DurColumn | null, maxLanes = 1): number {
  if (indices.length === 0) return 0;
  if (maxLanes === 1 || fitsOneLane(indices, start, dur)) return 1;
  const { order, key } = sortWithKeys(indices, start);
  return colourLanes(order, key, dur, maxLanes, null);
}

/** A lane of n records, its arrays zeroed. */
export function allocLane(n: number): Lane {
  return {
    idx: new Uint32Array(n), start: new Float64Array(n), end: new Float64Array(n), weight: new Float64Array(n),
    tree: null, code: new Uint16Array(n), n,
  };
}

/** Whether the records, in this order, are sorted by (start, index) and do not overlap (gatherIfSingleLane's test). */
function fitsOneLane(order: Uint32Array, start: Float64Array, dur: DurColumn | null): boolean {
  let prevEnd = -Infinity;
  let prevStart = -Infinity;
  let prevI = -1;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const s = start[i];
    if (s < prevEnd || s < prevStart || (s === prevStart && i < prevI)) return false;
    const e = dur === null ? s : s + dur[i];
    prevStart = s;
    prevEnd = e > s ? e : s;
    prevI = i;
  }
  return true;
}

function gatherIfSingleLane(order: Uint32Array, start: Float64Array, dur: DurColumn | null, weight: Float64Array, code: ArrayLike<number> | null): Lane | null {
  const n = order.length;
  const lane = allocLane(n);
  const ls = lane.start;
  const le = lane.end;
  const lw = lane.weight;
  const lc = lane.code;
  let prevEnd = -Infinity;
  let prevStart = -Infinity;
  let prevI = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const s = start[i];
    if (s < prevEnd || s < prevStart || (s === prevStart && i < prevI)) return null;
    const e = dur === null ? s : s + dur[i];
    ls[k] = s;
    le[k] = e > s ? e : s;
    lw[k] = weight[i];
    if (code) lc[k] = code[i];
    prevStart = s;
    prevEnd = le[k];
    prevI = i;
  }
  lane.idx.set(order);
  finishLane(lane);
  return lane;
}

/**
 * The lane of records already gathered in order (record p's start, duration,
 * weight and code at p; `idx` their trace rows), using those arrays as the
 * lane's own, or null when the records do not fit one lane (not sorted, or
 * overlapping). The same lane buildLanes makes of positions 0..n-1 over these
 * arrays, with idx mapped to rows, without copying them.
 */
export function adoptLane(idx: Uint32Array, start: Float64Array, dur: Float64Array, weight: Float64Array, code: Uint16Array): Lane | null {
  const n = idx.length;
  if (n === 0) return null;
  // A look first: records that overlap (most of a CPU's lock spans) allocate nothing here.
  let prevEnd = -Infinity;
  let prevStart = -Infinity;
  for (let k = 0; k < n; k++) {
    const s = start[k];
    if (s < prevEnd || s < prevStart) return null;
    const e = s + dur[k];
    prevStart = s;
    prevEnd = e > s ? e : s;
  }
  const end = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const s = start[k];
    const e = s + dur[k];
    end[k] = e > s ? e : s;
  }
  const lane: Lane = { idx, start, end, weight, tree: null, code, n };
  finishLane(lane);
  return lane;
}

/**
 * One lane filled record by record in table order (the index's pass over the
 * spans reads each column in order, so no gathering pass reads them again
 * scattered). Records that already come sorted and non-overlapping (CPU
 * states, thread runs) make the lane as they are; at the first misfit the
 * filler keeps only the record indices, and `finish` returns null so the
 * caller builds the lanes from `indices()` with buildLanes.
 */
export class LaneFiller {
  private readonly lane: Lane;
  private k = 0;
  private prevStart = -Infinity;
  private prevEnd = -Infinity;
  private fits = true;

  constructor(n: number) {
    this.lane = allocLane(n);
  }

  /** Record `i` (after every record added before it in the table), from `s` to `e`, its weight and drawing code. */
  add(i: number, s: number, e: number, weight: number, code: number): void {
    const k = this.k++;
    const lane = this.lane;
    lane.idx[k] = i;
    if (!this.fits) return;
    if (s < this.prevEnd || s < this.prevStart) { this.fits = false; return; }
    const end = e > s ? e : s;
    lane.start[k] = s;
    lane.end[k] = end;
    lane.weight[k] = weight;
    lane.code[k] = code;
    this.prevStart = s;
    this.prevEnd = end;
  }

  /** Whether as many records were added as the lane was made for. */
  full(): boolean {
    return this.k === this.lane.n;
  }

  /** The record indices added, in order. */
  indices(): Uint32Array {
    return this.lane.idx.subarray(0, this.k);
  }

  /** The lane, or null when the records overlap (build them with buildLanes). */
  finish(): Lane | null {
    if (!this.fits) return null;
    finishLane(this.lane);
    return this.lane;
  }
}

export function emptyLane(): Lane {
  return allocLane(0);
}

/** Plans the mipmap of a lane whose records are all in. */
export function finishLane(lane: Lane): void {
  if (lane.n >= MIP_MIN_RECORDS) lane.mip = planMipmap(lane);
}

/**
 * The mipmap's shape (origin, bucket width, number of levels) with no level
 * built: level 0 has about one bucket per two records, each level above half
 * as many. The first frame, zoomed out, builds the one level it reads straight
 * from the records (mipArrays); a finer one builds the whole pyramid
 * (completeMipmap, also run when the page is idle after the first paint).
 */
function planMipmap(lane: Lane): Mipmap | undefined {
  const { n, start, end } = lane;
  if (n === 0) return undefined;
  const t0 = start[0];
  const t1 = end[n - 1];
  const base = Math.max((t1 - t0) / Math.max(1, n / 2), 1e-3);
  let len = Math.min(Math.ceil((t1 - t0) / base) + 1, 2 * n + 2);
  let count = 1;
  while (len > 1) { len = Math.ceil(len / 2); count++; }
  return { t0, base, levels: new Array<Int32Array | undefined>(count).fill(undefined), weights: new Array<Float64Array | undefined>(count).fill(undefined) };
}

/** Buckets in level L: level 0's count halved (rounding up) L times. */
function levelLength(lane: Lane, mip: Mipmap, L: number): number {
  let len = Math.min(Math.ceil((lane.end[lane.n - 1] - mip.t0) / mip.base) + 1, 2 * lane.n + 2);
  for (let l = 0; l < L; l++) len = Math.ceil(len / 2);
  return len;
}

/**
 * Level L straight from the records: per bucket of base·2^L ns the record of
 * greatest weight overlapping it (the earliest on ties), which is what
 * building level 0 and merging upwards gives (bucket indices of a record at
 * level L are its level-0 ones shifted right by L, exactly: base·2^L scales
 * by a power of two). A record's first bucket is floor((start - t0) / bucket)
 * and its last ceil((end - t0) / bucket) - 1 (never before the first); both
 * only grow along the lane (starts and ends are sorted), so they are computed
 * again only when a record passes a time checked, with these same formulas,
 * to be still before the next bucket (once per bucket: the first frame,
 * zoomed out, has a few thousand buckets for millions of records); the loop
 * over records mostly compares times and weights and divides nothing.
 */
function levelFromRecords(lane: Lane, mip: Mipmap, L: number): void {
  const { n, start, end, weight } = lane;
  const t0 = mip.t0;
  const bucket = mip.base * 2 ** L;
  const m = levelLength(lane, mip, L);
  const lv = new Int32Array(m).fill(-1);
  // Each bucket's best weight so far beside it, so the loop compares with what it just wrote, not the lane's weights.
  const lw = new Float64Array(m).fill(-Infinity);
  const first = (x: number) => Math.min(m - 1, Math.floor((x - t0) / bucket));
  const last = (x: number) => Math.min(m - 1, Math.ceil((x - t0) / bucket) - 1);
  // The record's buckets are first(s) = f0 for s in [sLo, sHi) and last(e) = f1 for e in [eLo, eHi).
  let f0 = 0, sLo = Infinity, sHi = -Infinity;
  let f1 = 0, eLo = Infinity, eHi = -Infinity;
  for (let k = 0; k < n; k++) {
    const s = start[k];
    const e = end[k];
    if (!(s >= sLo && s < sHi)) {
      f0 = first(s);
      sLo = s;
      sHi = f0 < m - 1 ? below(first, f0 + 1, t0 + (f0 + 1) * bucket, s) : Infinity;
    }
    if (!(e >= eLo && e < eHi)) {
      f1 = last(e);
      eLo = e;
      eHi = f1 < m - 1 ? below(last, f1 + 1, t0 + (f1 + 1) * bucket, e) : Infinity;
    }
    const j0 = f0;
    const j1 = f1 < j0 ? j0 : f1;
    const wk = weight[k];
    for (let j = j0; j <= j1; j++) {
      if (lv[j] < 0 || wk > lw[j]) { lv[j] = k; lw[j] = wk; }
    }
  }
  mip.levels[L] = lv;
  mip.weights[L] = lw;
}

/**
 * A time below which the non-decreasing f stays under j: a few doubles under
 * `near` (where f reaches j in exact arithmetic), checked with f itself; `lo`
 * (nothing above it is trusted) when even that is not under j.
 */
function below(f: (x: number) => number, j: number, near: number, lo: number): number {
  const x = near - Math.abs(near) * 8 * Number.EPSILON;
  return x > lo && f(x) < j ? x : lo;
}

/** Level L + 1 from level L, comparing the weights kept beside it (in order, not all over the lane). */
function levelFromBelow(mip: Mipmap, L: number): void {
  const prev = mip.levels[L]!;
  const pw = mip.weights[L]!;
  const len = Math.ceil(prev.length / 2);
  const next = new Int32Array(len);
  const nw = new Float64Array(len);
  for (let j = 0; j < len; j++) {
    const a = prev[2 * j];
    const b = 2 * j + 1 < prev.length ? prev[2 * j + 1] : -1;
    const pick = a < 0 ? 1 : b < 0 ? 0 : pw[2 * j + 1] > pw[2 * j] || (pw[2 * j + 1] === pw[2 * j] && b < a) ? 1 : 0;
    next[j] = pick ? b : a;
    nw[j] = pick ? (b < 0 ? -Infinity : pw[2 * j + 1]) : pw[2 * j];
  }
  mip.levels[L + 1] = next;
  mip.weights[L + 1] = nw;
}

/** Every level of the lane's mipmap, from level 0 up (nothing to do once built). */
export function completeMipmap(lane: Lane): void {
  const mip = lane.mip;
  if (!mip || mip.levels[0]) return;
  levelFromRecords(lane, mip, 0);
  for (let L = 0; L + 1 < mip.levels.length; L++) levelFromBelow(mip, L);
}

/** Level L's buckets and their weights, built on first read. */
export function mipArrays(lane: Lane, mip: Mipmap, L: number): [Int32Array, Float64Array] {
  if (!mip.levels[L]) {
    let below = L - 1;
    while (below >= 0 && !mip.levels[below]) below--;
    if (below >= 0) for (let l = below; l < L; l++) levelFromBelow(mip, l);
    else if (mip.levels.some((lv) => lv)) completeMipmap(lane); // zooming in past what was built: all of it at once
    else levelFromRecords(lane, mip, L); // the first read (zoomed out): this level only
  }
  return [mip.levels[L]!, mip.weights[L]!];
}

/** The whole mipmap of a lane, every level built. */
export function buildMipmap(lane: Lane): Mipmap | undefined {
  const saved = lane.mip;
  lane.mip = planMipmap(lane);
  completeMipmap(lane);
  const mip = lane.mip;
  lane.mip = saved;
  return mip;
}

/** The lane's argmax tree, built on first use. */
export function laneTree(lane: Lane): Int32Array {
  if (lane.tree) return lane.tree;
  const { n, weight: w } = lane;
  const tree = new Int32Array(2 * n);
  for (let k = 0; k < n; k++) tree[n + k] = k;
  for (let i = n - 1; i >= 1; i--) {
    const p = tree[2 * i];
    const q = tree[2 * i + 1];
    tree[i] = w[p] > w[q] || (w[p] === w[q] && p < q) ? p : q;
  }
  return (lane.tree = tree);
}

function better(w: Float64Array, p: number, q: number): number {
  if (p < 0) return q;
  if (q < 0) return p;
  return w[p] > w[q] || (w[p] === w[q] && p < q) ? p : q;
}

/** Position in [l, r) with the largest weight (earliest on ties), or -1 when empty. */
export function argmax(lane: Lane, l: number, r: number): number {
  const { n, weight } = lane;
  const tree = laneTree(lane);
  let best = -1;
  for (l += n, r += n; l < r; l >>= 1, r >>= 1) {
    if (l & 1) best = better(weight, best, tree[l++]);
    if (r & 1) best = better(weight, best, tree[--r]);
  }
  return best;
}

/**
 * Level of detail for one lane over a viewport of `width` pixel columns
 * starting at time `t0`, `nsPerPx` ns per column: for each column the most
 * significant record overlapping it; consecutive columns with the same record
 * merged. Writes into `out` (capacity >= width) and returns the count.
 * Zoomed in it searches the lane (O(columns with a boundary × log)); zoomed
 * out it reads the mipmap (O(width)). Never O(records).
 */
export function lodLane(lane: Lane, t0: number, nsPerPx: number, width: number, out: LodBuffer): number {
  out.n = 0;
  if (lane.n === 0 || width <= 0 || !(nsPerPx > 0)) return 0;
  if (lane.mip && nsPerPx >= 2 * lane.mip.base) return lodMipmap(lane, lane.mip, t0, nsPerPx, width, out);
  return lodExact(lane, t0, nsPerPx, width, out);
}

/** The exact per-column choice by searching the lane (used zoomed in, and as the reference). */
export function lodExact(lane: Lane, t0: number, nsPerPx: number, width: number, out: LodBuffer): number {
  out.n = 0;
  const { n, start, end, weight } = lane;
  if (n === 0 || width <= 0 || !(nsPerPx > 0)) return 0;
  let tree: Int32Array | null = lane.tree;
  let a = overlapping(lane, t0, t0)[0];
  let c = 0;
  // This loop runs once per drawn column of every lane of every frame: the binary
  // search (galloping from `a`) and the argmax tree query are written out inline.
  while (a < n && c < width) {
    const tc1 = t0 + (c + 1) * nsPerPx;
    if (start[a] >= tc1) {
      // Skip empty columns; always move forward even if rounding says otherwise.
      const cj = Math.floor((start[a] - t0) / nsPerPx);
      c = cj > c ? cj : c + 1;
      continue;
    }
    // b = first position after a with start >= tc1.
    let b = a + 1;
    if (b < n && start[b] < tc1) {
      let step = 1;
      let lo = b;
      while (lo + step < n && start[lo + step] < tc1) { lo += step; step *= 2; }
      let hi = Math.min(n, lo + step + 1);
      lo += 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (start[mid] < tc1) lo = mid + 1;
        else hi = mid;
      }
      b = lo;
    }
    let best = a;
    if (b - a <= 32) {
      // Short ranges: a linear scan over contiguous weights beats the tree's scattered reads.
      let bw = weight[a];
      for (let p = a + 1; p < b; p++) if (weight[p] > bw) { bw = weight[p]; best = p; }
    } else {
      best = -1;
      let bw = -Infinity;
      tree ??= laneTree(lane);
      for (let l = a + n, r = b + n; l < r; l >>= 1, r >>= 1) {
        if (l & 1) {
          const p = tree[l++];
          const wp = weight[p];
          if (wp > bw || (wp === bw && p < best)) { best = p; bw = wp; }
        }
        if (r & 1) {
          const p = tree[--r];
          const wp = weight[p];
          if (wp > bw || (wp === bw && p < best)) { best = p; bw = wp; }
        }
      }
    }
    const last = b - 1;
    let cNext = c + 1;
    let aNext = b;
    if (end[last] > tc1) {
      // The last record reaches into later columns.
      aNext = last;
      if (best === last) {
        // It alone covers every column up to the one holding its end.
        const ce = Math.floor((end[last] - t0) / nsPerPx);
        cNext = Math.min(Math.max(ce, c + 1), width);
        if (end[last] <= t0 + cNext * nsPerPx) aNext = b;
      }
    }
    emit(out, best, c, cNext);
    c = cNext;
    a = aNext;
  }
  return out.n;
}

/** The mipmap level used at nsPerPx: the coarsest whose buckets are no wider than a column. */
export function mipLevel(mip: Mipmap, nsPerPx: number): number {
  const L = Math.floor(Math.log2(nsPerPx / mip.base));
  return Math.max(0, Math.min(mip.levels.length - 1, L));
}

/** The most significant record among the buckets under column c (-1: none). */
function mipColumn(level: Int32Array, lw: Float64Array, mt0: number, bucket: number, t0: number, nsPerPx: number, c: number): number {
  const tc0 = t0 + c * nsPerPx;
  let j0 = Math.floor((tc0 - mt0) / bucket);
  let j1 = Math.ceil((tc0 + nsPerPx - mt0) / bucket) - 1;
  if (j0 < 0) j0 = 0;
  if (j1 >= level.length) j1 = level.length - 1;
  let best = -1;
  let bw = -Infinity;
  for (let j = j0; j <= j1; j++) {
    const p = level[j];
    if (p >= 0 && (best < 0 || lw[j] > bw || (lw[j] === bw && p < best))) { best = p; bw = lw[j]; }
  }
  return best;
}

/**
 * Zoomed-out level of detail from the mipmap: per column the best record among
 * the one to three buckets it covers (a record can so reach at most one bucket,
 * under a column, past its true end: invisible at this zoom).
 */
function lodMipmap(lane: Lane, mip: Mipmap, t0: number, nsPerPx: number, width: number, out: LodBuffer): number {
  const L = mipLevel(mip, nsPerPx);
  const [level, lw] = mipArrays(lane, mip, L);
  const bucket = mip.base * 2 ** L;
  // Columns before the first bucket or after the last hold nothing.
  const cFirst = Math.max(0, Math.floor((mip.t0 - t0) / nsPerPx));
  const cLast = Math.min(width, Math.ceil((mip.t0 + level.length * bucket - t0) / nsPerPx));
  for (let c = cFirst; c < cLast; c++) {
    const best = mipColumn(level, lw, mip.t0, bucket, t0, nsPerPx, c);
    if (best < 0) continue;
    const k = out.n;
    if (k > 0 && out.pos[k - 1] === best && out.x1[k - 1] === c) out.x1[k - 1] = c + 1;
    else if (k < out.pos.length) { out.pos[k] = best; out.x0[k] = c; out.x1[k] = c + 1; out.n = k + 1; }
  }
  return out.n;
}

function emit(out: LodBuffer, pos: number, x0: number, x1: number): void {
  const k = out.n;
  if (k > 0 && out.pos[k - 1] === pos && out.x1[k - 1] === x0) {
    out.x1[k - 1] = x1;
    return;
  }
  if (k >= out.pos.length) return; // capacity is width + 1: cannot happen, but never write out of bounds
  out.pos[k] = pos;
  out.x0[k] = x0;
  out.x1[k] = x1;
  out.n = k + 1;
}

/**
 * The record drawn under pixel column `x` (same rule as lodLane, so the tooltip
 * names what the user sees), widening to ±tolPx columns when the column is empty.
 * Returns a lane position or -1.
 */
export function hitLane(lane: Lane, t0: number, nsPerPx: number, x: number, tolPx = 2): number {
  if (lane.n === 0) return -1;
  const c = Math.floor(x);
  if (lane.mip && nsPerPx >= 2 * lane.mip.base) {
    const L = mipLevel(lane.mip, nsPerPx);
    const bucket = lane.mip.base * 2 ** L;
    const [level, lw] = mipArrays(lane, lane.mip, L);
    const hit = mipColumn(level, lw, lane.mip.t0, bucket, t0, nsPerPx, c);
    if (hit >= 0) return hit;
  }
  for (const tol of tolPx > 0 ? [0, tolPx] : [0]) {
    const [a, b] = overlapping(lane, t0 + (c - tol) * nsPerPx, t0 + (c + 1 + tol) * nsPerPx);
    if (b > a) return argmax(lane, a, b);
  }
  return -1;
}

/** Positions [a, b) of records overlapping [t0, t1) (a zero-length record at t0 counts). */
export function overlapping(lane: Lane, t0: number, t1: number): [number, number] {
  let a = upperBound(lane.end, t0);
  while (a > 0 && lane.end[a - 1] >= t0 && lane.start[a - 1] >= t0) a--;
  const b = lowerBound(lane.start, t1, a);
  return [a, Math.max(a, b)];
}

/** Position of record `i` in a lane (by its start), or -1. A capped lane may have pushed the start later. */
export function findInLane(lane: Lane, i: number, start: number): number {
  const p = lowerBound(lane.start, start);
  for (let k = p; k < lane.n && (lane.start[k] <= start || k < p + 16); k++) if (lane.idx[k] === i) return k;
  return -1;
}

