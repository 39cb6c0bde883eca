// Runs embedded in the standalone HTML report (src/report/html.ts): per run an
// empty <script type="application/octet-stream" data-smplab-run> with its
// title, run id, size, chunk count and encoding, then its encoded trace in
// <script … data-smplab-chunk> elements, each 3 MB of it compressed (raw
// deflate) and in base64. The chunks are inflated by the browser's own
// DecompressionStream, a few at a time, and fed in order straight into the
// trace's column buffers (TraceStreamDecoder), each element dropped once read,
// so the page never holds the text, the decoded blob and the columns at once.
// (Older reports: uncompressed chunks, or all of a run's base64 inside the
// data-smplab-run element itself; both still read.)
import type { RunPayload } from '../src/core/protocol';
import type { ReplicatedLockTable } from '../src/trace/analysis/lockColumns';
import { checkedWire } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
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

/** Chunks inflating at once: enough to keep the decompressor busy while one is copied into the columns. */
const IN_FLIGHT = 4;

async function inflate(bytes: Uint8Array, format: string): Promise<Uint8Array> {
  const DS = (globalThis as { DecompressionStream?: new (f: string) => TransformStream<Uint8Array, Uint8Array> }).DecompressionStream;
  if (!DS) throw new TraceFormatError('this browser cannot inflate the report\'s data (no DecompressionStream): open it in a current Chrome, Edge, Firefox or Safari');
  const out = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DS(format))).arrayBuffer();
  return new Uint8Array(out);
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

export async function readEmbeddedRuns(doc: Document = document): Promise<RunPayload[]> {
  const out: RunPayload[] = [];
  const runs = [...doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-run]')];
  for (const [k, el] of runs.entries()) {
    const runId = Number(el.dataset.runId ?? k + 1);
    const id = Number.isSafeInteger(runId) ? runId : k + 1;
    const title = el.dataset.title;
    const encoding = el.dataset.encoding;
    const decoder = new TraceStreamDecoder();
    const inline = takeText(el);
    if (inline.trim()) decoder.push(base64ToBytes(inline));
    else {
      const chunks = [...doc.querySelectorAll<HTMLScriptElement>(`script[data-smplab-chunk][data-run-id="${el.dataset.runId ?? ''}"]`)];
      const want = Number(el.dataset.chunks);
      if (Number.isInteger(want) && chunks.length !== want) throw new TraceFormatError(`run ${id} has ${chunks.length} of its ${want} data chunks`);
      if (encoding && encoding !== 'deflate-raw') throw new TraceFormatError(`run ${id}: unknown data encoding "${encoding}"`);
      const pending: Promise<Uint8Array>[] = [];
      const start = (c: HTMLScriptElement) => {
        const bytes = base64ToBytes(takeText(c));
        return encoding ? inflate(bytes, encoding) : Promise.resolve(bytes);
      };
      let next = 0;
      while (next < chunks.length && pending.length < IN_FLIGHT) pending.push(start(chunks[next++]));
      while (pending.length) {
        decoder.push(await pending.shift()!);
        if (next < chunks.length) pending.push(start(chunks[next++]));
      }
    }
    // Checked here (fromWire) so a damaged report says so before anything mounts, and only here; the buffers pass on uncopied.
    const trace = decoder.finish();
    const locks = replicatedLocks(el.dataset.locks);
    out.push({ runId: id, title: title ?? trace.meta.name, trace: checkedWire(trace), ...(locks ? { locks } : {}) });
  }
  return out;
}
