// On-CPU share of each model function, for the hover on a function name:
// of all CPU time in the run, how much was spent with that function on the
// stack (inclusive) and at the top of it (self). The times are the on-CPU
// flame graph's (src/trace/analysis: flameOnCpu, functionTimes), so the
// hover and the flame graph's sandwich count recursion and leaves alike,
// over the same statistics range.
// Pure: runs in the simulation worker.
import { cpuBreakdown, flameOnCpu, functionTimes, statsRange } from '../trace/analysis/index';
import type { Trace } from '../trace/schema';

export interface FunctionShare {
  /** ns with the function anywhere on the stack of a busy CPU. */
  onCpuNs: number;
  /** ns with the function as the leaf frame. */
  selfNs: number;
  /** onCpuNs / all CPU time in the trace (busy + idle), 0..1. */
  share: number;
}

export function functionShares(trace: Trace): Record<string, FunctionShare> {
  // The statistics range (after the warm-up), as every other figure of the
  // run: the lock hovers and the flame graph beside these cover the same time.
  const range = statsRange(trace.meta);
  const allCpuNs = cpuBreakdown(trace, range).reduce((a, c) => a + c.ns.reduce((x, y) => x + y, 0), 0);
  const out: Record<string, FunctionShare> = {};
  for (const [name, t] of functionTimes(flameOnCpu(trace, range))) {
    if (!name) continue;
    out[name] = { onCpuNs: t.total, selfNs: t.self, share: allCpuNs > 0 ? t.total / allCpuNs : 0 };
  }
  return out;
}
