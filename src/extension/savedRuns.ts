// The runs that open timeline tabs show, saved in the extension's storage
// folder, so that a tab brought back after a window reload shows the very
// trace it showed before — not a rerun of a model file that may have changed
// since. Per run: `run-<id>.smptrace` (the trace, src/trace/codec.ts) and
// `run-<id>.json` (what else the host keeps of a run: title, how to run it
// again, its facts and source table, a hash of the model text it ran). The
// tabs' documents name them by id (runManifest.ts). (`run-<id>.view.json`,
// a panel's view state kept by older versions, goes with its run.)
// Bounded: tabs release their runs when they close, and a byte cap evicts
// the oldest saved runs first; a run that was evicted, never saved or cannot be
// read is reported with a reason, and the caller reruns the model instead.
// Pure: no vscode; the folder is an interface (vscode.workspace.fs in the
// extension, a temporary directory in the tests).
import { createHash } from 'node:crypto';
import { TEMP_NAME } from '../atomicWrite';
import { decodeTrace, encodeTrace } from '../trace/codec';
import type { SourceInfo, Trace } from '../trace/schema';
import type { RunFacts } from './runFacts';
import type { RunDescriptor } from './runRegistry';
import type { RunRequest } from './workerProtocol';

/** A flat folder of files. */
export interface StorageFolder {
  /** Rejects when the file does not exist. */
  read(name: string): Promise<Uint8Array>;
  /** Whole or not at all: through a temporary sibling (src/atomicWrite.ts), which a kill may leave behind. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** Resolves when the file does not exist. */
  delete(name: string): Promise<void>;
  /** The files and their sizes; [] when the folder does not exist yet. */
  list(): Promise<{ name: string; size: number }[]>;
}

/** Everything of a run but its trace: enough to rebuild the host's record of it. */
export interface SavedRunInfo {
  runId: number;
  title: string;
  descriptor: RunDescriptor;
  request: RunRequest;
  /** The run's model files: the name the compiler wrote into sources → the host's key for the file (a URI string). */
  files: [string, string][];
  sources: SourceInfo[];
  facts: RunFacts;
  /** modelHash() of the model text the run read; absent for an imported capture. */
  modelHash?: string;
}

export type SaveOutcome =
  | { saved: true; bytes: number; evicted: number[] }
  | { saved: false; reason: string; evicted: number[] };

export type LoadOutcome =
  | { ok: true; info: SavedRunInfo; trace: Trace }
  /** `reason` completes "re-ran the model: …"; `info` when only the trace was lost. */
  | { ok: false; reason: string; info?: SavedRunInfo };

const FORMAT = 1;
const FILE = /^run-(\d+)\.(smptrace|json|view\.json)$/;
const VIEW_FILE = /\.view\.json$/;
const traceFile = (runId: number) => `run-${runId}.smptrace`;
const infoFile = (runId: number) => `run-${runId}.json`;
const viewFile = (runId: number) => `run-${runId}.view.json`;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** A content hash of a model's text, to tell whether the file changed since a run. */
export function modelHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The trace's column bytes: its encoded size give or take the header and padding, without encoding it. */
function columnBytes(trace: Trace): number {
  let n = 0;
  for (const table of Object.values(trace.tables) as unknown as Record<string, ArrayBufferView>[]) {
    for (const column of Object.values(table)) n += column.byteLength;
  }
  return n;
}

function isInfo(x: unknown, runId: number): x is SavedRunInfo & { format: number } {
  const o = x as Partial<SavedRunInfo> & { format?: unknown } | null;
  return !!o && typeof o === 'object' && o.format === FORMAT && o.runId === runId
    && typeof o.title === 'string'
    && !!o.descriptor && typeof o.descriptor.model === 'string'
    && !!o.request && typeof o.request.text === 'string' && typeof o.request.file === 'string'
    && Array.isArray(o.files) && o.files.every((f) => Array.isArray(f) && f.length === 2 && f.every((s) => typeof s === 'string'))
    && Array.isArray(o.sources)
    && !!o.facts && typeof o.facts === 'object'
    && (o.modelHash === undefined || typeof o.modelHash === 'string');
}

