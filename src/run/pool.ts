// A pool of simulation worker threads (node:worker_threads), one per core by
// default: replications, sweep points and compared variants run side by side,
// in the CLI and in the extension, on the same worker bundle (dist/simWorker.js,
// whose pool mode is src/run/poolWorker.ts). Each job's result depends only on
// the job (its seed is in it), so the pool's size changes how long a design
// takes, never what it gives. Cancel is real and per job: each job has its own
// shared flag (a run stops between engine slices and reports how far it got),
// and a worker that has not answered within the grace period is terminated
// (and, in a warm pool, replaced). The extension keeps one pool for the
// session: `keepIdle` workers stay warm between runs, the rest go when idle,
// and all of them after `idleMs` without work, so the next run starts without
// a worker start-up (0.8–1.4 s cold under load, docs/performance-log.md).
import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';
import type { PointJob, PointOutcome } from './pointJob';
import type { HostToPoolWorker, PoolTaskMessage, PoolWorkerData, PoolWorkerToHost } from './poolWorker';
import { CODE_CACHE_BOOT } from './codeCache';

type WaitAsync = (a: Int32Array, index: number, value: number, timeoutMs: number) =>
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

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
  /**
   * Idle workers kept warm when the work runs out; the others are terminated
   * then. Default: all of them, until close() (a design's pool).
   */
  keepIdle?: number;
  /** With keepIdle: every worker goes after this long without work (default 5 minutes). */
  idleMs?: number;
  /**
   * A directory of this user's for V8's code cache of the worker bundle (codeCache.ts): each worker
   * started then skips most of its parse and compile. Only for a bundle (.js); default none.
   */
  codeCache?: string;
  /**
   * How long close() lets a worker finish writing the code cache after its first task before terminating it
   * (default CACHE_WRITE_WAIT_MS). cancel() does not wait.
   */
  cacheWriteWaitMs?: number;
}

/** One piece of work for a worker: the message to send and how to read the answers. */
export interface PoolTask<T> {
  /** The message (the pool adds the job id and its cancel flag). */
  message: PoolTaskMessage;
  transfer?: Transferable[];
  /** A message from the worker about this task: the outcome when it is the last one. */
  onMessage(m: PoolWorkerToHost): T | undefined;
  /** The outcome when cancelled before the worker said anything final (queued, or its worker terminated). */
  cancelled(): T;
  /** The outcome when the worker died under the task. */
  failed(message: string): T;
  /** Go ahead of queued work and, if no worker is free, start one beyond the pool's size (an interactive run). */
  urgent?: boolean;
}

export interface JobHandle<T> {
  readonly outcome: Promise<T>;
  /** Stop this job only; idempotent. Resolves when its outcome has settled (within graceMs + a turn). */
  cancel(): Promise<void>;
}

interface Slot {
  worker: Worker;
  /** Which worker this is (1, 2, …, in the order started): tests see a warm worker reused by it. */
  serial: number;
  job?: Pending;
  exited: Promise<void>;
  crash?: string;
  /** Tasks given to it. */
  tasks: number;
  /** [0] = 1 while its code cache is still to be written after its first task (codeCache.ts); none without a cache. */
  cacheWrite?: Int32Array;
}

interface Pending {
  id: number;
  task: PoolTask<unknown>;
  flag: Int32Array;
  cancelFlag: SharedArrayBuffer;
  settle: (o: unknown) => void;
  settled: boolean;
  cancelRequested: boolean;
  slot?: Slot;
  /** Resolves once the outcome has settled. */
  done: Promise<void>;
}

/**
 * How long a closing pool waits for a worker still writing its code cache
 * (V8's serialisation of the bundle's compiled functions and one file write:
 * tens of milliseconds, more under load): a cache cut short is written again
 * by the next run's workers, so the wait is bounded.
 */
export const CACHE_WRITE_WAIT_MS = 500;

/** Each worker's default heap limit (MB). */
export const WORKER_HEAP_MB = 2048;

