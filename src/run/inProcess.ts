// A design of one run (one point, one replication, no search) run on the
// CLI's own thread rather than on a worker: no second JavaScript engine to
// start and load the simulator into, the model not parsed a second time —
// about 70 ms of CPU time, a third of a short run. The outcome is the one a
// worker would send, byte for byte (the same job code). Ctrl-C still cancels
// it: the simulation yields to the event loop between slices, so the
// caller's signal handler runs and `cancelled` turns true.
//
// A worker's JavaScript heap is capped so that a run too big for the machine
// fails with one line (pool.ts); this thread has no such cap. A run whose
// engine state grows past IN_PROCESS_HEAP_MB here is therefore abandoned
// (the result is undefined) for the caller to run again on a worker, where it
// gives the same result or that one line.
import { getHeapStatistics } from 'node:v8';
import { jobFailed, runPointJobAsync, type JobHooks, type PointJob, type PointOutcome } from './pointJob';

export const IN_PROCESS_HEAP_MB = 512;

export async function runInProcess(
  job: PointJob, hooks: { cancelled: () => boolean; onProgress?: JobHooks['onProgress'] }, heapMb = IN_PROCESS_HEAP_MB,
): Promise<PointOutcome | undefined> {
  const heapAtStart = getHeapStatistics().used_heap_size;
  let tooBig = false;
  const shouldCancel = () => {
    // sticky: a later check after a collection must not take back that the run was stopped for its size
    tooBig ||= getHeapStatistics().used_heap_size - heapAtStart > heapMb * 1048576;
    return tooBig || hooks.cancelled();
  };
  try {
    const outcome = await runPointJobAsync(job, { shouldCancel, onProgress: hooks.onProgress });
    return tooBig ? undefined : outcome;
  } catch (e) {
    return jobFailed(e);
  }
}
