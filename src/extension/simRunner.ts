// Runs one simulation in a worker thread so the extension host's thread never
// blocks on the engine: the host only receives progress messages and, at the
// end, the trace's column buffers by transfer. Cancel raises a shared flag the
// engine polls between event slices; a worker that has not answered within
// the grace period is terminated, so a cancel always completes within 100 ms.
// Node only (no vscode), so the tests drive it directly.
import { Worker } from 'node:worker_threads';
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
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  graceMs?: number;
  /** Export the run in this format instead of returning its trace. */
  exportAs?: WorkerInit['exportAs'];
  /** The capture's bytes when the request names an importUri (read by the caller). */
  importBytes?: Uint8Array;
}

export function startRun(workerFile: string, request: RunRequest, opts: RunOptions = {}): RunHandle {
  const graceMs = opts.graceMs ?? 40;
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  // The capture's bytes move to the worker rather than being copied (a view of part of a buffer is copied once first).
  const bytes = opts.importBytes && (opts.importBytes.byteOffset === 0 && opts.importBytes.byteLength === opts.importBytes.buffer.byteLength
    ? opts.importBytes : opts.importBytes.slice());
  const init: WorkerInit = { request, cancelFlag, exportAs: opts.exportAs, importBytes: bytes };
  const transferList = bytes && !(bytes.buffer instanceof SharedArrayBuffer) ? [bytes.buffer] : undefined;
  const worker = new Worker(workerFile, { workerData: init, stdout: false, stderr: false, transferList });

  let settle!: (o: RunOutcome) => void;
  let settled = false;
  let cancelled = false;
  let graceTimer: NodeJS.Timeout | undefined;
  const outcome = new Promise<RunOutcome>((resolve) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      if (graceTimer) clearTimeout(graceTimer);
      resolve(o);
      // The worker has nothing more to say; make sure it does not linger.
      void worker.terminate();
    };
  });

  worker.on('message', (m: WorkerToHost) => {
    switch (m.type) {
      case 'progress':
        if (!cancelled) opts.onProgress?.(m.simNs, m.totalNs, m.unit ?? 'ns');
        return;
      case 'done':
        settle(cancelled ? { kind: 'cancelled' } : { kind: 'done', trace: fromWire(m.trace), facts: m.facts, label: m.label, notes: m.notes });
        return;
      case 'exported':
        settle(cancelled ? { kind: 'cancelled' } : { kind: 'exported', bytes: new Uint8Array(m.bytes), facts: m.facts });
        return;
      case 'cancelled':
        settle({ kind: 'cancelled', simNs: m.simNs });
        return;
      case 'invalid':
        settle(cancelled ? { kind: 'cancelled' } : { kind: 'invalid', problems: m.problems });
        return;
      case 'failed':
        settle(cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: m.message });
        return;
    }
  });
  worker.on('error', (e) => settle(cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: `simulation worker crashed: ${e.message}` }));
  worker.on('exit', (code) => settle(cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: `simulation worker exited (code ${code}) without a result` }));

  return {
    outcome,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      Atomics.store(flag, 0, 1);
      graceTimer = setTimeout(() => settle({ kind: 'cancelled' }), graceMs);
    },
  };
}
