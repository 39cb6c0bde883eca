// Which time the numbers cover: "Selection 1.2 ms – 3.4 ms · 2.2 ms", or with
// no selection the run's statistics range — the same one the CLI, the output
// channel, hovers and Compare use (src/trace/analysis/range.ts).
import type { TimeRange } from '../context';
import type { TraceMeta } from '../../src/trace/schema';
import { formatDuration } from '../../src/core/format';
import { statsRange, statsRangeText } from '../../src/trace/analysis/range';

export function rangeLabel(selection: TimeRange | null, meta: Pick<TraceMeta, 'startNs' | 'endNs' | 'warmupNs'>): string {
  if (!selection) {
    const t = statsRangeText(statsRange(meta), meta.startNs);
    return t[0].toUpperCase() + t.slice(1);
  }
  return `Selection ${formatDuration(selection.start)} – ${formatDuration(selection.end)} · ${formatDuration(selection.end - selection.start)}`;
}
