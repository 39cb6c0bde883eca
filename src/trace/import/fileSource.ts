// The one place importing touches node:fs: a file on the local disk as a
// ByteSource (byteSource.ts), read in 1 MiB chunks, one read ahead. The CLI (`smplab view`),
// the benchmarks and the extension's worker (for file: URIs, so a 1 GB capture
// streams rather than being read whole) open captures through it; anything
// else hands the importers bytes.
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ByteSource } from './byteSource';
import { importTrace, type ImportedTrace } from './importTrace';
import { ImportError, type ImportOptions } from './result';

const CHUNK = 1 << 20;

/** The file at `path`; a missing or unreadable path is an ImportError naming it (and the system's code, e.g. ENOENT). */
export function fileSource(path: string, chunkBytes = CHUNK): ByteSource {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ImportError(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return {
    name: path,
    size,
    async *chunks() {
      const fh = await open(path, 'r');
      // A fresh buffer per chunk: a consumer may keep it (the head read to tell the format).
      const read = async (): Promise<Uint8Array | null> => {
        const buf = new Uint8Array(chunkBytes);
        const { bytesRead } = await fh.read(buf, 0, chunkBytes, null);
        return bytesRead === 0 ? null : bytesRead === chunkBytes ? buf : buf.subarray(0, bytesRead);
      };
      // One read ahead: the next chunk comes off the disk (on libuv's threads) while this one is
      // parsed, so the import does not wait for the disk between chunks. Its failure, if any, is
      // taken where it is awaited (the catch only keeps it from counting as unhandled meanwhile).
      let next = read();
      next.catch(() => undefined);
      try {
        for (;;) {
          const chunk = await next;
          if (!chunk) return;
          next = read();
          next.catch(() => undefined);
          yield chunk;
        }
      } finally {
        await next.catch(() => undefined);
        await fh.close();
      }
    },
  };
}

/** Open any supported capture on the local disk (see importTrace). */
export async function importTraceFile(path: string, opts: ImportOptions = {}): Promise<ImportedTrace> {
  return importTrace(fileSource(path), opts);
}
