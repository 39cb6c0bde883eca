// Reading a capture line by line from a byte source: a 500 MB `perf script`
// file is never held as one string, only one chunk (1 MiB) and the current
// line. A gzip or Zstandard source is inflated on the way (compressed.ts). Progress is reported
// in bytes as stored; an AbortSignal stops the read between chunks.
import * as buffer from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { baseName, readChunks, type ByteSource, type ReadOptions } from './byteSource';
import { CompressedDataError, inflated } from './compressed';
import { ImportAborted, ImportError } from './result';

export type { ReadOptions } from './byteSource';

/**
 * Calls `onLine(text, lineNo)` for every line of the source (1-based numbers,
 * without the line ending; a trailing "\r" is dropped too).
 */
export function forEachLine(
  source: ByteSource,
  onLine: (line: string, lineNo: number) => void,
  opts: ReadOptions = {},
): Promise<number> {
  return splitSource(source, new LineSplitter(onLine), opts);
}

/** forEachLine with each line handed to a sink as a range of a longer text (see LineSink). */
export function forEachLineAt(source: ByteSource, sink: LineSink, opts: ReadOptions = {}): Promise<number> {
  return splitSource(source, new LineSplitter(sink), opts);
}

async function splitSource(source: ByteSource, splitter: LineSplitter, opts: ReadOptions): Promise<number> {
  const text = new Utf8Text();
  try {
    for await (const chunk of inflated(readChunks(source, opts))) {
      if (opts.signal?.aborted) throw new ImportAborted();
      splitter.push(text.write(chunk));
      if (splitter.full) return splitter.lines;
    }
  } catch (e) {
    if (e instanceof CompressedDataError) throw new ImportError(`damaged ${e.kind} data after line ${splitter.lines} (${e.message})`);
    throw e;
  }
  splitter.push(text.end());
  return splitter.end();
}

const isAscii = (buffer as { isAscii?: (b: Uint8Array) => boolean }).isAscii;

/**
 * UTF-8 chunks to text. A chunk of plain ASCII (nearly every chunk of a capture) is copied
 * byte for byte, four times faster than decoding it; the decoder takes the others and
 * whatever follows a chunk that ended inside a character.
 */
class Utf8Text {
  private decoder = new StringDecoder('utf8');
  /** The decoder may hold the first bytes of a character cut by the end of the last chunk. */
  private holding = false;

  write(chunk: Uint8Array): string {
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!this.holding && isAscii?.(b)) return b.toString('latin1');
    this.holding = endsInsideCharacter(b);
    return this.decoder.write(b);
  }

  end(): string {
    return this.decoder.end();
  }
}

