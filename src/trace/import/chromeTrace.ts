// Chrome Trace Event JSON (array or object form) → Trace, read as a stream.
// Files this project exported are rebuilt exactly (chrome/ownFormat.ts); any
// other trace is read as tracks of nested slices (chrome/generic.ts).
import { basename } from 'node:path';
import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { GENERATOR } from '../export/chromeLayout';
import { ImportAborted } from './lines';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';
import { ChromeJsonStream } from './chrome/jsonStream';
import { asEvent, type StackFrames } from './chrome/events';
import { GenericReader } from './chrome/generic';
import { OwnFormatReader } from './chrome/ownFormat';

class ChromeImport {
  readonly problems = new Problems();
  private own: OwnFormatReader | null = null;
  private generic: GenericReader | null = null;
  private other: Record<string, unknown> | null = null;
  private frames: StackFrames = {};
  private started = performance.now();
  readonly stream = new ChromeJsonStream({
    event: (v, line) => this.event(v, line),
    bad: (line, msg) => this.problems.bad(line, msg),
    top: (key, value) => this.top(key, value),
  });

  private top(key: string, value: unknown): void {
    if (key === 'otherData' && value && typeof value === 'object') this.other = value as Record<string, unknown>;
    else if (key === 'stackFrames' && value && typeof value === 'object') {
      this.frames = value as StackFrames;
      this.own?.setFrames(this.frames);
    } else if (key === 'systemTraceEvents' && !this.isOwn()) {
      this.problems.warn(0, 'systemTraceEvents (ftrace text) not imported; import the perf script or ftrace text itself');
    }
  }

  private isOwn(): boolean { return this.other?.generator === GENERATOR; }

  private event(v: unknown, line: number): void {
    const e = asEvent(v);
    if (typeof e === 'string') return this.problems.bad(line, e);
    if (!this.own && !this.generic) {
      if (this.isOwn()) this.own = new OwnFormatReader(this.other!, this.frames, this.problems);
      else this.generic = new GenericReader(this.problems);
    }
    (this.own ?? this.generic)!.event(e, line);
  }

  finish(name: string): ImportResult {
    this.stream.end();
    const wall = performance.now() - this.started;
    if (!this.own && !this.generic) {
      if (this.problems.malformed) throw new ImportError(`no readable trace events (${this.problems.malformed} unreadable, first at line ${this.problems.warnings[0]?.line})`);
      throw new ImportError('the trace has no events');
    }
    const trace = this.own ? this.own.finish(wall) : this.generic!.finish(name, wall);
    return this.problems.result(trace);
  }
}

export async function importChromeTrace(path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const imp = new ChromeImport();
  const total = statSync(path).size;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let done = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.signal?.aborted) throw new ImportAborted();
      done += chunk.length;
      imp.stream.push(decoder.write(chunk));
      opts.onProgress?.(done, total);
    }
    imp.stream.push(decoder.end());
  } catch (e) {
    if (e instanceof SyntaxError) throw new ImportError(e.message);
    throw e;
  } finally {
    stream.destroy();
  }
  return imp.finish(basename(path));
}

export function importChromeTraceText(text: string, name = 'trace.json'): ImportResult {
  const imp = new ChromeImport();
  try {
    imp.stream.push(text);
  } catch (e) {
    if (e instanceof SyntaxError) throw new ImportError(e.message);
    throw e;
  }
  return imp.finish(name);
}
