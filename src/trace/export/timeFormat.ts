// Nanoseconds as the fractional microseconds Chrome's trace format wants,
// written from integer arithmetic so 391780085123 ns is "391780085.123"
// exactly (no binary-float tail), and read back to the same nanosecond.

export function usText(ns: number): string {
  if (Number.isInteger(ns) && Math.abs(ns) < Number.MAX_SAFE_INTEGER) {
    const neg = ns < 0;
    const a = Math.abs(ns);
    const whole = Math.floor(a / 1000);
    const frac = a - whole * 1000;
    const s = frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
    return neg ? '-' + s : s;
  }
  // Fractional nanoseconds (never from the engine, which counts whole ns): keep picoseconds.
  return (ns / 1000).toFixed(6).replace(/\.?0+$/, '');
}

/** Microseconds (as parsed from JSON) back to nanoseconds, exact for what usText wrote. */
export function nsOfUs(us: number): number {
  return Math.round(us * 1e6) / 1000;
}
