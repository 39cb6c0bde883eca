// The one number format, shared by the webview, the extension host and the CLI:
// the axis, tooltips, tables, totals, hovers, the output channel, the CLI text
// and the progress bar all speak ns/µs/ms/s, exact counts with thousands
// separators ("1,361", "12,345" — never "12 k" beside "1361") and one percent style.

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

/** A count as people read it in a table or a sentence: exact integers grouped ("1,234,567"), other values to three significant digits. */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  const a = Math.abs(v);
  return trimZeros(v.toFixed(a >= 100 ? 1 : a >= 1 ? 2 : 4));
}

/** "1.23 M", "45.6 k": a count where space is tight (chart axes). */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e9) return `${trimZeros((v / 1e9).toFixed(2))} G`;
  if (a >= 1e6) return `${trimZeros((v / 1e6).toFixed(2))} M`;
  if (a >= 1e4) return `${trimZeros((v / 1e3).toFixed(1))} k`;
  return formatCount(v);
}

/** Events per second with a k/M/G prefix: "61.7 M/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '—';
  const a = Math.abs(perSecond);
  const three = (x: number) => trimZeros(Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
  if (a >= 1e9) return `${three(perSecond / 1e9)} G/s`;
  if (a >= 1e6) return `${three(perSecond / 1e6)} M/s`;
  if (a >= 1e3) return `${three(perSecond / 1e3)} k/s`;
  return `${three(perSecond)} /s`;
}

/** A fraction as a percent: 0.4012 → "40.1%"; a small non-zero share keeps one significant digit ("0.02%"). */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  return `${p !== 0 && Math.abs(p) < 0.1 ? p.toPrecision(1) : p.toFixed(1)}%`;
}

/**
 * `text ± half` (the half-width in `fmt`) when there is a spread to show — a
 * positive, finite 95% half-width over replications — else `text` alone: the
 * one way hovers, the lock table and the sweep view write a mean with its interval.
 */
export function withHalfWidth(text: string, half: number | undefined, fmt: (v: number) => string): string {
  return typeof half === 'number' && half > 0 && Number.isFinite(half) ? `${text} ± ${fmt(half)}` : text;
}

/** A size in mebibytes to one decimal, as the run facts and progress lines print it: "53.1 MB". */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** Share of a whole as "42.0%" ('—' with no whole). */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0)) return '—';
  return formatShare(part / whole);
}
