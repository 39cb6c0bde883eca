// The simulation worker (dist/simWorker.js): compiles the model text it is
// given, runs the engine synchronously on this thread (the host's thread stays
// free), posts progress at most every 50 ms, stops when the host raises the
// shared cancel flag (answering at once), and hands the trace back by
// transferring its column buffers together with the run's summary facts —
// or, for an export, the exported file's bytes (runs are deterministic, so
// exporting reruns the same request rather than copying a trace across).
// It serves the pool (src/run/poolWorker.ts): a design's jobs and the
// extension's single runs alike, one after another on a warm worker, each
// with its own cancel flag.
// A request may instead name a capture to import (Open Trace…): parsed here,
// streamed from the local disk or from the bytes the host read from any other
// URI, with the same progress, cancel and hand-back.
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../sim/simulate';
import { toWire } from '../trace/codec';
import { fileSource, ImportAborted, ImportError, importTrace, memorySource, type ByteSource } from '../trace/import/index';
import { summarize, type RunSummary } from '../trace/summary';
import { exportBytes } from '../report/exportFormats';
import { functionShares } from './functionShare';
import { compileModelText } from './modelApi';
import type { RunFacts } from './runFacts';
import type { WorkerInit, WorkerToHost } from './workerProtocol';
import type { Trace } from '../trace/schema';
import { servePool, type PoolWorkerData } from '../run/poolWorker';

const PROGRESS_EVERY_MS = 50;

/** Sends one of a run's messages to the host (through the pool, tagged with the run's id). */
type Post = (m: WorkerToHost, transfer?: ArrayBuffer[]) => void;

export function factsOf(trace: Trace): RunFacts {
  const s = summarize(trace);
  return {
    model: s.model, variant: s.variant, seed: s.seed, stopReason: s.stopReason, simulatedNs: s.simulatedNs,
    rangeNs: s.rangeNs, events: s.events, wallMs: s.wallMs, records: s.records, bytes: s.bytes, cpus: trace.meta.cpus,
    counters: s.counters,
    locks: s.locks,
    functions: functionShares(trace),
    cpuTime: cpuTimeOf(s.cpus),
    ...(s.packets ? { packets: s.packets } : {}),
  };
}

/** Time in each state, as a fraction of the measured range, averaged over CPUs. */
function cpuTimeOf(cpus: RunSummary['cpus']): RunFacts['cpuTime'] {
  const n = Math.max(1, cpus.length);
  const sum = (k: 'user' | 'kernel' | 'interrupt' | 'softint' | 'spin' | 'idle') => cpus.reduce((a, c) => a + c[k], 0) / n;
  return { user: sum('user'), kernel: sum('kernel'), interrupt: sum('interrupt'), softint: sum('softint'), spin: sum('spin'), idle: sum('idle') };
}

/** Import a capture instead of simulating; cancel aborts the streaming parse. */
async function importCapture(post: Post, open: () => ByteSource, cancel: Int32Array, maxRecords?: number): Promise<{ trace: Trace; notes: string[] } | undefined> {
  const abort = new AbortController();
  const poll = setInterval(() => { if (Atomics.load(cancel, 0) !== 0) abort.abort(); }, 10);
  let lastProgress = 0;
  try {
    const r = await importTrace(open(), {
      signal: abort.signal,
      maxRecords,
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        post({ type: 'progress', simNs: done, totalNs: total, unit: 'bytes' });
      },
    });
    const notes = r.malformed
      ? [`${r.malformed.toLocaleString('en-US')} malformed line(s) skipped`, ...r.warnings.slice(0, 5).map((w) => `line ${w.line}: ${w.message}`)]
      : r.warnings.slice(0, 5).map((w) => `line ${w.line}: ${w.message}`);
    // The record limit cut the file short: always said, even past the first five warnings.
    const cut = r.warnings.find((w) => /record limit of/.test(w.message));
    if (cut && !notes.some((n) => n.includes(cut.message))) notes.push(`line ${cut.line}: ${cut.message}`);
    return { trace: r.trace, notes };
  } catch (e) {
    if (e instanceof ImportAborted) {
      post({ type: 'cancelled', simNs: 0 });
      return undefined;
    }
    if (e instanceof ImportError) {
      post({ type: 'failed', message: e.message });
      return undefined;
    }
    throw e;
  } finally {
    clearInterval(poll);
  }
}

/** Hand a finished trace back: its buffers by transfer, or the exported file's bytes. */
function deliver(post: Post, init: WorkerInit, trace: Trace, label?: string, notes?: string[]): void {
  const facts = factsOf(trace);
  if (init.exportAs) {
    const bytes = exportBytes(trace, init.exportAs.format, init.exportAs.title);
    const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer as ArrayBuffer : bytes.slice().buffer as ArrayBuffer;
    post({ type: 'exported', bytes: buffer, facts }, [buffer]);
    return;
  }
  const wire = toWire(trace);
  post({ type: 'done', trace: wire, facts, label, notes }, [...new Set(wire.buffers)]);
}

/** One run of the extension: a model run, its export, or an import. */
export async function serveRequest(init: WorkerInit, post: Post): Promise<void> {
  const { request } = init;
  const cancel = new Int32Array(init.cancelFlag);
  if (request.importFile || request.importUri) {
    // A local file streams from disk here (bounded memory on a 1 GB capture); any other URI came as bytes.
    const open = (): ByteSource => {
      if (init.importBytes) return memorySource(init.importBytes, request.importUri ?? request.file);
      if (request.importFile) return fileSource(request.importFile);
      throw new ImportError(`${request.importUri}: the capture's bytes were not handed to the worker`);
    };
    const imported = await importCapture(post, open, cancel, request.maxRecords);
    if (imported) deliver(post, init, imported.trace, undefined, imported.notes);
    return;
  }
  const compiled = compileModelText(request.text, request.file, {
    variant: request.variant, sweepPoint: request.sweepPoint, seed: request.seed, durationNs: request.durationNs,
  });
  if (!compiled.ok) {
    post({ type: 'invalid', problems: compiled.problems });
    return;
  }
  const program = compiled.program;
  let lastProgress = 0;
  const trace = simulate(program, {
    variant: request.variant ?? '',
    limits: request.maxRecords ? { maxRecords: request.maxRecords } : undefined,
    shouldCancel: () => Atomics.load(cancel, 0) !== 0,
    onProgress: (simNs, totalNs) => {
      const now = performance.now();
      if (now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      post({ type: 'progress', simNs, totalNs });
    },
  });
  if (trace.meta.stopReason === 'cancelled') {
    // The user asked to stop: answer at once rather than summarise a trace nobody will see.
    post({ type: 'cancelled', simNs: trace.meta.endNs });
    return;
  }
  deliver(post, init, trace, compiled.label);
}

if (parentPort && (workerData as Partial<PoolWorkerData> | undefined)?.pool) {
  servePool<Omit<WorkerInit, 'cancelFlag'>, WorkerToHost>(parentPort, workerData as PoolWorkerData, {
    extra: factsOf,
    request: (init, post) => serveRequest(init, post).catch((e: unknown) => post({ type: 'failed', message: (e as Error)?.message ?? String(e) })),
  });
}
