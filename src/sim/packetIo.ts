// Packets entering and leaving the machine: traffic arrivals hashed (RSS) onto
// RX rings that raise their vectors, TX rings drained at line rate, and the
// accounting of every packet delivered or dropped.
import type { CpuRt, Ctx, Vector } from './runtime';
import type { EventQueue } from './eventQueue';
import { Ev } from './events';
import { flowHash, frameNs, type PacketQueue, type Packets, type PacketStatsRt, type TrafficSource } from './net';
import type { Program } from './program';
import type { TraceBuilder } from '../trace/builder';
import { InstantKind, NONE } from '../trace/schema';

/** A device's rings as the run goes: its TX rings' line-rate clocks, its RX vectors, its RSS table. */
export interface DeviceRt {
  tx: TxRingRt[];
  rxVector: number[];
  /** RSS indirection table: hash bucket → RX queue. */
  rss: Uint8Array;
}
export interface TxRingRt { ring: number; busy: boolean; clock: number }

/** What packet I/O sees of the machine (the Engine is one). */
export interface PacketEnv {
  readonly now: number;
  readonly program: Program;
  readonly sources: readonly TrafficSource[];
  readonly devices: readonly DeviceRt[];
  readonly queues: readonly PacketQueue[];
  readonly vectors: readonly Vector[];
  readonly cpus: readonly CpuRt[];
  readonly packets: Packets;
  readonly stats: PacketStatsRt;
  readonly eq: EventQueue;
  readonly rec: Pick<TraceBuilder, 'instant' | 'intern'>;
  /** Raise interrupt vector `vi` (an RX ring with packets). */
  raise(vi: number): void;
  threadField(ctx: Ctx): number;
}

export class PacketIo {
  constructor(private e: PacketEnv) {}

  /** A traffic source's packet arrives: RSS picks the RX queue; a full ring drops it. */
  arrival(i: number): void {
    const e = this.e;
    const src = e.sources[i];
    const spec = src.spec;
    const now = e.now;
    const flow = src.take();
    const p = e.packets.alloc(now, flow, src.takenSeq, spec.size);
    if (e.stats.counts(now)) e.stats.offered++;
    const dev = e.program.devices[spec.device];
    if (!dev.rx.length) this.drop(p, `${dev.name} (no rx queue)`, 0, null);
    else {
      const qi = e.devices[spec.device].rss[flowHash(flow) & 127];
      const ring = e.queues[dev.rx[qi].ring];
      if (!ring.push(p)) this.drop(p, ring.name, e.vectors[e.devices[spec.device].rxVector[qi]].cpu, null);
      else e.raise(e.devices[spec.device].rxVector[qi]);
    }
    if (src.next < spec.stopNs) e.eq.push(src.next, Ev.Arrival, i, 0);
  }

  /** A packet goes out through TX ring (cpu % rings) of the device, drained at line rate. */
  transmit(di: number, p: number, cpu: number, ctx: Ctx): void {
    const e = this.e;
    if (di < 0) { this.deliver(p); return; }
    const dev = e.program.devices[di];
    const rings = e.devices[di].tx;
    if (!rings.length) { this.deliver(p); return; }
    const ri = cpu % rings.length;
    const tx = rings[ri];
    const q = e.queues[tx.ring];
    if (!q.push(p)) { this.drop(p, q.name, cpu, ctx); return; }
    if (!tx.busy) {
      tx.busy = true;
      tx.clock = e.now + frameNs(e.packets.size[p], dev.lineRateBps);
      e.eq.push(Math.max(e.now, Math.round(tx.clock)), Ev.Tx, di, ri);
    }
  }

  txDone(di: number, ri: number): void {
    const e = this.e;
    const dev = e.program.devices[di];
    const tx = e.devices[di].tx[ri];
    const q = e.queues[tx.ring];
    const p = q.shift();
    if (p >= 0) this.deliver(p);
    if (q.len > 0) {
      tx.clock = Math.max(tx.clock, e.now) + frameNs(e.packets.size[q.peek()], dev.lineRateBps);
      e.eq.push(Math.max(e.now, Math.round(tx.clock)), Ev.Tx, di, ri);
    } else tx.busy = false;
  }

  /** The packet left the machine: latency and reordering are counted. */
  deliver(p: number): void {
    const e = this.e;
    const pk = e.packets;
    e.stats.deliver(e.now, pk.birth[p], pk.flow[p], pk.seq[p]);
    pk.release(p);
  }

  /** The packet is dropped at `where` (a ring, a queue, a reason): counted and marked on the timeline. */
  drop(p: number, where: string, cpu: number, ctx: Ctx | null): void {
    const e = this.e;
    e.stats.drop(where, e.now);
    e.rec.instant(e.now, InstantKind.Drop, cpu, ctx ? e.threadField(ctx) : NONE, NONE, e.rec.intern(where), ctx ? e.cpus[cpu].spanStack : 0);
    e.packets.release(p);
  }
}
