// The numbers a run is judged by, computed from the trace alone (so imported
// traces summarise the same way): per CPU time by state, per lock
// acquisitions / contention / wait / hold, counters, packets, run facts.
// Statistics cover [warm-up, end] unless a range is given.
import {
  CPU_STATE_NAMES, CpuState, InstantKind, SpanKind,
  recordCount, traceBytes, type PacketStats, type StopReason, type Trace,
} from './schema';
import { lockStats, type LockStatTable } from './analysis/lockstat';
import { starvationWarnings, type ThreadWarning } from './analysis/starvation';
import { statsRange } from './analysis/range';

export interface CpuSummary {
  id: number;
  busy: number;
  user: number; kernel: number; interrupt: number; softint: number; spin: number; idle: number;
  contextSwitches: number;
  interrupts: number;
}

export interface LockSummary {
  name: string;
  type: string;
  acquisitions: number;
  contended: number;
  waitTotalNs: number;
  waitSpinNs: number;
  waitSleepNs: number;
  /** Mean wait of a contended acquisition (as perf lock contention's avg wait). */
  waitMeanNs: number;
  /** Longest whole wait (an adaptive lock's spin and sleep parts together). */
  waitMaxNs: number;
  holdTotalNs: number;
  holdMeanNs: number;
  /** Fraction of the range the lock was held exclusively. */
  utilization: number;
  /** Mean time from a release to the next holder running, over contended acquisitions (0: none). */
  handoffMeanNs: number;
  /** Acquisitions by CPU (index = CPU). */
  acquisitionsPerCpu: number[];
  /** How its waiters spin, when not the default queued: 'ticket' | 'tas'. */
  algorithm?: string;
}

export interface RunSummary {
  model: string;
  variant: string;
  seed: number;
  stopReason: StopReason;
  stopDetail: string;
  simulatedNs: number;
  rangeNs: { start: number; end: number };
  events: number;
  wallMs: number;
  records: number;
  bytes: number;
  cpus: CpuSummary[];
  locks: LockSummary[];
  counters: Record<string, { total: number; perCpu: number[] }>;
  packets?: PacketStats;
  /** Threads that never ran or were starved (absent: none). */
  starved?: ThreadWarning[];
}

export interface Range { start: number; end: number }

const clip = (s: number, d: number, r: Range) => Math.max(0, Math.min(s + d, r.end) - Math.max(s, r.start));

/**
 * `lockTable`: the lock table the caller has already computed (a replication's
 * lock numbers, `smplab view`): it is most of a summary's cost, so it
 * is not computed twice. Used only when it covers the summary's range.
 */
export function summarize(t: Trace, range?: Range, lockTable?: LockStatTable): RunSummary {
  const m = t.meta;
  // the one statistics range every view uses (after the warm-up)
  const r: Range = range ?? statsRange(m);
  const len = r.end - r.start;
  const sp = t.tables.spans;
  const n = t.length.spans;

  const cpuNs = Array.from({ length: m.cpus }, () => new Float64Array(6));
  for (let i = 0; i < n; i++) {
    const kind = sp.kind[i];
    const s = sp.start[i], d = sp.dur[i];
    if (kind === SpanKind.CpuState) {
      const c = cpuNs[sp.cpu[i]];
      if (c) c[sp.sub[i]] += clip(s, d, r);
    }
  }

  const ins = t.tables.instants;
  const switches = new Float64Array(m.cpus), interrupts = new Float64Array(m.cpus);
  for (let i = 0; i < t.length.instants; i++) {
    const time = ins.time[i];
    if (time < r.start || time >= r.end) continue;
    if (ins.kind[i] === InstantKind.ContextSwitch) switches[ins.cpu[i]]++;
    else if (ins.kind[i] === InstantKind.Interrupt) interrupts[ins.cpu[i]]++;
  }

  const cpus: CpuSummary[] = cpuNs.map((ns, id) => {
    // an empty range has no time in any state, and is not busy
    const f = (s: CpuState) => (len > 0 ? ns[s] / len : 0);
    const out = { id, busy: len > 0 ? 1 - f(CpuState.Idle) : 0 } as CpuSummary;
    CPU_STATE_NAMES.forEach((name, s) => { (out as unknown as Record<string, number>)[name] = f(s); });
    out.contextSwitches = switches[id];
    out.interrupts = interrupts[id];
    return out;
  });

  // One implementation of the lock numbers for the CLI and the lock table (src/trace/analysis/lockstat.ts).
  const same = lockTable && lockTable.range.start === r.start && lockTable.range.end === r.end;
  const stats = (same ? lockTable : lockStats(t, r)).rows;
  const byLock: (typeof stats)[number][] = [];
  for (const row of stats) byLock[row.lock] = row; // by id: a find per lock was quadratic (100k locks: 33 s)
  const lockOut: LockSummary[] = m.locks.map((_, id) => {
    const l = byLock[id];
    return {
      name: l.name, type: l.type, acquisitions: l.acquisitions, contended: l.contended,
      waitTotalNs: l.waitNs, waitSpinNs: l.spin.totalNs, waitSleepNs: l.sleep.totalNs, waitMeanNs: l.meanWaitNs,
      waitMaxNs: l.maxWaitNs, holdTotalNs: l.holdNs, holdMeanNs: l.meanHoldNs, utilization: l.utilisation,
      handoffMeanNs: l.meanHandoffNs, acquisitionsPerCpu: l.perCpu, ...(l.algorithm ? { algorithm: l.algorithm } : {}),
    };
  });

  const counters: RunSummary['counters'] = {};
  for (const [name, perCpu] of Object.entries(m.counterTotals)) counters[name] = { total: perCpu.reduce((a, b) => a + b, 0), perCpu };

  return {
    model: m.name, variant: m.variant, seed: m.seed, stopReason: m.stopReason, stopDetail: m.stopDetail,
    simulatedNs: m.endNs, rangeNs: r, events: m.events, wallMs: m.wallMs, records: recordCount(t), bytes: traceBytes(t),
    cpus, locks: lockOut, counters, ...(m.packets ? { packets: m.packets } : {}),
    ...(m.starved?.length ? { starved: starvationWarnings(m) } : {}),
  };
}
