// Resolving `wakeup:` targets to thread instances, shared by the checker and the compiler.

import type { MThread } from '../spec';
import type { Tables } from './tables';

/** The instance a wakeup names; `g/i` wraps modulo the group's size (CPU counts from sweeps). */
export function resolveThread(name: string, t: Tables): MThread | undefined {
  const direct = t.threads.get(name);
  if (direct) return direct;
  const m = /^(.*)\/(\d+)$/.exec(name);
  if (!m) return undefined;
  const g = t.threadGroups.get(m[1]);
  if (!g || g.length === 0 || (g.length === 1 && g[0].name === m[1])) return undefined;
  return g[Number(m[2]) % g.length];
}
