// Files written whole or not at all. Every file the product writes (saved
// runs and view states in the extension's storage, exported traces, copied
// scenarios, the CLI's outputs) goes first to a temporary name in the same
// folder and is then renamed over the target: a rename within one folder
// replaces the old file in one step, so a reader (or a restore after a kill)
// sees the old file or the new one, never an empty or half-written one.
// One helper for both sides: writeAtomically() over any file system (the
// extension passes vscode.workspace.fs, see src/extension/uriWrite.ts), and
// node:fs versions for the CLI and the tests.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temporary name beside `base` (hidden, unique per write): `.run-1.smptrace.1f2e3d4c.tmp`. */
export function tempName(base: string): string {
  return `.${base}.${randomBytes(4).toString('hex')}.tmp`;
}

/** A name tempName() made: left behind only by a write that was killed half way. */
export const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.tmp$/;

/** What writeAtomically needs of a file system whose paths are of type P. */
export interface AtomicFs<P> {
  write(path: P, bytes: Uint8Array): Promise<void>;
  /** Replaces `to` if it exists. */
  rename(from: P, to: P): Promise<void>;
  /** Resolves when the file does not exist. */
  remove(path: P): Promise<void>;
  /** `name` in the folder of `path`, and the last part of `path`. */
  sibling(path: P, name: string): P;
  base(path: P): string;
}

/** Write `bytes` to `target` through a temporary sibling and a rename. A failed write leaves no temporary file. */
export async function writeAtomically<P>(fs: AtomicFs<P>, target: P, bytes: Uint8Array): Promise<void> {
  const temp = fs.sibling(target, tempName(fs.base(target)));
  try {
    await fs.write(temp, bytes);
    await fs.rename(temp, target);
  } catch (e) {
    await fs.remove(temp).catch(() => undefined);
    throw e;
  }
}

const nodeFs: AtomicFs<string> = {
  write: (path, bytes) => writeFile(path, bytes),
  rename: (from, to) => rename(from, to),
  remove: (path) => rm(path, { force: true }),
  sibling: (path, name) => join(dirname(path), name),
  base: (path) => basename(path),
};

/** writeAtomically on the local disk (node:fs). */
export function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  return writeAtomically(nodeFs, path, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
}

function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  for (let done = 0; done < bytes.byteLength;) done += writeSync(fd, bytes, done, bytes.byteLength - done);
}

/**
 * The same, synchronous, for the CLI. `content` is the whole file, or a
 * function that writes it in pieces (a long run's Chrome JSON is larger than
 * one string may be). Flushed to disk before the rename.
 */
export function writeFileAtomicSync(path: string, content: string | Uint8Array | ((write: (chunk: string | Uint8Array) => void) => void)): void {
  // A device or pipe (`--trace-out /dev/stdout`) is written in place: renaming over it would replace it.
  const special = statSync(path, { throwIfNoEntry: false });
  const temp = special && !special.isFile() ? path : join(dirname(path), tempName(basename(path)));
  try {
    const fd = openSync(temp, 'w');
    try {
      if (typeof content === 'function') content((chunk) => writeAll(fd, chunk));
      else writeAll(fd, content);
      if (temp !== path) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (temp !== path) renameSync(temp, path);
  } catch (e) {
    if (temp !== path) rmSync(temp, { force: true });
    throw e;
  }
}
