// Span lanes: CPU states, thread runs, locks taken on a CPU, a lock's holds
// and its waits. One track per kind; they share the drawing (each pixel
// column shows its most significant span, see data/lane.ts) and differ in
// height, in the label a wide span carries, and in rank.
import { CpuState, NONE, SpanKind, WaitKind, type Trace } from '../../../src/trace/schema';
import { hitLane, lodLane } from '../data/lane';
import { spanMatches } from '../data/highlight';
import { CODE_SHIFT, CODE_VALUE } from '../data/traceIndex';
import { holdColor } from '../draw/theme';
import { describeSpan } from '../panels/describe';
import type { Describe, LaneFrame, LaneHit, LaneSpec, LaneTrack } from './track';

/** The text a wide span carries: its lock's name, its thread's name, or none. */
type LabelOf = 'lock' | 'thread' | 'run' | null;

export function spanTrack(height: number, name: string, spanRank: number, labelOf: LabelOf, anchorRank?: number): LaneTrack {
  return {
    height, name, spanRank, anchorRank,
    drawPixels: (d, spec, y) => drawSpans(d, spec, y, labelOf),
    hit(spec, t0, npp, x, row, lane): LaneHit | null {
      if (!spec.lane) return null;
      const pos = hitLane(spec.lane, t0, npp, x, 2);
      return pos < 0 ? null : { kind: 'span', i: spec.lane.idx[pos], row, lane };
    },
  };
}

export const describeSpanHit: Describe<Extract<LaneHit, { kind: 'span' }>> = (trace, _index, hit) => describeSpan(trace, hit.i);

function labelText(trace: Trace, labelOf: LabelOf, kind: number, i: number): string {
  const sp = trace.tables.spans;
  if (labelOf === 'lock') return trace.meta.locks[sp.obj[i]]?.name ?? '';
  // A thread lane labels its runs only; a lock's holds and waits name who held or waited.
  if (labelOf === 'thread' || (labelOf === 'run' && kind === SpanKind.ThreadRun)) {
    const t = sp.thread[i];
    return t === NONE ? '' : trace.meta.threads[t]?.name ?? '';
  }
  return '';
}

function drawSpans(d: LaneFrame, spec: LaneSpec, y: number, labelOf: LabelOf): void {
  const lane = spec.lane;
  if (!lane || lane.n === 0) return;
  const { f, s, pal, px, lod: out } = d;
  const n = lodLane(lane, f.start, d.npp, Math.ceil(f.width), out);
  const { theme, trace, matcher } = s;
  const sp = trace.tables.spans;
  const idx = lane.idx;
  const h = spec.height - 1;
  // Device rows of the lane and of the idle line, once per lane.
  const [ly0, ly1] = px.rows(y, h);
  const [iy0, iy1] = px.rows(y + h / 2 - 1, 2);
  const codes = lane.code;
  for (let k = 0; k < n; k++) {
    const pos = out.pos[k];
    const x = out.x0[k];
    const x1 = out.x1[k];
    const w = x1 - x;
    // The colour class comes from the lane (read in order), not from the trace's columns.
    const code = codes[pos];
    const kind = code >> CODE_SHIFT;
    const sub = code & CODE_VALUE;
    const faded = matcher !== null && !spanMatches(trace, matcher, idx[pos]) ? 1 : 0;
    if (kind === SpanKind.CpuState) {
      const c = (pal.states[sub] ?? pal.marks[0])[faded];
      // Idle is drawn as a thin line, so busy time stands out.
      if (sub === CpuState.Idle) px.columns(x, x1, iy0, iy1, c);
      else px.columns(x, x1, ly0, ly1, c);
    } else if (kind === SpanKind.ThreadRun) {
      px.columns(x, x1, ly0, ly1, (pal.threads[sub] ?? pal.states[CpuState.Idle])[faded]);
    } else if (kind === SpanKind.LockHold) {
      px.columns(x, x1, ly0, ly1, pal.hold[sub & 3][faded]);
    } else if (kind === SpanKind.LockWait) {
      // Spin waits solid, sleep waits striped with a solid base line: told apart without a legend.
      if (sub & WaitKind.Sleep) {
        px.stripes(x, y, w, h, pal.wait[faded]);
        px.columns(x, x1, ly1 - 1, ly1, pal.wait[faded]);
      } else {
        px.columns(x, x1, ly0, ly1, pal.wait[faded]);
      }
    }
    if (labelOf && w >= 28) {
      const i = idx[pos];
      const text = labelText(trace, labelOf, kind, i);
      if (text) {
        const fill = kind === SpanKind.ThreadRun ? s.threadColors[sp.thread[i]] : kind === SpanKind.LockHold ? holdColor(theme, sub) : kind === SpanKind.LockWait && !(sub & WaitKind.Sleep) ? theme.wait : theme.background;
        d.label(x, y + h / 2, w, text, fill ?? theme.background);
      }
    }
  }
}
