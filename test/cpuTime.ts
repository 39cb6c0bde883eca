// Time budgets in tests are ratios measured in CPU time, the fastest of a few
// runs: other load on a shared machine hardly moves it (HELPERS: tests check
// behaviour, not wall time).

/** Fastest of `runs` runs of `f`, in this process's CPU time (µs). */
export function fastestCpuMicros(f: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const a = process.cpuUsage();
    f();
    const d = process.cpuUsage(a);
    best = Math.min(best, d.user + d.system);
  }
  return best;
}
