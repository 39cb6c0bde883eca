// Runs one simulation in a worker thread so the extension host's thread never
// blocks on the engine: the host only receives progress messages and, at the
// end, the trace's column buffers by transfer. The worker is one of a pool's
// (src/run/pool.ts): the extension's warm pool, so a second run starts without
// a worker start-up, or a pool made for this one run and closed after it.
// Cancel raises this run's own shared flag, which the engine polls between
// event slices; a worker that has not answered within the grace period is
// terminated (and replaced), so a cancel always completes within 100 ms and
// never touches another run. Node only (no vscode), so the tests drive it directly.
import { WorkerPool } from '../run/pool';
import { fromWire } from '../trace/codec';
import type { Trace } from '../trace/schema';
import type { RunFacts } from './runFacts';
import type { ModelProblem, RunRequest, WorkerInit, WorkerToHost } from './workerProtocol';

export type RunOutcome =
  | { kind: 'done'; trace: Trace; facts: RunFacts; label?: string; notes?: string[] }
  | { kind: 'exported'; bytes: Uint8Array; facts: RunFacts }
  /** `simNs`: how far the engine got, when it stopped in time to say so. */
  | { kind: 'cancelled'; simNs?: number }
  | { kind: 'invalid'; problems: ModelProblem[] }
  | { kind: 'failed'; message: string };

export interface RunHandle {
  readonly outcome: Promise<RunOutcome>;
  /** Idempotent; the outcome settles as `cancelled` within `graceMs` + a turn. */
  cancel(): void;
}

export interface RunOptions {
  /** Simulated ns of the duration; bytes of the file for an import (`unit`). */
  onProgress?: (done: number, total: number, unit: 'ns' | 'bytes') => void;
  /** How long a cancelled worker may take to stop by itself before it is terminated (a run's own pool; a shared pool has its own). */
  graceMs?: number;
  /** Export the run in this format instead of returning its trace. */
  exportAs?: WorkerInit['exportAs'];
  /** The capture's bytes when the request names an importUri (read by the caller). */
  importBytes?: Uint8Array;
}

/** A run on `pool` (shared, kept warm by its owner), or on a worker started for it alone (a file name). */
export function startRun(pool: WorkerPool | string, request: RunRequest, opts: RunOptions = {}): RunHandle {
  const own = typeof pool === 'string' ? new WorkerPool(pool, { size: 1, graceMs: opts.graceMs ?? 40 }) : undefined;
  const target = own ?? (pool as WorkerPool);
  // The capture's bytes move to the worker rather than being copied (a view of part of a buffer is copied once first).
  const bytes = opts.importBytes && (opts.importBytes.byteOffset === 0 && opts.importBytes.byteLength === opts.importBytes.buffer.byteLength
    ? opts.importBytes : opts.importBytes.slice());
  const transfer = bytes && !(bytes.buffer instanceof SharedArrayBuffer) ? [bytes.buffer] : undefined;
  let cancelled = false;
  const job = target.submit<RunOutcome>({
    message: { type: 'request', init: { request, exportAs: opts.exportAs, importBytes: bytes } satisfies Omit<WorkerInit, 'cancelFlag'> },
    transfer,
    urgent: true,
    onMessage: (m) => (m.type === 'reply' ? outcomeOf(m.reply as WorkerToHost, cancelled, opts) : undefined),
    cancelled: () => ({ kind: 'cancelled' }),
    failed: (message) => (cancelled ? { kind: 'cancelled' } : { kind: 'failed', message }),
  }, () => { cancelled = true; });
  // a pool of its own goes with the run (its worker terminated, not waited for)
  const outcome = own ? job.outcome.finally(() => { void own.close(); }) : job.outcome;
  return {
    outcome,
    cancel() {
      void job.cancel();
    },
  };
}

/** A worker message read as the run's outcome (undefined: not the last message). A run cancelled meanwhile is cancelled, whatever came. */
function outcomeOf(m: WorkerToHost, cancelled: boolean, opts: RunOptions): RunOutcome | undefined {
  switch (m.type) {
    case 'progress':
      if (!cancelled) opts.onProgress?.(m.simNs, m.totalNs, m.unit ?? 'ns');
      return undefined;
    case 'done':
      return cancelled ? { kind: 'cancelled' } : { kind: 'done', trace: fromWire(m.trace), facts: m.facts, label: m.label, notes: m.notes };
    case 'exported':
      return cancelled ? { kind: 'cancelled' } : { kind: 'exported', bytes: new Uint8Array(m.bytes), facts: m.facts };
    case 'cancelled':
      return { kind: 'cancelled', simNs: m.simNs };
    case 'invalid':
      return cancelled ? { kind: 'cancelled' } : { kind: 'invalid', problems: m.problems };
    case 'failed':
      return cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: m.message };
  }
}
