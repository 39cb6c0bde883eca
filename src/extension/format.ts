// Numbers as people read them in hovers and the output channel. Pure.
import { formatDuration } from '../format';

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n).toLocaleString('en-US');
}

/** 1234 ns → "1.23 µs": the same units as the timeline (src/format.ts). */
export function formatNs(ns: number): string {
  return Number.isFinite(ns) ? formatDuration(ns) : String(ns);
}

/** Events per second with a k/M/G prefix: "61.7 M/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return String(perSecond);
  const a = Math.abs(perSecond);
  if (a >= 1e9) return `${trim(perSecond / 1e9)} G/s`;
  if (a >= 1e6) return `${trim(perSecond / 1e6)} M/s`;
  if (a >= 1e3) return `${trim(perSecond / 1e3)} k/s`;
  return `${trim(perSecond)} /s`;
}

/** 0.4012 → "40.1%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  const p = fraction * 100;
  return `${p !== 0 && Math.abs(p) < 0.1 ? p.toPrecision(1) : p.toFixed(1)}%`;
}

/** Three significant digits, no trailing zeros. */
function trim(x: number): string {
  const a = Math.abs(x);
  const s = a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
