// A pool of simulation worker threads (node:worker_threads), one per core by
// default: replications, sweep points and compared variants run side by side,
// in the CLI and in the extension, on the same worker bundle (dist/simWorker.js,
// whose pool mode is src/run/poolWorker.ts). Each job's result depends only on
// the job (its seed is in it), so the pool's size changes how long a design
// takes, never what it gives. Cancel is real: every job's shared flag is
// raised (a run stops between engine slices and reports how far it got), and
// whatever has not answered within the grace period is terminated; the
// returned promise settles when every worker thread has exited.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PointJob, PointOutcome } from './pointJob';
import type { HostToPoolWorker, PoolWorkerData, PoolWorkerToHost } from './poolWorker';

export type JobProgress = (done: number, total: number, phase: 'run' | 'search') => void;

export interface PoolOptions {
  /** Worker threads; default one per core. */
  size?: number;
  /** How long a cancelled run may take to answer by itself before its worker is terminated. */
  graceMs?: number;
  /** Workers also compute the extension's run facts (simWorker.ts's factsOf). */
  facts?: boolean;
  /**
   * Heap limit of each worker (MB; default WORKER_HEAP_MB): a run whose engine
   * state needs more (a model of a hundred NICs with deep rings) fails with a
   * message instead of taking the machine. Trace columns are outside this heap;
   * the record limit bounds them.
   */
  maxHeapMb?: number;
}

interface Slot {
  worker: Worker;
  flag: Int32Array;
  job?: Pending;
  exited: Promise<void>;
}

interface Pending {
  id: number;
  job: PointJob;
  onProgress?: JobProgress;
  resolve: (o: PointOutcome) => void;
  /** The run's summary once it ended (before its search): what a cancel then still reports. */
  ran?: Extract<PointOutcome, { kind: 'cancelled' }>;
}

/** Each worker's default heap limit (MB). */
export const WORKER_HEAP_MB = 2048;

/** The default pool size: one worker per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool {
  readonly size: number;
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private cancelled = false;
  private readonly graceMs: number;
  private readonly heapMb: number;

  constructor(private readonly file: string, private readonly opts: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultJobs()));
    this.graceMs = opts.graceMs ?? 40;
    this.heapMb = opts.maxHeapMb ?? WORKER_HEAP_MB;
  }

  /** Worker threads alive now. */
  get liveWorkers(): number {
    return this.slots.size;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Queue a job; it runs as soon as a worker is free. */
  run(job: PointJob, onProgress?: JobProgress): Promise<PointOutcome> {
    if (this.cancelled) return Promise.resolve({ kind: 'cancelled' });
    return new Promise<PointOutcome>((resolve) => {
      this.queue.push({ id: this.nextId++, job, onProgress, resolve });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length && !this.cancelled) {
      const slot = [...this.slots].find((s) => !s.job) ?? (this.slots.size < this.size ? this.spawn() : undefined);
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.job = p;
      Atomics.store(slot.flag, 0, 0);
      slot.worker.postMessage({ type: 'job', id: p.id, job: p.job } satisfies HostToPoolWorker);
    }
  }

  private spawn(): Slot {
    const cancelFlag = new SharedArrayBuffer(4);
    const data: PoolWorkerData = { pool: true, cancelFlag, facts: this.opts.facts };
    const worker = new Worker(this.file, {
      workerData: data,
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    let exited!: () => void;
    const slot: Slot = { worker, flag: new Int32Array(cancelFlag), exited: new Promise<void>((r) => { exited = r; }) };
    this.slots.add(slot);
    let crash: string | undefined;
    worker.on('message', (m: PoolWorkerToHost) => {
      const p = slot.job;
      if (!p || m.id !== p.id) return;
      if (m.type === 'progress') {
        if (!this.cancelled) p.onProgress?.(m.done, m.total, m.phase);
        return;
      }
      if (m.type === 'summary') {
        p.ran = { kind: 'cancelled', summary: m.summary, label: m.label, x: m.x };
        return;
      }
      slot.job = undefined;
      p.resolve(m.outcome);
      this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      crash = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the run needed more than the ${this.heapMb} MB of memory a simulation worker may use for the engine's state (trace records aside): shorten the run or make the model smaller`
        : `simulation worker crashed: ${e.message}`;
    });
    worker.on('exit', (code) => {
      this.slots.delete(slot);
      exited();
      const p = slot.job;
      slot.job = undefined;
      if (p) p.resolve(this.cancelled ? p.ran ?? { kind: 'cancelled' } : { kind: 'failed', message: crash ?? `simulation worker exited (code ${code}) without a result` });
      if (!this.cancelled) this.pump();
    });
    return slot;
  }

  /**
   * Stop everything: queued jobs settle as cancelled at once, running ones
   * are asked to stop (their partial summary comes back if it comes within
   * the grace period), then every worker is terminated. Resolves when all
   * worker threads have exited.
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    for (const p of this.queue.splice(0)) p.resolve({ kind: 'cancelled' });
    const slots = [...this.slots];
    for (const s of slots) Atomics.store(s.flag, 0, 1);
    const busy = slots.filter((s) => s.job);
    if (busy.length) {
      await Promise.race([
        Promise.all(busy.map((s) => new Promise<void>((r) => {
          const check = setInterval(() => { if (!s.job) { clearInterval(check); r(); } }, 2);
          void s.exited.then(() => { clearInterval(check); r(); });
        }))),
        new Promise<void>((r) => setTimeout(r, this.graceMs)),
      ]);
    }
    await this.close();
  }

  /** Terminate every worker (after the work is done); resolves when they have exited. */
  async close(): Promise<void> {
    const slots = [...this.slots];
    await Promise.all(slots.map((s) => s.worker.terminate().then(() => s.exited, () => s.exited)));
  }
}
