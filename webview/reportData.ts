// Runs embedded in the standalone HTML report (src/report/html.ts): per run an
// empty <script type="application/octet-stream" data-smplab-run> with its
// title, run id, size, chunk count, encoding and planes, written before the
// webview's script; after the script, its encoded trace in <script …
// data-smplab-chunk> elements, each 3 MB of it compressed (raw deflate) and in
// base64, its time columns as planes (data-planes; src/trace/columnPlanes.ts).
// The page's script runs while the browser is still parsing the chunks: each
// chunk is taken as soon as the parser has finished it (its text dropped from
// the page) and given to the run's RunSink (reportSink.ts): a decode worker
// inflates chunks while this thread goes on parsing the page, this thread puts
// the inflated pieces into the trace's columns, and once the page is parsed
// inflates chunks too.
// (Older reports: the script after the chunks, uncompressed chunks, or all of a
// run's base64 inside the data-smplab-run element itself; all still read.)
import type { RunPayload } from '../src/core/protocol';
import type { ReplicatedLockTable } from '../src/trace/analysis/lockColumns';
import { checkedWire, columnType, fromWire } from '../src/trace/codec';
import { checkSpansAhead, TraceFormatError } from '../src/trace/integrity';
import type { TraceStreamDecoder } from '../src/trace/codecStream';
import { chunkBytes, planesOf } from './reportDecode';
import { checkedCounts, LANE_PLAN_VERSION } from '../src/trace/lanePlan';
import { RunSink, type EarlyColumns, type RunCoding } from './reportSink';
import { INDEXED_SPAN_COLUMNS, prebuildSpans, type IndexedSpanColumns } from './timeline/data/traceIndex';
import { TABLE_LAYOUT, TRACE_VERSION, type SpanColumns } from '../src/trace/schema';

export { planesOf } from './reportDecode';

type DecoderProgress = NonNullable<ReturnType<TraceStreamDecoder['progress']>>;

/**
 * Where the last readEmbeddedRuns inflated each run's chunks ('worker': a worker took part; 'page': this thread
 * alone), and how many chunks this thread inflated, for tests and the benchmark.
 */
export const decodedWhere: ('worker' | 'page')[] = [];
export const inflatedHere: number[] = [];

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

/** A run's plan of the timeline's lanes as the report has it (src/trace/lanePlan.ts): its lanes once inflated. */
interface PendingPlan {
  counts: unknown;
  lanes?: Uint8Array;
}

/**
 * The run's plan of the timeline's lanes (written before the page's script), taken from the page and its lanes
 * inflated meanwhile; undefined when there is none or it is of another layout (it is only an index: the page then
 * makes the passes over the spans itself, to the same lanes).
 */
function readLanePlan(doc: Document, runKey: string): PendingPlan | undefined {
  const el = [...doc.querySelectorAll<HTMLScriptElement>('script[data-smplab-lane-plan]')].find((e) => e.dataset.runId === runKey);
  if (!el) return undefined;
  const version = Number(el.dataset.smplabLanePlan);
  const countsJson = el.dataset.counts ?? '';
  const text = takeText(el);
  if (version !== LANE_PLAN_VERSION) return undefined;
  let counts: unknown;
  try {
    counts = JSON.parse(countsJson);
  } catch {
    return undefined;
  }
  const pending: PendingPlan = { counts };
  const pieces: Uint8Array[] = [];
  chunkBytes(text, 'deflate-raw', (p) => pieces.push(p)).then(() => {
    const lanes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) { lanes.set(p, at); at += p.length; }
    pending.lanes = lanes;
  }, () => {}); // damaged: not used
  return pending;
}

/**
 * The timeline's passes over the spans, started as soon as the span columns
 * it reads are whole (the report's data has them first; at 10 M spans the
 * rest, about a third of the bytes, is inflated by the worker meanwhile), in
 * one pass with the writer's plan of the lanes when there is one.
 * Only for the first run (the one shown first: what is made for a run is
 * kept until its view takes it) and data of this build's layout (an older one
 * is converted at the end).
 */
function timelineHeadStart(plan: PendingPlan | undefined): EarlyColumns {
  return {
    columns: INDEXED_SPAN_COLUMNS.length,
    ready: (progress) => {
      if (progress.meta.version !== TRACE_VERSION) return;
      const { meta, length } = progress;
      const cols = spanViews(progress, INDEXED_SPAN_COLUMNS) as unknown as IndexedSpanColumns;
      const counts = plan?.lanes && checkedCounts(plan.counts, meta.cpus, meta.locks.length);
      prebuildSpans(meta, cols, length.spans, counts && plan?.lanes ? { counts, lanes: plan.lanes } : undefined);
    },
    // Then the span table's integrity check, once its last columns are in too (while the worker inflates the rest).
    next: {
      columns: SPAN_COLUMNS.length,
      ready: (progress) => {
        if (progress.meta.version !== TRACE_VERSION) return;
        checkSpansAhead(progress.meta, spanViews(progress, SPAN_COLUMNS) as unknown as SpanColumns, progress.length.spans);
      },
    },
  };
}

const SPAN_COLUMNS = Object.keys(TABLE_LAYOUT.spans) as (keyof SpanColumns)[];

/** The first of the span columns (`keys`, in the layout's order) as the decoder holds them, viewed as fromWire views them. */
function spanViews({ meta, length, buffers }: DecoderProgress, keys: readonly string[]): Record<string, ArrayLike<number>> {
  const cols: Record<string, ArrayLike<number>> = {};
  keys.forEach((key, k) => {
    if (SPAN_COLUMNS[k] !== key) throw new Error('the span columns are not first');
    const C = columnType('spans', key, TABLE_LAYOUT.spans[key as keyof SpanColumns], meta.durU32);
    cols[key] = new C(buffers[k], 0, length.spans);
  });
  return cols;
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
    const sink = inline.trim() ? new RunSink({ planes: {} }, false)
      : new RunSink(coding, true, k === 0 ? timelineHeadStart(readLanePlan(doc, el.dataset.runId ?? '')) : undefined);
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
    inflatedHere.length = 0;
    const wires = runs.map((r) => r.sink.finish()); // every run's chunks are in: this thread may inflate too
    for (const [k, r] of runs.entries()) {
      const wire = await wires[k];
      decodedWhere.push(r.sink.usedWorker ? 'worker' : 'page');
      inflatedHere.push(r.sink.inflatedHere);
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
