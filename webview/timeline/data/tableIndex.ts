// The timeline's index of the tables beside the spans: each CPU's marks
// (instants drawn on its track) and the flows in time order, grouped by the
// pair of CPUs they join. Pure, and built from the instants and flows alone:
// the report's decode worker builds it as soon as those tables are whole
// (reportAssembler.ts), while the page runs its passes over the spans, and
// TimelineIndex takes it (takeTableIndex) or builds it itself.
import { InstantKind, type Trace } from '../../../src/trace/schema';
import { buildFlowPairs, type FlowPairs } from '../flows/flowPairs';
import { buildLanes, emptyLane, sortByStart, type Lane } from './lane';

/** Marks drawn on a CPU track (interrupts, context switches, IPIs sent, drops, preemptions, wakeups), by InstantKind; 0: not a mark. */
const MARK_WEIGHT = new Float64Array(256);
MARK_WEIGHT[InstantKind.Drop] = 6;
MARK_WEIGHT[InstantKind.Interrupt] = 5;
MARK_WEIGHT[InstantKind.Ipi] = 4;
MARK_WEIGHT[InstantKind.Preempt] = 3;
MARK_WEIGHT[InstantKind.ContextSwitch] = 2;
MARK_WEIGHT[InstantKind.Wakeup] = 1;

export interface FlowIndex {
  /** Flow rows sorted by t0. */
  order: Uint32Array;
  t0: Float64Array;
  /** Longest t1 - t0: how far before a window a flow can start and still reach into it. */
  maxDur: number;
}

export interface TableIndex {
  /** Per CPU: its marks as zero-length records into the instants table. */
  marks: Lane[];
  flows: FlowIndex;
  pairs: FlowPairs;
}

/** What the index reads: the instants and flows tables, their lengths, and the CPU count. */
export type TableIndexInput = { meta: Pick<Trace['meta'], 'cpus'>; tables: Pick<Trace['tables'], 'instants' | 'flows'>; length: Pick<Trace['length'], 'instants' | 'flows'> };

/** Each CPU's marks lane. */
export function buildMarks(cpus: number, ins: Trace['tables']['instants'], ni: number): Lane[] {
  const nMarks = new Uint32Array(cpus);
  const markWeight = new Float64Array(ni);
  for (let i = 0; i < ni; i++) {
    markWeight[i] = MARK_WEIGHT[ins.kind[i]];
    if (ins.cpu[i] < cpus && markWeight[i] > 0) nMarks[ins.cpu[i]]++;
  }
  const marks = Array.from(nMarks, (n) => new Uint32Array(n));
  nMarks.fill(0);
  for (let i = 0; i < ni; i++) if (ins.cpu[i] < cpus && markWeight[i] > 0) marks[ins.cpu[i]][nMarks[ins.cpu[i]]++] = i;
  return marks.map((m) => buildLanes(m, ins.time, null, markWeight, 1, ins.kind)[0] ?? emptyLane());
}

export function buildFlows(t: Pick<TableIndexInput, 'tables' | 'length'>): FlowIndex {
  const fl = t.tables.flows;
  const order = sortByStart(Uint32Array.from({ length: t.length.flows }, (_, i) => i), fl.t0);
  const t0 = new Float64Array(order.length);
  let maxDur = 0;
  for (let k = 0; k < order.length; k++) {
    t0[k] = fl.t0[order[k]];
    maxDur = Math.max(maxDur, fl.t1[order[k]] - fl.t0[order[k]]);
  }
  return { order, t0, maxDur };
}

export function buildTableIndex(t: TableIndexInput): TableIndex {
  const flows = buildFlows(t);
  return { marks: buildMarks(t.meta.cpus, t.tables.instants, t.length.instants), flows, pairs: buildFlowPairs(t as Trace, flows.order) };
}

/** The typed arrays' buffers of a table index (to transfer it). */
export function tableIndexBuffers(x: TableIndex): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (...arrays: ArrayBufferView[]) => { for (const a of arrays) out.add(a.buffer as ArrayBuffer); };
  for (const m of x.marks) add(m.idx, m.start, m.end, m.weight, m.code);
  add(x.flows.order, x.flows.t0, x.pairs.ids, x.pairs.t0, x.pairs.start, x.pairs.maxDur, x.pairs.kindBefore);
  return [...out];
}

/** Table indexes built elsewhere (the report's worker), by the instants' time buffer and the flows' t0 buffer they were built from. */
const prebuilt = new WeakMap<ArrayBufferLike, { x: TableIndex; flowsT0: ArrayBufferLike; cpus: number; instants: number; flows: number }>();

/** A table index built from these very buffers (by identity) for a trace of `cpus` CPUs and these lengths. */
export function adoptTableIndex(x: TableIndex, instantsTime: ArrayBufferLike, flowsT0: ArrayBufferLike, cpus: number, length: { instants: number; flows: number }): void {
  prebuilt.set(instantsTime, { x, flowsT0, cpus, instants: length.instants, flows: length.flows });
}

/** The table index adopted for this trace's own buffers (taken once), if any. */
export function takeTableIndex(trace: Trace): TableIndex | undefined {
  const key = trace.tables.instants.time.buffer;
  const pre = prebuilt.get(key);
  if (!pre) return undefined;
  prebuilt.delete(key);
  const same = pre.flowsT0 === trace.tables.flows.t0.buffer && pre.cpus === trace.meta.cpus
    && pre.instants === trace.length.instants && pre.flows === trace.length.flows
    && pre.x.marks.length === trace.meta.cpus && pre.x.pairs.cpus === trace.meta.cpus;
  return same ? pre.x : undefined;
}
