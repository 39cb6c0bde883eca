// Every kind of lane and its track object (track.ts), and the lookups the
// rest of the timeline asks of them.
import type { Lane } from '../data/lane';
import { counterTrack } from './counterTrack';
import { marksTrack } from './marksTrack';
import { spanTrack } from './spanTrack';
import type { LaneKind, LaneSpec, LaneTrack } from './track';

export const TRACKS: Record<LaneKind, LaneTrack> = {
  marks: marksTrack,
  threads: spanTrack(16, 'threads', 0, 'run', 0),
  holds: spanTrack(12, 'lock holds', 1, 'thread'),
  locks: spanTrack(10, 'locks', 2, 'lock'),
  waits: spanTrack(10, 'lock waits', 3, 'thread'),
  states: spanTrack(8, 'CPU states', 4, null, 1),
  counter: counterTrack,
};

/** A lane of `kind` showing span or instant `lane`. */
export function laneSpec(kind: LaneKind, lane?: Lane): LaneSpec {
  return { kind, height: TRACKS[kind].height, lane };
}

/**
 * A lane of `kind` whose records are gathered when something first reads
 * `lane` (drawing, hit testing, search): rows laid out but not yet on screen
 * cost nothing before the first paint.
 */
export function lazyLaneSpec(kind: LaneKind, build: () => Lane): LaneSpec {
  let lane: Lane | undefined;
  return { kind, height: TRACKS[kind].height, get lane() { return (lane ??= build()); } };
}

/** The lane of counter series `series`. */
export function counterSpec(series: number): LaneSpec {
  return { kind: 'counter', height: TRACKS.counter.height, series };
}

/** A lane that holds spans and has some: the ones ←/→ step through. */
export function isSpanLane(spec: LaneSpec): spec is LaneSpec & { lane: Lane } {
  return TRACKS[spec.kind].spanRank !== undefined && spec.lane !== undefined && spec.lane.n > 0;
}

/** Position of the lane ranked first by `rank` among `lanes` (the earliest on ties), or -1 when none ranks. */
export function firstByRank(lanes: readonly LaneSpec[], rank: (t: LaneTrack) => number | undefined, keep: (l: LaneSpec) => boolean = () => true): number {
  let best = -1;
  let bestRank = Infinity;
  lanes.forEach((l, k) => {
    const r = rank(TRACKS[l.kind]);
    if (r !== undefined && r < bestRank && keep(l)) { best = k; bestRank = r; }
  });
  return best;
}
