// Human units for trace times and counts, shared by the webview, the extension host and the CLI:
// the axis, tooltips, totals, hovers and the progress bar all speak ns/µs/ms/s.

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/** A duration with three significant digits in the largest unit that keeps it >= 1: "850 ns", "12.3 µs", "4.56 ms". */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const a = Math.abs(ns);
  if (a === 0) return '0 ns';
  for (const [scale, unit] of UNITS) {
    if (a >= scale || scale === 1) {
      const v = ns / scale;
      const digits = Math.abs(v) >= 100 || scale === 1 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
      return `${trimZeros(v.toFixed(digits))} ${unit}`;
    }
  }
  return `${ns} ns`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * Tick label for an absolute trace time when ticks are `step` ns apart. The
 * unit follows the magnitude of the visible times (so a 20 ms run reads in ms
 * at every zoom) and the decimals are just enough to tell neighbouring ticks
 * apart: "12.3456 ms" for 100 ns ticks.
 */
export function formatTick(t: number, step: number, magnitude = Math.abs(t)): string {
  const [scale, name] = UNITS.find(([s]) => magnitude >= s) ?? UNITS[UNITS.length - 1];
  const decimals = step >= scale ? 0 : Math.min(9, Math.ceil(-Math.log10(step / scale) - 1e-9));
  return `${(t / scale).toFixed(Math.max(0, decimals))} ${name}`;
}

/** A point in trace time to the nanosecond, in the largest unit that keeps it >= 1: "205.123 µs", "12.345678 ms". */
export function formatTime(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const a = Math.abs(ns);
  if (a < 1e3) return `${trimZeros(ns.toFixed(Number.isInteger(ns) ? 0 : 1))} ns`;
  if (a < 1e6) return `${trimZeros((ns / 1e3).toFixed(3))} µs`;
  if (a < 1e9) return `${trimZeros((ns / 1e6).toFixed(6))} ms`;
  return `${trimZeros((ns / 1e9).toFixed(9))} s`;
}

/** "1.23 M", "45.6 k" for counts and rates. */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e9) return `${trimZeros((v / 1e9).toFixed(2))} G`;
  if (a >= 1e6) return `${trimZeros((v / 1e6).toFixed(2))} M`;
  if (a >= 1e4) return `${trimZeros((v / 1e3).toFixed(1))} k`;
  if (Number.isInteger(v)) return String(v);
  return trimZeros(v.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 4));
}

/** Share of a whole as "42.0%". */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return `${((100 * part) / whole).toFixed(1)}%`;
}
