// The numbers a run is judged by, computed from the trace alone (so imported
// traces summarise the same way): per CPU time by state, per lock
// acquisitions / contention / wait / hold, counters, packets, run facts.
// Statistics cover [warm-up, end] unless a range is given.
import {
  CPU_STATE_NAMES, CpuState, InstantKind, SpanKind,
  recordCount, traceBytes, type DurColumn, type PacketStats, type StopReason, type Trace,
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

// The passes over the records see typed arrays and numbers only, never the
// trace's objects, whose hidden classes are new with every run: code that
// touched them was recompiled on every run of a pool worker (see lockstat.ts).

/** Time per CPU (index cpu × STATES + state) in each CPU state, clipped to [r0, r1). */
function cpuStateTime(
  start: Float64Array, dur: DurColumn, kind: Uint8Array, sub: Uint8Array, cpu: Uint16Array, n: number, cpus: number, r0: number, r1: number,
): Float64Array {
  const out = new Float64Array(cpus * STATES);
  for (let i = 0; i < n; i++) {
    if (kind[i] !== CPU_STATE) continue;
    const c = cpu[i], st = sub[i];
    if (c >= cpus || st >= STATES) continue;
    const s = start[i], d = dur[i];
    out[c * STATES + st] += Math.max(0, Math.min(s + d, r1) - Math.max(s, r0));
  }
  return out;
}

/** Context switches and interrupts per CPU in [r0, r1). */
function countInstants(
  time: Float64Array, kind: Uint8Array, cpu: Uint16Array, n: number, r0: number, r1: number, switches: Float64Array, interrupts: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const at = time[i];
    if (at < r0 || at >= r1) continue;
    const k = kind[i];
    if (k === CONTEXT_SWITCH) switches[cpu[i]]++;
    else if (k === INTERRUPT) interrupts[cpu[i]]++;
  }
}

const STATES = CPU_STATE_NAMES.length;
const CPU_STATE: number = SpanKind.CpuState;
const CONTEXT_SWITCH: number = InstantKind.ContextSwitch;
const INTERRUPT: number = InstantKind.Interrupt;

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
  const cpuNs = cpuStateTime(sp.start, sp.dur, sp.kind, sp.sub, sp.cpu, t.length.spans, m.cpus, r.start, r.end);
  const ins = t.tables.instants;
  const switches = new Float64Array(m.cpus), interrupts = new Float64Array(m.cpus);
  countInstants(ins.time, ins.kind, ins.cpu, t.length.instants, r.start, r.end, switches, interrupts);

  const cpus: CpuSummary[] = Array.from({ length: m.cpus }, (_, id) => {
    // an empty range has no time in any state, and is not busy
    const f = (s: CpuState) => (len > 0 ? cpuNs[id * STATES + s] / len : 0);
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
