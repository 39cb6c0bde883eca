// A gzip capture (found by its magic bytes, whatever its name) is inflated on
// the way in, still one chunk at a time: `perf script ... | gzip` of a 1 GB
// capture is read without ever holding it whole.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

const CHUNK = 1 << 20;

/** True when the bytes start with gzip's magic (1f 8b). */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** True for zlib's own errors (a damaged or cut-short gzip stream), which callers turn into located messages. */
export function isGzipError(e: unknown): e is Error {
  return String((e as NodeJS.ErrnoException)?.code ?? '').startsWith('Z_');
}

/** The chunks inflated when they are gzip, else as they are. */
export async function* gunzipIfNeeded(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  // The first two bytes tell, even from a source that hands them out one at a time.
  const first: Uint8Array[] = [];
  let have = 0;
  while (have < 2) {
    const r = await it.next();
    if (r.done) break;
    first.push(r.value);
    have += r.value.length;
  }
  const head = first.length === 1 ? first[0] : Uint8Array.from(first.flatMap((c) => [...c.subarray(0, 2)]));
  const all = (async function* () {
    try {
      yield* first;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  })();
  if (!isGzip(head)) {
    yield* all;
    return;
  }
  const input = Readable.from(all, { objectMode: false });
  const gunzip = createGunzip({ chunkSize: CHUNK });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } finally {
    // Destroying the input returns its iterator, which lets go of the source.
    input.destroy();
    gunzip.destroy();
  }
}
