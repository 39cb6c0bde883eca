// Open any supported capture: the format is sniffed from the file's start.
//   perf script text (tracepoints, with or without -g)  perfScript.ts
//   perf lock contention text / -x CSV                   perfLock.ts
//   (either of these gzip-compressed: .gz, read streaming)
//   Chrome Trace Event JSON (array or object form)       chromeTrace.ts
//   folded stacks                                        folded.ts
//   this project's binary trace (encodeTrace)            codec.ts
import { readFileSync, statSync } from 'node:fs';
import { decodeTrace, TraceFormatError } from '../codec';
import { importChromeTrace } from './chromeTrace';
import { importFolded } from './folded';
import { importPerfLock } from './perfLock';
import { importPerfScript } from './perfScript';
import { ImportError, type ImportOptions, type ImportResult } from './result';
import { sniffFile, type TraceFormat } from './sniff';
import { isGzip } from './lines';

export { ImportError, type ImportOptions, type ImportResult, type ImportWarning } from './result';
export { ImportAborted } from './lines';
export { sniffFile, sniffText, type TraceFormat } from './sniff';

export async function importTraceFile(path: string, opts: ImportOptions = {}): Promise<ImportResult & { format: TraceFormat }> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ImportError(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (size === 0) throw new ImportError(`${path} is empty`);
  const format = sniffFile(path);
  const tag = <T extends ImportResult>(r: T) => ({ ...r, format });
  switch (format) {
    case 'perf-script': return tag(await importPerfScript(path, opts));
    case 'perf-lock': return tag(await importPerfLock(path, opts));
    case 'chrome-json':
      if (isGzip(path)) throw new ImportError(`${path}: a gzip-compressed Chrome trace; gunzip it first (compressed perf script text is read as it is)`);
      return tag(await importChromeTrace(path, opts));
    case 'folded': return tag(await importFolded(path, opts));
    case 'smplab': {
      try {
        const trace = decodeTrace(readFileSync(path));
        opts.onProgress?.(size, size);
        return { trace, warnings: [], malformed: 0, format };
      } catch (e) {
        if (e instanceof TraceFormatError) throw new ImportError(e.message);
        throw e;
      }
    }
    default:
      throw new ImportError(`${path}: not a format this reads (perf script text, perf lock contention, Chrome trace JSON, folded stacks)`);
  }
}
