// RFC 2544 throughput: the highest offered rate with zero loss, found by a
// binary search over trial runs (as ipgen's RFC 2544 mode does).
import type { Program } from './program';
import { simulate } from './simulate';
import type { PacketStats } from '../trace/schema';

export interface Rfc2544Trial { pps: number; offered: number; delivered: number; lost: number; latencyNs: PacketStats['latencyNs']; reordered: number }
export interface Rfc2544Result { zeroLossPps: number; trials: Rfc2544Trial[] }

/**
 * `at(pps)` gives the program with its traffic at that rate. Searches
 * [lo, hi] until the bracket is narrower than `resolution` (a fraction of hi).
 * A trial passes when nothing offered after warm-up was dropped.
 */
export function rfc2544(at: (pps: number) => Program, lo: number, hi: number, resolution = 0.01, onTrial?: (t: Rfc2544Trial) => void): Rfc2544Result {
  const trials: Rfc2544Trial[] = [];
  const trial = (pps: number): boolean => {
    const t = simulate(at(pps));
    const p = t.meta.packets;
    if (!p) throw new Error('the model has no traffic to search over');
    const lost = Object.values(p.dropped).reduce((a, b) => a + b, 0);
    const r = { pps, offered: p.offered, delivered: p.delivered, lost, latencyNs: p.latencyNs, reordered: p.reordered };
    trials.push(r);
    onTrial?.(r);
    return lost === 0;
  };
  let best = 0;
  if (trial(hi)) return { zeroLossPps: hi, trials };
  if (!trial(lo)) return { zeroLossPps: 0, trials };
  best = lo;
  while (hi - lo > resolution * hi) {
    const mid = Math.round((lo + hi) / 2);
    if (trial(mid)) { best = mid; lo = mid; } else hi = mid;
  }
  return { zeroLossPps: best, trials };
}
