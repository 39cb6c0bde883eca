// Runs embedded in the standalone HTML report (src/report/html.ts): one
// non-executed <script type="application/octet-stream" data-smplab-run> per
// run holding base64 of encodeTrace, with its title and run id as attributes.
import type { RunPayload } from '../src/protocol';
import { decodeTrace, toWire } from '../src/trace/codec';

export function hasEmbeddedRuns(doc: Document = document): boolean {
  return doc.querySelector('script[data-smplab-run]') !== null;
}

/** base64 → bytes without building an intermediate array per character. */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function readEmbeddedRuns(doc: Document = document): RunPayload[] {
  const out: RunPayload[] = [];
  doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-run]').forEach((el, k) => {
    const trace = decodeTrace(base64ToBytes(el.textContent ?? ''));
    // The base64 text is as big as the trace again: drop it from the DOM once decoded.
    el.textContent = '';
    el.remove();
    const runId = Number(el.dataset.runId ?? k + 1);
    const title = el.dataset.title;
    out.push({ runId: Number.isSafeInteger(runId) ? runId : k + 1, title: title ?? trace.meta.name, trace: toWire(trace) });
  });
  return out;
}
