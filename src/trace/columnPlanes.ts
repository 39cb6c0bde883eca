// A Float64 column of whole nanoseconds rewritten so deflate can shrink it
// (the standalone report's data, src/report/html.ts): in blocks of
// PLANE_BLOCK values, each value as a 64-bit integer — for time columns the
// difference from the value before, small where the doubles' bytes were not
// — cut into four 16-bit planes (all low halves of the block, then the next
// sixteen bits, …), so the mostly-zero high bits lie together. Same size as
// the column it replaces (8 bytes a value), so the stream's layout does not
// change. At 10 M spans the spans' start column deflates to 7.6 MB instead of
// 20.6 MB and their durations to 4.9 MB instead of 8.1; the page undoes it
// with one pass per block, while the block is still in cache.
//
// Only exact columns are rewritten: every value (and every difference) a safe
// integer and no -0; any other column is written as it is ('raw'). A 32-bit
// column of whole nanoseconds (span durations below 4.29 s) goes as two
// planes ('plain32': 4 bytes a value, as the column): its high halves are
// mostly zeros too, and the page inflates half the bytes of the 64-bit planes
// it was written as before (10 M spans: 40 MB instead of 80, 5.3 MB deflated
// instead of 5.6).

/** Values per block: 8 × this bytes, a quarter of a MB, stays in the cache while it is undone. */
export const PLANE_BLOCK = 32768;

export type PlaneCoding = 'delta' | 'plain' | 'plain32';

/** Bytes per value of a column written in this coding. */
export function planeWidth(coding: PlaneCoding): number {
  return coding === 'plain32' ? 4 : 8;
}

const TWO32 = 4294967296;

/** How a Float64 column named `key` is written: times as differences, other whole numbers plain, the rest raw. */
export function planeCoding(key: string, c: Float64Array): PlaneCoding | 'raw' {
  const coding: PlaneCoding = key === 'start' || key === 'time' || key === 't0' || key === 't1' ? 'delta' : 'plain';
  return exact(c, coding) ? coding : 'raw';
}

function exact(c: Float64Array, coding: PlaneCoding): boolean {
  let prev = 0;
  for (let i = 0; i < c.length; i++) {
    const x = c[i];
    const v = coding === 'delta' ? x - prev : x;
    if (!Number.isSafeInteger(v) || (coding === 'delta' && prev + v !== x) || Object.is(x, -0)) return false;
    prev = x;
  }
  return true;
}

/** The column as consecutive blocks of planes (their concatenation is as long as the column's bytes). */
export function* planeBlocks(c: Float64Array | Uint32Array, coding: PlaneCoding): Generator<Uint8Array> {
  if (coding === 'plain32') {
    for (let from = 0; from < c.length; from += PLANE_BLOCK) {
      const m = Math.min(PLANE_BLOCK, c.length - from);
      const p = new Uint16Array(2 * m);
      for (let i = 0; i < m; i++) {
        const v = c[from + i];
        p[i] = v & 0xffff;
        p[m + i] = v >>> 16;
      }
      yield new Uint8Array(p.buffer);
    }
    return;
  }
  let prev = 0;
  for (let from = 0; from < c.length; from += PLANE_BLOCK) {
    const m = Math.min(PLANE_BLOCK, c.length - from);
    const p = new Uint16Array(4 * m);
    for (let i = 0; i < m; i++) {
      const x = c[from + i];
      const v = coding === 'delta' ? x - prev : x;
      prev = x;
      const hi = Math.floor(v / TWO32); // signed, |hi| < 2^21
      const lo = v - hi * TWO32; // 0 ≤ lo < 2^32
      p[i] = lo & 0xffff;
      p[m + i] = lo >>> 16;
      p[2 * m + i] = hi & 0xffff;
      p[3 * m + i] = (hi >>> 16) & 0xffff;
    }
    yield new Uint8Array(p.buffer);
  }
}

/**
 * Undoes one block of `m` values (`p`: its four planes) into `out` from
 * index `at`; `prev` is the value before the block (delta coding), and the
 * block's last value is returned for the next.
 */
export function undoPlanes(p: Uint16Array, m: number, out: Float64Array | Uint32Array, at: number, coding: PlaneCoding, prev: number): number {
  if (coding === 'plain32') {
    for (let i = 0; i < m; i++) out[at + i] = p[i] | (p[m + i] << 16);
    return prev;
  }
  // The common block: no value (or difference) needs more than 32 bits, the high planes all zero. The same sums
  // without the high half: a simpler loop, about half the time (the report's decode worker runs it on every time).
  let high = 0;
  for (let i = 2 * m; i < 4 * m; i++) high |= p[i];
  if (high === 0) {
    if (coding === 'delta') {
      for (let i = 0; i < m; i++) {
        prev += p[i] + p[m + i] * 65536;
        out[at + i] = prev;
      }
      return prev;
    }
    for (let i = 0; i < m; i++) out[at + i] = p[i] + p[m + i] * 65536;
    return prev;
  }
  if (coding === 'delta') {
    for (let i = 0; i < m; i++) {
      prev += (p[2 * m + i] | (p[3 * m + i] << 16)) * TWO32 + p[i] + p[m + i] * 65536;
      out[at + i] = prev;
    }
    return prev;
  }
  for (let i = 0; i < m; i++) out[at + i] = (p[2 * m + i] | (p[3 * m + i] << 16)) * TWO32 + p[i] + p[m + i] * 65536;
  return prev;
}
