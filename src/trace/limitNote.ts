// What to tell a user whose run stopped at a limit rather than at its end:
// one plain sentence with the simulated time reached (of the time asked for)
// and the option or setting that raises the limit, shared by the CLI's text
// and JSON, the VS Code notification and log, and the panel's banner. Before
// this the only trace of it was stopReason, and the text read like a whole run.
import { formatCount, formatDuration } from '../core/format';

export type LimitHost = 'cli' | 'vscode';

export interface StopFacts {
  stopReason: string;
  stopDetail?: string;
  /** Simulated time reached. */
  simulatedNs: number;
  /** The duration the run was asked to simulate, when known. */
  requestedNs?: number;
  /** The limit in force, when known (else read from stopDetail). */
  limit?: number;
}

export interface LimitStop {
  kind: 'records' | 'events';
  limit?: number;
  simulatedNs: number;
  requestedNs?: number;
  /** How to raise it, e.g. "--max-records" or the setting's id; absent when nothing raises it. */
  raise?: string;
  message: string;
}

/** The record limit's option (CLI) and setting (VS Code). */
export const RECORD_LIMIT_OPTION = '--max-records';
export const RECORD_LIMIT_SETTING = 'smpStackLab.trace.recordLimit';

/** The limit stop of a run, or undefined for a run that ended for any other reason. */
export function limitStop(s: StopFacts, host: LimitHost): LimitStop | undefined {
  const kind = s.stopReason === 'record-limit' ? 'records' : s.stopReason === 'event-limit' ? 'events' : undefined;
  if (!kind) return undefined;
  const limit = s.limit ?? (Number(/(?:limit|after) ([\d,]+)/.exec(s.stopDetail ?? '')?.[1]?.replace(/,/g, '')) || undefined);
  const reached = formatDuration(s.simulatedNs);
  const asked = s.requestedNs !== undefined && s.requestedNs > s.simulatedNs ? ` of the ${formatDuration(s.requestedNs)} asked for` : '';
  const what = kind === 'records' ? 'trace records' : 'events';
  const head = `The run stopped at the ${kind === 'records' ? 'record' : 'event'} limit${limit ? ` (${formatCount(limit)} ${what})` : ''} after ${reached} simulated${asked}: everything shown covers only those ${reached}.`;
  if (kind === 'events') {
    return { kind, limit, simulatedNs: s.simulatedNs, requestedNs: s.requestedNs, message: `${head} Simulate a shorter time to see a whole run.` };
  }
  const raise = host === 'cli' ? RECORD_LIMIT_OPTION : RECORD_LIMIT_SETTING;
  const how = host === 'cli'
    ? `Raise it with ${RECORD_LIMIT_OPTION} N (about 32 bytes of memory a record), or simulate a shorter --duration.`
    : `Raise it with the ${RECORD_LIMIT_SETTING} setting (about 32 bytes of memory a record), or simulate a shorter time.`;
  return { kind, limit, simulatedNs: s.simulatedNs, requestedNs: s.requestedNs, raise, message: `${head} ${how}` };
}
