// What the timeline's passes over a trace's spans would work out before they
// can fill its lanes, worked out by the HTML report's writer (which holds the
// whole trace) and stored beside the trace: how many spans go into each lane
// (each CPU's states, runs and lock lanes, each lock's holds and waits), and
// for each lock span the lane among its CPU's lock lanes the greedy colouring
// puts it in (laneColouring.ts). With it the page fills every lane in one pass
// in row order: no counting pass first, no sorting and colouring of each
// CPU's lock spans (at 10 M spans about a third of the passes' time).
//
// A lane filled in row order is the lane the colouring makes only where its
// spans' rows ascend in it (their starts' order); a CPU where they do not gets
// no lane numbers (its lock lanes are laid out on the page as before). The plan
// is only an index: the page checks every count as it fills and, when one does
// not hold, makes the passes itself.
import { colourLanes, MAX_CPU_LOCK_LANES, sortWithKeys } from './laneColouring';
import { SpanKind, type SpanColumns, type TraceMeta } from './schema';

/** The layout of the plan (the report's data-lane-plan): a page reads only its own. */
export const LANE_PLAN_VERSION = 1;

/** A lock span's lane number on a CPU without a plan. */
export const NO_LANE = 255;

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
}

export interface LanePlan {
  counts: LanePlanCounts;
  /** Per lock span on a CPU of the trace, in row order: its lane among its CPU's lock lanes (NO_LANE: none given). */
  lanes: Uint8Array;
}

type PlannedColumns = Pick<SpanColumns, 'start' | 'dur' | 'kind' | 'cpu' | 'obj'>;

const HOLD: number = SpanKind.LockHold;
const WAIT: number = SpanKind.LockWait;
const STATE: number = SpanKind.CpuState;
const RUN: number = SpanKind.ThreadRun;

/**
 * What goes into each of the timeline's lanes, with no lane numbers (the timeline's own first pass when it has no
 * plan: every CPU's lock spans are laid out by buildLanes).
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
  const lockLanes = new Array<number>(nc * MAX_CPU_LOCK_LANES).fill(0);
  for (let c = 0; c < nc; c++) lockLanes[c * MAX_CPU_LOCK_LANES] = perCpu[c];
  return { counts: { states, runs, lockLanes, planned: new Array<number>(nc).fill(0), holds, waits }, lanes: new Uint8Array(nLockSpans).fill(NO_LANE) };
}

/** The plan of a trace's spans (`ns` of them) for the timeline's lanes. */
export function lanePlan(meta: Pick<TraceMeta, 'cpus' | 'locks'>, sp: PlannedColumns, ns: number): LanePlan {
  const nc = meta.cpus;
  const { counts, lanes } = laneCounts(meta, sp, ns);
  const { lockLanes, planned } = counts;
  // Each CPU's lock span rows (in row order), and each one's place among all lock spans.
  const rows = Array.from({ length: nc }, (_, c) => new Uint32Array(lockLanes[c * MAX_CPU_LOCK_LANES]));
  const place = rows.map((r) => new Uint32Array(r.length));
  const fill = new Uint32Array(nc);
  for (let i = 0, j = 0; i < ns; i++) {
    const c = sp.cpu[i];
    const k = sp.kind[i];
    if (c >= nc || (k !== HOLD && k !== WAIT)) continue;
    rows[c][fill[c]] = i;
    place[c][fill[c]++] = j++;
  }
  for (let c = 0; c < nc; c++) {
    const n = rows[c].length;
    // Sorted by position among the CPU's lock spans, with their starts and durations beside them: ties in start fall
    // to the earlier position, which is the earlier row, as when the timeline sorts the rows themselves.
    const positions = new Uint32Array(n);
    const start = new Float64Array(n);
    const dur = new Float64Array(n);
    for (let p = 0; p < n; p++) { positions[p] = p; start[p] = sp.start[rows[c][p]]; dur[p] = sp.dur[rows[c][p]]; }
    const { order, key } = sortWithKeys(positions, start);
    const out = { laneOf: new Uint8Array(n), clipped: new Float64Array(n), ends: new Float64Array(n), counts: new Int32Array(MAX_CPU_LOCK_LANES) };
    colourLanes(order, key, dur, MAX_CPU_LOCK_LANES, out);
    // In row order in every lane? (sorted by start, ties by row: rows ascend unless starts and rows disagree)
    const last = new Float64Array(MAX_CPU_LOCK_LANES).fill(-1);
    let inRowOrder = true;
    for (let k = 0; k < n && inRowOrder; k++) {
      const l = out.laneOf[k];
      if (order[k] < last[l]) inRowOrder = false;
      last[l] = order[k];
    }
    if (!inRowOrder) continue; // all its lock spans stay counted in its first lane, with no lane numbers
    planned[c] = 1;
    for (let l = 0; l < MAX_CPU_LOCK_LANES; l++) lockLanes[c * MAX_CPU_LOCK_LANES + l] = out.counts[l];
    for (let k = 0; k < n; k++) lanes[place[c][order[k]]] = out.laneOf[k];
  }
  return { counts, lanes };
}

/** The counts as read back from the report (JSON): undefined unless every array has the right length and whole numbers. */
export function checkedCounts(x: unknown, nc: number, nl: number): LanePlanCounts | undefined {
  const c = x as Partial<Record<keyof LanePlanCounts, unknown>> | null;
  if (!c || typeof c !== 'object') return undefined;
  const ok = (a: unknown, n: number): a is number[] => Array.isArray(a) && a.length === n && a.every((v) => Number.isSafeInteger(v) && v >= 0);
  if (!ok(c.states, nc) || !ok(c.runs, nc) || !ok(c.lockLanes, nc * MAX_CPU_LOCK_LANES) || !ok(c.planned, nc) || !ok(c.holds, nl) || !ok(c.waits, nl)) return undefined;
  return c as LanePlanCounts;
}
