// A small seeded PRNG (xoshiro128**) so the same model, variant and seed give
// the same trace on every machine. Durations are drawn here and rounded to
// whole nanoseconds: the clock is an integer.
import { ZIG_BOXES, ZIG_FE, ZIG_KE, ZIG_R, ZIG_WE } from './ziggurat';

/** A duration distribution as numbers (the interpreter's flat form of program.ts's Dist, see flatCode.ts). */
export const enum DistKind { None, Fixed, Uniform, Exp }

export class Rng {
  /**
   * The four words of state, a b c d. In an Int32Array, not four fields: a field holding a word past
   * ±2^30 (not a small integer to V8) changed representation mid-run and deoptimised int32 and its
   * callers ("not a Smi"); every operation on them is a 32-bit one, so the numbers drawn are the same.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // splitmix32 to spread the seed over the four words
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const w = this.s;
    w[0] = next(); w[1] = next(); w[2] = next(); w[3] = next();
    if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return (this.int32() >>> 0) / 4294967296;
  }

  /** 32 random bits as a signed integer (an unsigned one past 2^31 would be a heap number). */
  int32(): number {
    const w = this.s;
    const r = Math.imul(rotl(Math.imul(w[1], 5), 7), 9);
    const t = w[1] << 9;
    w[2] ^= w[0]; w[3] ^= w[1]; w[1] ^= w[2]; w[0] ^= w[3];
    w[2] ^= t;
    w[3] = rotl(w[3], 11);
    return r;
  }

  /** Exponential with the given mean (unrounded), by the ziggurat (ziggurat.ts). */
  exp(mean: number): number {
    const j = this.int32();
    const box = j & (ZIG_BOXES - 1);
    const u = j >>> 8;
    if (u < ZIG_KE[box]) return mean * u * ZIG_WE[box];
    return mean * this.expSlow(box, u);
  }

  /**
   * Math.round(exp(mean)), rounded here rather than by the caller, so an op's duration comes back as a
   * small integer: exp is called, not inlined, from the interpreter's large step, and its unrounded
   * double came back boxed, a heap number for every exponential op drawn. This small function gets
   * exp inlined (`--trace-turbo-inlining`), so the double never leaves it.
   */
  expNs(mean: number): number {
    return Math.round(this.exp(mean));
  }

  /** The ~1% of exponential draws outside a box's rectangle: the tail, or a wedge test, else draw again. */
  private expSlow(box: number, u: number): number {
    for (;;) {
      if (box === 0) return ZIG_R - Math.log(1 - this.next()); // past the base strip the tail is exponential too
      const x = u * ZIG_WE[box];
      if (ZIG_FE[box] + this.next() * (ZIG_FE[box - 1] - ZIG_FE[box]) < Math.exp(-x)) return x;
      const j = this.int32();
      box = j & (ZIG_BOXES - 1);
      u = j >>> 8;
      if (u < ZIG_KE[box]) return u * ZIG_WE[box];
    }
  }

  /** A duration in whole ns: fixed p1; uniform [p1, p2); exponential with mean p1; 0 for no distribution. */
  duration(kind: DistKind, p1: number, p2: number): number {
    if (kind === DistKind.Exp) return this.expNs(p1);
    if (kind === DistKind.Uniform) return Math.round(p1 + (p2 - p1) * this.next());
    return kind === DistKind.Fixed ? p1 : 0;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
