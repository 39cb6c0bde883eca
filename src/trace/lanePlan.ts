// What the timeline's passes over a trace's spans would work out before they
// can fill its lanes, worked out by the HTML report's writer (which holds the
// whole trace) and stored beside the trace: how many spans go into each lane
// (each CPU's states, runs and lock lanes, each lock's hold and wait lanes),
// and for each lock span the lane the greedy colouring puts it in
// (laneColouring.ts) among its CPU's lock lanes and among its lock's holds or
// waits. With it the page fills every lane in one pass in row order: no
// counting pass first, no sorting and colouring of lock spans (at 1 M spans
// about 60 ms before the first paint, most of it code not yet optimised).
//
// A lane filled in row order is the lane the colouring makes only where its
// spans' rows ascend in it (their starts' order); a CPU, or a lock's holds or
// waits, where they do not gets no lane numbers (laid out on the page as
// before). The plan is only an index: the page checks every count as it fills
// and, when one does not hold, makes the passes itself.
import { colourLanes, MAX_CPU_LOCK_LANES, MAX_LOCK_HOLD_LANES, MAX_LOCK_WAIT_LANES, sortWithKeys } from './laneColouring';
import { SpanKind, type SpanColumns, type TraceMeta } from './schema';

/**
 * The layout of the plan (the report's data-smplab-lane-plan): a page reads only its own. 2: each lock span's byte
 * holds its lane among its lock's holds or waits too (1: its CPU lane alone).
 */
export const LANE_PLAN_VERSION = 2;

/** A lane number (either half of a lock span's byte) meaning none given. */
export const NO_LANE = 15;

export interface LanePlanCounts {
  /** Per CPU: CpuState spans and ThreadRun spans. */
  states: number[];
  runs: number[];
  /** Per CPU, MAX_CPU_LOCK_LANES each (CPU-major): lock spans in each lock lane; a CPU without lane numbers has all of them in its first. */
  lockLanes: number[];
  /** Per CPU: 1 when its lock spans have lane numbers, else 0. */
  planned: number[];
  /** Per lock: its holds and its waits (on CPUs of the trace). */
  holds: number[];
  waits: number[];
  /** Per lock, MAX_LOCK_HOLD_LANES (MAX_LOCK_WAIT_LANES) each: its holds (waits) in each of its lanes; without lane numbers all in its first. */
  holdLanes: number[];
  waitLanes: number[];
  /** Per lock: 1 when its holds (waits) have lane numbers, else 0. */
  plannedHolds: number[];
  plannedWaits: number[];
}

export interface LanePlan {
  counts: LanePlanCounts;
  /**
   * Per lock span on a CPU of the trace, in row order: its lane among its CPU's lock lanes (low four bits) and among
   * its lock's holds or waits (high four bits); NO_LANE where none is given.
   */
  lanes: Uint8Array;
}

type PlannedColumns = Pick<SpanColumns, 'start' | 'dur' | 'kind' | 'cpu' | 'obj'>;

const HOLD: number = SpanKind.LockHold;
const WAIT: number = SpanKind.LockWait;
const STATE: number = SpanKind.CpuState;
const RUN: number = SpanKind.ThreadRun;
const NONE_GIVEN = NO_LANE | (NO_LANE << 4);

/**
 * What goes into each of the timeline's lanes, with no lane numbers (the timeline's own first pass when it has no
 * plan: every lock span's lanes are laid out by buildLanes).
 */
export function laneCounts(meta: Pick<TraceMeta, 'cpus' | 'locks'>, sp: PlannedColumns, ns: number): LanePlan {
  const nc = meta.cpus;
  const nl = meta.locks.length;
  const states = new Array<number>(nc).fill(0);
  const runs = new Array<number>(nc).fill(0);
  const holds = new Array<number>(nl).fill(0);
  const waits = new Array<number>(nl).fill(0);
  const perCpu = new Array<number>(nc).fill(0);
  let nLockSpans = 0;
  const { cpu: cpuCol, kind: kindCol, obj: objCol } = sp;
  for (let i = 0; i < ns; i++) {
    const c = cpuCol[i];
    if (c >= nc) continue;
    const k = kindCol[i];
    if (k === STATE) states[c]++;
    else if (k === RUN) runs[c]++;
    else if (k === HOLD || k === WAIT) {
      perCpu[c]++;
      nLockSpans++;
      const l = objCol[i];
      if (l < nl) { if (k === HOLD) holds[l]++; else waits[l]++; }
    }
  }
  const firstOf = (per: number[], max: number) => {
    const out = new Array<number>(per.length * max).fill(0);
    per.forEach((n, x) => { out[x * max] = n; });
    return out;
  };
  return {
    counts: {
      states, runs, lockLanes: firstOf(perCpu, MAX_CPU_LOCK_LANES), planned: new Array<number>(nc).fill(0),
      holds, waits, holdLanes: firstOf(holds, MAX_LOCK_HOLD_LANES), waitLanes: firstOf(waits, MAX_LOCK_WAIT_LANES),
      plannedHolds: new Array<number>(nl).fill(0), plannedWaits: new Array<number>(nl).fill(0),
    },
    lanes: new Uint8Array(nLockSpans).fill(NONE_GIVEN),
  };
}

