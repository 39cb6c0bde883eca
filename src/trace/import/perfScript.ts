// `perf script` text (tracepoints with or without -g call chains) → Trace.
// Lines are grouped into events (a header, then its call-chain lines until a
// blank line or the next header) and replayed in order; see perf/replay.ts.
import type { ByteSource } from './byteSource';
import { parseSource, parseText, type LineSink } from './lines';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';
import { ChainCache, FrameCache, FrameList } from './perf/frameCache';
import { HeaderScanner } from './perf/headerScan';
import { isFrameLine, type PerfHeader } from './perf/lineParse';
import { PerfReplay } from './perf/replay';
import { DEFAULT_LIMITS } from '../../sim/program';

// `perf script --show-lost-events`: "udp-flood 20119/20124 [000] 3562.125394449: PERF_RECORD_LOST lost 494"
const LOST = /\[(\d+)\]\s+(\d+)\.(\d+):\s+PERF_RECORD_LOST(?:_SAMPLES)?\s+lost\s+(\d+)/;
const toNs = (sec: string, frac: string) => Number(sec) * 1e9 + Number(frac.length >= 9 ? frac.slice(0, 9) : frac.padEnd(9, '0'));

/** Feeds lines; call `finish` at the end. */
export class PerfScriptParser implements LineSink {
  readonly problems = new Problems();
  private replay: PerfReplay;
  private header: PerfHeader | null = null;
  private headerLine = 0;
  private readonly onBadFrame = (line: number, text: string) => this.problems.bad(line, `unreadable call-chain line: ${text.trim().slice(0, 120)}`);
  private readonly frameCache = new FrameCache();
  /** The current event's call chain: one list, emptied for each event (the replay keeps none). */
  private frames = new FrameList(new ChainCache(this.frameCache), 0, this.onBadFrame);
  private readonly headers = new HeaderScanner(this.frameCache);
  private started = performance.now();
  /** The record limit was reached: no more lines are read (lines.ts stops reading the source). */
  full = false;

  /**
   * `sizeHint`: bytes of text to come, if known: about 150 of them make a record (a -g capture), so the tables are sized for them up front.
   * `limit`: the engine's record limit, which holds for imports too.
   */
  constructor(sizeHint = 0, private readonly limit = DEFAULT_LIMITS.maxRecords) {
    this.replay = new PerfReplay(this.problems, Math.max(4096, Math.min(1 << 24, limit, Math.ceil(sizeHint / 128))));
  }

  line(text: string, lineNo: number): void {
    this.lineAt(text, 0, text.length, lineNo, !/[\r\u2028\u2029]/.test(text));
  }

  /** Lines read at once with a chain that repeats one read before (lines.ts LineSink). */
  get skipped(): number { return this.frames.skipped; }

  /**
   * The line text[start, end) (lines.ts LineSink): a call-chain line is looked up where it
   * lies, never copied, and a chain that repeats one read before is taken whole.
   */
  lineAt(text: string, start: number, end: number, lineNo: number, plain: boolean): number | void {
    if (this.full) return;
    if (start === end) {
      if (this.header) this.frames.endedAt(text, start);
      this.flush();
      return;
    }
    const c = text.charCodeAt(start);
    if (this.header) {
      if (c === 9 /* \t */) return this.frames.length ? this.frames.addAt(text, start, end) : this.frames.firstAt(text, start, end);
      if (c === 32 && mayBeFrameLine(text, start, end)) {
        const line = text.slice(start, end);
        if (isFrameLine(line)) { this.frames.add(line); return; }
      }
    }
    if (c === 35 /* # */) return; // perf script --header comments
    this.flush();
    if (this.full) return;
    const h = this.headers.scan(text, start, end, plain);
    if (!h) {
      const line = text.slice(start, end);
      const lost = LOST.exec(line);
      if (lost && Number.isFinite(toNs(lost[2], lost[3]))) return this.replay.lost(Number(lost[1]), toNs(lost[2], lost[3]), Number(lost[4]), lineNo);
      if (lost) return this.problems.bad(lineNo, `timestamp of ${lost[2].length} digits is beyond any time this can place`);
      this.problems.bad(lineNo, `not a perf script event: ${line.trim().slice(0, 120)}`);
      return;
    }
    if (!Number.isFinite(h.ns)) {
      // A timestamp of hundreds of digits reads as Infinity: a span from it would have no length or place.
      const line = text.slice(start, end);
      const digits = /(\d+)\.\d+:/.exec(line)?.[1].length ?? 0;
      this.problems.bad(lineNo, `timestamp of ${digits} digits is beyond any time this can place: ${line.trim().slice(0, 60)}…`);
      return;
    }
    this.header = h;
    this.headerLine = lineNo;
    this.frames.reset(lineNo + 1);
  }

  private flush(): void {
    if (!this.header || this.full) return;
    this.replay.event(this.header, this.frames, this.headerLine);
    this.header = null;
    if (this.replay.b.records >= this.limit) {
      this.full = true;
      this.problems.warn(this.headerLine, `record limit of ${this.limit.toLocaleString('en-US')} reached at line ${this.headerLine} (${(this.replay.lastNs / 1e6).toFixed(3)} ms into the capture): the rest of the file is not imported; raise the limit with --max-records (CLI) or the smpStackLab.trace.recordLimit setting`);
    }
  }

  finish(name: string): ImportResult {
    this.flush();
    if (this.replay.events === 0) {
      throw new ImportError(this.problems.malformed
        ? `no perf script events found (${this.problems.malformed} unreadable lines, first at line ${this.problems.warnings[0]?.line})`
        : 'no perf script events found');
    }
    return this.problems.result(this.replay.finish(name, performance.now() - this.started));
  }
}

/**
 * False when a line that starts with a space cannot be a call-chain line (isFrameLine), told
 * from its first characters without copying it: a header's comm is rarely all hex digits.
 */
function mayBeFrameLine(text: string, start: number, end: number): boolean {
  let i = start, c = 32;
  while (i < end && ((c = text.charCodeAt(i)) === 32 || c === 9)) i++;
  while (i < end && ((c = text.charCodeAt(i)) >= 48 && c <= 57 || (c | 32) >= 97 && (c | 32) <= 102)) i++;
  // Not one when a printable character that is not a hex digit follows the blanks or the digits
  // (the regex of isFrameLine needs a blank after one hex digit at least); anything else, ask it.
  return i === end || !(c > 32 && c < 127);
}

export function importPerfScript(source: ByteSource, opts: ImportOptions = {}): Promise<ImportResult> {
  return parseSource(source, new PerfScriptParser(source.size, opts.maxRecords), opts);
}

export function importPerfScriptText(text: string, name = 'perf script', maxRecords?: number): ImportResult {
  return parseText(text, new PerfScriptParser(0, maxRecords), name);
}
