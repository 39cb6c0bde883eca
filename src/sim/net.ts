// Packets, packet queues (rings, ifqueues, netisr queues), NIC devices with
// RSS and MSI-X vectors, traffic generators, and the packet statistics the
// CLI reports (offered, delivered, drops by place, latency, reordering).
import type { DeviceSpec, Program, TrafficSpec } from './program';
import type { Rng } from './rng';

/** Packet pool: parallel arrays indexed by packet id, recycled through a free list. */
export class Packets {
  birth = new Float64Array(256);
  flow = new Int32Array(256);
  seq = new Float64Array(256);
  size = new Uint16Array(256);
  private free: number[] = [];
  private next = 0;

  alloc(birth: number, flow: number, seq: number, size: number): number {
    let p = this.free.pop();
    if (p === undefined) {
      p = this.next++;
      if (p === this.birth.length) this.grow();
    }
    this.birth[p] = birth; this.flow[p] = flow; this.seq[p] = seq; this.size[p] = size;
    return p;
  }
  release(p: number): void { this.free.push(p); }
  get live(): number { return this.next - this.free.length; }
  private grow(): void {
    const n = this.birth.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint16Array>(a: T, C: new (n: number) => T) => { const x = new C(n); x.set(a); return x; };
    this.birth = g(this.birth, Float64Array); this.flow = g(this.flow, Int32Array);
    this.seq = g(this.seq, Float64Array); this.size = g(this.size, Uint16Array);
  }
}

/** A bounded FIFO of packet ids. */
export class PacketQueue {
  private buf: Int32Array;
  private head = 0;
  len = 0;
  /** Threads blocked in a dequeue on this queue, in arrival order. */
  readonly waiters: number[] = [];
  drops = 0;
  constructor(readonly name: string, readonly limit: number) {
    this.buf = new Int32Array(Math.max(1, Math.min(limit, 1 << 20)));
  }
  // (wrapping by a compare, not %: a division on every packet shows in the engine's profile)
  push(p: number): boolean {
    if (this.len >= this.limit || this.len >= this.buf.length) return false;
    let at = this.head + this.len;
    if (at >= this.buf.length) at -= this.buf.length;
    this.buf[at] = p;
    this.len++;
    return true;
  }
  shift(): number {
    if (this.len === 0) return -1;
    const p = this.buf[this.head];
    if (++this.head === this.buf.length) this.head = 0;
    this.len--;
    return p;
  }
  peek(): number { return this.len ? this.buf[this.head] : -1; }
}

/** Latency distribution: exact min/max/mean, p99 from log buckets 1% wide. */
export class LatencyHistogram {
  private buckets = new Float64Array(3000);
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;
  private static readonly LOG = Math.log(1.01);
  add(ns: number): void {
    this.count++; this.sum += ns;
    if (ns < this.min) this.min = ns;
    if (ns > this.max) this.max = ns;
    const b = ns < 1 ? 0 : Math.min(this.buckets.length - 1, 1 + Math.floor(Math.log(ns) / LatencyHistogram.LOG));
    this.buckets[b]++;
  }
  quantile(q: number): number {
    if (!this.count) return 0;
    const want = q * this.count;
    let acc = 0;
    for (let b = 0; b < this.buckets.length; b++) {
      acc += this.buckets[b];
      if (acc >= want) {
        const upper = b === 0 ? 1 : Math.exp(b * LatencyHistogram.LOG);
        return Math.min(this.max, Math.max(this.min, Math.round(upper)));
      }
    }
    return this.max;
  }
}

/** Wire time of a frame: preamble + inter-frame gap add 20 bytes (RFC 5180). */
export function frameNs(size: number, bps: number): number {
  return bps > 0 && Number.isFinite(bps) ? ((size + 20) * 8 * 1e9) / bps : 0;
}

/**
 * Toeplitz-like mixing of a flow id into a hash (deterministic stand-in for
 * RSS), as a signed 32-bit integer: an unsigned one past 2^31 would be a heap
 * number in V8, allocated per packet.
 */
