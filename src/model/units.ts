// Quantities with units, as model files write them: `300ns`, `2us`, `1.5ms`,
// `800kpps`, `10Gbps`, `64B`. Each parser takes what YAML gave (a number or a
// string) and returns either a value in the program's base unit (ns, packets/s,
// bits/s, bytes) or a message a person can act on. A bare number is accepted
// only where it cannot be misread: 0 for a duration, any count for a size.

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

const ok = (value: number): Parsed => ({ ok: true, value });
const fail = (message: string): Parsed => ({ ok: false, message });

/** Number then optional unit, spaces allowed between: "1.5 ms", "800kpps", "-3ns". */
const QUANTITY = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµμ/%]*)\s*$/;

function split(input: unknown): { n: number; unit: string } | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? { n: input, unit: '' } : undefined;
  if (typeof input !== 'string') return undefined;
  const m = QUANTITY.exec(input);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? { n, unit: m[2] } : undefined;
}

function show(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (typeof input === 'string') return `"${input}"`;
  if (typeof input === 'object') return 'a list or map';
  return String(input);
}

export const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9 };
export const PACKET_RATE_UNITS: Record<string, number> = { pps: 1, kpps: 1e3, Kpps: 1e3, Mpps: 1e6, Gpps: 1e9 };
export const BIT_RATE_UNITS: Record<string, number> = { bps: 1, kbps: 1e3, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12 };
export const SIZE_UNITS: Record<string, number> = { '': 1, B: 1, byte: 1, bytes: 1, KB: 1e3, KiB: 1024, MB: 1e6, MiB: 1 << 20 };

function unitList(units: Record<string, number>): string {
  return Object.keys(units).filter((u) => u && u !== 'μs' && u !== 'Kpps' && u !== 'Kbps' && u !== 'byte').join(', ');
}

/** A non-negative duration in nanoseconds (may be fractional: callers round where they need integers). */
export function parseDuration(input: unknown): Parsed {
  const q = split(input);
  if (!q) return fail(`expected a duration such as 300ns, 2us or 1.5ms, got ${show(input)}`);
  if (q.unit === '') {
    if (q.n === 0) return ok(0);
    return fail(`${q.n} needs a unit: write ${q.n}ns, ${q.n}us or ${q.n}ms`);
  }
  const scale = DURATION_UNITS[q.unit];
  if (scale === undefined) return fail(`unknown time unit "${q.unit}" in ${show(input)}; use ${unitList(DURATION_UNITS)}`);
  if (q.n < 0) return fail(`a duration cannot be negative (${show(input)})`);
  return ok(q.n * scale);
}

/** Packets per second. */
export function parseRate(input: unknown): Parsed {
  const q = split(input);
  if (!q) return fail(`expected a packet rate such as 800kpps or 1.2Mpps, got ${show(input)}`);
  if (q.unit === '') return fail(`${q.n} needs a unit: write ${q.n}pps, ${q.n}kpps or ${q.n}Mpps`);
  const scale = PACKET_RATE_UNITS[q.unit];
  if (scale === undefined) {
    if (BIT_RATE_UNITS[q.unit] !== undefined) return fail(`${show(input)} is a bit rate; a packet rate is in pps, kpps or Mpps`);
    return fail(`unknown rate unit "${q.unit}" in ${show(input)}; use ${unitList(PACKET_RATE_UNITS)}`);
  }
  if (q.n < 0) return fail(`a rate cannot be negative (${show(input)})`);
  return ok(q.n * scale);
}

/** Bits per second. */
export function parseBitRate(input: unknown): Parsed {
  const q = split(input);
  if (!q) return fail(`expected a bit rate such as 1Gbps or 10Gbps, got ${show(input)}`);
  if (q.unit === '') return fail(`${q.n} needs a unit: write ${q.n}Mbps or ${q.n}Gbps`);
  const scale = BIT_RATE_UNITS[q.unit];
  if (scale === undefined) {
    if (PACKET_RATE_UNITS[q.unit] !== undefined) return fail(`${show(input)} is a packet rate; a line rate is in bps, Mbps or Gbps`);
    return fail(`unknown bit-rate unit "${q.unit}" in ${show(input)}; use ${unitList(BIT_RATE_UNITS)}`);
  }
  if (q.n <= 0) return fail(`a line rate must be positive (${show(input)})`);
  return ok(q.n * scale);
}

/** A size in bytes (a bare number means bytes). */
export function parseSize(input: unknown): Parsed {
  const q = split(input);
  if (!q) return fail(`expected a size in bytes such as 64 or 1500B, got ${show(input)}`);
  const scale = SIZE_UNITS[q.unit];
  if (scale === undefined) return fail(`unknown size unit "${q.unit}" in ${show(input)}; use B, KB or KiB`);
  const v = q.n * scale;
  if (v < 0 || !Number.isInteger(v)) return fail(`a size must be a whole number of bytes (${show(input)})`);
  return ok(v);
}

/** A probability: 0.25 or "25%". */
export function parseProbability(input: unknown): Parsed {
  const q = split(input);
  if (!q || (q.unit !== '' && q.unit !== '%')) return fail(`expected a probability such as 0.25 or 25%, got ${show(input)}`);
  const p = q.unit === '%' ? q.n / 100 : q.n;
  if (p < 0 || p > 1) return fail(`a probability must be between 0 and 1 (0% and 100%), got ${show(input)}`);
  return ok(p);
}

/** Packets per second of a line rate for frames of `size` bytes (20 bytes of preamble and gap per frame). */
export function lineRatePps(bps: number, size: number): number {
  return bps / (8 * (size + 20));
}

/**
 * A duration as the model language writes it, no space and ASCII "us":
 * 1500 → "1.5us" (parseDuration reads it back). For messages about a model's
 * own settings ("duration 500us is not longer than the model's warm-up
 * (1ms)"); every other duration shown to people is src/core/format.ts's
 * formatDuration ("1.5 µs").
 */
export function formatModelDuration(ns: number): string {
  if (ns === 0) return '0';
  const a = Math.abs(ns);
  if (a >= 1e9) return `${trim(ns / 1e9)}s`;
  if (a >= 1e6) return `${trim(ns / 1e6)}ms`;
  if (a >= 1e3) return `${trim(ns / 1e3)}us`;
  return `${trim(ns)}ns`;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(4)));
}
