// "Whole run · 20 ms" or "Selection 1.2 ms – 3.4 ms · 2.2 ms": which time the numbers cover.
import type { TimeRange } from '../context';
import { formatDuration } from '../../src/format';

export function rangeLabel(selection: TimeRange | null, runStart: number, runEnd: number): string {
  if (!selection) return `Whole run · ${formatDuration(runEnd - runStart)}`;
  return `Selection ${formatDuration(selection.start)} – ${formatDuration(selection.end)} · ${formatDuration(selection.end - selection.start)}`;
}
