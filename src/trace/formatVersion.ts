// `.smptrace` files of an earlier column layout (meta.version) read into the
// current one (TRACE_VERSION in schema.ts), so saved runs and reports made by
// an older build still open; a file of a newer layout is refused by name.
//   1 → 2: a span's `aux` narrowed from 32 to 16 bits (holder thread + 1: every value fits); its `dur`
//   32 bits where the encoder says so (meta.durU32), else as before.
import { TraceFormatError } from './integrity';
import { TABLE_LAYOUT, TABLE_NAMES, TRACE_VERSION, type TableName } from './schema';

/** Flat index (TABLE_LAYOUT order, table by table) of spans.aux and spans.dur. */
const SPAN_AUX = Object.keys(TABLE_LAYOUT.spans).indexOf('aux');
const SPAN_DUR = Object.keys(TABLE_LAYOUT.spans).indexOf('dur');

/** Throws unless this build reads `version`. */
function checkVersion(version: unknown): asserts version is 1 | typeof TRACE_VERSION {
  if (version === 1 || version === TRACE_VERSION) return;
  if (typeof version === 'number' && version > TRACE_VERSION) {
    throw new TraceFormatError(`trace format version ${version} is newer than this build reads (${TRACE_VERSION}): update SMP Stack Lab`);
  }
  throw new TraceFormatError(`unknown trace format version ${JSON.stringify(version)}`);
}

/** Bytes per row of each column of a file with this meta, table by table in TABLE_LAYOUT order. */
export function columnWidths(meta: { version?: unknown; durU32?: unknown } | undefined): number[] {
  const version = meta?.version;
  checkVersion(version);
  const out: number[] = [];
  for (const name of TABLE_NAMES) {
    for (const ctor of Object.values(TABLE_LAYOUT[name])) out.push((ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT);
  }
  if (version === 1) out[SPAN_AUX] = 4;
  else if (meta?.durU32 === true) out[SPAN_DUR] = 4;
  return out;
}

/**
 * Bring the column buffers of a `version` file (one per column, as columnWidths
 * sized them) to the current layout, in place; returns the current version.
 */
export function upgradeColumns(version: unknown, buffers: ArrayBuffer[], length: Record<TableName, number>): typeof TRACE_VERSION {
  checkVersion(version);
  if (version === 1) {
    const old = new Uint32Array(buffers[SPAN_AUX], 0, length.spans);
    const aux = new Uint16Array(length.spans);
    for (let i = 0; i < old.length; i++) {
      if (old[i] > 0xffff) throw new TraceFormatError(`span ${i}: aux ${old[i]} is not a thread + 1`);
      aux[i] = old[i];
    }
    buffers[SPAN_AUX] = aux.buffer;
  }
  return TRACE_VERSION;
}
