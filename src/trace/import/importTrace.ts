// Open any supported capture from its bytes: the format is told from the
// first 64 KiB (of the inflated text, for a .gz or .zst), whatever the name.
//   perf script text (tracepoints, with or without -g)  perfScript.ts
//   perf lock contention text / -x CSV                   perfLock.ts
//   Chrome Trace Event JSON (array or object form)       chromeTrace.ts
//   folded stacks                                        folded.ts
//   this project's binary trace (encodeTrace)            codec.ts
// Any of them may be gzip- or Zstandard-compressed (read streaming, compressed.ts).
import { decodeTrace, TraceFormatError } from '../codec';
import { checkTrace } from '../integrity';
import { peek, readAll, readChunks, type ByteSource } from './byteSource';
import { importChromeTrace } from './chromeTrace';
import { importFolded } from './folded';
import { inflated } from './compressed';
import { importPerfLock } from './perfLock';
import { importPerfScript } from './perfScript';
import { ImportError, type ImportOptions, type ImportResult } from './result';
import { sniffBytes, type TraceFormat } from './sniff';

export type ImportedTrace = ImportResult & { format: TraceFormat };

const HEAD = 65536;

export async function importTrace(source: ByteSource, opts: ImportOptions = {}): Promise<ImportedTrace> {
  const peeked = await peek(source, HEAD);
  try {
    if (peeked.head.length === 0) throw new ImportError(`${source.name} is empty`);
    const format = sniffBytes(peeked.head);
    const whole = peeked.source;
    // What an importer built is checked as a trace file is (integrity.ts; decodeTrace checks a .smptrace itself): a
    // capture that slipped a bad id past an importer is one located line here, never a crash in what reads it next.
    const tag = <T extends ImportResult>(r: T) => {
      try {
        if (format !== 'smplab') checkTrace(r.trace);
      } catch (e) {
        throw new ImportError(`${source.name}: the import made an inconsistent trace (${(e as Error).message}); please report it`);
      }
      return { ...r, format };
    };
    switch (format) {
      case 'perf-script': return tag(await importPerfScript(whole, opts));
      case 'perf-lock': return tag(await importPerfLock(whole, opts));
      case 'chrome-json': return tag(await importChromeTrace(whole, opts));
      case 'folded': return tag(await importFolded(whole, opts));
      case 'smplab': return tag(await decodeWhole(whole, opts));
      default:
        throw new ImportError(`${source.name}: not a format this reads (perf script text, perf lock contention, Chrome trace JSON, folded stacks)`);
    }
  } finally {
    await peeked.close();
  }
}

/** The binary format is decoded whole (it is the size of the trace in memory anyway). */
async function decodeWhole(source: ByteSource, opts: ImportOptions): Promise<ImportResult> {
  const bytes = await readAll(inflated(readChunks(source, opts)));
  try {
    return { trace: decodeTrace(bytes), warnings: [], malformed: 0 };
  } catch (e) {
    if (e instanceof TraceFormatError) throw new ImportError(e.message);
    throw e;
  }
}
