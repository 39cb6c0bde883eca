// Runs embedded in the standalone HTML report (src/report/html.ts): per run an
// empty <script type="application/octet-stream" data-smplab-run> with its
// title, run id, size, chunk count and encoding, then its encoded trace in
// <script … data-smplab-chunk> elements, each 3 MB of it compressed (raw
// deflate) and in base64, its time columns as planes (data-planes; the
// decoder undoes them, src/trace/columnPlanes.ts). The chunks are inflated by the browser's own
// DecompressionStream, one after another, each piece it gives fed straight
// into the trace's column buffers (TraceStreamDecoder), each element dropped once read,
// so the page never holds the text, the decoded blob and the columns at once.
// (Older reports: uncompressed chunks, or all of a run's base64 inside the
// data-smplab-run element itself; both still read.)
import type { RunPayload } from '../src/core/protocol';
import type { ReplicatedLockTable } from '../src/trace/analysis/lockColumns';
import { checkedWire } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';

export function hasEmbeddedRuns(doc: Document = document): boolean {
  return doc.querySelector('script[data-smplab-run]') !== null;
}

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

/** Take an element's text and remove it from the page (the text is as big as its bytes again). */
function takeText(el: Element): string {
  const text = el.textContent ?? '';
  el.textContent = '';
  el.remove();
  return text;
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

/** A run's replicated lock table (`smplab run --replications R --html-out`): undefined when absent or not of that shape. */
function replicatedLocks(json: string | undefined): ReplicatedLockTable | undefined {
  if (!json) return undefined;
  try {
    const x = JSON.parse(json) as ReplicatedLockTable;
    if (!Number.isSafeInteger(x?.replications) || !x.locks || typeof x.locks !== 'object') return undefined;
    // a non-finite figure was written as null
    for (const row of Object.values(x.locks)) for (const c of Object.values(row)) { c.mean ??= NaN; c.half ??= NaN; }
    return x;
  } catch {
    return undefined; // the trace still shows, without the means
  }
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

export async function readEmbeddedRuns(doc: Document = document): Promise<RunPayload[]> {
  const out: RunPayload[] = [];
  const runs = [...doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-run]')];
  for (const [k, el] of runs.entries()) {
    const runId = Number(el.dataset.runId ?? k + 1);
    const id = Number.isSafeInteger(runId) ? runId : k + 1;
    const title = el.dataset.title;
    const encoding = el.dataset.encoding;
    const decoder = new TraceStreamDecoder(planesOf(el.dataset.planes));
    const inline = takeText(el);
    if (inline.trim()) decoder.push(base64ToBytes(inline));
    else {
      const chunks = [...doc.querySelectorAll<HTMLScriptElement>(`script[data-smplab-chunk][data-run-id="${el.dataset.runId ?? ''}"]`)];
      const want = Number(el.dataset.chunks);
      if (Number.isInteger(want) && chunks.length !== want) throw new TraceFormatError(`run ${id} has ${chunks.length} of its ${want} data chunks`);
      if (encoding && encoding !== 'deflate-raw') throw new TraceFormatError(`run ${id}: unknown data encoding "${encoding}"`);
      // In order, one chunk at a time: the inflating runs on this thread anyway, so chunks in flight together gained nothing.
      for (const c of chunks) {
        const bytes = base64ToBytes(takeText(c));
        if (encoding) await inflateInto(bytes, encoding, decoder);
        else decoder.push(bytes);
      }
    }
    // Checked here (fromWire) so a damaged report says so before anything mounts, and only here; the buffers pass on uncopied.
    const trace = decoder.finish();
    const locks = replicatedLocks(el.dataset.locks);
    out.push({ runId: id, title: title ?? trace.meta.name, trace: checkedWire(trace), ...(locks ? { locks } : {}) });
  }
  return out;
}
