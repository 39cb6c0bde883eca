// RFC 2544 throughput: the highest offered rate with zero loss, found by a
// binary search over trial runs (as ipgen's RFC 2544 mode does). The search
// itself is a generator that asks for trials, so one algorithm serves the
// synchronous driver here and the CLI's cancellable one.
import type { Program } from './program';
import { simulate } from './simulate';
import type { PacketStats, Trace } from '../trace/schema';

export interface Rfc2544Trial { pps: number; offered: number; delivered: number; lost: number; latencyNs: PacketStats['latencyNs']; reordered: number }
export interface Rfc2544Result { zeroLossPps: number; trials: Rfc2544Trial[] }

/**
 * The bisection over [lo, hi], apart from running anything: it yields each
 * rate to try, is resumed with whether that trial lost nothing, and returns
 * the zero-loss rate (0 when even `lo` loses). It stops once the bracket is
 * narrower than `resolution` (a fraction of hi).
 */
export function* zeroLossSearch(lo: number, hi: number, resolution: number): Generator<number, number, boolean> {
  if (yield hi) return hi;
  if (!(yield lo)) return 0;
  let best = lo;
  while (hi - lo > resolution * hi) {
    const mid = Math.round((lo + hi) / 2);
    if (yield mid) { best = mid; lo = mid; } else hi = mid;
  }
  return best;
}

/** The outcome of one trial run at `pps`; undefined when the run has no traffic to count. */
export function trialOf(pps: number, t: Trace): Rfc2544Trial | undefined {
  const p = t.meta.packets;
  if (!p) return undefined;
  const lost = Object.values(p.dropped).reduce((a, b) => a + b, 0);
  return { pps, offered: p.offered, delivered: p.delivered, lost, latencyNs: p.latencyNs, reordered: p.reordered };
}

/**
 * `at(pps)` gives the program with its traffic at that rate. A trial passes
 * when nothing offered after warm-up was dropped.
 */
export function rfc2544(at: (pps: number) => Program, lo: number, hi: number, resolution = 0.01, onTrial?: (t: Rfc2544Trial) => void): Rfc2544Result {
  const trials: Rfc2544Trial[] = [];
  const search = zeroLossSearch(lo, hi, resolution);
  for (let step = search.next(); ; ) {
    if (step.done) return { zeroLossPps: step.value, trials };
    const r = trialOf(step.value, simulate(at(step.value)));
    if (!r) throw new Error('the model has no traffic to search over');
    trials.push(r);
    onTrial?.(r);
    step = search.next(r.lost === 0);
  }
}
