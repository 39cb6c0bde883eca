// One run's chunks into the trace's columns, in the report's decode worker
// (reportWorker.ts): each chunk comes once, in any order, either as its text
// (decoded from base64 and inflated here) or as the pieces the page inflated
// itself (reportSink.ts); they go into the columns in chunk order
// (TraceStreamDecoder, which also undoes the planes), and each column is
// handed on as soon as it is whole, so the page can start its passes over
// the spans while the rest is still being inflated, and never copies a byte
// of the trace itself (putting the pieces into the columns and undoing the
// planes were 0.4 s of the page's thread at 10 M spans while this thread sat
// idle). Nothing here touches the DOM or a worker's scope: it is tested in Node.
import type { WireTrace } from '../src/trace/codec';
import { TraceStreamDecoder } from '../src/trace/codecStream';
import type { PlaneCoding } from '../src/trace/columnPlanes';
import { TRACE_VERSION, type TableName, type TraceMeta } from '../src/trace/schema';
import { chunkBytes, nextTask } from './reportDecode';

/** The trace's header: what the page needs beside the column buffers. */
export interface RunHead {
  meta: TraceMeta;
  length: Record<TableName, number>;
}

export interface AssemblerOut {
  /**
   * Chunks [0, `done`) are in the columns; `buffers` are the columns from index `from` on that became whole since
   * the last call (the page's from then on: a worker transfers them), `head` the header the first time it is known,
   * `extra` what `whole` made of the columns before they were handed on (once).
   */
  progress(done: number, from: number, buffers: ArrayBuffer[], head?: RunHead, extra?: unknown): void;
  /** Every chunk is in: the whole trace's header (its layout brought up to date) and the buffers from `from` on. */
  end(head: RunHead, from: number, buffers: ArrayBuffer[]): void;
  error(err: Error): void;
}

export class ChunkAssembler {
  private readonly decoder: TraceStreamDecoder;
  private readonly texts = new Map<number, string>();
  private readonly given = new Map<number, Uint8Array[]>();
  /** The next chunk to put in, how many there are (once told), and how many columns were handed on. */
  private next = 0;
  private total = -1;
  private sent = 0;
  private headSent = false;
  private running = false;
  /** The chunk whose text is being inflated here (-1: none). */
  private inflating = -1;
  private failed = false;

  /**
   * `whole`: work on columns [from, columns) once they are whole, before they are handed on (the timeline's
   * index of the tables beside the spans: the page is busy with the spans then); they are held until it has run,
   * and its result goes with them.
   */
  constructor(
    private readonly encoding: string | undefined, planes: Record<string, PlaneCoding>, private readonly out: AssemblerOut,
    private whole?: { from: number; columns: number; make: (head: RunHead, buffers: readonly ArrayBuffer[]) => unknown },
  ) {
    this.decoder = new TraceStreamDecoder(planes);
  }

  /** Chunk `index` as its text. */
  text(index: number, text: string): void {
    if (index >= this.next) this.texts.set(index, text);
    void this.run();
  }

  /** Chunk `index` inflated elsewhere: its bytes, in order. */
  pieces(index: number, pieces: Uint8Array[]): void {
    if (index >= this.next) this.given.set(index, pieces);
    void this.run();
  }

  /**
   * The page asks to inflate chunk `index` itself. Granted (true) only while its text waits here: it is dropped,
   * and the chunk's pieces are awaited from the page. Refused when this thread has begun or done it.
   */
  claim(index: number): boolean {
    if (index === this.inflating || !this.texts.has(index)) return false;
    this.texts.delete(index);
    return true;
  }

  /** There are `chunks` chunks in all. */
  end(chunks: number): void {
    this.total = chunks;
    void this.run();
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.out.error(err instanceof Error ? err : new Error(String(err)));
  }

  /** Puts in every chunk that can be, in order (one run at a time: inflating awaits). */
  private async run(): Promise<void> {
    if (this.running || this.failed) return;
    this.running = true;
    try {
      for (;;) {
        if (this.next === this.total) {
          this.finish();
          return;
        }
        let pieces = this.given.get(this.next);
        if (!pieces) {
          const text = this.texts.get(this.next);
          if (text === undefined) return; // not here yet
          this.texts.delete(this.next);
          const got: Uint8Array[] = [];
          this.inflating = this.next;
          await chunkBytes(text, this.encoding, (p) => got.push(p));
          this.inflating = -1;
          pieces = got;
        }
        this.given.delete(this.next);
        for (const p of pieces) this.decoder.push(p);
        this.next++;
        this.handOn();
        // the page's claims and pieces that came meanwhile, before the next chunk
        await nextTask();
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.running = false;
    }
  }

  /**
   * The columns whole so far, handed on. Only data of this build's layout: an older one is converted when the
   * trace is whole (formatVersion.ts), so all of it goes at the end.
   */
  private handOn(): void {
    const p = this.decoder.progress();
    if (!p) return this.out.progress(this.next, this.sent, []);
    const head = this.headSent ? undefined : { meta: p.meta, length: p.length };
    this.headSent = true;
    const current = p.meta.version === TRACE_VERSION;
    let to = current ? p.whole : this.sent;
    let extra: unknown;
    if (this.whole && current) {
      if (p.whole >= this.whole.columns) {
        const { make } = this.whole;
        this.whole = undefined;
        try {
          extra = make({ meta: p.meta, length: p.length }, p.buffers);
        } catch {
          // only a head start: the page builds it itself
        }
      } else to = Math.min(to, Math.max(this.sent, this.whole.from));
    }
    const buffers = p.buffers.slice(this.sent, to);
    const from = this.sent;
    this.sent = to;
    this.out.progress(this.next, from, buffers, head, extra);
  }

  private finish(): void {
    const wire: WireTrace = this.decoder.wire();
    this.out.end({ meta: wire.meta, length: wire.length }, this.sent, wire.buffers.slice(this.sent));
    this.sent = wire.buffers.length;
  }
}
