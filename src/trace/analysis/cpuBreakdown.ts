// Per-CPU time split by state (user, kernel, interrupt, softint, spin, idle)
// from the CpuState spans, which tile each CPU's timeline; clipped to a range.
import { CPU_STATE_NAMES, CpuState, SpanKind, type Trace } from '../schema';
import { clippedDuration, rangeOf, type TimeRange } from './range';

export interface CpuBreakdown {
  cpu: number;
  /** ns per CpuState, indexed like CPU_STATE_NAMES. */
  ns: number[];
  /** Everything but idle. */
  busyNs: number;
  /** busy / range length. */
  busy: number;
  /** Length of the range the times cover. */
  rangeNs: number;
}

export function cpuBreakdown(trace: Trace, range?: TimeRange | null): CpuBreakdown[] {
  const { start: r0, end: r1 } = rangeOf(trace, range);
  const cpus = trace.meta.cpus;
  const states = CPU_STATE_NAMES.length;
  const acc = new Float64Array(cpus * states);
  const { start, dur, kind, sub, cpu } = trace.tables.spans;
  for (let i = 0; i < trace.length.spans; i++) {
    if (kind[i] !== SpanKind.CpuState || cpu[i] >= cpus || sub[i] >= states) continue;
    const c = clippedDuration(start[i], dur[i], r0, r1);
    if (c > 0) acc[cpu[i] * states + sub[i]] += c;
  }
  const len = Math.max(0, r1 - r0);
  return Array.from({ length: cpus }, (_, c) => {
    const ns = Array.from(acc.subarray(c * states, (c + 1) * states));
    const busyNs = ns.reduce((a, v, s) => (s === CpuState.Idle ? a : a + v), 0);
    return { cpu: c, ns, busyNs, busy: len > 0 ? busyNs / len : 0, rangeNs: len };
  });
}
