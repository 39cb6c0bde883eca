// The duration setting ("20ms", "500 us") in nanoseconds, read with the model
// language's own unit parser so a setting and a model accept the same text.
import { parseDuration } from '../model/units';

/** undefined for an empty string; throws a readable Error for anything else that is not a positive duration. */
export function parseDurationSetting(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const r = parseDuration(t);
  if (!r.ok) throw new Error(`duration setting: ${r.message}`);
  if (r.value <= 0) throw new Error(`duration "${text}" must be more than 0`);
  return Math.round(r.value);
}
