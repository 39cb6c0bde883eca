// Reading a capture line by line from a stream: a 500 MB `perf script` file is
// never held as one string, only one chunk (1 MiB) and the current line.
// Progress is reported in bytes; an AbortSignal stops the read between chunks.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

export interface ReadOptions {
  /** Called at most once per chunk with bytes read so far and the file size. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

export class ImportAborted extends Error {
  constructor() { super('import cancelled'); }
}

const CHUNK = 1 << 20;

/**
 * Calls `onLine(text, lineNo)` for every line of the file (1-based numbers,
 * without the line ending; a trailing "\r" is dropped too).
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, lineNo: number) => void,
  opts: ReadOptions = {},
): Promise<number> {
  const total = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const decoder = new StringDecoder('utf8');
  const splitter = new LineSplitter(onLine);
  let done = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ImportAborted();
      done += chunk.length;
      splitter.push(decoder.write(chunk));
      opts.onProgress?.(done, total);
    }
  } finally {
    stream.destroy();
  }
  splitter.push(decoder.end());
  return splitter.end();
}

/** Splits pushed text into lines; keeps only the unfinished tail between pushes. */
export class LineSplitter {
  private tail = '';
  private lineNo = 0;
  constructor(private onLine: (line: string, lineNo: number) => void) {}

  push(text: string): void {
    if (!text) return;
    let from = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) { this.tail += text; return; }
    // The first line may continue the previous chunk's tail.
    this.emit(this.tail + text.slice(0, nl));
    this.tail = '';
    from = nl + 1;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      this.emit(text.slice(from, nl));
      from = nl + 1;
    }
    this.tail = text.slice(from);
  }

  /** Flush the last line (when the file does not end in a newline); returns the number of lines. */
  end(): number {
    if (this.tail) this.emit(this.tail);
    this.tail = '';
    return this.lineNo;
  }

  private emit(line: string): void {
    this.lineNo++;
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line, this.lineNo);
  }
}

/** Feed a string through the same path (tests, in-memory inputs). */
export function forEachLineOfText(text: string, onLine: (line: string, lineNo: number) => void): number {
  const s = new LineSplitter(onLine);
  s.push(text);
  return s.end();
}

/** A line-oriented importer: fed one line at a time, then sealed into its result. */
export interface LineParser<R> {
  line(text: string, lineNo: number): void;
  finish(name: string): R;
}

/** Stream a file through `parser`; the result is named after the file. */
export async function parseFile<R>(path: string, parser: LineParser<R>, opts: ReadOptions = {}): Promise<R> {
  await forEachLine(path, (l, n) => parser.line(l, n), opts);
  return parser.finish(basename(path));
}

/** Feed in-memory text through `parser` (tests, pasted captures). */
export function parseText<R>(text: string, parser: LineParser<R>, name: string): R {
  forEachLineOfText(text, (l, n) => parser.line(l, n));
  return parser.finish(name);
}
