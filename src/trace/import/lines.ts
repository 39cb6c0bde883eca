// Reading a capture line by line from a stream: a 500 MB `perf script` file is
// never held as one string, only one chunk (1 MiB) and the current line.
// A gzip file (found by its magic bytes, whatever its name) is inflated on the
// way, still one chunk at a time. Progress is reported in bytes of the file
// as stored; an AbortSignal stops the read between chunks.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { ImportError } from './result';

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
  const file = createReadStream(path, { highWaterMark: CHUNK });
  let done = 0;
  file.on('data', (chunk) => { done += chunk.length; });
  let stream: Readable = file;
  if (isGzip(path)) {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    file.on('error', (e) => gunzip.destroy(e));
    stream = file.pipe(gunzip);
  }
  const decoder = new StringDecoder('utf8');
  const splitter = new LineSplitter(onLine);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ImportAborted();
      splitter.push(decoder.write(chunk));
      opts.onProgress?.(done, total);
    }
  } catch (e) {
    if (e instanceof ImportAborted) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_')) throw new ImportError(`damaged gzip data after line ${splitter.lines} (${(e as Error).message})`);
    throw e;
  } finally {
    stream.destroy();
    file.destroy();
  }
  splitter.push(decoder.end());
  return splitter.end();
}

/** True when the file starts with gzip's magic bytes (1f 8b). */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/**
 * Longest line read: no capture format has lines anywhere near it, and a line
 * must stay far below the longest string JavaScript can make (a 1 GB file with
 * no newline used to fail with "Invalid string length").
 */
export const MAX_LINE_CHARS = 64 << 20;

/** Splits pushed text into lines; keeps only the unfinished tail between pushes. */
export class LineSplitter {
  private tail = '';
  private lineNo = 0;
  get lines(): number { return this.lineNo; }
  constructor(private onLine: (line: string, lineNo: number) => void, private readonly maxChars = MAX_LINE_CHARS) {}

  push(text: string): void {
    if (!text) return;
    let from = 0;
    let nl = text.indexOf('\n');
    if (nl < 0) {
      if (this.tail.length + text.length > this.maxChars) this.tooLong();
      this.tail += text;
      return;
    }
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

  private tooLong(): never {
    const limit = this.maxChars >= 1 << 20 ? `${Math.round(this.maxChars / 1048576)} MB` : `${this.maxChars} characters`;
    throw new ImportError(`line ${this.lineNo + 1} is longer than ${limit}: not a capture this reads (is it one line of binary data?)`);
  }

  private emit(line: string): void {
    if (line.length > this.maxChars) this.tooLong();
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
