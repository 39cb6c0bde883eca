// Runs embedded in the standalone HTML report (src/report/html.ts): per run an
// empty <script type="application/octet-stream" data-smplab-run> with its
// title, run id, size and chunk count, then its encoded trace as base64 in
// <script … data-smplab-chunk> elements of 4 MB each. The chunks are decoded
// one by one straight into the trace's column buffers (TraceStreamDecoder),
// each element dropped once read, so the page never holds the whole base64
// text, the decoded blob and the columns at once. (Older reports put all of a
// run's base64 inside the data-smplab-run element itself; still read.)
import type { RunPayload } from '../src/protocol';
import { toWire } from '../src/trace/codec';
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

export function readEmbeddedRuns(doc: Document = document): RunPayload[] {
  const out: RunPayload[] = [];
  doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-run]').forEach((el, k) => {
    const runId = Number(el.dataset.runId ?? k + 1);
    const id = Number.isSafeInteger(runId) ? runId : k + 1;
    const title = el.dataset.title;
    const decoder = new TraceStreamDecoder();
    const inline = takeText(el);
    if (inline.trim()) decoder.push(base64ToBytes(inline));
    else {
      const chunks = doc.querySelectorAll<HTMLScriptElement>(`script[data-smplab-chunk][data-run-id="${el.dataset.runId ?? ''}"]`);
      const want = Number(el.dataset.chunks);
      if (Number.isInteger(want) && chunks.length !== want) throw new TraceFormatError(`run ${id} has ${chunks.length} of its ${want} data chunks`);
      chunks.forEach((c) => decoder.push(base64ToBytes(takeText(c))));
    }
    // Checked here (fromWire) so a damaged report says so before anything mounts; the buffers pass on uncopied.
    const trace = decoder.finish();
    out.push({ runId: id, title: title ?? trace.meta.name, trace: toWire(trace) });
  });
  return out;
}
