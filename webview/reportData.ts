// Runs embedded in the standalone HTML report (src/report/html.ts): per run an
// empty <script type="application/octet-stream" data-smplab-run> with its
// title, run id, size, chunk count, encoding and planes, written before the
// webview's script; after the script, its encoded trace in <script …
// data-smplab-chunk> elements, each 3 MB of it compressed (raw deflate) and in
// base64, its time columns as planes (data-planes; src/trace/columnPlanes.ts).
// The page's script runs while the browser is still parsing the chunks: each
// chunk is taken as soon as the parser has finished it (its text dropped from
// the page) and handed to a decode worker (reportWorker.ts), which decodes
// its base64 and inflates it while this thread goes on parsing the page and
// puts the inflated pieces it gets back into the trace's columns
// (TraceStreamDecoder, undoing the planes) — the two halves of the work about
// equal at 10 M spans. Without a worker (none can be made) the chunks are
// inflated on this thread too (reportDecode.ts).
// (Older reports: the script after the chunks, uncompressed chunks, or all of a
// run's base64 inside the data-smplab-run element itself; all still read.)
import type { RunPayload } from '../src/core/protocol';
import type { ReplicatedLockTable } from '../src/trace/analysis/lockColumns';
import { checkedWire, fromWire, type WireTrace } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';
import { chunkBytes, planesOf } from './reportDecode';
import type { FromDecodeWorker, ToDecodeWorker } from './reportWorker';

export { planesOf } from './reportDecode';

/** The decode worker's bundle (scripts/build.mjs defines it in dist/webview.js; absent under tests run from source). */
declare const __SMPLAB_DECODE_WORKER__: string | undefined;

/** Where the last readEmbeddedRuns decoded each run ('worker' or 'page'), for tests and the benchmark. */
export const decodedWhere: ('worker' | 'page')[] = [];

export function hasEmbeddedRuns(doc: Document = document): boolean {
  return doc.querySelector('script[data-smplab-run]') !== null;
}

/** Take an element's text and remove it from the page (the text is as big as its bytes again). */
function takeText(el: Element): string {
  const text = el.textContent ?? '';
  el.textContent = '';
  el.remove();
  return text;
}

/** How a run's chunks were written: the run element's data-encoding and data-planes. */
interface RunCoding {
  /** 'deflate-raw', or absent for chunks of plain base64 (older reports). */
  encoding?: string;
  planes: Record<string, PlaneCoding>;
}

/**
 * Where a run's chunks go: their bytes into the trace's columns on this
 * thread (TraceStreamDecoder, which also undoes the planes), the base64 and
 * inflating done here or in a worker.
 */
interface RunSink {
  push(text: string): void;
  /** The columns, once every chunk pushed is in (not yet checked). */
  finish(): Promise<WireTrace>;
  cancel(): void;
  /** Where the chunks were inflated. */
  where(): 'worker' | 'page';
}

function sinkHere(coding: RunCoding): RunSink {
  const decoder = new TraceStreamDecoder(coding.planes);
  let chain: Promise<void> = Promise.resolve();
  return {
    push(text) {
      chain = chain.then(() => chunkBytes(text, coding.encoding, (p) => decoder.push(p)));
      chain.catch(() => {}); // reported by finish()
    },
    finish: async () => { await chain; return decoder.wire(); },
    cancel: () => {},
    where: () => 'page',
  };
}

/**
 * A sink whose chunks are decoded and inflated in a worker, or null where
 * none can be made. Chunks wait here until the worker says it runs; a worker
 * that fails before that (a browser or policy that refuses it) gives them to
 * this thread instead.
 */
