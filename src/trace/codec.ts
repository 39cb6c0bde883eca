// Moving a Trace across a boundary without one object per record: to the
// webview (meta as JSON + the columns' ArrayBuffers, transferable), and into
// one binary blob for files and the standalone HTML report.
import { columnWidths, upgradeColumns } from './formatVersion';
import { checkTrace, TraceFormatError } from './integrity';
import { MAGIC, encodedSize, encodeTraceParts } from './codecStream';
import { TABLE_LAYOUT, TABLE_NAMES, type TableName, type Trace, type TraceMeta, type TraceTables } from './schema';

export { CorruptTraceError, TraceFormatError } from './integrity';

export interface WireTrace {
  meta: TraceMeta;
  length: Record<TableName, number>;
  /** One ArrayBuffer per column, in TABLE_LAYOUT order, table by table. */
  buffers: ArrayBuffer[];
}

type AnyArray = Float64Array | Uint8Array | Uint16Array | Uint32Array;

function columnsOf(t: Trace): AnyArray[] {
  const out: AnyArray[] = [];
  for (const name of TABLE_NAMES) {
    const cols = t.tables[name] as unknown as Record<string, AnyArray>;
    for (const key of Object.keys(TABLE_LAYOUT[name])) out.push(cols[key]);
  }
  return out;
}

/** Buffers are copied only where a column is a view on a larger buffer. */
export function toWire(t: Trace): WireTrace {
  const buffers = columnsOf(t).map((c) =>
    c.byteOffset === 0 && c.byteLength === c.buffer.byteLength ? (c.buffer as ArrayBuffer) : (c.slice().buffer as ArrayBuffer),
  );
  return { meta: wireMeta(t), length: t.length, buffers };
}

/** The meta a wire or file form carries: says whether the spans' durations are 32-bit (their column's type). */
export function wireMeta(t: Trace): TraceMeta {
  const { durU32: _, ...meta } = t.meta;
  return t.tables.spans.dur instanceof Uint32Array ? { ...meta, durU32: true } : meta;
}

/**
 * Wire forms made here of a trace that was itself checked (the report's
 * embedded runs: decoded and checked once, then mounted): fromWire need not
 * check them again (0.35 s at 10 M spans). Only this module adds to it, so a
 * trace from a message or a file is never in it.
 */
const checkedWires = new WeakSet<WireTrace>();
export function checkedWire(t: Trace): WireTrace {
  const w = toWire(t);
  checkedWires.add(w);
  return w;
}

type ColumnType = { new (b: ArrayBuffer, o: number, l: number): AnyArray; BYTES_PER_ELEMENT: number };

/**
 * The array type a column of the wire form is viewed as: the layout's, but a span's `dur` is 32 bits when the
 * encoder says so (meta.durU32). fromWire and the report's early passes over columns still arriving use it.
 */
export function columnType(table: TableName, key: string, layout: unknown, durU32: unknown): ColumnType {
  return (durU32 === true && table === 'spans' && key === 'dur' ? Uint32Array : layout) as ColumnType;
}

/** A trace from a message or a file, its ids checked against its tables (integrity.ts): throws TraceFormatError. */
export function fromWire(w: WireTrace): Trace {
  if (!w || typeof w !== 'object' || !w.meta || !w.length || !Array.isArray(w.buffers)) throw new TraceFormatError('not a trace');
  const tables: Record<string, Record<string, AnyArray>> = {};
  // the in-memory trace has its dur column's own type instead of the flag
  const { durU32, ...meta } = w.meta;
  let i = 0;
  for (const name of TABLE_NAMES) {
    const n = w.length[name];
    if (!Number.isInteger(n) || n < 0) throw new TraceFormatError(`bad length for ${name}`);
    const cols: Record<string, AnyArray> = {};
    for (const [key, ctor] of Object.entries(TABLE_LAYOUT[name])) {
      const buf = w.buffers[i++];
      if (!(buf instanceof ArrayBuffer)) throw new TraceFormatError(`missing column ${name}.${key}`);
      const C = columnType(name, key, ctor, durU32);
      if (buf.byteLength < n * C.BYTES_PER_ELEMENT) throw new TraceFormatError(`column ${name}.${key} too short`);
      cols[key] = new C(buf, 0, n);
    }
    tables[name] = cols;
  }
  const trace = { meta: meta as TraceMeta, length: w.length, tables: tables as unknown as TraceTables };
  if (!checkedWires.has(w)) checkTrace(trace);
  return trace;
}


/** Columns start at 8-byte offsets, so a Float64Array can view them in place. */
const align8 = (n: number) => (n + 7) & ~7;

/** [magic u32][meta length u32][meta JSON utf8][pad to 8][columns, each padded to 8] (the parts: codecStream.ts) */
export function encodeTrace(t: Trace): Uint8Array {
  const parts = encodeTraceParts(t);
  const out = new Uint8Array(encodedSize(parts));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export function decodeTrace(input: Uint8Array): Trace {
  // a plain Uint8Array over the same bytes: a Node Buffer's slice() is a view, not the copy decoding needs
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.byteLength < 8) throw new TraceFormatError('file too short to be a trace');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new TraceFormatError('not an SMP Stack Lab trace (bad magic)');
  const metaLen = dv.getUint32(4, true);
  if (8 + metaLen > bytes.byteLength) throw new TraceFormatError('truncated trace header');
  let head: { meta: TraceMeta; length: Record<TableName, number> };
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLen)));
  } catch {
    throw new TraceFormatError('corrupt trace header');
  }
  let off = align8(8 + metaLen);
  const buffers: ArrayBuffer[] = [];
  // the file's own layout (an older one is converted below)
  const widths = columnWidths(head?.meta);
  let col = 0;
  for (const name of TABLE_NAMES) {
    const n = head.length?.[name];
    if (!Number.isInteger(n) || n < 0) throw new TraceFormatError(`bad length for ${name}`);
    for (let k = Object.keys(TABLE_LAYOUT[name]).length; k > 0; k--) {
      const len = n * widths[col++];
      if (off + len > bytes.byteLength) throw new TraceFormatError('truncated trace columns');
      buffers.push(bytes.slice(off, off + len).buffer as ArrayBuffer);
      off += align8(len);
    }
  }
  head.meta.version = upgradeColumns(head.meta.version, buffers, head.length);
  return fromWire({ meta: head.meta, length: head.length, buffers });
}
