// Flows grouped by the pair of CPU tracks they join (source CPU, target CPU),
// each group in t0 order, with per-kind prefix counts. Built once per trace,
// on first use: a zoomed-out frame then finds the flows of a pair in a time
// bucket with two binary searches and reads how many of each kind it holds
// with two subtractions, whatever the number of flows in the bucket.
import type { Trace } from '../../../src/trace/schema';

export interface FlowPairs {
  cpus: number;
  /** Flow ids grouped by pair (g = cpu0 * cpus + cpu1), in t0 order within a pair. */
  ids: Uint32Array;
  /** t0 of ids[k], contiguous so a pair's range can be searched. */
  t0: Float64Array;
  /** Pair g holds positions [start[g], start[g + 1]). */
  start: Uint32Array;
  /** Longest t1 - t0 per pair: how far before a window a pair's flow can start and still reach into it. */
  maxDur: Float64Array;
  /** Flow kinds are 0 .. kinds-1. */
  kinds: number;
  /** kindBefore[kind * (n + 1) + k]: flows of that kind at positions < k. */
  kindBefore: Uint32Array;
}

/** `order`: every flow id sorted by t0 (the timeline's flow index), so each pair comes out sorted too. */
export function buildFlowPairs(trace: Trace, order: Uint32Array): FlowPairs {
  const fl = trace.tables.flows;
  const cpus = trace.meta.cpus;
  const groups = cpus * cpus;
  const counts = new Uint32Array(groups + 1);
  let kinds = 1;
  // Flows whose end is not on a CPU track (no anchor to draw from) are left out.
  const pairOf = (f: number) => (fl.cpu0[f] < cpus && fl.cpu1[f] < cpus ? fl.cpu0[f] * cpus + fl.cpu1[f] : -1);
  for (let k = 0; k < order.length; k++) {
    const g = pairOf(order[k]);
    if (g >= 0) counts[g + 1]++;
    kinds = Math.max(kinds, fl.kind[order[k]] + 1);
  }
  const start = new Uint32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g] + counts[g + 1];
  const n = start[groups];
  const ids = new Uint32Array(n);
  const t0 = new Float64Array(n);
  const maxDur = new Float64Array(groups);
  const next = start.slice(0, groups);
  for (let k = 0; k < order.length; k++) {
    const f = order[k];
    const g = pairOf(f);
    if (g < 0) continue;
    const p = next[g]++;
    ids[p] = f;
    t0[p] = fl.t0[f];
    const d = fl.t1[f] - fl.t0[f];
    if (d > maxDur[g]) maxDur[g] = d;
  }
  const kindBefore = new Uint32Array(kinds * (n + 1));
  for (let kind = 0; kind < kinds; kind++) {
    const base = kind * (n + 1);
    for (let p = 0; p < n; p++) kindBefore[base + p + 1] = kindBefore[base + p] + (fl.kind[ids[p]] === kind ? 1 : 0);
  }
  return { cpus, ids, t0, start, maxDur, kinds, kindBefore };
}

/** How many flows of each kind sit at positions [a, b). */
export function kindCounts(p: FlowPairs, a: number, b: number): number[] {
  const n1 = p.ids.length + 1;
  const out: number[] = [];
  for (let kind = 0; kind < p.kinds; kind++) out.push(p.kindBefore[kind * n1 + b] - p.kindBefore[kind * n1 + a]);
  return out;
}

/** The most frequent kind at positions [a, b) (the lower kind on a tie): the colour of their aggregate arrow. */
export function majorityKind(p: FlowPairs, a: number, b: number): number {
  const n1 = p.ids.length + 1;
  let best = 0;
  let bestCount = -1;
  for (let kind = 0; kind < p.kinds; kind++) {
    const c = p.kindBefore[kind * n1 + b] - p.kindBefore[kind * n1 + a];
    if (c > bestCount) { best = kind; bestCount = c; }
  }
  return best;
}

/** Source and target CPU of pair g. */
export function pairCpus(p: FlowPairs, g: number): [number, number] {
  return [Math.floor(g / p.cpus), g % p.cpus];
}

/** The flow that stands for positions [a, b) of one pair when they are drawn as one arrow: the middle one in time. */
export function medianFlow(p: FlowPairs, a: number, b: number): number {
  return p.ids[(a + b - 1) >>> 1];
}
