// The standalone report's chunks from their text to the trace's bytes: each
// chunk's base64 decoded and inflated by the browser's own
// DecompressionStream, the pieces it gives handed on as they come. Used by
// the report's decode worker (reportWorker.ts) and on the page's own thread
// (reportSink.ts). Nothing here touches the DOM.
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';

type FromBase64 = (s: string) => Uint8Array;
const native = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;

/** base64 → bytes (the built-in decoder where there is one; atob and a byte loop elsewhere). */
export function base64ToBytes(b64: string): Uint8Array {
  if (native) {
    try {
      return native(b64);
    } catch {
      // whitespace or another irregularity the strict decoder refuses: the lenient path below
    }
  }
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

type Inflater = new (format: string) => TransformStream<Uint8Array, Uint8Array>;

function inflater(): Inflater {
  const DS = (globalThis as { DecompressionStream?: Inflater }).DecompressionStream;
  if (!DS) throw new TraceFormatError('this browser cannot inflate the report\'s data (no DecompressionStream): open it in a current Chrome, Edge, Firefox or Safari');
  return DS;
}

/**
 * Inflates one chunk and gives each piece the decompressor makes (tens of
 * KB) to `out` as it comes: no inflated copy of the whole chunk is gathered
 * (Response.arrayBuffer() did, a second copy of every byte).
 */
async function inflateInto(bytes: Uint8Array, format: string, out: (piece: Uint8Array) => void): Promise<void> {
  const ds = new (inflater())(format);
  const writer = ds.writable.getWriter();
  // Not awaited here: the reader below drains what the write produces (a rejection surfaces as the read's).
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    out(value);
  }
}

/** The run element's data-planes ("spans.start=delta spans.dur=plain"): which columns the decoder undoes. */
export function planesOf(attr: string | undefined): Record<string, PlaneCoding> {
  const out: Record<string, PlaneCoding> = {};
  for (const item of (attr ?? '').split(/\s+/)) {
    if (!item) continue;
    const [col, coding] = item.split('=');
    if (coding !== 'delta' && coding !== 'plain' && coding !== 'plain32') throw new TraceFormatError(`unknown column coding "${item}"`);
    out[col] = coding;
  }
  return out;
}

/** The bytes of one chunk's text, piece by piece to `out` (inflated when the run's chunks are compressed). */
export async function chunkBytes(text: string, encoding: string | undefined, out: (piece: Uint8Array) => void): Promise<void> {
  const bytes = base64ToBytes(text);
  if (encoding) await inflateInto(bytes, encoding, out);
  else out(bytes);
}
