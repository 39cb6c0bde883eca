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

/**
 * Packets the model's rings and queues can hold at once, in all. A packet in the engine takes about 30 bytes
 * (its fields, its ring slot, its place on the free list) outside the worker's capped JavaScript heap, so this is
 * what bounds the engine's state (about 1 GB): 100 NICs of 64 RX queues with 65,536-slot rings (419 M slots) kept
 * growing with the packets in flight (3.7 GB at 60 ms simulated).
 */
export const MAX_PACKET_SLOTS = 1 << 25;

function tallySlots(parts: { n: number; at: Range; name: string }[], diags: Diagnostics): void {
  let sum = 0;
  for (const p of parts) {
    sum += p.n;
    if (sum > MAX_PACKET_SLOTS) {
      const total = parts.reduce((a, q) => a + q.n, 0);
      diags.error(p.at, `rings and queues that hold ${formatCount(total)} packets in all, more than the ${formatCount(MAX_PACKET_SLOTS)} a run may keep in flight (about 1 GB of engine state); ${p.name} takes the count past it — use smaller rings or queue limits`);
      return;
    }
  }
}

export function checkLimits(spec: MSpec, diags: Diagnostics): void {
  const cpus = spec.machine.cpus;
  const stacks = spec.machine.stacks;
  /** Instances of a lock or queue: one per CPU, one per network stack, or one. */
  const instances = (d: { perCpu: boolean; perStack: boolean }) => (d.perCpu ? cpus : d.perStack ? stacks : 1);
  tally('thread instances (declared threads and netisr workstreams)', [
    ...spec.threads.map((t) => ({ n: 1, at: t.at, name: `thread ${t.name}` })),
    ...spec.netisrs.map((n) => ({ n: n.threads, at: n.at, name: `netisr ${n.name}` })),
  ], diags);
  tally('lock instances (a per-CPU lock is one per CPU)', spec.locks.map((l) => ({ n: instances(l), at: l.at, name: `lock ${l.name}` })), diags);
  // Series: every counter, every queue instance (declared, NIC rings, netisr queues), and two for packets.
  tally('counters and queues (each a sampled series of the trace)', [
    ...spec.counters.map((c) => ({ n: 1, at: c.at, name: `counter ${c.name}` })),
    ...spec.queues.map((q) => ({ n: instances(q), at: q.at, name: `queue ${q.name}` })),
    ...spec.devices.map((d) => ({ n: d.rx.length + d.txRings.length, at: d.at, name: `device ${d.name}'s rings` })),
    ...spec.netisrs.map((n) => ({ n: n.threads, at: n.at, name: `netisr ${n.name}'s queues` })),
  ], diags, 2);
  tallySlots([
    ...spec.devices.map((d) => ({ n: d.rx.length * d.ringSize + d.txRings.length * d.txRingSize, at: d.at, name: `device ${d.name}` })),
    ...spec.queues.map((q) => ({ n: instances(q) * q.limit, at: q.at, name: `queue ${q.name}` })),
    ...spec.netisrs.map((n) => ({ n: n.threads * n.qlimit, at: n.at, name: `netisr ${n.name}` })),
  ], diags);
}
