// One run of the standalone report from its chunks' text to the trace's
// columns: each chunk's base64 decoded, inflated by the browser's own
// DecompressionStream, and each piece it gives fed straight into the column
// buffers (TraceStreamDecoder, which also undoes the time columns' planes).
// Used by the report's decode worker (reportWorker.ts), and on the page's own
// thread where no worker can be made. Nothing here touches the DOM.
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';
import type { WireTrace } from '../src/trace/codec';

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
 * Inflates one chunk and pushes each piece the decompressor gives (tens of
 * KB) straight into the decoder: no inflated copy of the whole chunk is
 * gathered first (Response.arrayBuffer() did, a second copy of every byte).
 */
async function inflateInto(bytes: Uint8Array, format: string, decoder: TraceStreamDecoder): Promise<void> {
  const ds = new (inflater())(format);
  const writer = ds.writable.getWriter();
  // Not awaited here: the reader below drains what the write produces (a rejection surfaces as the read's).
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = ds.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    decoder.push(value);
  }
}

/** How a run's chunks were written: the run element's data-encoding and data-planes. */
export interface RunCoding {
  /** 'deflate-raw', or absent for chunks of plain base64 (older reports). */
  encoding?: string;
  planes: Record<string, PlaneCoding>;
}

/** The run element's data-planes ("spans.start=delta spans.dur=plain"): which columns the decoder undoes. */
export function planesOf(attr: string | undefined): Record<string, PlaneCoding> {
  const out: Record<string, PlaneCoding> = {};
  for (const item of (attr ?? '').split(/\s+/)) {
    if (!item) continue;
    const [col, coding] = item.split('=');
    if (coding !== 'delta' && coding !== 'plain') throw new TraceFormatError(`unknown column coding "${item}"`);
    out[col] = coding;
  }
  return out;
}

/** Takes a run's chunks in order, each decoded as soon as the one before is done; `finish` gives the columns. */
export class RunDecoder {
  private readonly decoder: TraceStreamDecoder;
  private done: Promise<void> = Promise.resolve();

  constructor(private readonly coding: RunCoding) {
    if (coding.encoding && coding.encoding !== 'deflate-raw') throw new TraceFormatError(`unknown data encoding "${coding.encoding}"`);
    this.decoder = new TraceStreamDecoder(coding.planes);
  }

  push(text: string): void {
    this.done = this.done.then(async () => {
      const bytes = base64ToBytes(text);
      if (this.coding.encoding) await inflateInto(bytes, this.coding.encoding, this.decoder);
      else this.decoder.push(bytes);
    });
    // A failure is reported by finish(); until then it is not an unhandled rejection.
    this.done.catch(() => {});
  }

  /** The columns, once every chunk pushed is decoded (not yet checked: fromWire does that). */
  async finish(): Promise<WireTrace> {
    await this.done;
    return this.decoder.wire();
  }
}
