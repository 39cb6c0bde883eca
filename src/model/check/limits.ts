// The engine's fixed capacities, checked on the elaborated model so that a
// model the checker passes never stops at the engine's last-line validation
// (src/sim/validate.ts: "internal error", exit 70). Thread and lock ids are
// 16-bit in the trace with 0xffff meaning "none", and so are the ids of the
// sampled series (counters, then queues, then the two packet series).
// Each error is at the declaration that takes the total past the limit.

import type { Diagnostics, Range } from '../diagnostics';
import type { MSpec } from '../spec';
import { formatCount } from '../../core/format';

/** Ids 0 … 65,533 and 0xffff for "none": at most this many of each. */
export const MAX_IDS = 0xffff - 1;


/** Walks declarations adding up instances; reports once, where the running total first passes MAX_IDS. */
function tally(what: string, parts: { n: number; at: Range; name: string }[], diags: Diagnostics, reserved = 0): void {
  const total = parts.reduce((a, p) => a + p.n, reserved);
  if (total <= MAX_IDS) return;
  let sum = reserved;
  for (const p of parts) {
    sum += p.n;
    if (sum > MAX_IDS) {
      diags.error(p.at, `${formatCount(total)} ${what} in all, more than the ${formatCount(MAX_IDS)} the engine can tell apart; ${p.name} takes the count past it`);
      return;
    }
  }
}

export function checkLimits(spec: MSpec, diags: Diagnostics): void {
  const cpus = spec.machine.cpus;
  tally('thread instances (declared threads and netisr workstreams)', [
    ...spec.threads.map((t) => ({ n: 1, at: t.at, name: `thread ${t.name}` })),
    ...spec.netisrs.map((n) => ({ n: n.threads, at: n.at, name: `netisr ${n.name}` })),
  ], diags);
  tally('lock instances (a per-CPU lock is one per CPU)', spec.locks.map((l) => ({ n: l.perCpu ? cpus : 1, at: l.at, name: `lock ${l.name}` })), diags);
  // Series: every counter, every queue instance (declared, NIC rings, netisr queues), and two for packets.
  tally('counters and queues (each a sampled series of the trace)', [
    ...spec.counters.map((c) => ({ n: 1, at: c.at, name: `counter ${c.name}` })),
    ...spec.queues.map((q) => ({ n: q.perCpu ? cpus : 1, at: q.at, name: `queue ${q.name}` })),
    ...spec.devices.map((d) => ({ n: d.rx.length + d.txRings.length, at: d.at, name: `device ${d.name}'s rings` })),
    ...spec.netisrs.map((n) => ({ n: n.threads, at: n.at, name: `netisr ${n.name}'s queues` })),
  ], diags, 2);
}