export class SavedRuns {
  /** Every operation runs after the previous one: a save, an eviction and a delete never interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: StorageFolder,
    /** Bytes of all saved runs together. */
    readonly capBytes: number,
  ) {}

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Saved run ids with the bytes of their trace and description, oldest (lowest id) first (view states
   * of older versions left out).
   */
  private async usage(): Promise<Map<number, number>> {
    const byRun = new Map<number, number>();
    for (const f of await this.folder.list()) {
      const m = FILE.exec(f.name);
      if (m && !VIEW_FILE.test(f.name)) byRun.set(Number(m[1]), (byRun.get(Number(m[1])) ?? 0) + f.size);
    }
    return new Map([...byRun].sort((a, b) => a[0] - b[0]));
  }

  /** A run's trace and description. */
  private async remove(runId: number): Promise<void> {
    // The description first: a run without one is never loaded, whatever happens to its trace file.
    await this.folder.delete(infoFile(runId));
    await this.folder.delete(traceFile(runId));
  }

  /**
   * Save a run. Older saved runs are evicted (lowest id first) to stay under
   * the cap; a run bigger than the whole cap is not saved, and says why.
   */
  save(info: SavedRunInfo, trace: Trace): Promise<SaveOutcome> {
    return this.serial(async () => {
      const evicted: number[] = [];
      const estimate = columnBytes(trace);
      if (estimate > this.capBytes) {
        return { saved: false, reason: `its trace is ${mb(estimate)}, over the ${mb(this.capBytes)} kept for restoring panels`, evicted };
      }
      const traceBytes = encodeTrace(trace);
      const infoBytes = new TextEncoder().encode(JSON.stringify({ format: FORMAT, ...info }));
      const size = traceBytes.byteLength + infoBytes.byteLength;
      if (size > this.capBytes) {
        return { saved: false, reason: `its trace is ${mb(size)}, over the ${mb(this.capBytes)} kept for restoring panels`, evicted };
      }
      const usage = await this.usage();
      // Saved again: the old description goes first, so it is never beside the new trace (or a half-replaced one).
      if (usage.delete(info.runId)) await this.folder.delete(infoFile(info.runId));
      let total = [...usage.values()].reduce((a, b) => a + b, 0);
      for (const [runId, bytes] of usage) {
        if (total + size <= this.capBytes) break;
        await this.remove(runId);
        evicted.push(runId);
        total -= bytes;
      }
      // The trace before its description, each written whole (StorageFolder.write): a description is only
      // ever next to a complete trace, and a kill part way leaves at worst a trace without one (never loaded).
      await this.folder.write(traceFile(info.runId), traceBytes);
      await this.folder.write(infoFile(info.runId), infoBytes);
      return { saved: true, bytes: size, evicted };
    });
  }

  /** A run's description alone (small): what the host needs to know the run before it loads the trace. */
  loadInfo(runId: number): Promise<SavedRunInfo | { problem: string }> {
    return this.serial(() => this.readInfo(runId));
  }

  private async readInfo(runId: number): Promise<SavedRunInfo | { problem: string }> {
    let bytes: Uint8Array;
    try {
      bytes = await this.folder.read(infoFile(runId));
    } catch {
      return { problem: 'saved trace not found' };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return { problem: 'saved trace unreadable (its description is not JSON)' };
    }
    if (!isInfo(parsed, runId)) return { problem: 'saved trace unreadable (its description is incomplete or of another version)' };
    const { format: _format, ...info } = parsed;
    return info;
  }

  /** A run with its trace, or why it cannot be had. */
  load(runId: number): Promise<LoadOutcome> {
    return this.serial(async () => {
      const info = await this.readInfo(runId);
      if ('problem' in info) return { ok: false, reason: info.problem };
      let bytes: Uint8Array;
      try {
        bytes = await this.folder.read(traceFile(runId));
      } catch {
        return { ok: false, reason: 'saved trace not found', info };
      }
      try {
        // A plain Uint8Array over the same memory: vscode.workspace.fs.readFile gives a Node Buffer in the
        // extension host, whose slice() is a view, and decodeTrace slices out each column expecting a copy.
        return { ok: true, info, trace: decodeTrace(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)) };
      } catch (e) {
        return { ok: false, reason: `saved trace unreadable (${(e as Error).message})`, info };
      }
    });
  }

  /** Forget runs (their tabs closed), with view states older versions kept beside them. */
  delete(runIds: Iterable<number>): Promise<void> {
    const ids = [...runIds];
    return this.serial(async () => {
      for (const id of ids) {
        await this.remove(id);
        await this.folder.delete(viewFile(id));
      }
    });
  }

  /**
   * Delete every saved run `keep` does not name (runs of panels that are
   * gone); `keep` is asked when the operation runs, after the ones queued
   * before it. Temporary files a killed write left are deleted too (no write
   * is under way: operations are serial). Files that are not a saved run's are
   * left alone. Returns the runs deleted.
   */
  retainOnly(keep: () => ReadonlySet<number>): Promise<number[]> {
    return this.serial(async () => {
      const wanted = keep();
      const deleted: number[] = [];
      for (const f of await this.folder.list()) {
        if (TEMP_NAME.test(f.name) && FILE.test(f.name.slice(1, -13))) {
          await this.folder.delete(f.name);
          continue;
        }
        const m = FILE.exec(f.name);
        if (!m || wanted.has(Number(m[1]))) continue;
        await this.folder.delete(f.name);
        if (!deleted.includes(Number(m[1]))) deleted.push(Number(m[1]));
      }
      return deleted;
    });
  }

  /** Saved run ids and the bytes their traces and descriptions take, oldest first. */
  saved(): Promise<{ runId: number; bytes: number }[]> {
    return this.serial(async () => [...(await this.usage())].map(([runId, bytes]) => ({ runId, bytes })));
  }
}
