// A progress bar on stderr, drawn only on a terminal and only for runs long
// enough to need one.
import { formatDuration } from '../core/format';

const WIDTH = 28;
/** Runs shorter than this never show a bar. */
const DELAY_MS = 300;

export interface Progress {
  /** `detail` replaces the default "simulated of total" text (e.g. a search's trial count). */
  update(simNs: number, totalNs: number, detail?: string): void;
  clear(): void;
}

/** `columns`: the terminal's width; a longer line would wrap, and `\r` would then redraw on a new row each time. */
export function progressBar(write: (s: string) => void, label: string, enabled: boolean, delayMs = DELAY_MS, columns = 0): Progress {
  const start = performance.now();
  let last = -1;
  let drawn = false;
  return {
    update(simNs, totalNs, detail) {
      if (!enabled || performance.now() - start < delayMs) return;
      const f = totalNs > 0 ? Math.min(1, simNs / totalNs) : 1;
      const pct = Math.floor(f * 100);
      if (pct === last) return;
      last = pct;
      const fill = Math.round(f * WIDTH);
      const text = detail ?? `${formatDuration(simNs)} / ${formatDuration(totalNs)} simulated`;
      // \x1b[K clears what a longer previous line left to the right ("66.2 ms" then "71 ms")
      const tail = ` [${'#'.repeat(fill)}${' '.repeat(WIDTH - fill)}] ${String(pct).padStart(3)}%  ${text}`;
      let line = label + tail;
      if (columns > 1 && line.length > columns - 1) {
        // keep the bar and the numbers; shorten the label from the left, then cut what still overflows
        const room = columns - 1 - tail.length;
        line = (room >= 8 ? `…${label.slice(label.length - room + 1)}` : label.slice(0, Math.max(0, room))) + tail;
        line = line.slice(0, columns - 1);
      }
      write(`\r${line}\x1b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}