export function flowHash(flow: number): number {
  let h = (flow + 0x9e3779b9) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return h ^ (h >>> 15);
}

/**
 * RSS: a 128-entry indirection table spreading hash buckets over the RX
 * queues round-robin, as drivers fill it by default (Linux scaling.rst); a
 * packet's queue is table[hash & 127].
 */
export function rssTable(queues: number): Uint8Array {
  return Uint8Array.from({ length: 128 }, (_, bucket) => (queues > 0 ? bucket % queues : 0));
}

/** Generates arrival times and flows of one traffic spec. */
export class TrafficSource {
  next: number;
  private k = 0;
  private burstLeft: number;
  private flowRR = 0;
  readonly seq: Float64Array;
  /** Minimum spacing: the line rate for this frame size. */
  private readonly minGap: number;
  private readonly gap: number;
  constructor(readonly spec: TrafficSpec, readonly flowBase: number, device: DeviceSpec, private rng: Rng) {
    this.seq = new Float64Array(spec.flows);
    this.minGap = frameNs(spec.size, device.lineRateBps);
    this.gap = Math.max(1e9 / spec.pps, this.minGap);
    this.burstLeft = spec.pattern.kind === 'bursty' ? spec.pattern.burst : 0;
    this.next = spec.startNs;
  }
  /** Packets per second actually offered (after the line-rate cap). */
  get effectivePps(): number { return 1e9 / this.gap; }
  /** Sequence number within its flow of the packet last taken. */
  takenSeq = 0;
  /** The flow of the packet arriving now (its sequence number in `takenSeq`), then advance `next`. */
  take(): number {
    const f = this.flowRR;
    if (++this.flowRR === this.spec.flows) this.flowRR = 0;
    this.takenSeq = this.seq[f]++;
    const p = this.spec.pattern;
    this.k++;
    if (p.kind === 'constant') {
      // fractional spacing kept exact over time, rounded to the ns clock
      this.next = Math.round(this.spec.startNs + this.k * this.gap);
    } else if (p.kind === 'poisson') {
      this.next += Math.max(1, this.rng.expNs(this.gap));
    } else {
      // bursty: `burst` frames back to back at line rate, then a gap keeping the mean rate
      if (--this.burstLeft > 0) this.next += Math.max(1, Math.round(this.minGap));
      else {
        this.burstLeft = p.burst;
        this.next += Math.max(1, Math.round(p.gapNs));
      }
    }
    return this.flowBase + f;
  }
}

/**
 * Per-run packet statistics over the measured range (warm-up to end): packets
 * offered (born) in it, and packets delivered or dropped in it, whenever they
 * were born — so under overload with deep rings `delivered` is the real
 * throughput of the range, not only the packets that were both born and
 * delivered inside it.
 */
export class PacketStatsRt {
  offered = 0;
  delivered = 0;
  dropped = new Map<string, number>();
  latency = new LatencyHistogram();
  reordered = 0;
  private lastSeq: Float64Array;
  constructor(flows: number, private warmup: number) {
    this.lastSeq = new Float64Array(Math.max(1, flows)).fill(-1);
  }
  counts(birth: number): boolean { return birth >= this.warmup; }
  drop(where: string, now: number): void {
    if (now >= this.warmup) this.dropped.set(where, (this.dropped.get(where) ?? 0) + 1);
  }
  deliver(now: number, birth: number, flow: number, seq: number): void {
    // per-flow order is followed from the start, so a reorder right after warm-up is still seen
    let late = false;
    if (flow >= 0 && flow < this.lastSeq.length) {
      if (seq < this.lastSeq[flow]) late = true;
      else this.lastSeq[flow] = seq;
    }
    if (now < this.warmup) return;
    this.delivered++;
    this.latency.add(now - birth);
    if (late) this.reordered++;
  }
  get droppedTotal(): number { let n = 0; for (const v of this.dropped.values()) n += v; return n; }
}

export function totalFlows(p: Program): number {
  return p.traffic.reduce((n, t) => n + t.flows, 0) + 1024; // room for local `packet` flows
}
