// The binary trace (codec.ts's layout) made and read in pieces, for the
// standalone report: written as a series of byte views (header, then each
// column) without first copying them into one blob, and read back from chunks
// of any size straight into one ArrayBuffer per column, so a 10-million-span
// report holds the trace once, not as the decoded blob and again as columns.
//   [magic u32][meta length u32][meta JSON utf8][pad to 8][columns, each padded to 8]
import { fromWire, wireMeta, type WireTrace } from './codec';
import { columnWidths, upgradeColumns } from './formatVersion';
import { TraceFormatError } from './integrity';
import { TABLE_LAYOUT, TABLE_NAMES, type TableName, type Trace, type TraceMeta } from './schema';

export const MAGIC = 0x534d5054; // "SMPT"
const align8 = (n: number) => (n + 7) & ~7;
type AnyArray = Float64Array | Uint8Array | Uint16Array | Uint32Array;

/** The encoded trace as consecutive byte views (padding included); their concatenation is encodeTrace(t). */
export function encodeTraceParts(t: Trace): Uint8Array[] {
  const metaBytes = new TextEncoder().encode(JSON.stringify({ meta: wireMeta(t), length: t.length }));
  const head = new Uint8Array(align8(8 + metaBytes.length));
  const dv = new DataView(head.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, metaBytes.length, true);
  head.set(metaBytes, 8);
  const parts: Uint8Array[] = [head];
  const zeros = new Uint8Array(8);
  for (const name of TABLE_NAMES) {
    const cols = t.tables[name] as unknown as Record<string, AnyArray>;
    for (const key of Object.keys(TABLE_LAYOUT[name])) {
      const c = cols[key];
      parts.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
      const pad = align8(c.byteLength) - c.byteLength;
      if (pad) parts.push(zeros.subarray(0, pad));
    }
  }
  return parts;
}

export function encodedSize(parts: Uint8Array[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

/** Reads the encoded bytes pushed in order, into one buffer per column. */
export class TraceStreamDecoder {
  private head: Uint8Array = new Uint8Array(8);
  private headLen = 0;
  private meta: { meta: TraceMeta; length: Record<TableName, number> } | null = null;
  private buffers: ArrayBuffer[] = [];
  private sizes: number[] = [];
  /** Column being filled, bytes of it done, padding still to skip after it. */
  private col = 0;
  private colDone = 0;
  private skip = 0;
  private cur: Uint8Array | null = null;

  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (!this.meta) { at = this.header(bytes, at); continue; }
      if (this.skip) { const k = Math.min(this.skip, bytes.length - at); this.skip -= k; at += k; continue; }
      if (this.col >= this.sizes.length) throw new TraceFormatError('trace data longer than its columns');
      const want = this.sizes[this.col] - this.colDone;
      const k = Math.min(want, bytes.length - at);
      this.cur!.set(bytes.subarray(at, at + k), this.colDone);
      this.colDone += k;
      at += k;
      if (this.colDone === this.sizes[this.col]) this.nextColumn();
    }
  }

  private header(bytes: Uint8Array, at: number): number {
    const need = this.headLen < 8 ? 8 : align8(8 + new DataView(this.head.buffer).getUint32(4, true));
    if (this.headLen === 8 && this.head.length < need) {
      const h = new Uint8Array(need);
      h.set(this.head.subarray(0, 8));
      this.head = h;
    }
    const k = Math.min(need - this.headLen, bytes.length - at);
    this.head.set(bytes.subarray(at, at + k), this.headLen);
    this.headLen += k;
    if (this.headLen === 8) {
      const dv = new DataView(this.head.buffer);
      if (dv.getUint32(0, true) !== MAGIC) throw new TraceFormatError('not an SMP Stack Lab trace (bad magic)');
      if (dv.getUint32(4, true) > 256 * 1024 * 1024) throw new TraceFormatError('corrupt trace header');
    } else if (this.headLen === need) this.start();
    return at + k;
  }

  private start(): void {
    const metaLen = new DataView(this.head.buffer).getUint32(4, true);
    try {
      this.meta = JSON.parse(new TextDecoder().decode(this.head.subarray(8, 8 + metaLen)));
    } catch {
      throw new TraceFormatError('corrupt trace header');
    }
    const len = this.meta?.length;
    // the data's own layout (an older one is converted in wire())
    const widths = columnWidths(this.meta?.meta);
    for (const name of TABLE_NAMES) {
      const n = len?.[name];
      if (!Number.isInteger(n) || (n as number) < 0) throw new TraceFormatError(`bad length for ${name}`);
      for (let k = Object.keys(TABLE_LAYOUT[name]).length; k > 0; k--) this.sizes.push((n as number) * widths[this.sizes.length]);
    }
    this.col = -1;
    this.nextColumn(true);
  }

  private nextColumn(first = false): void {
    if (!first) this.skip = align8(this.sizes[this.col]) - this.sizes[this.col];
    this.col++;
    this.colDone = 0;
    // Empty columns take no bytes: open them all at once.
    while (this.col < this.sizes.length) {
      const buf = new ArrayBuffer(this.sizes[this.col]);
      this.buffers.push(buf);
      this.cur = new Uint8Array(buf);
      if (this.sizes[this.col] > 0) return;
      this.col++;
    }
  }

  /** The wire form (checked by fromWire when mounted). */
  wire(): WireTrace {
    if (!this.meta || this.col < this.sizes.length) throw new TraceFormatError('truncated trace columns');
    this.meta.meta.version = upgradeColumns(this.meta.meta.version, this.buffers, this.meta.length);
    return { meta: this.meta.meta, length: this.meta.length, buffers: this.buffers };
  }

  finish(): Trace {
    return fromWire(this.wire());
  }
}