/** The default pool size: one worker per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool {
  /** How many workers run jobs side by side (urgent tasks may add one each beyond it). */
  size: number;
  private readonly slots = new Set<Slot>();
  /** Retired workers not yet exited: close() waits for them too. */
  private readonly dying = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private started = 0;
  private cancelled = false;
  private closed = false;
  private readonly graceMs: number;
  private readonly heapMb: number;
  private readonly keepIdle: number;
  private readonly idleMs: number;
  private readonly cacheWriteWaitMs: number;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string, private readonly opts: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? defaultJobs()));
    this.graceMs = opts.graceMs ?? 40;
    this.heapMb = opts.maxHeapMb ?? WORKER_HEAP_MB;
    this.keepIdle = opts.keepIdle === undefined ? Infinity : Math.max(0, Math.floor(opts.keepIdle));
    this.idleMs = opts.idleMs ?? 5 * 60_000;
    this.cacheWriteWaitMs = opts.cacheWriteWaitMs ?? CACHE_WRITE_WAIT_MS;
  }

  /** Worker threads alive now. */
  get liveWorkers(): number {
    return this.slots.size;
  }

  /** Worker threads started since the pool was made: a second run on a warm pool adds none. */
  get workersStarted(): number {
    return this.started;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** Queue a design's job; it runs as soon as a worker is free. */
  run(job: PointJob, onProgress?: JobProgress): Promise<PointOutcome> {
    return this.submitJob(job, onProgress).outcome;
  }

  /** A design's job with its own cancel. */
  submitJob(job: PointJob, onProgress?: JobProgress): JobHandle<PointOutcome> {
    let cancelling = false;
    /** The run's summary once it ended (before its search): what a cancel then still reports. */
    let ran: Extract<PointOutcome, { kind: 'cancelled' }> | undefined;
    return this.submit<PointOutcome>({
      message: { type: 'job', job },
      onMessage: (m) => {
        if (m.type === 'progress') {
          if (!cancelling && !this.cancelled) onProgress?.(m.done, m.total, m.phase);
          return undefined;
        }
        if (m.type === 'summary') {
          ran = { kind: 'cancelled', summary: m.summary, label: m.label, x: m.x };
          return undefined;
        }
        return m.type === 'outcome' ? m.outcome : undefined;
      },
      cancelled: () => { cancelling = true; return ran ?? { kind: 'cancelled' }; },
      failed: (message) => ({ kind: 'failed', message }),
    }, () => { cancelling = true; });
  }

  /** Queue any task the worker serves (src/run/poolWorker.ts). */
  submit<T>(task: PoolTask<T>, onCancel?: () => void): JobHandle<T> {
    const cancelFlag = new SharedArrayBuffer(4);
    let settle!: (o: unknown) => void;
    let markDone!: () => void;
    const done = new Promise<void>((r) => { markDone = r; });
    const outcome = new Promise<T>((resolve) => { settle = (o) => { resolve(o as T); markDone(); }; });
    const p: Pending = { id: this.nextId++, task: task as PoolTask<unknown>, flag: new Int32Array(cancelFlag), cancelFlag, settle, settled: false, cancelRequested: false, done };
    const handle: JobHandle<T> = {
      outcome,
      cancel: () => { onCancel?.(); return this.cancelJob(p); },
    };
    if (this.cancelled || this.closed) {
      this.finish(p, task.cancelled());
      return handle;
    }
    if (task.urgent) this.queue.unshift(p);
    else this.queue.push(p);
    this.pump();
    return handle;
  }

  private finish(p: Pending, outcome: unknown): void {
    if (p.settled) return;
    p.settled = true;
    p.settle(outcome);
  }

  private pump(): void {
    if (this.cancelled || this.closed) return;
    while (this.queue.length) {
      const urgent = this.queue[0].task.urgent;
      const slot = [...this.slots].find((s) => !s.job)
        ?? (this.slots.size < this.size || urgent ? this.spawn() : undefined);
      if (!slot) break;
      const p = this.queue.shift()!;
      slot.job = p;
      slot.tasks++;
      p.slot = slot;
      if (this.keepIdle !== Infinity) slot.worker.ref();
      const msg = { ...p.task.message, id: p.id, cancelFlag: p.cancelFlag } as HostToPoolWorker;
      slot.worker.postMessage(msg, p.task.transfer ?? []);
    }
    this.trimIdle();
  }

  /**
   * Out of the pool at once (no job is given to it), terminated in the
   * background: an idle one once it has written its code cache (bounded), one
   * whose cancelled job did not answer (`stuck`) at once.
   */
  private retire(s: Slot, stuck = false): void {
    this.slots.delete(s);
    this.dying.add(s);
    void (stuck ? Promise.resolve() : this.cacheWritten(s)).then(() => s.worker.terminate());
  }

  /**
   * Resolves when this worker has no code cache left to write after a task it
   * ran (codeCache.ts), or after cacheWriteWaitMs: terminating it mid-write
   * would leave a half-written temporary file and no cache.
   */
  private async cacheWritten(s: Slot): Promise<void> {
    const flag = s.cacheWrite;
    if (!flag || s.tasks === 0 || Atomics.load(flag, 0) === 0) return;
    const waited = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(flag, 0, 1, this.cacheWriteWaitMs);
    if (waited.async) await waited.value;
  }

  private busyCount(): number {
    let n = 0;
    for (const s of this.slots) if (s.job) n++;
    return n;
  }

  /** The work ran out: keep `keepIdle` workers warm (unref'd: they keep no process alive), terminate the rest. */
  private trimIdle(): void {
    if (this.queue.length || this.keepIdle === Infinity) return;
    const idle = [...this.slots].filter((s) => !s.job);
    // the most recently started go first: the oldest has compiled the most
    idle.sort((a, b) => a.serial - b.serial);
    for (const s of idle.slice(this.keepIdle)) this.retire(s);
    for (const s of idle.slice(0, this.keepIdle)) s.worker.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.keepIdle > 0 && this.busyCount() === 0 && this.slots.size > 0) {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = undefined;
        if (this.busyCount() === 0 && !this.queue.length) for (const s of [...this.slots]) this.retire(s);
      }, this.idleMs);
      this.idleTimer.unref();
    }
  }

  private spawn(): Slot {
    const data: PoolWorkerData = { pool: true, facts: this.opts.facts };
    const cached = this.opts.codeCache && this.file.endsWith('.js');
    const pending = cached ? new SharedArrayBuffer(4) : undefined;
    const worker = new Worker(cached ? CODE_CACHE_BOOT : this.file, {
      eval: !!cached,
      workerData: cached ? { ...data, boot: { bundle: this.file, dir: this.opts.codeCache, pending } } : data,
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    let exited!: () => void;
    const slot: Slot = {
      worker, serial: ++this.started, exited: new Promise<void>((r) => { exited = r; }), tasks: 0,
      cacheWrite: pending && new Int32Array(pending),
    };
    this.slots.add(slot);
    worker.on('message', (m: PoolWorkerToHost) => {
      const p = slot.job;
      if (!p || m.id !== p.id) return;
      const outcome = p.task.onMessage(m);
      if (outcome === undefined) return;
      slot.job = undefined;
      p.slot = undefined;
      this.finish(p, outcome);
      this.pump();
    });
    worker.on('error', (e: Error & { code?: string }) => {
      slot.crash = e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? `the run needed more than the ${this.heapMb} MB of memory a simulation worker may use for the engine's state (trace records aside): shorten the run or make the model smaller`
        : `simulation worker crashed: ${e.message}`;
    });
    worker.on('exit', (code) => {
      this.slots.delete(slot);
      this.dying.delete(slot);
      exited();
      const p = slot.job;
      slot.job = undefined;
      if (p) {
        p.slot = undefined;
        this.finish(p, this.cancelled || p.cancelRequested ? p.task.cancelled() : p.task.failed(slot.crash ?? `simulation worker exited (code ${code}) without a result`));
      }
      this.pump();
    });
    return slot;
  }

  /**
   * Stop one job: queued, it settles as cancelled at once; running, its flag
   * is raised and its worker has the grace period to answer (and stays, warm,
   * for the next job), else it is terminated — the job settles as cancelled
   * then, without waiting for the thread to exit — and replaced if the pool
   * keeps workers warm.
   */
  private async cancelJob(p: Pending): Promise<void> {
    if (p.settled) return;
    p.cancelRequested = true;
    Atomics.store(p.flag, 0, 1);
    const q = this.queue.indexOf(p);
    if (q >= 0) {
      this.queue.splice(q, 1);
      this.finish(p, p.task.cancelled());
      return;
    }
    const slot = p.slot;
    if (!slot) {
      this.finish(p, p.task.cancelled());
      return;
    }
    let timer!: NodeJS.Timeout;
    const inTime = await Promise.race([
      p.done.then(() => true),
      new Promise<boolean>((r) => { timer = setTimeout(() => r(false), this.graceMs); }),
    ]);
    clearTimeout(timer);
    if (inTime) return;
    // no answer: the job is over for the host now; its worker goes, a fresh one takes its place when work comes (or at once, in a warm pool)
    if (slot.job === p) {
      slot.job = undefined;
      this.retire(slot, true);
    }
    p.slot = undefined;
    this.finish(p, p.task.cancelled());
    if (this.keepIdle > 0 && this.keepIdle !== Infinity && !this.cancelled && !this.closed && this.slots.size < this.keepIdle) this.spawn().worker.unref();
    this.pump();
  }

  /**
   * Stop everything: queued jobs settle as cancelled at once, running ones
   * are asked to stop (their partial summary comes back if it comes within
   * the grace period), then every worker is terminated. Resolves when all
   * worker threads have exited.
   */
  async cancel(): Promise<void> {
    this.cancelled = true;
    for (const p of this.queue.splice(0)) this.finish(p, p.task.cancelled());
    const slots = [...this.slots];
    const busy = slots.map((s) => s.job).filter((p): p is Pending => !!p);
    for (const p of busy) { p.cancelRequested = true; Atomics.store(p.flag, 0, 1); }
    if (busy.length) {
      await Promise.race([
        Promise.all(busy.map((p) => p.done)),
        new Promise<void>((r) => setTimeout(r, this.graceMs)),
      ]);
    }
    await this.shutdown(false);
  }

  /**
   * Terminate every worker (after the work is done); resolves when they have
   * exited. No work is taken after. An idle worker still writing its code
   * cache after its first task is let finish first (at most cacheWriteWaitMs).
   */
  close(): Promise<void> {
    return this.shutdown(true);
  }

  private async shutdown(letCacheWritesFinish: boolean): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const p of this.queue.splice(0)) this.finish(p, p.task.cancelled());
    await Promise.all([
      ...[...this.slots].map(async (s) => {
        if (letCacheWritesFinish && !s.job) await this.cacheWritten(s);
        await s.worker.terminate().then(() => s.exited, () => s.exited);
      }),
      // retired ones are being terminated already (an idle one once its cache is written); cancel() cuts that short
      ...[...this.dying].map((s) => (letCacheWritesFinish ? s.exited : s.worker.terminate().then(() => s.exited, () => s.exited))),
    ]);
  }
}
