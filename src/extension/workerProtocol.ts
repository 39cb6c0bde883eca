// Messages between the extension host and the simulation worker
// (src/extension/simWorker.ts). The host sends one request at a time to a pool
// worker (src/run/poolWorker.ts wraps it with the run's id); the worker answers
// with progress and one final message whose trace buffers are transferred, not
// copied. Cancellation goes through the run's own shared flag so the engine
// sees it between event batches without waiting for a message turn.
import type { ModelRunRequest } from '../run/pointJob';
import type { WireTrace } from '../trace/codec';
import type { ExportFormatId } from '../report/exportFormats';
import type { RunFacts } from './runFacts';

export interface RunRequest extends ModelRunRequest {
  /** Instead of a model: a capture on the local disk to import (perf script, perf lock, Chrome JSON, folded, .smptrace), streamed by the worker. */
  importFile?: string;
  /** Instead of a model: a capture at any other URI (a virtual workspace); the host reads its bytes and hands them over in WorkerInit.importBytes. */
  importUri?: string;
}

export interface WorkerInit {
  request: RunRequest;
  /** Int32Array over it: [0] != 0 means cancel. */
  cancelFlag: SharedArrayBuffer;
  /** Instead of sending the trace back, write it in this format and send the file's bytes. */
  exportAs?: { format: ExportFormatId; title: string };
  /** The bytes of RunRequest.importUri, read by the host (vscode.workspace.fs); transferred, not copied. */
  importBytes?: Uint8Array;
}

/** A located problem in a model file (1-based, end exclusive), as the checker reports it. */
export interface ModelProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

export type WorkerToHost =
  /** Simulated ns of the run's duration, or bytes of the file for an import. */
  | { type: 'progress'; simNs: number; totalNs: number; unit?: 'bytes' }
  /** `notes`: what an import could not read (malformed lines, with the first ones located). */
  | { type: 'done'; trace: WireTrace; facts: RunFacts; label?: string; notes?: string[] }
  /** The run exported as asked (WorkerInit.exportAs). */
  | { type: 'exported'; bytes: ArrayBuffer; facts: RunFacts }
  /** Stopped by the cancel flag after simulating `simNs`; nothing recorded is sent back. */
  | { type: 'cancelled'; simNs: number }
  /** The model did not compile: nothing ran. */
  | { type: 'invalid'; problems: ModelProblem[] }
  | { type: 'failed'; message: string };
