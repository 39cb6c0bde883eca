// Every run this window made (and the saved runs of panels restored after a
// reload, under their original ids), by the run id the host issued. A record keeps
// what links back to the model (the files the compiler saw, the trace's source
// table) for as long as the window lives; the trace's buffers are kept only
// for the most recent runs (exports, comparisons) to bound memory.
// Pure: generic over the host's file handle (a vscode Uri in the extension).
import type { SourceInfo, Trace } from '../trace/schema';
import type { RunFacts } from './runFacts';
import { resolveSource, type ResolvedSource } from './sourceLinks';
import type { RunRequest } from './workerProtocol';

/** Enough to run the same thing again (Rerun Last, a panel restored after a reload). */
export interface RunDescriptor {
  /** The model file's URI string (for an import, the capture's). */
  model: string;
  /** An opened capture (Open Trace…), not a model run. */
  imported?: boolean;
  variant?: string;
  sweepPoint?: number;
  seed?: number;
  durationNs?: number;
}

export interface RunRecord<F> {
  runId: number;
  title: string;
  descriptor: RunDescriptor;
  /** The exact request the worker ran (model text included): replaying it gives the same trace. */
  request: RunRequest;
  /** Name written into SourceInfo.file → the host's handle for that file. */
  files: ReadonlyMap<string, F>;
  sources: readonly SourceInfo[];
  facts: RunFacts;
  /** Dropped for older runs. */
  trace?: Trace;
}

export class RunRegistry<F> {
  private runs = new Map<number, RunRecord<F>>();
  constructor(private keepTraces = 6) {}

  add(record: RunRecord<F>): void {
    this.runs.set(record.runId, record);
    this.bound(record);
  }

  /**
   * Give a known run its trace back (a panel restored after a reload loads it
   * from disk): it counts as the newest trace, so it is not the one dropped.
   */
  keepTrace(runId: number, trace: Trace): RunRecord<F> | undefined {
    const r = this.runs.get(runId);
    if (!r) return undefined;
    r.trace = trace;
    this.bound(r);
    return r;
  }

  /** Drop the oldest runs' traces beyond the bound, never `newest`'s. */
  private bound(newest: RunRecord<F>): void {
    const withTrace = [...this.runs.values()].filter((r) => r.trace && r !== newest);
    const total = withTrace.length + (newest.trace ? 1 : 0);
    for (const old of withTrace.slice(0, Math.max(0, total - this.keepTraces))) old.trace = undefined;
  }

  get(runId: number): RunRecord<F> | undefined {
    return this.runs.get(runId);
  }

  /** Most recent first. */
  all(): RunRecord<F>[] {
    return [...this.runs.values()].reverse();
  }

  latest(): RunRecord<F> | undefined {
    return this.all()[0];
  }

  /** A source id of run `runId`, resolved only against that run's own model files. */
  resolve(runId: number, src: number): ResolvedSource<F> | undefined {
    const r = this.runs.get(runId);
    return r ? resolveSource(r.sources, r.files, src) : undefined;
  }
}