/** Whether the bytes end with a UTF-8 sequence that is not complete yet. */
function endsInsideCharacter(b: Uint8Array): boolean {
  let i = b.length - 1, cont = 0;
  while (i >= 0 && cont < 3 && (b[i] & 0xc0) === 0x80) { i--; cont++; }
  if (i < 0) return cont > 0;
  const lead = b[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > cont + 1;
}

/**
 * Longest line read: no capture format has lines anywhere near it, and a line
 * must stay far below the longest string JavaScript can make (a 1 GB file with
 * no newline used to fail with "Invalid string length").
 */
export const MAX_LINE_CHARS = 64 << 20;

/**
 * Where lines go as ranges of a longer text (the chunk they were read in), so that a parser
 * that needs only some lines as strings does not make one of each.
 */
export interface LineSink {
  /**
   * The line text[start, end). `plain`: the text holds no "\r", "\u2028" or "\u2029", the
   * characters besides "\n" that a regex's "." does not match (false for a whole chunk of CRLF
   * text: such lines take a parser's slower path). Returns nothing, or, when the sink has read
   * the lines that follow this one in `text` as well, the index where the line after them starts
   * (just after a "\n"), with `skipped` saying how many lines it read that way.
   */
  lineAt(text: string, start: number, end: number, lineNo: number, plain: boolean): number | void;
  readonly skipped?: number;
  /** The sink wants no more lines (its record limit is reached): reading the source stops after this chunk. */
  readonly full?: boolean;
}

/** Whether a text holds none of the line terminators a regex's "." refuses but "\n" (three searches of native speed). */
function isPlain(text: string): boolean {
  return text.indexOf('\r') < 0 && text.indexOf('\u2028') < 0 && text.indexOf('\u2029') < 0;
}

/** Lines as strings, for a callback that wants them so; `parser`, if given, may say it is full (LineParser). */
class StringLines implements LineSink {
  constructor(private readonly onLine: (line: string, lineNo: number) => void, private readonly parser?: { readonly full?: boolean }) {}
  get full(): boolean { return this.parser?.full === true; }
  lineAt(text: string, start: number, end: number, lineNo: number): void {
    this.onLine(start === 0 && end === text.length ? text : text.slice(start, end), lineNo);
  }
}

/** Splits pushed text into lines; keeps only the unfinished tail between pushes. */
export class LineSplitter {
  private tail = '';
  private tailPlain = true;
  private lineNo = 0;
  private readonly sink: LineSink;
  get lines(): number { return this.lineNo; }
  /** The sink wants no more lines. */
  get full(): boolean { return this.sink.full === true; }

  /** Lines go to `to`: a callback (as strings) or a sink (as ranges). */
  constructor(to: ((line: string, lineNo: number) => void) | LineSink, private readonly maxChars = MAX_LINE_CHARS) {
    this.sink = typeof to === 'function' ? new StringLines(to) : to;
  }

  push(text: string): void {
    if (!text) return;
    const plain = isPlain(text);
    let nl = text.indexOf('\n');
    if (nl < 0) {
      if (this.tail.length + text.length > this.maxChars) this.tooLong();
      this.tail += text;
      this.tailPlain &&= plain;
      return;
    }
    // The first line may continue the previous chunk's tail (nothing follows it in that string).
    let from = 0;
    if (this.tail) {
      const first = this.tail + text.slice(0, nl);
      this.emit(first, 0, first.length, plain && this.tailPlain);
      from = nl + 1;
    }
    for (; (nl = text.indexOf('\n', from)) >= 0;) {
      const next = this.emit(text, from, nl, plain);
      if (next) {
        this.lineNo += this.sink.skipped!;
        from = next;
      } else {
        from = nl + 1;
      }
    }
    this.tail = text.slice(from);
    this.tailPlain = plain;
  }

  /** Flush the last line (when the file does not end in a newline); returns the number of lines. */
  end(): number {
    if (this.tail) this.emit(this.tail, 0, this.tail.length, this.tailPlain);
    this.tail = '';
    this.tailPlain = true;
    return this.lineNo;
  }

  private tooLong(): never {
    const limit = this.maxChars >= 1 << 20 ? `${Math.round(this.maxChars / 1048576)} MB` : `${this.maxChars} characters`;
    throw new ImportError(`line ${this.lineNo + 1} is longer than ${limit}: not a capture this reads (is it one line of binary data?)`);
  }

  private emit(text: string, start: number, end: number, plain: boolean): number | void {
    if (end - start > this.maxChars) this.tooLong();
    this.lineNo++;
    return this.sink.lineAt(text, start, end > start && text.charCodeAt(end - 1) === 13 /* \r */ ? end - 1 : end, this.lineNo, plain);
  }
}

/** Feed a string through the same path (tests, in-memory inputs). */
export function forEachLineOfText(text: string, onLine: (line: string, lineNo: number) => void): number {
  const s = new LineSplitter(onLine);
  s.push(text);
  return s.end();
}

/** A line-oriented importer: fed one line at a time (or as a LineSink, by range), then sealed into its result. */
export interface LineParser<R> {
  line(text: string, lineNo: number): void;
  finish(name: string): R;
  /** The parser wants no more lines (its record limit is reached): reading the source stops after this chunk. */
  readonly full?: boolean;
}

const isSink = (p: object): p is LineSink => typeof (p as LineSink).lineAt === 'function';

/** Stream a source through `parser`; the result is named after the source's last part. */
export async function parseSource<R>(source: ByteSource, parser: LineParser<R> | (LineParser<R> & LineSink), opts: ReadOptions = {}): Promise<R> {
  await forEachLineAt(source, isSink(parser) ? parser : new StringLines((l, n) => parser.line(l, n), parser), opts);
  return parser.finish(baseName(source.name));
}

/** Feed in-memory text through `parser` (tests, pasted captures). */
export function parseText<R>(text: string, parser: LineParser<R> | (LineParser<R> & LineSink), name: string): R {
  const s = new LineSplitter(isSink(parser) ? parser : (l, n) => parser.line(l, n));
  s.push(text);
  s.end();
  return parser.finish(name);
}
