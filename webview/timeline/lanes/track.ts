// Lane kinds as track objects, after Perfetto's tracks: each kind of lane is
// one small object that says how tall it is, draws itself, finds what is under
// the pointer in it and describes that. Rows (layout/rows.ts) hold LaneSpecs
// naming a kind; TRACKS maps the kind to its object, so a new kind of lane is
// one file here instead of a branch in the renderer, the hit test, the
// keyboard navigation, the flow anchors and the row layout.
import type { Trace } from '../../../src/trace/schema';
import type { Description } from '../panels/describe';
import type { TimelineIndex } from '../data/traceIndex';
import type { Lane, LodBuffer } from '../data/lane';
import type { SeriesColumns } from '../data/counters';
import type { PixelLayer } from '../draw/pixels';
import type { DrawState, FramePalette, Frame } from '../draw/draw';

export type LaneKind = 'marks' | 'threads' | 'states' | 'locks' | 'holds' | 'waits' | 'counter';

export interface LaneSpec {
  kind: LaneKind;
  height: number;
  /** Span or instant lane (absent for counter lanes). */
  lane?: Lane;
  /** Counter series id, for counter lanes. */
  series?: number;
}

/** What a lane hit names: a span, an instant, or a counter reading at a time. */
export type LaneHit =
  | { kind: 'span'; i: number; row: number; lane: number }
  | { kind: 'instant'; i: number; row: number; lane: number }
  | { kind: 'counter'; series: number; time: number; row: number };

/** What a track draws with, for one frame (the renderer owns and reuses all of it). */
export interface LaneFrame {
  f: Frame;
  s: DrawState;
  pal: FramePalette;
  /** ns per CSS pixel. */
  npp: number;
  px: PixelLayer;
  /** Per-column level-of-detail buffers, sized to the frame's width. */
  lod: LodBuffer;
  cols: SeriesColumns;
  /** Queue a text label, drawn after every lane where it fits. */
  label(x: number, y: number, w: number, text: string, fill: string): void;
}

export interface LaneTrack {
  readonly height: number;
  /** The kind in words, for the screen reader. */
  readonly name: string;
  /**
   * Whether its records are spans (selected, outlined, stepped through with
   * ←/→), and how it ranks for a row's main lane (lower first).
   */
  readonly spanRank?: number;
  /** How it ranks as the point on a CPU row where flow arrows attach (lower first); absent: never. */
  readonly anchorRank?: number;
  /** Draw into the pixel layer (records). */
  drawPixels?(d: LaneFrame, spec: LaneSpec, y: number): void;
  /** Draw with the canvas API, over the pixel layer (lines, areas). */
  drawCanvas?(g: CanvasRenderingContext2D, d: LaneFrame, spec: LaneSpec, y: number): void;
  /** What is under stage x (CSS px) in this lane at the frame's zoom. */
  hit(spec: LaneSpec, t0: number, npp: number, x: number, row: number, lane: number): LaneHit | null;
}

/** The words and numbers for a hit in a lane (the tooltip and details show them). */
export type Describe<H extends LaneHit> = (trace: Trace, index: TimelineIndex, hit: H) => Description | null;
