// The standalone report's decode worker (bundled on its own by
// scripts/build.mjs and carried as text inside the webview bundle, which
// starts it from a blob: URL — the report's CSP allows workers from blob:
// only). The page posts a run's encoding and planes, then each chunk once:
// as its text, as the HTML parser finishes it (several at a time:
// reportSink.ts), or as the pieces the page inflated itself once the page is
// parsed; and, once parsed, how many there are. The worker decodes and
// inflates the texts and puts every chunk into the trace's columns in order
// (reportAssembler.ts), and hands each column over as soon as it is whole
// (transferred, no copy), so the page only parses, inflates a share, and
// runs the views' passes.
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { ChunkAssembler, type RunHead } from './reportAssembler';
import { TABLE_INDEX_COLUMNS, tableIndexOf } from './reportTables';
import type { TableIndex } from './timeline/data/tableIndex';

export type ToDecodeWorker =
  /** `tables`: also make the timeline's index of the instants and flows (reportTables.ts). */
  | { type: 'run'; encoding?: string; planes: Record<string, PlaneCoding>; tables?: boolean }
  | { type: 'chunk'; index: number; text: string }
  /** Chunk `index` inflated by the page. */
  | { type: 'pieces'; index: number; pieces: Uint8Array[] }
  /** The page asks to inflate chunk `index` (handed out as text) itself; if granted, its pieces follow. */
  | { type: 'claim'; index: number }
  /** The page is parsed: there are `chunks` chunks. */
  | { type: 'end'; chunks: number };
export type FromDecodeWorker =
  | { type: 'ready' }
  /** Chunks [0, done) are in; `buffers`: the columns from index `from` on that are whole since the last message. */
  | { type: 'progress'; done: number; from: number; buffers: ArrayBuffer[]; head?: RunHead; tables?: TableIndex }
  /** The whole trace: its header and the rest of its columns. */
  | { type: 'end'; head: RunHead; from: number; buffers: ArrayBuffer[] }
  /** The answer to a claim: granted (the page inflates it and sends its pieces) or not (begun or done here). */
  | { type: 'claimed'; index: number; granted: boolean }
  | { type: 'error'; message: string };

const scope = self as unknown as { postMessage(m: FromDecodeWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToDecodeWorker>) => void) | null };
const transferable = (buffers: ArrayBuffer[]) => buffers.filter((b) => b.byteLength > 0);
let run: ChunkAssembler | undefined;

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'run') {
    run = new ChunkAssembler(m.encoding, m.planes, {
      progress: (done, from, buffers, head, extra) => {
        const tables = extra as ReturnType<typeof tableIndexOf> | undefined;
        scope.postMessage({ type: 'progress', done, from, buffers, ...(head ? { head } : {}), ...(tables ? { tables: tables.index } : {}) },
          [...transferable(buffers), ...(tables?.transfer ?? [])]);
      },
      end: (head, from, buffers) => scope.postMessage({ type: 'end', head, from, buffers }, transferable(buffers)),
      error: (err) => scope.postMessage({ type: 'error', message: err.message }),
    }, m.tables ? { from: TABLE_INDEX_COLUMNS.from, columns: TABLE_INDEX_COLUMNS.to, make: tableIndexOf } : undefined);
  } else if (m.type === 'chunk') run?.text(m.index, m.text);
  else if (m.type === 'pieces') run?.pieces(m.index, m.pieces);
  else if (m.type === 'claim') scope.postMessage({ type: 'claimed', index: m.index, granted: run?.claim(m.index) ?? false });
  else if (m.type === 'end') run?.end(m.chunks);
};
scope.postMessage({ type: 'ready' });
