// Messages between the extension host and the webview: one typed union each
// way (after vscode-hexeditor's shared/protocol.ts). The host validates every
// webview message with `parseWebviewMessage` and acts only on ids it issued.
import { VIEW_NAMES, type ViewName } from './views';
import { PICTURE_FORMATS, pictureBytes, pictureProblem, type PictureFormat } from './picture';
import type { WireTrace } from '../trace/codec';
import type { ReplicatedLockTable } from '../trace/analysis/lockColumns';
import { parseLockMapping, type LockMapping } from './lockMapping';

export type { ViewName } from './views';

/** One run shown in a panel. The trace's buffers travel as transferables. */
export interface RunPayload {
  /** Issued by the host; the webview echoes it back and nothing else identifies the run. */
  runId: number;
  title: string;
  trace: WireTrace;
  /** With replications: the lock table of every replication, mean ± 95% half-width per lock and column (the trace is the first replication). */
  locks?: ReplicatedLockTable;
}

export type HostToWebview =
  /** `view`: the view to show (else the one the webview's own state names). `stale`: why the run is not the model as it is now (it changed since). */
  | { type: 'load'; run: RunPayload; view?: ViewName; stale?: string }
  /** Two runs side by side (variants of a scenario, or before/after an edit). */
  /** `stats`: with replications, each run's lock figures as mean ± 95% half-width (the traces are the first replications). */
  /** `lockMapping`: which lock row of A stands for which of B, as the user last edited it for this compare (lockMapping.ts). */
  | { type: 'compare'; a: RunPayload; b: RunPayload; sweep?: SweepPoint[]; view?: ViewName; stale?: string; stats?: { a: CompareStats; b: CompareStats }; lockMapping?: LockMapping }
  /** Highlight spans/rows matching a name (from "Show in timeline" in a hover). */
  | { type: 'reveal'; what: 'lock' | 'counter' | 'thread' | 'function'; name: string }
  | { type: 'show'; view: ViewName }
  /** The tab's file could not be shown: why, in place of a run. */
  | { type: 'problem'; message: string };

/** [mean, 95% half-width] over replications. */
export type MeanHalf = [number, number];
/** One run's replicated lock figures by lock name, for Compare's "mean ± CI" and "not significant". */
export interface CompareStats {
  replications: number;
  locks: Record<string, { waitTotalNs?: MeanHalf; acquisitions?: MeanHalf; holdTotalNs?: MeanHalf; utilization?: MeanHalf }>;
}

/** A sweep point: the scaling curve's point and the sweep table's row (fields beyond the first three are optional: panels saved before them restore). */
export interface SweepPoint {
  label: string;
  x: number;
  /** Mean over replications. */
  throughput: number;
  /** 95% half-width of the throughput, with more than one replication. */
  throughputCi?: number;
  replications?: number;
  /** Lock wait over every lock in the measured range (ns), and its half-width. */
  lockWaitNs?: number;
  lockWaitCi?: number;
  /** The lock waited on most. */
  topLock?: string;
  /** Fraction of time in each state, averaged over CPUs. */
  cpuTime?: { user: number; kernel: number; interrupt: number; softint: number; spin: number; idle: number };
  /** The model's RFC 2544 search at this point (its first replication). */
  rfc2544?: { zeroLossPps: number; trials: number; fromPps: number; toPps: number };
}

export type WebviewToHost =
  | { type: 'ready' }
  /** Open the model file at a source of run `runId`. Only the id crosses: the host resolves it. */
  | { type: 'openSource'; runId: number; src: number }
  | { type: 'log'; level: 'info' | 'error'; message: string }
  /** Open the timeline of point `index` of the sweep whose first point is run `runId` (the host checks both). */
  | { type: 'openSweepPoint'; runId: number; index: number }
  /** Save a picture of the view of run `runId` (checked by pictureProblem: size, type, an SVG with nothing active). */
  | { type: 'savePicture'; runId: number; view: ViewName; format: PictureFormat; data: Uint8Array }
  /** The user edited Compare's lock matching; `runId` is run A of the compare (bounded by parseLockMapping). */
  | { type: 'lockMapping'; runId: number; mapping: LockMapping };

/** Validate an untrusted message from a webview; undefined when it is not one we accept. */
export function parseWebviewMessage(m: unknown): WebviewToHost | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openSource':
      if (Number.isSafeInteger(o.runId) && Number.isSafeInteger(o.src) && (o.src as number) > 0) {
        return { type: 'openSource', runId: o.runId as number, src: o.src as number };
      }
      return undefined;
    case 'log':
      if ((o.level === 'info' || o.level === 'error') && typeof o.message === 'string') {
        return { type: 'log', level: o.level, message: o.message.slice(0, 2000) };
      }
      return undefined;
    case 'openSweepPoint':
      if (Number.isSafeInteger(o.runId) && Number.isSafeInteger(o.index) && (o.index as number) >= 0) {
        return { type: 'openSweepPoint', runId: o.runId as number, index: o.index as number };
      }
      return undefined;
    case 'savePicture': {
      const data = pictureBytes(o.data);
      const format = PICTURE_FORMATS.find((f) => f === o.format);
      const view = VIEW_NAMES.find((v) => v === o.view);
      if (!Number.isSafeInteger(o.runId) || !data || !format || !view || pictureProblem(format, data) !== null) return undefined;
      return { type: 'savePicture', runId: o.runId as number, view, format, data };
    }
    case 'lockMapping': {
      const mapping = parseLockMapping(o.mapping);
      return Number.isSafeInteger(o.runId) && mapping ? { type: 'lockMapping', runId: o.runId as number, mapping } : undefined;
    }
    default:
      return undefined;
  }
}
