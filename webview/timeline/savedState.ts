// What the timeline keeps across a reload (through the host's getState/
// setState: VS Code keeps it with the tab), and the debounce that writes it:
// zoom, scroll and hover events come many times a second, only the last
// state matters.
import type { TimelineViewState } from '../../src/core/views';
import type { ViewContext } from '../context';

/**
 * What survives a reload (through the host's getState/setState): one shape,
 * defined with its validation in src/core/views.ts.
 */
export type SavedTimeline = TimelineViewState;

export function traceKey(ctx: ViewContext): string {
  const m = ctx.trace.meta;
  return `${m.name}|${m.variant}|${m.seed}|${m.startNs}|${m.endNs}|${ctx.trace.length.spans}`;
}

/** The saved state if it was saved for this very trace (another run's window would make no sense). */
export function savedFor(ctx: ViewContext, saved: SavedTimeline | undefined): SavedTimeline | undefined {
  return saved && saved.key === traceKey(ctx) ? saved : undefined;
}

/** Coalesces save requests: the snapshot is taken and handed over 250 ms after the last one. */
export class StateSaver {
  private timer = 0;

  constructor(private readonly snapshot: () => SavedTimeline, private readonly onSave?: (s: SavedTimeline) => void) {}

  request(): void {
    if (!this.onSave) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.onSave?.(this.snapshot()), 250);
  }
}
