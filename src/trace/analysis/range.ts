// Restricting an analysis to a time range. A record counts when it overlaps
// the range; its duration is clipped to the range, so totals over a range
// never exceed the range's length per CPU. src/trace cannot import the
// webview's TimeRange, so the same shape is declared here.
import type { Trace } from '../schema';

/** A closed-open time range in trace ns. */
export interface TimeRange { start: number; end: number }

/** The range an analysis covers: the given one, or the whole run. */
export function rangeOf(trace: Trace, range?: TimeRange | null): TimeRange {
  if (range && range.end > range.start) return { start: range.start, end: range.end };
  return { start: trace.meta.startNs, end: trace.meta.endNs };
}

/**
 * Length of [start, start+dur) inside [r0, r1); -1 when the record does not
 * overlap at all. A zero-length record inside the range overlaps with length 0.
 */
export function clippedDuration(start: number, dur: number, r0: number, r1: number): number {
  if (start >= r1) return -1;
  const end = start + dur;
  if (end < r0 || (end === r0 && dur > 0)) return -1;
  return (end < r1 ? end : r1) - (start > r0 ? start : r0);
}
