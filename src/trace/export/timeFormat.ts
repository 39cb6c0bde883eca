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

/**
 * The "dur" to write for a slice at `startNs` lasting `durNs`: the exact
 * decimal when the reader's own double sum ts + dur lands on the end's
 * timestamp, else the double that does (within 1e-9 µs of it). Consumers that
 * turn X slices into begin/end pairs (speedscope, chrome://tracing) then see a
 * slice end exactly where the next one begins, so tiling slices nest cleanly.
 */
export function durText(startNs: number, durNs: number): string {
  const clean = usText(durNs);
  const a = Number(usText(startNs));
  const b = Number(usText(startNs + durNs));
  if (a + Number(clean) === b) return clean;
  let d = b - a;
  for (let k = 0; k < 4 && a + d !== b; k++) d = a + d < b ? nextUp(d) : nextDown(d);
  return a + d === b ? String(d) : clean;
}

const f64 = new Float64Array(1);
const u64 = new BigInt64Array(f64.buffer);
function nextUp(x: number): number {
  f64[0] = x;
  u64[0] += x >= 0 ? 1n : -1n;
  return f64[0];
}
function nextDown(x: number): number {
  f64[0] = x;
  u64[0] += x > 0 ? -1n : 1n;
  return f64[0];
}
