// A compressed capture (gzip or Zstandard, found by its magic bytes, whatever
// its name) is inflated on the way in, still one chunk at a time:
// `perf script ... | gzip` or `| zstd` of a 1 GB capture is read without ever
// holding it whole. gzip through node:zlib; Zstandard through fzstd (pure JS,
// as node:zlib has no Zstandard before Node 22.15).
import { Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { Decompress } from 'fzstd';

const CHUNK = 1 << 20;

export type Compression = 'gzip' | 'zstd';

/** The compression the first bytes announce, or null for plain bytes. */
export function compressionOf(head: Uint8Array): Compression | null {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return null;
}

/** The compressed data is damaged or cut short; callers add where (a line number) to the message. */
export class CompressedDataError extends Error {
  constructor(readonly kind: Compression, message: string) { super(message); }
}

/** The chunks inflated when they are compressed, else as they are. */
export async function* inflated(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  // The first four bytes tell, even from a source that hands them out one at a time.
  const first: Uint8Array[] = [];
  let have = 0;
  while (have < 4) {
    const r = await it.next();
    if (r.done) break;
    first.push(r.value);
    have += r.value.length;
  }
  const head = first.length === 1 ? first[0] : Uint8Array.from(first.flatMap((c) => [...c.subarray(0, 4)]));
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
  const kind = compressionOf(head);
  if (kind === 'gzip') yield* gunzip(all);
  else if (kind === 'zstd') yield* unzstd(all);
  else yield* all;
}

async function* gunzip(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = Readable.from(chunks, { objectMode: false });
  const z = createGunzip({ chunkSize: CHUNK });
  input.on('error', (e) => z.destroy(e));
  input.pipe(z);
  try {
    for await (const chunk of z as AsyncIterable<Uint8Array>) yield chunk;
  } catch (e) {
    // zlib's own errors (a damaged or cut-short stream) carry codes Z_DATA_ERROR, Z_BUF_ERROR ...
    if (String((e as NodeJS.ErrnoException)?.code ?? '').startsWith('Z_')) throw new CompressedDataError('gzip', (e as Error).message);
    throw e;
  } finally {
    // Destroying the input returns its iterator, which lets go of the source.
    input.destroy();
    z.destroy();
  }
}

async function* unzstd(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  let out: Uint8Array[] = [];
  const z = new Decompress((data) => { out.push(data); });
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      z.push(chunk, final);
    } catch (e) {
      throw new CompressedDataError('zstd', (e as Error).message);
    }
  };
  for await (const chunk of chunks) {
    push(chunk, false);
    if (out.length) { const ready = out; out = []; yield* ready; }
  }
  push(new Uint8Array(0), true);
  yield* out;
}

/** The first inflated bytes (up to `n`) of a compressed head: a cut-short stream is fine here, a damaged one gives none. */
export function inflateHead(kind: Compression, head: Uint8Array, n: number): Uint8Array {
  try {
    if (kind === 'gzip') return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, n);
    const parts: Uint8Array[] = [];
    let have = 0;
    new Decompress((data) => { if (have < n) { parts.push(data); have += data.length; } }).push(head, false);
    const out = new Uint8Array(Math.min(n, have));
    let at = 0;
    for (const p of parts) {
      if (at >= out.length) break;
      out.set(p.subarray(0, out.length - at), at);
      at += p.length;
    }
    return out;
  } catch {
    return new Uint8Array(0);
  }
}
