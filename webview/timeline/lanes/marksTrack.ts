// The marks lane of a CPU row: instants (interrupts, context switches, IPIs,
// drops, preemptions, wakeups) as thin ticks, one per pixel column at most.
import { InstantKind } from '../../../src/trace/schema';
import { hitLane, lodLane } from '../data/lane';
import { instantMatches } from '../data/highlight';
import { describeInstant } from '../panels/describe';
import type { Describe, LaneHit, LaneTrack } from './track';

export const marksTrack: LaneTrack = {
  height: 6,
  name: 'marks',
  drawPixels(d, spec, y) {
    const lane = spec.lane;
    if (!lane || lane.n === 0) return;
    const { f, s, pal, px, lod: out } = d;
    const n = lodLane(lane, f.start, d.npp, Math.ceil(f.width), out);
    const { trace, matcher } = s;
    const h = spec.height;
    for (let k = 0; k < n; k++) {
      const pos = out.pos[k];
      const kind = lane.code[pos];
      const faded = matcher !== null && !instantMatches(trace, matcher, lane.idx[pos]) ? 1 : 0;
      const c = (pal.marks[kind] ?? pal.marks[0])[faded];
      const w = kind === InstantKind.Interrupt || kind === InstantKind.Drop ? 3 : kind === InstantKind.ContextSwitch ? 1 : 2;
      const x = out.x0[k] - (w > 1 ? 1 : 0);
      px.rect(x, y, w, kind === InstantKind.ContextSwitch ? h + 2 : h, c);
    }
  },
  hit(spec, t0, npp, x, row, lane): LaneHit | null {
    if (!spec.lane) return null;
    // Instants are thin marks: a wider tolerance makes them possible to point at.
    const pos = hitLane(spec.lane, t0, npp, x, 3);
    return pos < 0 ? null : { kind: 'instant', i: spec.lane.idx[pos], row, lane };
  },
};

export const describeInstantHit: Describe<Extract<LaneHit, { kind: 'instant' }>> = (trace, _index, hit) => describeInstant(trace, hit.i);
