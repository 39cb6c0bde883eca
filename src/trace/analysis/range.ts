// Restricting an analysis to a time range. A record counts when it overlaps
// the range; its duration is clipped to the range, so totals over a range
// never exceed the range's length per CPU. src/trace cannot import the
// webview's TimeRange, so the same shape is declared here.
import type { Trace, TraceMeta } from '../schema';
import { formatDuration } from '../../core/format';

/** A closed-open time range in trace ns. */
export interface TimeRange { start: number; end: number }

/**
 * The statistics range of a run: after its warm-up, to its end. Every number
 * that stands for "the run" — the CLI summary, the output channel, hovers, the
 * lock table, the flame graphs and Compare — covers this range and no other,
 * so they agree. A run that stopped inside its warm-up is measured whole
 * rather than over nothing.
 */
export function statsRange(meta: Pick<TraceMeta, 'startNs' | 'endNs' | 'warmupNs'>): TimeRange {
  const start = Math.max(meta.startNs, meta.warmupNs);
  return start < meta.endNs ? { start, end: meta.endNs } : { start: meta.startNs, end: meta.endNs };
}

/** The range an analysis covers: the given one (a selection), or the run's statistics range. */
export function rangeOf(trace: Trace, range?: TimeRange | null): TimeRange {
  if (range && range.end > range.start) return { start: range.start, end: range.end };
  return statsRange(trace.meta);
}

/**
 * Length of [start, start+dur) inside [r0, r1); -1 when the record does not
 * overlap at all. A zero-length record inside the range overlaps with length 0.
 */
export function clippedDuration(start: number, dur: number, r0: number, r1: number): number {
  // Every compare on every call: optimised code built before a record first touched the range's start had no type
  // feedback for the compares only such a record reaches, and was thrown away there (each analysis's first run).
  const end = start + dur;
  const after = start >= r1, before = end < r0, touching = end === r0, positive = dur > 0;
  if (after || before || (touching && positive)) return -1;
  return (end < r1 ? end : r1) - (start > r0 ? start : r0);
}

/**
 * What a statistics range covers, in words, for every place that shows run
 * numbers: "after the 1 ms warm-up: 1 ms – 3 ms (2 ms)" or "whole run: 3 ms".
 */
export function statsRangeText(r: TimeRange, runStartNs = 0): string {
  if (r.start <= runStartNs) return `whole run: ${formatDuration(r.end - r.start)}`;
  return `after the ${formatDuration(r.start - runStartNs)} warm-up: ${formatDuration(r.start)} – ${formatDuration(r.end)} (${formatDuration(r.end - r.start)})`;
}
