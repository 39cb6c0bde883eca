// A sweep point's numbers as the sweep view shows them, from the facts of its
// replications (means ± 95% half-widths): throughput, lock wait, CPU shares
// and the RFC 2544 rate. Pure (no vscode), so tested with real worker runs.
import type { Rfc2544Report } from '../model/index';
import type { SweepPoint } from '../core/protocol';
import { deliveredPerSecond } from '../trace/analysis/throughput';
import type { RunFacts } from './runFacts';

/**
 * Delivered packets per second of measured time, and its 95% half-width (0
 * with one replication): the measured time is the same in every replication.
 * Without traffic, the busiest counter's rate over the whole run instead, as
 * a counter's total covers the whole run (the trace's counterTotals).
 */
export function throughputWithCi(f: RunFacts, warmupNs: number): { value: number; half: number } {
  // facts saved before the range was recorded: from the warm-up given
  const range = f.rangeNs ?? { start: warmupNs, end: f.simulatedNs };
  if (f.packets) return { value: deliveredPerSecond(f.packets.delivered, range), half: deliveredPerSecond(f.ci95?.packets?.delivered ?? 0, range) };
  const counters = Object.entries(f.counters);
  if (!counters.length) return { value: 0, half: 0 };
  const [name, top] = counters.reduce((a, b) => (b[1].total > a[1].total ? b : a));
  const whole = f.simulatedNs / 1e9;
  return { value: top.total / whole, half: (f.ci95?.counters?.[name]?.total ?? 0) / whole };
}

/** One row of the sweep view: the curve's point and the table's numbers. */
export function sweepPointOf(label: string, x: number, r: { facts: RunFacts; search?: Rfc2544Report }): SweepPoint {
  const f = r.facts;
  const t = throughputWithCi(f, 0);
  const waitNs = f.locks.reduce((a, l) => a + l.waitTotalNs, 0);
  const waitCi = f.ci95?.locks ? Math.sqrt(f.ci95.locks.reduce((a, l) => a + (l?.waitTotalNs ?? 0) ** 2, 0)) : 0;
  const top = [...f.locks].sort((a, b) => b.waitTotalNs - a.waitTotalNs)[0];
  return {
    label, x, throughput: t.value,
    ...(f.replications && f.replications > 1 ? { throughputCi: t.half, replications: f.replications } : {}),
    lockWaitNs: waitNs,
    ...(waitCi ? { lockWaitCi: waitCi } : {}),
    ...(top && top.waitTotalNs > 0 ? { topLock: top.name } : {}),
    ...(f.cpuTime ? { cpuTime: f.cpuTime } : {}),
    ...(r.search ? { rfc2544: { zeroLossPps: r.search.zeroLossPps, trials: r.search.trials.length, fromPps: r.search.fromPps, toPps: r.search.toPps } } : {}),
  };
}
