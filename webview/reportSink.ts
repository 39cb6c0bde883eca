// One run's chunks on their way into the trace's columns, with the work
// shared between the page's thread and a decode worker (reportWorker.ts).
// The worker takes chunks in order (up to WORKER_WINDOW at a time, so it never
// waits for the next), decodes their base64, inflates them and sends the pieces back
// (transferred); this thread puts the pieces into the columns in chunk order
// (TraceStreamDecoder, which also undoes the planes). While the browser is
// still parsing the page this thread does nothing more; once the page is
// parsed (and the worker has started) it also inflates the next chunk not
// handed out, whenever it is free, so neither thread waits for the other; and
// when none is left to hand out but the worker still holds some, this thread
// takes the last it was given and tells it to skip that one (the worker
// starts cold: at 1 M spans it has inflated one chunk by the time the page
// has done the rest), so the two meet in the middle. With no worker (none can be made, or
// it failed before it started) this thread does all of it.
import type { WireTrace } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';
import { chunkBytes } from './reportDecode';
import type { FromDecodeWorker, ToDecodeWorker } from './reportWorker';

/** The decode worker's bundle (scripts/build.mjs defines it in dist/webview.js; absent under tests run from source). */
declare const __SMPLAB_DECODE_WORKER__: string | undefined;

/**
 * Work to start as soon as the first `columns` columns are whole (the view's passes over the spans, then the span
 * table's check, while the rest of the trace is still being inflated): `ready` gets the decoder's progress, once.
 */
export interface EarlyColumns {
  columns: number;
  ready: (progress: NonNullable<ReturnType<TraceStreamDecoder['progress']>>) => void;
  /** Work to start next, once its own columns are whole too. */
  next?: EarlyColumns;
}

/** How a run's chunks were written: the run element's data-encoding and data-planes. */
export interface RunCoding {
  /** 'deflate-raw', or absent for chunks of plain base64 (older reports). */
  encoding?: string;
  planes: Record<string, PlaneCoding>;
}

/**
 * Chunks the worker holds at once. While the page parses, this thread hands them out only between pieces of
 * parsing; with two at a time the worker idled for them and inflated a quarter of a 10 M-span report's chunks
 * before the page was parsed, leaving the rest to both threads after it.
 */
const WORKER_WINDOW = 16;

function startWorker(): { worker: Worker; url: string } | null {
  const source = typeof __SMPLAB_DECODE_WORKER__ === 'string' ? __SMPLAB_DECODE_WORKER__ : '';
  if (!source || typeof Worker === 'undefined') return null;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(url), url };
  } catch {
    URL.revokeObjectURL(url);
    return null;
  }
}

export class RunSink {
  private readonly decoder: TraceStreamDecoder;
  /** Chunk texts not yet handed out, or at the worker still, by index. */
  private readonly texts: (string | undefined)[] = [];
  /** Chunks at the worker, by index, in the order handed out. */
  private readonly atWorkerIndices: number[] = [];
  /** Inflated pieces not yet put into the columns, by index. */
  private readonly results: (Uint8Array[] | undefined)[] = [];
  /** The next chunk to hand out, the number pushed, and the next to put into the columns. */
  private front = 0;
  private back = 0;
  private nextIn = 0;
  private parsed = false;
  private busyHere = false;
  private failed = false;
  private worker: { worker: Worker; url: string } | null;
  private ready = false;
  /** Chunks this thread inflated (tests and the benchmark). */
  inflatedHere = 0;
  private settle!: { resolve: (w: WireTrace) => void; reject: (e: Error) => void };
  private readonly result = new Promise<WireTrace>((resolve, reject) => { this.settle = { resolve, reject }; });

  constructor(private readonly coding: RunCoding, useWorker: boolean, private early?: EarlyColumns) {
    this.decoder = new TraceStreamDecoder(coding.planes);
    this.result.catch(() => {}); // reported through finish()
    this.worker = useWorker ? startWorker() : null;
    if (!this.worker) return;
    const w = this.worker.worker;
    w.onmessage = (e: MessageEvent<FromDecodeWorker>) => this.fromWorker(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      const started = this.ready;
      this.stopWorker();
      // Before it ran (a browser or policy that refuses it): this thread does its work. After: a real failure.
      if (started) this.fail(new Error(e.message || 'the report\'s decode worker failed'));
      else this.pump();
    };
  }

  /** Whether a worker took part (it may have failed before it started, leaving everything to this thread). */
  get usedWorker(): boolean {
    return this.ready;
  }

  push(text: string): void {
    this.texts[this.back++] = text;
    this.pump();
  }

  /** Every chunk pushed (the page is parsed): this thread may inflate too. Resolves with the columns, not yet checked. */
  finish(): Promise<WireTrace> {
    this.parsed = true;
    if (this.early) this.startEarly();
    this.pump();
    return this.result;
  }

  cancel(): void {
    this.stopWorker();
  }

