// The timeline's mutable state, in one plain object that every part of the
// view reads and writes. One shared record (rather than each module keeping
// its own copy) means the window, the layout and the selection can never
// disagree between the painter, the input handlers and the saved state.
import type { TimeRange } from '../context';
import type { FlowLayer } from './flows/flows';
import type { Hit } from './interaction/hitTest';
import type { Matcher } from './data/highlight';
import type { Layout } from './layout/rows';
import type { TimeBounds } from './layout/scale';
import type { Theme } from './draw/theme';

export interface ViewState {
  /** The whole run (trace ns), at least MIN_WINDOW_NS long. */
  readonly bounds: TimeBounds;
  /** The visible window (trace ns). */
  win: TimeBounds;
  /** Stage size in CSS px, and device pixels per CSS px. */
  width: number;
  height: number;
  dpr: number;
  /** body.scrollTop, kept from scroll events: reading it while drawing would force a layout. */
  scrollTop: number;
  /** Ids of the expanded rows. */
  expanded: Set<string>;
  layout: Layout;
  theme: Theme;
  /** Colour per thread id (by name hash), resolved with the theme. */
  threadColors: string[];
  /** What the search or a label click highlights, or null. */
  matcher: Matcher | null;
  showFlows: boolean;
  /** The flows the last base frame drew (the pointer finds arrows in it). */
  flowLayer: FlowLayer;
  /** Selected span id, or -1. */
  selectedSpan: number;
  hover: Hit;
  /** Pointer x on the stage, or -1 when the pointer is elsewhere. */
  hoverX: number;
  /** The row the keyboard works on. */
  focusRow: number;
  /** Lane of the focus row that ←/→ step through (Shift+↑/↓ picks it); -1: the row's main lane. */
  focusLane: number;
  /** The range being dragged (not yet the selection). */
  dragRange: TimeRange | null;
  /** Axis tick times of the last frame, for the grid lines. */
  ticks: number[];
}
