// Where an importer's bytes come from: a file on disk (fileSource.ts, the one
// place that uses node:fs), a VS Code URI's contents, a buffer in memory. The
// importers see only this, so Open Trace… reads any URI a workspace can name.
// A source is read once, front to back, one chunk at a time: a 1 GB capture
// is never held whole. Progress is in bytes as stored (compressed, for a .gz).
import { ImportAborted } from './result';

export interface ByteSource {
  /** The path or URI as the user gave it: messages say it, and the trace is named after its last part. */
  readonly name: string;
  /** Bytes as stored, for progress (0 when not known). */
  readonly size: number;
  /** The bytes from the start, chunk by chunk. Read once: a source may be a stream. */
  chunks(): AsyncIterable<Uint8Array>;
}

export interface ReadOptions {
  /** Called at most once per chunk with bytes read so far and the source's size. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
}

const CHUNK = 1 << 20;

/** Bytes already in memory (a URI read through vscode.workspace.fs, a test), handed out in 1 MiB chunks. */
export function memorySource(bytes: Uint8Array, name: string, chunkBytes = CHUNK): ByteSource {
  return {
    name,
    size: bytes.length,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
    },
  };
}

/** "dir/capture.perf.txt", "vscode-vfs://github/o/r/x.json" → the last part, which names the trace. */
export function baseName(name: string): string {
  const cut = name.replace(/[/\\]+$/, '');
  return cut.slice(Math.max(cut.lastIndexOf('/'), cut.lastIndexOf('\\')) + 1) || name;
}

/** The source's chunks with progress reported and cancellation checked before each one. */
export async function* readChunks(source: ByteSource, opts: ReadOptions = {}): AsyncGenerator<Uint8Array> {
  let done = 0;
  for await (const chunk of source.chunks()) {
    if (opts.signal?.aborted) throw new ImportAborted();
    done += chunk.length;
    opts.onProgress?.(done, Math.max(source.size, done));
    yield chunk;
  }
}

/** The source's first `n` bytes (fewer when it is shorter), and a source that still gives every byte from the start. */
export interface Peeked {
  head: Uint8Array;
  /** The whole source again: the chunks read for the head, then the rest. */
  source: ByteSource;
  /** Let go of the underlying stream when `source` will not be read to its end. */
  close(): Promise<void>;
}

/** Read the first bytes (to tell the format) without reading the source twice: it may be a stream. */
export async function peek(source: ByteSource, n: number): Promise<Peeked> {
  const it = source.chunks()[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let have = 0, ended = false;
  try {
    while (have < n) {
      const r = await it.next();
      if (r.done) { ended = true; break; }
      seen.push(r.value);
      have += r.value.length;
    }
  } catch (e) {
    await it.return?.();
    throw e;
  }
  const all = concat(seen);
  let taken = false;
  return {
    head: all.subarray(0, Math.min(n, all.length)),
    source: {
      name: source.name,
      size: source.size,
      async *chunks() {
        if (taken) throw new Error(`${source.name} is read once`);
        taken = true;
        if (all.length) yield all;
        if (ended) return;
        for (;;) {
          const r = await it.next();
          if (r.done) { ended = true; return; }
          yield r.value;
        }
      },
    },
    close: async () => { if (!ended) { ended = true; await it.return?.(); } },
  };
}

/** Every byte of the source in one array (formats read whole, such as the binary .smptrace). */
export async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
