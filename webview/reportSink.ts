// One run's chunks on their way into the trace's columns, with the work
// shared between the page's thread and a decode worker (reportWorker.ts).
// The worker holds the columns: it takes chunks in order (up to
// WORKER_WINDOW at a time, so it never waits for the next), decodes their
// base64, inflates them, puts them into the columns (undoing the planes) and
// hands each column back as soon as it is whole (transferred). While the
// browser is still parsing the page this thread only hands chunks out; once
// the page is parsed (and the worker has started) it also inflates the next
// chunk not handed out whenever it is free and gives the worker its pieces
// (transferred), and with none left takes back the last one the worker holds,
// so neither thread waits for the other; and it starts the view's passes
// over the spans (EarlyColumns) as soon as their columns are back, giving the
// worker every chunk left first. With no worker (none can be made, or it
// failed before it started) this thread does all of it, in order.
import type { WireTrace } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TraceFormatError } from '../src/trace/integrity';
import type { RunHead } from './reportAssembler';
import type { TableIndex } from './timeline/data/tableIndex';
import { chunkBytes, nextTask } from './reportDecode';
import type { FromDecodeWorker, ToDecodeWorker } from './reportWorker';

/** The decode worker's bundle (scripts/build.mjs defines it in dist/webview.js; absent under tests run from source). */
declare const __SMPLAB_DECODE_WORKER__: string | undefined;

/** The header and the columns whole so far (the first `whole` of `buffers`, in TABLE_LAYOUT order); unchecked. */
export interface ColumnProgress extends RunHead {
  buffers: readonly ArrayBuffer[];
  whole: number;
}

/**
 * Work to start as soon as the first `columns` columns are whole (the view's passes over the spans, while the
 * rest of the trace is still being inflated): `ready` gets the progress, once.
 */
export interface EarlyColumns {
  columns: number;
  ready: (progress: ColumnProgress) => void;
  /** With a worker: the timeline's index of the instants and flows it made (reportTables.ts), for these buffers. */
  tables?: (index: TableIndex, progress: ColumnProgress) => void;
}

/** How a run's chunks were written: the run element's data-encoding and data-planes. */
export interface RunCoding {
  /** 'deflate-raw', or absent for chunks of plain base64 (older reports). */
  encoding?: string;
  planes: Record<string, PlaneCoding>;
}

/**
 * Chunks handed to the worker and not yet in the columns. While the page parses, this thread hands them out only
 * between pieces of parsing; with two at a time the worker idled for them.
 */
const WORKER_WINDOW = 16;
/** Chunks handed to the worker before it has said it started (its start took 40-90 ms). */
const WORKER_WINDOW_BEFORE_READY = 4;

