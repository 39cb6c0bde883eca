// The standalone report's decode worker (bundled on its own by
// scripts/build.mjs and carried as text inside the webview bundle, which
// starts it from a blob: URL — the report's CSP allows workers from blob:
// only). The page posts a run's coding, then each chunk's text as the HTML
// parser finishes it, then 'end'; the worker decodes each chunk while the page
// goes on parsing the next (reportDecode.ts), checks the trace (fromWire: a
// damaged report says what is wrong) and hands the columns back without a
// copy (transferred).
import { fromWire } from '../src/trace/codec';
import { RunDecoder, type RunCoding } from './reportDecode';

export type ToDecodeWorker = { type: 'run'; coding: RunCoding } | { type: 'chunk'; text: string } | { type: 'end' };
export type FromDecodeWorker =
  | { type: 'ready' }
  | { type: 'done'; wire: import('../src/trace/codec').WireTrace }
  | { type: 'error'; message: string };

const scope = self as unknown as { postMessage(m: FromDecodeWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToDecodeWorker>) => void) | null };
let run: RunDecoder | undefined;
const fail = (err: unknown) => scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });

scope.onmessage = (e) => {
  const m = e.data;
  try {
    if (m.type === 'run') run = new RunDecoder(m.coding);
    else if (m.type === 'chunk') run?.push(m.text);
    else if (m.type === 'end' && run) {
      run.finish().then((wire) => {
        fromWire(wire); // throws on a damaged trace
        scope.postMessage({ type: 'done', wire }, wire.buffers);
      }).catch(fail);
    }
  } catch (err) {
    fail(err);
  }
};
scope.postMessage({ type: 'ready' });
