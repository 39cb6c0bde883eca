// The duration setting ("20ms", "500 us") in nanoseconds. Pure.

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };

/** undefined for an empty string; throws a readable Error for anything else that is not a duration. */
export function parseDurationSetting(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*(ns|us|µs|ms|s)$/.exec(t);
  if (!m) throw new Error(`"${text}" is not a duration: write a number and a unit, e.g. 20ms, 500us, 1s`);
  const ns = Math.round(Number(m[1]) * UNIT_NS[m[2]]);
  if (ns <= 0) throw new Error(`duration "${text}" must be more than 0`);
  return ns;
}