/** Chunks past the worker's place left to it when this thread takes one back: the one it is on, and the next. */
const CLAIM_LEAD = 2;

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
  /** The columns when this thread fills them (no worker). */
  private decoder: TraceStreamDecoder | undefined;
  /** Chunk texts not yet handed out, or (worker) not yet in its columns, by index. */
  private readonly texts: (string | undefined)[] = [];
  /** Inflated pieces not yet put into the columns, by index (no worker). */
  private readonly results: (Uint8Array[] | undefined)[] = [];
  /** The next chunk to hand out, the number pushed, the next to put into the columns here, and how many the worker has put in. */
  private front = 0;
  private back = 0;
  private nextIn = 0;
  private workerDone = 0;
  /** Chunks handed to the worker that this thread asked to take back, and whether the worker has refused one. */
  private readonly claimed = new Set<number>();
  private noClaims = false;
  private parsed = false;
  private ended = false;
  private busyHere = false;
  private failed = false;
  private worker: { worker: Worker; url: string } | null;
  private ready = false;
  /** The columns back from the worker, and its header. */
  private readonly buffers: ArrayBuffer[] = [];
  private head: RunHead | undefined;
  /** Chunks this thread inflated (tests and the benchmark). */
  inflatedHere = 0;
  private settle!: { resolve: (w: WireTrace) => void; reject: (e: Error) => void };
  private readonly result = new Promise<WireTrace>((resolve, reject) => { this.settle = { resolve, reject }; });

  /** The early work, when it waits for a task of its own. */
  private earlyRunning: Promise<void> | undefined;
  /** Where the worker's table index goes (the early work's). */
  private readonly tablesTo: EarlyColumns['tables'];

  constructor(private readonly coding: RunCoding, useWorker: boolean, private early?: EarlyColumns) {
    this.tablesTo = early?.tables;
    this.result.catch(() => {}); // reported through finish()
    this.worker = useWorker ? startWorker() : null;
    if (!this.worker) {
      this.decoder = new TraceStreamDecoder(coding.planes);
      return;
    }
    const w = this.worker.worker;
    w.onmessage = (e: MessageEvent<FromDecodeWorker>) => this.fromWorker(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      const started = this.ready;
      this.stopWorker();
      // Before it ran (a browser or policy that refuses it): this thread does its work, from the first chunk (the
      // texts handed out are all still here, and what this thread inflated meanwhile: nothing was put in).
      // After: a real failure.
      if (started) this.fail(new Error(e.message || 'the report\'s decode worker failed'));
      else {
        this.decoder = new TraceStreamDecoder(coding.planes);
        this.front = 0;
        this.pump();
      }
    };
    // Chunks go to it from the first, without waiting to hear it has started (its start took 40-50 ms, as long as
    // the browser takes to parse a fifth of a 1 M-span report).
    this.post({ type: 'run', encoding: coding.encoding, planes: coding.planes, tables: this.tablesTo !== undefined });
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
    this.startEarly();
    this.pump();
    return this.result;
  }

  cancel(): void {
    this.stopWorker();
  }

  private post(m: ToDecodeWorker, transfer: Transferable[] = []): void {
    this.worker!.worker.postMessage(m, transfer);
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
      // what this thread inflated meanwhile
      this.results.forEach((pieces, index) => { if (pieces) this.postPieces(index, pieces); });
      this.results.length = 0;
    } else if (m.type === 'progress' || m.type === 'end') {
      if (m.from !== this.buffers.length) return this.fail(new TraceFormatError('the decode worker\'s columns came out of order'));
      this.buffers.push(...m.buffers);
      if (m.type === 'progress') {
        for (let k = this.workerDone; k < m.done; k++) this.texts[k] = undefined;
        this.workerDone = m.done;
        this.head ??= m.head;
        if (m.tables && this.tablesTo) {
          try {
            this.tablesTo(m.tables, this.progress()!);
          } catch {
            // only a head start: the timeline builds its own
          }
        }
        this.startEarly();
      } else {
        this.stopWorker();
        this.noClaims = true;
        // The early work not begun yet (this thread was waiting to hear about a chunk it asked to take back, and
        // the worker had done them all): now, before the trace goes on, so it is done once.
        this.head ??= m.head;
        this.startEarly(true);
        const wire: WireTrace = { meta: m.head.meta, length: m.head.length, buffers: this.buffers };
        // (after the early work, if it is still to run: the view takes what it made)
        if (this.earlyRunning) void this.earlyRunning.then(() => this.settle.resolve(wire));
        else this.settle.resolve(wire);
        return;
      }
    } else if (m.type === 'claimed') {
      this.busyHere = false;
      if (m.granted) {
        void this.inflateHere(m.index);
        return;
      }
      // Refused: the worker has begun or done it, and every chunk before it.
      this.noClaims = true;
      this.startEarly();
    } else if (m.type === 'error') {
      this.fail(new TraceFormatError(m.message));
      return;
    }
    this.pump();
  }

  /** Hands out what can be: to the worker up to its window, to this thread once the page is parsed. */
  private pump(): void {
    if (this.failed) return;
    if (this.worker) {
      // Before it has started, only a few: the rest are this thread's once the page is parsed (at 1 M spans the
      // page was parsed before the worker had started, and this thread sat waiting for it).
      const window = this.ready ? WORKER_WINDOW : WORKER_WINDOW_BEFORE_READY;
      while (this.front - this.workerDone < window && this.front < this.back) this.postText(this.front++);
      // Once the page is parsed: the work is shared, the worker started or not (this thread keeps what it inflates
      // until it has: if it never does, this thread takes them all).
      if (this.parsed && !this.busyHere) {
        if (this.front < this.back) void this.inflateHere(this.front++);
        else if (this.ready) {
          const index = this.toClaim();
          if (index >= 0) {
            // Asked first, and inflated here only if granted: this thread's idea of the worker's place lags (it
            // learns it between its own tasks), and at 1 M spans the worker had begun or done every chunk taken
            // back unasked by the time it heard of it, so this thread inflated seven of eleven for nothing.
            this.claimed.add(index);
            this.busyHere = true;
            this.post({ type: 'claim', index });
          }
        }
      }
      this.endIfAllOut();
      return;
    }
    // (chunks this thread took while the worker was still to start are skipped: inflated, or on their way)
    while (this.front < this.back && this.texts[this.front] === undefined) this.front++;
    if (!this.busyHere && this.front < this.back) void this.inflateHere(this.front++);
    this.putIn();
  }

  /** Once the page is parsed and every chunk handed out (to the worker, or to this thread): tells the worker how many there are. */
  private endIfAllOut(): void {
    if (!this.parsed || this.front < this.back || this.ended || !this.worker) return;
    this.ended = true;
    this.post({ type: 'end', chunks: this.back });
  }

  /**
   * With none left to hand out, the chunk this thread asks to take back from the worker: the last it holds (the
   * one it will come to last), never one of the next CLAIM_LEAD; -1: none (or the worker refused one already).
   */
  private toClaim(): number {
    if (this.noClaims) return -1;
    for (let index = this.front - 1; index >= this.workerDone + CLAIM_LEAD; index--) {
      if (this.texts[index] !== undefined && !this.claimed.has(index)) return index;
    }
    return -1;
  }

  /** Chunk `index` to the worker as text; the text stays here until the worker has it in the columns (this thread may claim it). */
  private postText(index: number): void {
    this.post({ type: 'chunk', index, text: this.texts[index]! });
  }

  private takeText(index: number): string {
    const text = this.texts[index]!;
    this.texts[index] = undefined;
    return text;
  }

  /** Inflates chunk `index` on this thread: its pieces go to the worker, or (no worker) into the columns here in order. */
  private async inflateHere(index: number): Promise<void> {
    const text = this.takeText(index);
    this.busyHere = true;
    try {
      if (this.worker) await nextTask(); // what was just posted reaches the worker first
      const pieces: Uint8Array[] = [];
      await chunkBytes(text, this.coding.encoding, (p) => pieces.push(p));
      this.inflatedHere++;
      if (this.failed) return;
      if (this.worker && this.ready) this.postPieces(index, pieces);
      else this.results[index] = pieces; // (no worker, or one still to start: kept here until it has)
    } catch (err) {
      this.fail(err as Error);
      return;
    } finally {
      this.busyHere = false;
    }
    this.startEarly();
    this.pump();
  }

  private postPieces(index: number, pieces: Uint8Array[]): void {
    this.post({ type: 'pieces', index, pieces }, [...new Set(pieces.map((p) => p.buffer as ArrayBuffer))]);
  }

  private progress(): ColumnProgress | null {
    if (this.decoder) return this.decoder.progress();
    return this.head ? { ...this.head, buffers: this.buffers, whole: this.buffers.length } : null;
  }

  /**
   * Once the early columns are whole and the page is parsed: the worker is given every chunk not yet handed out
   * (it inflates them while this thread does the early work, which holds it for a while), then the early work
   * runs. (Not while the page is still being parsed: that would hold up the parsing, and the worker would run out
   * of chunks; nor while this thread inflates a chunk: the worker would wait for it until the early work is done.)
   */
  private startEarly(now = false): void {
    const early = this.early;
    if (!early || !this.parsed || (this.worker && this.busyHere && !now)) return;
    const progress = this.progress();
    if (!progress || progress.whole < early.columns) return;
    this.early = undefined;
    const run = () => {
      try {
        early.ready(progress);
      } catch {
        // only a head start: the trace is checked, and the work done again, once it is whole
      }
    };
    if (this.worker && this.ready) {
      while (this.front < this.back) this.postText(this.front++);
      this.endIfAllOut();
      // (in a task of its own, so the chunks just posted reach the worker before this thread is held)
      this.earlyRunning = nextTask().then(run);
    } else run();
  }

  /** No worker: puts the inflated chunks that are next in order into the columns; resolves once all are in. */
  private putIn(): void {
    const decoder = this.decoder;
    if (this.failed || !decoder) return;
    try {
      for (let pieces = this.results[this.nextIn]; pieces; pieces = this.results[this.nextIn]) {
        this.results[this.nextIn++] = undefined;
        for (const p of pieces) decoder.push(p);
        this.startEarly();
      }
      if (this.parsed && this.nextIn === this.back && !this.busyHere) this.settle.resolve(decoder.wire());
    } catch (err) {
      this.fail(err as Error);
    }
  }
}
