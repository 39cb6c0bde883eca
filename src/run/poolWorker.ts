// The worker side of the pool (src/run/pool.ts): takes one job at a time from
// the host, runs it (pointJob.ts), posts progress and the outcome, whose trace
// buffers (if any) are transferred, not copied. The host's cancel flag is
// shared memory, so the engine sees it between slices without a message turn.
import type { MessagePort } from 'node:worker_threads';
import type { Trace } from '../trace/schema';
import type { RunSummary } from '../trace/summary';
import { runPointJob, type PointJob, type PointOutcome } from './pointJob';

export interface PoolWorkerData {
  pool: true;
  /** Int32Array over it: [0] != 0 cancels the job in hand. */
  cancelFlag: SharedArrayBuffer;
  /** Compute the extension's run facts alongside the summary. */
  facts?: boolean;
}

export type HostToPoolWorker = { type: 'job'; id: number; job: PointJob };

export type PoolWorkerToHost =
  | { type: 'progress'; id: number; done: number; total: number; phase: 'run' | 'search' }
  /** The run is over (its search or files may follow): kept by the host in case the job is cancelled now. */
  | { type: 'summary'; id: number; summary: RunSummary; label?: string; x?: number }
  | { type: 'outcome'; id: number; outcome: PointOutcome };

export function servePool(port: MessagePort, data: PoolWorkerData, extra?: (trace: Trace) => unknown): void {
  const flag = new Int32Array(data.cancelFlag);
  port.on('message', (m: HostToPoolWorker) => {
    if (m.type !== 'job') return;
    const post = (msg: PoolWorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
    let outcome: PointOutcome;
    try {
      outcome = runPointJob(m.job, {
        shouldCancel: () => Atomics.load(flag, 0) !== 0,
        onProgress: (done, total, phase) => post({ type: 'progress', id: m.id, done, total, phase }),
        onSummary: (summary, label, x) => post({ type: 'summary', id: m.id, summary, label, x }),
        extra: data.facts ? extra : undefined,
      });
    } catch (e) {
      outcome = { kind: 'failed', message: (e as Error)?.message ?? String(e) };
    }
    const transfer = outcome.kind === 'done' && outcome.trace ? [...new Set(outcome.trace.buffers)] as ArrayBuffer[] : [];
    post({ type: 'outcome', id: m.id, outcome }, transfer);
  });
}
