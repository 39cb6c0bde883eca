// V8 optimises a hot function with TurboFan on a background thread by default
// ("concurrent recompilation"): the thread that runs it goes on in slower code
// until the optimised code is ready. That pays when a core is free for the
// compiler, as it is beside one worker on a machine of two cores or more. A
// pool with a worker on every core has none: every worker is a fresh V8
// isolate that compiles the simulator again (about 60 TurboFan compiles in its
// first two runs), and those compiles queue for the cores the workers hold,
// while the workers run their first runs in unoptimised code. Compiled on the
// worker's own thread instead, an optimised function is in use the moment it
// is made: a pool of 2 on 2 cores took about 4% less CPU time for 16
// replications, and V8's other threads 300 → 60 ms of it (docs/performance-log.md, bench:pool);
// one worker took about 8% more time on its own thread, hence the condition.
//
// A V8 flag is process-wide, and changed after start it reaches only the
// isolates made later: the CLI sets it for its own process (each command is
// one) just before it starts such a pool; the extension, whose host process it
// shares with other extensions, does not.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

let set = false;

/** Whether a pool of this many workers leaves V8's compiler no core of its own. */
export function poolFillsCores(size: number, cores = availableParallelism()): boolean {
  return size >= Math.max(2, cores);
}

/** Workers started from now on compile on their own threads (idempotent; process-wide). */
export function compileOnWorkerThreads(): void {
  if (set) return;
  set = true;
  setFlagsFromString('--no-concurrent-recompilation');
}