/** The plan of a trace's spans (`ns` of them) for the timeline's lanes. */
export function lanePlan(meta: Pick<TraceMeta, 'cpus' | 'locks'>, sp: PlannedColumns, ns: number): LanePlan {
  const nc = meta.cpus;
  const nl = meta.locks.length;
  const plan = laneCounts(meta, sp, ns);
  const { counts, lanes } = plan;
  // The lock spans of each CPU, each lock's holds and each lock's waits, in row order: their rows and their places
  // among all lock spans (the index into `lanes`).
  const groups = [
    ...Array.from({ length: nc }, (_, c) => counts.lockLanes[c * MAX_CPU_LOCK_LANES]),
    ...counts.holds, ...counts.waits,
  ].map((n) => ({ rows: new Uint32Array(n), place: new Uint32Array(n), fill: 0 }));
  const put = (g: number, i: number, j: number) => {
    const x = groups[g];
    x.rows[x.fill] = i;
    x.place[x.fill++] = j;
  };
  for (let i = 0, j = 0; i < ns; i++) {
    const c = sp.cpu[i];
    const k = sp.kind[i];
    if (c >= nc || (k !== HOLD && k !== WAIT)) continue;
    put(c, i, j);
    const l = sp.obj[i];
    if (l < nl) put(nc + (k === HOLD ? 0 : nl) + l, i, j);
    j++;
  }
  groups.forEach((g, x) => {
    const cpuGroup = x < nc;
    const max = cpuGroup ? MAX_CPU_LOCK_LANES : x < nc + nl ? MAX_LOCK_HOLD_LANES : MAX_LOCK_WAIT_LANES;
    const laneOf = rowOrderLanes(g.rows, sp, max);
    if (!laneOf) return; // all its spans stay counted in its first lane, with no lane numbers
    const [per, flags, at] = cpuGroup ? [counts.lockLanes, counts.planned, x]
      : x < nc + nl ? [counts.holdLanes, counts.plannedHolds, x - nc] : [counts.waitLanes, counts.plannedWaits, x - nc - nl];
    flags[at] = 1;
    for (let l = 0; l < max; l++) per[at * max + l] = 0;
    for (let p = 0; p < g.rows.length; p++) {
      per[at * max + laneOf[p]]++;
      const j = g.place[p];
      lanes[j] = cpuGroup ? (lanes[j] & 0xf0) | laneOf[p] : (lanes[j] & 0x0f) | (laneOf[p] << 4);
    }
  });
  return plan;
}

/**
 * Each span's lane (by position in `rows`, which ascend) as the colouring lays them out, or null when some lane's
 * rows would not ascend in it (a lane filled in row order would then differ).
 */
function rowOrderLanes(rows: Uint32Array, sp: PlannedColumns, max: number): Uint8Array | null {
  const n = rows.length;
  // Positions sorted by start, with their starts and durations beside them: ties in start fall to the earlier
  // position, which is the earlier row, as when the timeline sorts the rows themselves.
  const positions = new Uint32Array(n);
  const start = new Float64Array(n);
  const dur = new Float64Array(n);
  for (let p = 0; p < n; p++) { positions[p] = p; start[p] = sp.start[rows[p]]; dur[p] = sp.dur[rows[p]]; }
  const { order, key } = sortWithKeys(positions, start);
  const out = { laneOf: new Uint8Array(n), clipped: new Float64Array(n), ends: new Float64Array(n), counts: new Int32Array(max) };
  colourLanes(order, key, dur, max, out);
  const last = new Float64Array(max).fill(-1);
  const laneOf = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const l = out.laneOf[k];
    if (order[k] < last[l]) return null;
    last[l] = order[k];
    laneOf[order[k]] = l;
  }
  return laneOf;
}

/** The counts as read back from the report (JSON): undefined unless every array has the right length and whole numbers. */
export function checkedCounts(x: unknown, nc: number, nl: number): LanePlanCounts | undefined {
  const c = x as Partial<Record<keyof LanePlanCounts, unknown>> | null;
  if (!c || typeof c !== 'object') return undefined;
  const ok = (a: unknown, n: number): a is number[] => Array.isArray(a) && a.length === n && a.every((v) => Number.isSafeInteger(v) && v >= 0);
  if (!ok(c.states, nc) || !ok(c.runs, nc) || !ok(c.lockLanes, nc * MAX_CPU_LOCK_LANES) || !ok(c.planned, nc) || !ok(c.holds, nl) || !ok(c.waits, nl)
    || !ok(c.holdLanes, nl * MAX_LOCK_HOLD_LANES) || !ok(c.waitLanes, nl * MAX_LOCK_WAIT_LANES) || !ok(c.plannedHolds, nl) || !ok(c.plannedWaits, nl)) return undefined;
  // A lock's holds (waits) are the sum of its hold (wait) lanes.
  const sum = (a: number[], x: number, max: number) => a.slice(x * max, (x + 1) * max).reduce((n, v) => n + v, 0);
  for (let l = 0; l < nl; l++) {
    if (c.holds[l] !== sum(c.holdLanes, l, MAX_LOCK_HOLD_LANES) || c.waits[l] !== sum(c.waitLanes, l, MAX_LOCK_WAIT_LANES)) return undefined;
  }
  return c as LanePlanCounts;
}
