// What every view in the webview (timeline, lock table, flame graph, compare)
// shares: the loaded run, the selected time range, the highlighted object,
// and the way back to the model source. Views subscribe; nobody owns another
// view's state.
import type { CompareStats, SweepPoint } from '../src/core/protocol';
import type { Trace } from '../src/trace/schema';
import type { ReplicatedLockTable } from '../src/trace/analysis/lockColumns';
import type { LockMapping } from '../src/core/lockMapping';

/** A closed-open time range in trace ns. */
export interface TimeRange { start: number; end: number }

/** What is highlighted across views: a lock, a thread, a function name, a counter series, or a search string. */
export type Highlight =
  | { kind: 'lock'; id: number }
  | { kind: 'thread'; id: number }
  | { kind: 'function'; name: string }
  | { kind: 'series'; id: number }
  | { kind: 'search'; text: string }
  | null;

export class Store<T> {
  private subs = new Set<(v: T) => void>();
  constructor(private value: T) {}
  get(): T { return this.value; }
  set(v: T): void {
    if (Object.is(v, this.value)) return;
    this.value = v;
    for (const s of [...this.subs]) s(v);
  }
  subscribe(fn: (v: T) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}

/** One run as the views see it; openSource resolves against that run's own model files. */
export interface RunView {
  runId: number; title: string; trace: Trace; openSource(src: number): void;
  /** With replications: the lock table of all of them (RunPayload.locks). */
  replicated?: ReplicatedLockTable;
}

/** Two runs side by side, from the host's 'compare' message (the context's own run is `a`). */
export interface ComparePair {
  a: RunView;
  b: RunView;
  sweep?: SweepPoint[];
  /** With replications: each run's lock figures as mean ± half-width. */
  stats?: { a: CompareStats; b: CompareStats };
  /** Which lock row of A stands for which of B (src/core/lockMapping.ts), as saved with the compare. */
  lockMapping?: LockMapping;
  /** Hand an edited mapping to the host, which keeps it with the compare (absent in a standalone report). */
  saveLockMapping?: (m: LockMapping) => void;
  /** Ask the host to open sweep point `index`'s timeline (absent in a standalone report). */
  openPoint?: (index: number) => void;
}

export interface ViewContext {
  runId: number;
  title: string;
  trace: Trace;
  /** With replications: the lock table of all of them (the trace is the first's); the lock table shows its means ± CI. */
  replicated?: ReplicatedLockTable;
  /** The timeline's range selection; null means the whole run. */
  selection: Store<TimeRange | null>;
  highlight: Store<Highlight>;
  /** Ask the host to open the model at a source id (0 = none: ignored). */
  openSource(src: number): void;
  /** Present when the panel compares two runs ('compare' message, or a report of two runs). */
  compare?: ComparePair;
  /** Switch the visible tab. */
  showView(view: 'timeline' | 'locks' | 'flame' | 'compare'): void;
}