  private stopWorker(): void {
    if (!this.worker) return;
    this.worker.worker.terminate();
    URL.revokeObjectURL(this.worker.url);
    this.worker = null;
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.stopWorker();
    this.settle.reject(err);
  }

  private fromWorker(m: FromDecodeWorker): void {
    if (this.failed) return;
    if (m.type === 'ready') {
      this.ready = true;
      this.worker!.worker.postMessage({ type: 'run', encoding: this.coding.encoding } satisfies ToDecodeWorker);
    } else if (m.type === 'pieces') {
      const at = this.atWorkerIndices.indexOf(m.index);
      if (at >= 0) this.atWorkerIndices.splice(at, 1);
      // (this thread may have inflated it already)
      if (m.index >= this.nextIn && !this.results[m.index]) this.results[m.index] = m.pieces;
      this.texts[m.index] = undefined;
      this.putIn();
    } else if (m.type === 'error') {
      this.fail(new TraceFormatError(m.message));
      return;
    }
    this.pump();
  }

  /** Hands out what can be: to the worker up to its window, to this thread once the page is parsed. */
  private pump(): void {
    if (this.failed) return;
    if (this.worker && this.ready) {
      while (this.atWorkerIndices.length < WORKER_WINDOW && this.front < this.back) {
        const index = this.front++;
        const text = this.texts[index]!;
        this.atWorkerIndices.push(index);
        this.worker.worker.postMessage({ type: 'chunk', index, text } satisfies ToDecodeWorker);
      }
    }
    const alone = !this.worker;
    // Once the page is parsed, and the worker has started (it takes the front first): the work is shared even when the
    // page parsed before the worker was ready, and waiting for it costs nothing then (parsing took longer).
    if ((alone || (this.parsed && this.ready)) && !this.busyHere) {
      if (this.front < this.back) void this.inflateHere(this.front++);
      else if (this.parsed && this.worker) {
        // Nothing left to hand out: the last chunk the worker was given (the one it will come to last) is done
        // here instead, and the worker told to skip it (if it has begun it already, the first result is used).
        for (let k = this.atWorkerIndices.length - 1; k >= 0; k--) {
          const index = this.atWorkerIndices[k];
          if (this.results[index] || index < this.nextIn) continue;
          this.atWorkerIndices.splice(k, 1);
          this.worker.worker.postMessage({ type: 'skip', index } satisfies ToDecodeWorker);
          void this.inflateHere(index);
          break;
        }
      }
    }
    this.putIn();
  }

  /**
   * Inflates chunk `index` on this thread: the next not yet handed out (the worker holds the two before it, so
   * the results come nearly in order and few wait to be put in; taken from the back, most chunks' pieces would
   * wait for the worker's front: some 240 MB at 10 M spans), or one the worker has not returned yet.
   */
  private async inflateHere(index: number): Promise<void> {
    const text = this.texts[index]!;
    this.texts[index] = undefined;
    this.busyHere = true;
    try {
      const pieces: Uint8Array[] = [];
      await chunkBytes(text, this.coding.encoding, (p) => pieces.push(p));
      // (the worker's copy may have come first)
      if (index >= this.nextIn && !this.results[index]) this.results[index] = pieces;
      this.inflatedHere++;
    } catch (err) {
      this.fail(err as Error);
      return;
    } finally {
      this.busyHere = false;
    }
    this.pump();
  }

  /**
   * Once the early columns are whole and the page is parsed: the worker is given every chunk not yet handed out
   * (it inflates them while this thread does the early work, which holds it for a while), then the early work
   * runs. (Not while the page is still being parsed: that would hold up the parsing, and the worker would run out
   * of chunks.)
   */
  private startEarly(): void {
    const early = this.early!;
    const progress = this.decoder.progress();
    if (!this.parsed || !progress || progress.whole < early.columns) return;
    this.early = undefined;
    if (this.worker && this.ready) {
      while (this.front < this.back) {
        const index = this.front++;
        this.atWorkerIndices.push(index);
        this.worker.worker.postMessage({ type: 'chunk', index, text: this.texts[index]! } satisfies ToDecodeWorker);
      }
    }
    try {
      early.ready(progress);
    } catch {
      // only a head start: the trace is checked, and the work done again, once it is whole
    }
    this.early = early.next;
    if (this.early) this.startEarly();
  }

  /** Puts the inflated chunks that are next in order into the columns; resolves once all are in. */
  private putIn(): void {
    if (this.failed) return;
    try {
      for (let pieces = this.results[this.nextIn]; pieces; pieces = this.results[this.nextIn]) {
        this.results[this.nextIn++] = undefined;
        for (const p of pieces) this.decoder.push(p);
        if (this.early) this.startEarly();
      }
      // (a chunk the worker was told to skip is not waited for)
      if (this.parsed && this.nextIn === this.texts.length && this.front >= this.back && !this.busyHere) {
        this.stopWorker();
        this.settle.resolve(this.decoder.wire());
      }
    } catch (err) {
      this.fail(err as Error);
    }
  }
}
