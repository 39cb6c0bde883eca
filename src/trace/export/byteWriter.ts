// Text written straight into one reused byte buffer, handed to a sink a chunk
// at a time: a Chrome export of ten million records is about a gigabyte, more
// than one JS string may hold, and building it from per-record strings spent
// its time in string concatenation and garbage collection. Numbers are
// written digit by digit (integer nanoseconds as exact microsecond decimals)
// with no string made in between; names are JSON-quoted once and copied as
// bytes after that (see QuotedNames).

const CHUNK = 1 << 20;
/** Room always left free for one record's bytes so a write never checks per byte. */
const SLACK = 64 * 1024;

export type ByteSink = (bytes: Uint8Array) => void;

export class ByteWriter {
  private buf = new Uint8Array(CHUNK + SLACK);
  private pos = 0;
  /** Bytes handed to the sink so far. */
  flushed = 0;
  private readonly digits = new Uint8Array(24);

  /** `sink` gets views of the reused buffer: it must copy or write them before returning. */
  constructor(private readonly sink: ByteSink) {}

  get written(): number { return this.flushed + this.pos; }

  /** Hand the buffer to the sink when it is nearly full (call between records). */
  maybeFlush(): void {
    if (this.pos >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.flushed += this.pos;
    this.pos = 0;
  }

  /** Make sure `n` more bytes fit (for text of unknown length). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(n + SLACK);
  }

  byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.room(n);
    if (n > 48) { this.buf.set(b, this.pos); this.pos += n; return; }
    // A byte loop beats set() for the short names and keys most records are made of.
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i];
    this.pos = p;
  }

  /** Text known to be ASCII (keys, punctuation, numbers formatted elsewhere). */
  ascii(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.room(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text as UTF-8 (already escaped as needed). */
  text(s: string): void {
    this.bytes(utf8(s));
  }

  /** A non-negative integer below 2^53. */
  uint(n: number): void {
    const b = this.buf;
    if (n < 10) { b[this.pos++] = 48 + n; return; }
    const d = this.digits;
    let k = 0;
    if (n < 0x80000000) {
      let v = n | 0;
      while (v > 0) { const q = (v / 10) | 0; d[k++] = 48 + v - q * 10; v = q; }
    } else {
      let v = n;
      while (v > 0) { const q = Math.floor(v / 10); d[k++] = 48 + v - q * 10; v = q; }
    }
    let p = this.pos;
    while (k > 0) b[p++] = d[--k];
    this.pos = p;
  }

  /** Any finite number as JSON writes it (integers directly, others through String). */
  num(v: number): void {
    if (Number.isInteger(v) && v >= 0 && v < 9007199254740992) this.uint(v);
    else if (Number.isFinite(v)) this.ascii(String(v));
    else this.ascii('null');
  }

  /**
   * Nanoseconds as the microseconds Chrome's format wants: "391780085.123" for
   * 391780085123, exact (no binary-float tail). Non-integer nanoseconds (never
   * from the engine) keep picoseconds.
   */
  us(ns: number): void {
    if (!Number.isInteger(ns) || Math.abs(ns) >= 9007199254740992) { this.ascii(usFallback(ns)); return; }
    if (ns < 0) { this.byte(45); ns = -ns; }
    const whole = Math.floor(ns / 1000);
    const frac = ns - whole * 1000;
    this.uint(whole);
    if (frac === 0) return;
    const b = this.buf;
    b[this.pos++] = 46;
    const d1 = (frac / 100) | 0, d2 = ((frac / 10) | 0) % 10, d3 = frac % 10;
    b[this.pos++] = 48 + d1;
    if (d2 || d3) b[this.pos++] = 48 + d2;
    if (d3) b[this.pos++] = 48 + d3;
  }

  /**
   * The "dur" of a slice at `startNs` lasting `durNs`: the exact decimal when
   * a reader's own double sum ts + dur lands on the end's timestamp, else the
   * double that does. Consumers that turn X slices into begin / end pairs
   * (speedscope, chrome://tracing) then see a slice end exactly where the next
   * one begins or its parent ends. For integer ns, ns / 1000 is the double a
   * reader parses from the exact decimal (both are that rational correctly
   * rounded), so no text is parsed back.
   */
  dur(startNs: number, durNs: number): void {
    const a = startNs / 1000, c = durNs / 1000, b = (startNs + durNs) / 1000;
    if (a + c === b || !Number.isInteger(startNs) || !Number.isInteger(durNs)) { this.us(durNs); return; }
    let d = b - a;
    for (let k = 0; k < 4 && a + d !== b; k++) d = a + d < b ? nextUp(d) : nextDown(d);
    if (a + d === b) this.ascii(String(d));
    else this.us(durNs);
  }
}

const encoder = new TextEncoder();
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** JSON strings as UTF-8 bytes, quoted once per distinct string. */
export class QuotedNames {
  private readonly cache = new Map<string, Uint8Array>();
  get(s: string): Uint8Array {
    let b = this.cache.get(s);
    if (!b) this.cache.set(s, (b = utf8(JSON.stringify(s))));
    return b;
  }
}

function usFallback(ns: number): string {
  if (!Number.isFinite(ns)) return 'null';
  return (ns / 1000).toFixed(6).replace(/\.?0+$/, '') || '0';
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
