// Chrome Trace Event JSON (array or object form) → Trace, in one pass over
// the file's bytes (chrome/eventScanner.ts: no string of the file, no object
// per event). Files this project exported are rebuilt exactly
// (chrome/ownFormat.ts); any other trace is read as tracks of nested slices
// (chrome/generic.ts). The engine's record limit applies: a file with more
// records is read up to the limit, with a warning that says how to raise it.
import { DEFAULT_LIMITS } from '../../sim/program';
import { GENERATOR } from '../export/chromeLayout';
import { baseName, readChunks, type ByteSource } from './byteSource';
import { CompressedDataError, inflated } from './compressed';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';
import { EventScanner, type RawEvent } from './chrome/eventScanner';
import { GenericReader } from './chrome/generic';
import { OwnFormatReader } from './chrome/ownFormat';

const CH_M = 77;

class ChromeImport {
  readonly problems = new Problems();
  private own: OwnFormatReader | null = null;
  private generic: GenericReader | null = null;
  private other: Record<string, unknown> | null = null;
  private otherLine = 0;
  private frames: { value: unknown; line: number } | null = null;
  private readonly started = performance.now();
  private readonly limit: number;
  /** The record limit was reached: nothing more is read. */
  full = false;
  readonly scan: EventScanner;

  constructor(private readonly sizeHint: number, opts: ImportOptions) {
    this.limit = opts.maxRecords ?? DEFAULT_LIMITS.maxRecords;
    this.scan = new EventScanner({
      event: (e) => this.event(e),
      bad: (line, msg) => this.problems.bad(line, msg),
      top: (key, value, line) => this.top(key, value, line),
    });
  }

  private top(key: string, value: unknown, line: number): void {
    if (key === 'otherData' && value && typeof value === 'object' && !Array.isArray(value)) {
      this.other = value as Record<string, unknown>;
      this.otherLine = line;
    } else if (key === 'stackFrames') {
      this.frames = { value, line };
      this.own?.setFrames(value, line);
    } else if (key === 'systemTraceEvents' && !this.isOwn()) {
      this.problems.warn(0, 'systemTraceEvents (ftrace text) not imported; import the perf script or ftrace text itself');
    }
  }

  private isOwn(): boolean { return this.other?.generator === GENERATOR; }

  private name(e: RawEvent): string {
    return e.name >= 0 ? this.scan.strings.list[e.name] : '';
  }

  private event(e: RawEvent): void {
    if (this.full) return;
    if (e.ph === 0) return this.problems.bad(e.line, 'event has no "ph"');
    if (e.nameBad) return this.problems.bad(e.line, 'event has a "name" that is not a string');
    if (e.tsBad || (e.ts !== e.ts && e.ph !== CH_M)) return this.problems.bad(e.line, `event "${this.name(e)}" has no numeric "ts" (microseconds, within about 31 years)`);
    if (e.durBad) return this.problems.bad(e.line, `event "${this.name(e)}" has a bad "dur"`);
    if (!this.own && !this.generic) {
      if (this.isOwn()) {
        // Sized from the file (about 100 bytes a record): address space until written, so no copy while growing.
        this.own = new OwnFormatReader(this.other!, this.otherLine, this.scan, this.problems, Math.min(this.limit, Math.ceil(this.sizeHint / 90)));
        if (this.frames) this.own.setFrames(this.frames.value, this.frames.line);
      } else this.generic = new GenericReader(this.scan, this.problems, Math.min(this.limit, Math.ceil(this.sizeHint / 60)));
    }
    if (this.own) this.own.event(e);
    else this.generic!.event(e);
    const records = this.own ? this.own.b.records : this.generic!.records;
    if (records >= this.limit) {
      this.full = true;
      this.problems.warn(e.line, `record limit of ${this.limit.toLocaleString('en-US')} reached at line ${e.line} (${(e.ts / 1e6).toFixed(3)} ms into the trace): the rest of the file is not imported; raise the limit with --max-records (CLI) or the smpStackLab.trace.recordLimit setting`);
    }
  }

  finish(name: string): ImportResult {
    if (!this.full) this.scan.finish();
    const wall = performance.now() - this.started;
    if (!this.own && !this.generic) {
      if (this.problems.malformed) throw new ImportError(`no readable trace events (${this.problems.malformed} unreadable, first at line ${this.problems.warnings[0]?.line})`);
      throw new ImportError('the trace has no events');
    }
    const trace = this.own ? this.own.finish(wall) : this.generic!.finish(name, wall);
    return this.problems.result(trace);
  }

  push(bytes: Uint8Array): void {
    try {
      this.scan.push(bytes);
    } catch (e) {
      if (e instanceof SyntaxError) throw new ImportError(e.message);
      throw e;
    }
  }
}

/** Read a Chrome trace from its bytes (gzip- or Zstandard-compressed or not), stopping at the record limit. */
export async function importChromeTrace(source: ByteSource, opts: ImportOptions = {}): Promise<ImportResult> {
  // Readers are sized from the bytes as stored (a .gz or .zst holds several times more JSON: they grow as needed).
  const imp = new ChromeImport(source.size, opts);
  try {
    for await (const chunk of inflated(readChunks(source, opts))) {
      imp.push(chunk);
      if (imp.full) break;
    }
  } catch (e) {
    if (e instanceof CompressedDataError) throw new ImportError(`damaged ${e.kind} data (${e.message})`);
    throw e;
  }
  return imp.finish(baseName(source.name));
}

export function importChromeTraceText(text: string, name = 'trace.json', opts: ImportOptions = {}): ImportResult {
  const bytes = new TextEncoder().encode(text);
  const imp = new ChromeImport(bytes.length, opts);
  imp.push(bytes);
  return imp.finish(name);
}
