// A run's throughput: packets delivered per second of its statistics range.
// The one such rate — the sweep curve, its table and Compare use it.
import type { TimeRange } from './range';

/**
 * Packets delivered per second of `range`, which is the statistics range
 * (statsRange: after the warm-up) or a selection inside it. Why not per
 * second of the whole run: the engine counts a packet as delivered only after
 * the warm-up (PacketStatsRt in src/sim/net.ts), so dividing by the whole
 * run would understate the rate by the warm-up's share — a third for a 1 ms
 * warm-up in a 3 ms run. 0 for an empty range.
 */
export function deliveredPerSecond(delivered: number, range: TimeRange): number {
  const ns = range.end - range.start;
  return ns > 0 ? delivered / (ns / 1e9) : 0;
}
