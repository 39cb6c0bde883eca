// The standalone report's decode worker (bundled on its own by
// scripts/build.mjs and carried as text inside the webview bundle, which
// starts it from a blob: URL — the report's CSP allows workers from blob:
// only). The page posts a run's encoding, then chunks' texts as the HTML
// parser finishes them (several at a time: reportSink.ts), and the ones it
// will inflate itself instead (skip). The worker
// decodes each one's base64 and inflates it (reportDecode.ts) while the page
// goes on parsing, and hands the inflated pieces back without a copy
// (transferred); the page puts them into the trace's columns and checks the
// trace, so the two threads share the work.
import { chunkBytes } from './reportDecode';

export type ToDecodeWorker =
  | { type: 'run'; encoding?: string }
  | { type: 'chunk'; index: number; text: string }
  /** The page inflates chunk `index` itself: not needed from the worker unless begun. */
  | { type: 'skip'; index: number };
export type FromDecodeWorker =
  | { type: 'ready' }
  /** Chunk `index`'s bytes. */
  | { type: 'pieces'; index: number; pieces: Uint8Array[] }
  | { type: 'error'; message: string };

const scope = self as unknown as { postMessage(m: FromDecodeWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToDecodeWorker>) => void) | null };
let encoding: string | undefined;
/** Chunks one after another, in the order given. */
let chain: Promise<void> = Promise.resolve();
let failed = false;
const skipped = new Set<number>();
const fail = (err: unknown) => {
  if (failed) return;
  failed = true;
  scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
};

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'run') encoding = m.encoding;
  else if (m.type === 'skip') skipped.add(m.index);
  else if (m.type === 'chunk') {
    chain = chain.then(async () => {
      if (skipped.delete(m.index)) return;
      const pieces: Uint8Array[] = [];
      await chunkBytes(m.text, encoding, (p) => pieces.push(p));
      scope.postMessage({ type: 'pieces', index: m.index, pieces }, [...new Set(pieces.map((p) => p.buffer as ArrayBuffer))]);
    });
    chain.catch(fail);
  }
};
scope.postMessage({ type: 'ready' });
