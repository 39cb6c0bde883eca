// The worker side of the pool (src/run/pool.ts): takes one task at a time from
// the host — a design's job (pointJob.ts), or a single run of the extension
// (simWorker.ts's request) — and posts progress and the outcome, whose trace
// buffers (if any) are transferred, not copied. Each task brings its own cancel
// flag in shared memory, so the engine sees it between slices without a
// message turn, and cancelling one task never touches the next.
import type { MessagePort } from 'node:worker_threads';
import type { Trace } from '../trace/schema';
import type { RunSummary } from '../trace/summary';
import { jobFailed, runPointJob, type PointJob, type PointOutcome } from './pointJob';

export interface PoolWorkerData {
  pool: true;
  /** Compute the extension's run facts alongside the summary. */
  facts?: boolean;
}

/** A task as the host's pool builds it, before it adds the id and the cancel flag. */
export type PoolTaskMessage =
  | { type: 'job'; job: PointJob }
  /**
   * A face's own kind of run, opaque here (the extension's WorkerInit without its flag, src/extension/workerProtocol.ts:
   * a model run, an export or an import), served by PoolServices.request and answered with `reply` messages.
   */
  | { type: 'request'; init: unknown };

/** `cancelFlag`: an Int32Array over it, [0] != 0, cancels this task. */
export type HostToPoolWorker = PoolTaskMessage & { id: number; cancelFlag: SharedArrayBuffer };

export type PoolWorkerToHost =
  | { type: 'progress'; id: number; done: number; total: number; phase: 'run' | 'search' }
  /** The run is over (its search or files may follow): kept by the host in case the job is cancelled now. */
  | { type: 'summary'; id: number; summary: RunSummary; label?: string; x?: number }
  | { type: 'outcome'; id: number; outcome: PointOutcome }
  /** A request's messages, in its face's protocol (the extension's WorkerToHost); the host knows which is the last. */
  | { type: 'reply'; id: number; reply: unknown };

export interface PoolServices<Init = unknown, Reply = unknown> {
  /** The extension's run facts of a trace. */
  extra?: (trace: Trace) => unknown;
  /** Serve a request (its init with the task's cancel flag); `post` sends its replies, transfers included. Never rejects. */
  request?: (init: Init & { cancelFlag: SharedArrayBuffer }, post: (m: Reply, transfer?: ArrayBuffer[]) => void) => Promise<void>;
}

export function servePool<Init, Reply>(port: MessagePort, data: PoolWorkerData, services: PoolServices<Init, Reply> = {}): void {
  port.on('message', (m: HostToPoolWorker) => {
    const flag = new Int32Array(m.cancelFlag);
    const post = (msg: PoolWorkerToHost, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
    if (m.type === 'request') {
      // a worker without the service crashes, which the host reports as a failed run
      if (!services.request) throw new Error('this worker serves no requests');
      const reply = (r: Reply, transfer: ArrayBuffer[] = []) => post({ type: 'reply', id: m.id, reply: r }, transfer);
      void services.request({ ...(m.init as Init), cancelFlag: m.cancelFlag }, reply);
      return;
    }
    if (m.type !== 'job') return;
    let outcome: PointOutcome;
    try {
      outcome = runPointJob(m.job, {
        shouldCancel: () => Atomics.load(flag, 0) !== 0,
        onProgress: (done, total, phase) => post({ type: 'progress', id: m.id, done, total, phase }),
        onSummary: (summary, label, x) => post({ type: 'summary', id: m.id, summary, label, x }),
        extra: data.facts ? services.extra : undefined,
      });
    } catch (e) {
      outcome = jobFailed(e);
    }
    const transfer = outcome.kind === 'done' && outcome.trace ? [...new Set(outcome.trace.buffers)] as ArrayBuffer[] : [];
    post({ type: 'outcome', id: m.id, outcome }, transfer);
  });
}
