// A progress bar on stderr, drawn only on a terminal and only for runs long
// enough to need one.
import { formatDuration } from '../format';

const WIDTH = 28;
/** Runs shorter than this never show a bar. */
const DELAY_MS = 300;

export interface Progress {
  update(simNs: number, totalNs: number): void;
  clear(): void;
}

export function progressBar(write: (s: string) => void, label: string, enabled: boolean, delayMs = DELAY_MS): Progress {
  const start = performance.now();
  let last = -1;
  let drawn = false;
  return {
    update(simNs, totalNs) {
      if (!enabled || performance.now() - start < delayMs) return;
      const f = totalNs > 0 ? Math.min(1, simNs / totalNs) : 1;
      const pct = Math.floor(f * 100);
      if (pct === last) return;
      last = pct;
      const fill = Math.round(f * WIDTH);
      write(`\r${label} [${'#'.repeat(fill)}${' '.repeat(WIDTH - fill)}] ${String(pct).padStart(3)}%  ${formatDuration(simNs)} / ${formatDuration(totalNs)} simulated`);
      drawn = true;
    },
    clear() {
      if (drawn) write('\r\x1b[K');
      drawn = false;
    },
  };
}


