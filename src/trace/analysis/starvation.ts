// Threads the run starved of CPU time, as warnings a person can act on: the
// engine names every thread that waited on a run queue — runnable, not
// running — for half the run or more in one stretch (meta.starved); this says
// what happened to each, and where the thread is declared.
import { formatDuration } from '../../core/format';
import type { TraceMeta } from '../schema';

export interface ThreadWarning {
  thread: string;
  /** Source id of the thread's declaration. */
  src: number;
  message: string;
}

export function starvationWarnings(meta: TraceMeta): ThreadWarning[] {
  const run = meta.endNs - meta.startNs;
  return (meta.starved ?? []).map((s) => {
    const t = meta.threads[s.thread];
    const name = t?.name ?? `thread ${s.thread}`;
    const share = run > 0 ? ` (${Math.round((100 * s.longestWaitNs) / run)}% of the run)` : '';
    const why = 'runnable, waiting on a run queue behind threads of its priority or higher';
    const message = s.ranNs === 0
      ? `thread ${name} never ran: ${why} for ${formatDuration(s.longestWaitNs)}${share}`
      : `thread ${name} was starved: ${why} for ${formatDuration(s.longestWaitNs)} at a stretch${share}; it ran ${formatDuration(s.ranNs)} in all`;
    return { thread: name, src: t?.src ?? 0, message };
  });
}
