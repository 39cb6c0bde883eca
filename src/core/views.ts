// A tab's view state — which view shows, and the timeline's zoom window,
// expanded rows, scroll, selection, search — as the webview keeps it with
// vscode.setState; VS Code keeps it with the tab (a document) and hands it
// back when it brings the tab back. What is read back may have been written
// by an older version: parsePanelViewState keeps only fields of the right
// type within bounds, and known view names. Pure.
export interface TimeSpan { start: number; end: number }

/** The timeline's state; applied only onto a trace with the same `key` (webview/timeline/savedState.ts). */
export interface TimelineViewState {
  /** Identifies the trace (name, variant, seed, length). */
  key: string;
  window?: TimeSpan;
  expanded?: string[];
  scrollTop?: number;
  selectedSpan?: number;
  search?: string;
  flows?: boolean;
  /** The range selection. */
  range?: TimeSpan;
  /** Width of the track-name column in CSS px, when the user changed it. */
  labelWidth?: number;
}

export interface PanelViewState {
  view?: ViewName;
  timeline?: TimelineViewState;
}

/** The panel's views, in tab order: the one list of their names. */
export const VIEW_NAMES = ['timeline', 'locks', 'flame', 'compare'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** Bounds on what a webview may make the host keep: a panel's state stays within some 100 kB (a few hundred bytes in practice). */
export const VIEW_STATE_LIMITS = {
  keyChars: 512,
  expandedRows: 1024,
  rowIdChars: 64,
  searchChars: 256,
  /** Trace times are ns from the run's start; 2^53 ns is over 100 days. */
  maxTimeNs: Number.MAX_SAFE_INTEGER,
  maxScrollPx: 10_000_000,
  maxSpanId: 2 ** 32,
  maxLabelWidthPx: 4096,
} as const;

export function isViewName(x: unknown): x is ViewName {
  return typeof x === 'string' && (VIEW_NAMES as readonly string[]).includes(x);
}

function timeSpan(x: unknown): TimeSpan | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const { start, end } = x as Record<string, unknown>;
  const ok = (t: unknown): t is number => typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= VIEW_STATE_LIMITS.maxTimeNs;
  return ok(start) && ok(end) && end > start ? { start, end } : undefined;
}

function shortString(x: unknown, max: number): string | undefined {
  return typeof x === 'string' && x.length <= max ? x : undefined;
}

function timeline(x: unknown): TimelineViewState | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  const L = VIEW_STATE_LIMITS;
  const key = shortString(o.key, L.keyChars);
  if (key === undefined) return undefined; // without its trace's key the rest cannot be applied safely
  const out: TimelineViewState = { key };
  const window = timeSpan(o.window);
  if (window) out.window = window;
  const range = timeSpan(o.range);
  if (range) out.range = range;
  if (Array.isArray(o.expanded) && o.expanded.length <= L.expandedRows && o.expanded.every((r) => shortString(r, L.rowIdChars) !== undefined)) {
    out.expanded = [...(o.expanded as string[])];
  }
  if (typeof o.scrollTop === 'number' && Number.isFinite(o.scrollTop) && o.scrollTop >= 0 && o.scrollTop <= L.maxScrollPx) out.scrollTop = o.scrollTop;
  if (Number.isSafeInteger(o.selectedSpan) && (o.selectedSpan as number) >= 0 && (o.selectedSpan as number) < L.maxSpanId) out.selectedSpan = o.selectedSpan as number;
  const search = shortString(o.search, L.searchChars);
  if (search !== undefined) out.search = search;
  if (typeof o.flows === 'boolean') out.flows = o.flows;
  if (Number.isSafeInteger(o.labelWidth) && (o.labelWidth as number) > 0 && (o.labelWidth as number) <= L.maxLabelWidthPx) out.labelWidth = o.labelWidth as number;
  return out;
}

/**
 * The view state in `x`, keeping only what is well-formed and in bounds;
 * undefined when nothing is. Unknown fields are dropped.
 */
export function parsePanelViewState(x: unknown): PanelViewState | undefined {
  if (!x || typeof x !== 'object' || Array.isArray(x)) return undefined;
  const o = x as Record<string, unknown>;
  const out: PanelViewState = {};
  if (isViewName(o.view)) out.view = o.view;
  const t = timeline(o.timeline);
  if (t) out.timeline = t;
  return out.view !== undefined || out.timeline !== undefined ? out : undefined;
}