function sinkInWorker(coding: RunCoding): RunSink | null {
  const source = typeof __SMPLAB_DECODE_WORKER__ === 'string' ? __SMPLAB_DECODE_WORKER__ : '';
  if (!source || typeof Worker === 'undefined') return null;
  let worker: Worker;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    worker = new Worker(url);
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
  const decoder = new TraceStreamDecoder(coding.planes);
  const send = (m: ToDecodeWorker) => worker.postMessage(m);
  let ready = false;
  let ended = false;
  let here: RunSink | null = null;
  const waiting: string[] = [];
  let settle!: { resolve: (w: WireTrace) => void; reject: (e: Error) => void };
  const result = new Promise<WireTrace>((resolve, reject) => { settle = { resolve, reject }; });
  result.catch(() => {}); // reported through finish()
  const stop = () => { worker.terminate(); URL.revokeObjectURL(url); };
  worker.onmessage = (e: MessageEvent<FromDecodeWorker>) => {
    const m = e.data;
    try {
      if (m.type === 'ready') {
        ready = true;
        send({ type: 'run', encoding: coding.encoding });
        for (const text of waiting.splice(0)) send({ type: 'chunk', text });
        if (ended) send({ type: 'end' });
      } else if (m.type === 'pieces') {
        for (const p of m.pieces) decoder.push(p);
      } else if (m.type === 'done') {
        stop();
        settle.resolve(decoder.wire());
      } else {
        throw new TraceFormatError(m.message);
      }
    } catch (err) {
      stop();
      settle.reject(err as Error);
    }
  };
  worker.onerror = (e) => {
    e.preventDefault();
    stop();
    if (ready) { settle.reject(new Error(e.message || 'the report\'s decode worker failed')); return; }
    here = sinkHere(coding);
    for (const text of waiting.splice(0)) here.push(text);
    if (ended) here.finish().then(settle.resolve, settle.reject);
  };
  return {
    push(text) {
      if (here) here.push(text);
      else if (ready) send({ type: 'chunk', text });
      else waiting.push(text);
    },
    finish() {
      ended = true;
      if (here) here.finish().then(settle.resolve, settle.reject);
      else if (ready) send({ type: 'end' });
      return result;
    },
    cancel: stop,
    where: () => (here ? 'page' : 'worker'),
  };
}

/**
 * Calls `take` with each chunk element, in document order, once the parser
 * has finished it (something follows it, or the document is parsed); resolves
 * when the document is parsed and every chunk taken.
 */
function eachChunk(doc: Document, take: (el: HTMLScriptElement) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const scan = (): boolean => {
      const parsed = doc.readyState !== 'loading';
      for (const el of doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-chunk]')) {
        if (!parsed && !el.nextSibling) return false; // the parser may still be adding to its text
        take(el);
      }
      return parsed;
    };
    const observer = new MutationObserver(() => check());
    const check = () => {
      try {
        if (!scan()) return;
      } catch (err) {
        reject(err);
      }
      observer.disconnect();
      doc.removeEventListener('DOMContentLoaded', check);
      resolve();
    };
    observer.observe(doc.body ?? doc.documentElement, { childList: true });
    doc.addEventListener('DOMContentLoaded', check);
    check();
  });
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
  const runs = [...doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-run]')].map((el, k) => {
    const runId = Number(el.dataset.runId ?? k + 1);
    const id = Number.isSafeInteger(runId) ? runId : k + 1;
    const encoding = el.dataset.encoding;
    if (encoding && encoding !== 'deflate-raw') throw new TraceFormatError(`run ${id}: unknown data encoding "${encoding}"`);
    const coding: RunCoding = { encoding, planes: planesOf(el.dataset.planes) };
    const inline = takeText(el);
    // All of an older report's run inside its element: decoded here, at once.
    const sink = (inline.trim() ? null : sinkInWorker(coding)) ?? sinkHere(inline.trim() ? { planes: {} } : coding);
    if (inline.trim()) sink.push(inline);
    return { id, key: el.dataset.runId ?? '', inline: inline.trim() !== '', title: el.dataset.title, locks: el.dataset.locks, want: Number(el.dataset.chunks), got: 0, sink };
  });
  try {
    await eachChunk(doc, (c) => {
      const r = runs.find((x) => !x.inline && x.key === c.dataset.runId);
      const text = takeText(c);
      if (r) { r.got++; r.sink.push(text); }
    });
    for (const r of runs) {
      if (!r.inline && Number.isInteger(r.want) && r.got !== r.want) throw new TraceFormatError(`run ${r.id} has ${r.got} of its ${r.want} data chunks`);
    }
    const out: RunPayload[] = [];
    decodedWhere.length = 0;
    for (const r of runs) {
      const wire = await r.sink.finish();
      decodedWhere.push(r.sink.where());
      // Checked here (fromWire) so a damaged report says so before anything mounts, and only here; the buffers pass on uncopied.
      const trace = checkedWire(fromWire(wire));
      const locks = replicatedLocks(r.locks);
      out.push({ runId: r.id, title: r.title ?? trace.meta.name, trace, ...(locks ? { locks } : {}) });
    }
    return out;
  } finally {
    for (const r of runs) r.sink.cancel();
  }
}
