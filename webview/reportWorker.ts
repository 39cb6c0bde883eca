// The standalone report's decode worker (bundled on its own by
// scripts/build.mjs and carried as text inside the webview bundle, which
// starts it from a blob: URL — the report's CSP allows workers from blob:
// only). The page posts a run's encoding, then each chunk's text as the HTML
// parser finishes it, then 'end'. The worker decodes the base64 and inflates
// each chunk (reportDecode.ts) while the page goes on parsing, and hands the
// inflated pieces back without a copy (transferred); the page puts them into
// the trace's columns and checks the trace, so the two threads share the work.
import { chunkBytes } from './reportDecode';

export type ToDecodeWorker = { type: 'run'; encoding?: string } | { type: 'chunk'; text: string } | { type: 'end' };
export type FromDecodeWorker =
  | { type: 'ready' }
  /** One chunk's bytes, in order. */
  | { type: 'pieces'; pieces: Uint8Array[] }
  /** Every chunk's pieces have been sent. */
  | { type: 'done' }
  | { type: 'error'; message: string };

const scope = self as unknown as { postMessage(m: FromDecodeWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToDecodeWorker>) => void) | null };
let encoding: string | undefined;
/** Chunks one after another, in order. */
let chain: Promise<void> = Promise.resolve();
let failed = false;
const fail = (err: unknown) => {
  if (failed) return;
  failed = true;
  scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
};

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'run') encoding = m.encoding;
  else if (m.type === 'chunk') {
    chain = chain.then(async () => {
      const pieces: Uint8Array[] = [];
      await chunkBytes(m.text, encoding, (p) => pieces.push(p));
      scope.postMessage({ type: 'pieces', pieces }, [...new Set(pieces.map((p) => p.buffer as ArrayBuffer))]);
    });
    chain.catch(fail);
  } else if (m.type === 'end') {
    chain.then(() => scope.postMessage({ type: 'done' }), fail);
  }
};
scope.postMessage({ type: 'ready' });
