// The binary trace (codec.ts's layout) made and read in pieces, for the
// standalone report: written as a series of byte views (header, then each
// column) without first copying them into one blob, and read back from chunks
// of any size straight into one ArrayBuffer per column, so a 10-million-span
// report holds the trace once, not as the decoded blob and again as columns.
//   [magic u32][meta length u32][meta JSON utf8][pad to 8][columns, each padded to 8]
// The report writes its Float64 columns of whole nanoseconds as planes
// (columnPlanes.ts: same length, a third to a half of the deflated size);
// the decoder is told which, and undoes them block by block as they arrive.
import { fromWire, wireMeta, type WireTrace } from './codec';
import { PLANE_BLOCK, planeBlocks, planeCoding, planeWidth, undoPlanes, type PlaneCoding } from './columnPlanes';
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

/**
 * The report's form of the encoded trace: the same layout as
 * encodeTraceParts, with each exact Float64 column as planes (named in
 * `planes` as "table.key", for the decoder). Parts are made as they are read.
 */
export function encodeReportParts(t: Trace): { parts: Iterable<Uint8Array>; size: number; planes: Record<string, PlaneCoding> } {
  const plain = encodeTraceParts(t);
  const planes: Record<string, PlaneCoding> = {};
  const coded = new Map<Uint8Array, { c: Float64Array | Uint32Array; coding: PlaneCoding }>();
  for (const name of TABLE_NAMES) {
    const cols = t.tables[name] as unknown as Record<string, AnyArray>;
    for (const key of Object.keys(TABLE_LAYOUT[name])) {
      const c = cols[key];
      if (c.length === 0) continue;
      // 32-bit durations as two planes (they deflate a seventh smaller than the column as it is)
      const coding = c instanceof Float64Array ? planeCoding(key, c) : name === 'spans' && key === 'dur' && c instanceof Uint32Array ? 'plain32' : 'raw';
      if (coding === 'raw') continue;
      planes[`${name}.${key}`] = coding;
      const part = plain.find((p) => p.buffer === c.buffer && p.byteOffset === c.byteOffset && p.byteLength === c.byteLength);
      if (part) coded.set(part, { c: c as Float64Array | Uint32Array, coding });
    }
  }
  function* parts(): Generator<Uint8Array> {
    for (const p of plain) {
      const k = coded.get(p);
      if (k) yield* planeBlocks(k.c, k.coding);
      else yield p;
    }
  }
  return { parts: parts(), size: encodedSize(plain), planes };
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
  /** Per column (by index), its plane coding when written as planes. */
  private codings: (PlaneCoding | undefined)[] = [];
  /** The block of planes being gathered (a column written as planes), its fill, and the value before it. */
  private block: Uint8Array | null = null;
  private blockDone = 0;
  private prev = 0;

  /** `planes`: the columns written as planes ("table.key" → coding), as the report's run element names them. */
  constructor(private readonly planes: Record<string, PlaneCoding> = {}) {}

  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      if (!this.meta) { at = this.header(bytes, at); continue; }
      if (this.skip) { const k = Math.min(this.skip, bytes.length - at); this.skip -= k; at += k; continue; }
      if (this.col >= this.sizes.length) throw new TraceFormatError('trace data longer than its columns');
      if (this.codings[this.col]) { at = this.pushPlanes(bytes, at); continue; }
      const want = this.sizes[this.col] - this.colDone;
      const k = Math.min(want, bytes.length - at);
      this.cur!.set(bytes.subarray(at, at + k), this.colDone);
      this.colDone += k;
      at += k;
      if (this.colDone === this.sizes[this.col]) this.nextColumn();
    }
  }

  /** Gathers a block of planes and, once whole, writes its values into the column. */
  private pushPlanes(bytes: Uint8Array, at: number): number {
    const coding = this.codings[this.col]!;
    const w = planeWidth(coding);
    const left = (this.sizes[this.col] - this.colDone) / w;
    const m = Math.min(PLANE_BLOCK, left);
    this.block ??= new Uint8Array(8 * PLANE_BLOCK);
    const k = Math.min(w * m - this.blockDone, bytes.length - at);
    this.block.set(bytes.subarray(at, at + k), this.blockDone);
    this.blockDone += k;
    if (this.blockDone === w * m) {
      const out = w === 4 ? new Uint32Array(this.cur!.buffer) : new Float64Array(this.cur!.buffer);
      this.prev = undoPlanes(new Uint16Array(this.block.buffer, 0, (w / 2) * m), m, out, this.colDone / w, coding, this.prev);
      this.colDone += w * m;
      this.blockDone = 0;
      if (this.colDone === this.sizes[this.col]) this.nextColumn();
    }
    return at + k;
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
    const named = new Set(Object.keys(this.planes));
    for (const name of TABLE_NAMES) {
      const n = len?.[name];
      if (!Number.isInteger(n) || (n as number) < 0) throw new TraceFormatError(`bad length for ${name}`);
      for (const [key, ctor] of Object.entries(TABLE_LAYOUT[name])) {
        const width = widths[this.sizes.length];
        this.sizes.push((n as number) * width);
        const coding = this.planes[`${name}.${key}`];
        named.delete(`${name}.${key}`);
        // (64-bit planes only where the data holds 64-bit floats; 32-bit ones where it holds 32-bit durations)
        const fits = coding === 'plain32' ? name === 'spans' && key === 'dur' && width === 4 : ctor === Float64Array && width === 8 && (coding === 'delta' || coding === 'plain');
        if (coding !== undefined && !fits) throw new TraceFormatError(`column ${name}.${key} cannot be read as "${coding}" planes`);
        this.codings.push(coding);
      }
    }
    if (named.size) throw new TraceFormatError(`no column ${[...named][0]} to read as planes`);
    this.col = -1;
    this.nextColumn(true);
  }

  private nextColumn(first = false): void {
    if (!first) this.skip = align8(this.sizes[this.col]) - this.sizes[this.col];
    this.col++;
    this.colDone = 0;
    this.prev = 0;
    // Empty columns take no bytes: open them all at once.
    while (this.col < this.sizes.length) {
      const buf = new ArrayBuffer(this.sizes[this.col]);
      this.buffers.push(buf);
      this.cur = new Uint8Array(buf);
      if (this.sizes[this.col] > 0) return;
      this.col++;
    }
  }

  /**
   * The header and the columns read whole so far (in TABLE_LAYOUT order; the
   * first `whole` of `buffers`), for a reader that starts on the first ones
   * while the rest arrive; null before the header. Unchecked: fromWire checks
   * the whole trace.
   */
  progress(): { meta: TraceMeta; length: Record<TableName, number>; buffers: readonly ArrayBuffer[]; whole: number } | null {
    if (!this.meta) return null;
    return { meta: this.meta.meta, length: this.meta.length, buffers: this.buffers, whole: Math.min(this.col, this.sizes.length) };
  }

  /** The wire form (checked by fromWire when mounted). */
  wire(): WireTrace {
    if (!this.meta || this.col < this.sizes.length) throw new TraceFormatError('truncated trace columns');
    this.block = null;
    this.meta.meta.version = upgradeColumns(this.meta.meta.version, this.buffers, this.meta.length);
    return { meta: this.meta.meta, length: this.meta.length, buffers: this.buffers };
  }

  finish(): Trace {
    return fromWire(this.wire());
  }
}
