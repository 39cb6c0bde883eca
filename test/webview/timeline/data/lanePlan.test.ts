// The report writer's plan of the timeline's lanes (src/trace/lanePlan.ts):
// with it the page fills every lane in one pass, and the index is the one the
// passes without it make, lane for lane; a plan that does not fit the spans is
// not used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lanePlan, NO_LANE, type LanePlan } from '../../../../src/trace/lanePlan';
import { MAX_CPU_LOCK_LANES, MAX_LOCK_HOLD_LANES, MAX_LOCK_WAIT_LANES } from '../../../../src/trace/laneColouring';
import { SpanKind, type Trace } from '../../../../src/trace/schema';
import { simulate } from '../../../../src/sim/simulate';
import { lockContention } from '../../../../src/sim/workloads';
import { prebuildSpans, TimelineIndex } from '../../../../webview/timeline/data/traceIndex';
import { smallTrace } from '../../fixtures/smallTrace';
import { syntheticTrace } from '../../fixtures/syntheticTrace';
import { scenarioTrace } from '../../fixtures/reportPage';

const copy = (t: Trace): Trace => ({
  ...t, tables: { ...t.tables, spans: Object.fromEntries(Object.entries(t.tables.spans).map(([k, c]) => [k, c.slice()])) as unknown as Trace['tables']['spans'] },
});

/** The index of a copy of `trace` made with the plan (the report's head start), or without one. */
function indexOf(trace: Trace, plan?: LanePlan): TimelineIndex {
  const t = copy(trace);
  if (plan) prebuildSpans(t.meta, t.tables.spans, t.length.spans, plan);
  return new TimelineIndex(t);
}

function sameIndex(got: TimelineIndex, want: TimelineIndex, what: string): void {
  const lanes = (ix: TimelineIndex) => ix.cpus.map((c) => [c.states, c.threads, c.marks, ...c.locks].map((l) => [l.idx, l.start, l.end, l.weight, l.code].map((a) => Array.from(a))));
  assert.deepEqual(lanes(got), lanes(want), `${what}: CPU lanes`);
  assert.deepEqual(got.cpus.map((c) => c.states.mip?.base), want.cpus.map((c) => c.states.mip?.base), `${what}: mipmaps`);
  assert.deepEqual(got.threadsOnCpu, want.threadsOnCpu, `${what}: threads per CPU`);
  assert.deepEqual(got.locksOnCpu, want.locksOnCpu, `${what}: locks per CPU`);
  for (let l = 0; l < got.trace.meta.locks.length; l++) {
    assert.deepEqual(got.lockLaneCounts(l), want.lockLaneCounts(l), `${what}: lock ${l} lane counts`);
    assert.deepEqual(Array.from(got.lockRows(l)), Array.from(want.lockRows(l)), `${what}: lock ${l} rows`);
    const [a, b] = [got.lock(l), want.lock(l)];
    const flat = (x: typeof a) => [...x.holds, ...x.waits].map((lane) => [lane.idx, lane.start, lane.end, lane.weight, lane.code].map((v) => Array.from(v)));
    assert.deepEqual(flat(a), flat(b), `${what}: lock ${l} lanes`);
  }
}

const traces = (): [string, Trace][] => [
  ['small', smallTrace().trace],
  ['synthetic', syntheticTrace({ spans: 40_000, cpus: 4 })],
  ['lock contention', simulate(lockContention(4, 300_000, 3))],
  ['forwarding', scenarioTrace('example-forwarding', { durationNs: 2_000_000, cpus: 8 })],
];

test('with the writer\'s plan the lanes are filled in one pass, and the index is the one made without it', () => {
  for (const [name, trace] of traces()) {
    const plan = lanePlan(trace.meta, trace.tables.spans, trace.length.spans);
    const planned = indexOf(trace, plan);
    assert.equal(planned.lanePlanned, true, name);
    sameIndex(planned, indexOf(trace), name);
  }
});

test('the plan gives each lock span its lane among its CPU\'s lock lanes and its lock\'s holds or waits, and counts every lane', () => {
  const trace = scenarioTrace('example-forwarding', { durationNs: 2_000_000, cpus: 8 });
  const sp = trace.tables.spans;
  const { counts, lanes } = lanePlan(trace.meta, sp, trace.length.spans);
  let lockSpans = 0;
  const states = new Array<number>(trace.meta.cpus).fill(0);
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] === SpanKind.LockHold || sp.kind[i] === SpanKind.LockWait) lockSpans++;
    if (sp.kind[i] === SpanKind.CpuState) states[sp.cpu[i]]++;
  }
  assert.equal(lanes.length, lockSpans);
  assert.deepEqual(counts.states, states);
  assert.ok(counts.planned.some((p) => p === 1), 'some CPU is planned');
  assert.ok(counts.plannedHolds.some((p) => p === 1) && counts.plannedWaits.some((p) => p === 1), 'some lock\'s holds and waits are planned');
  assert.ok(lanes.every((b) => ((b & 15) < MAX_CPU_LOCK_LANES || (b & 15) === NO_LANE) && ((b >> 4) < MAX_LOCK_WAIT_LANES || (b >> 4) === NO_LANE)));
  assert.ok(lanes.some((b) => (b & 15) > 0 && (b & 15) !== NO_LANE), 'nested holds go to a second CPU lane');
  assert.ok(lanes.some((b) => (b >> 4) > 0 && (b >> 4) !== NO_LANE), 'overlapping waits go to a second lane of their lock');
  const ix = new TimelineIndex(trace);
  const used = (per: number[], x: number, max: number) => per.slice(x * max, (x + 1) * max).filter((n) => n > 0);
  counts.planned.forEach((p, c) => {
    if (p) assert.deepEqual(used(counts.lockLanes, c, MAX_CPU_LOCK_LANES), ix.cpus[c].locks.map((l) => l.n), `CPU ${c}`);
  });
  for (let l = 0; l < trace.meta.locks.length; l++) {
    const { holds, waits } = ix.lock(l);
    if (counts.plannedHolds[l]) assert.deepEqual(used(counts.holdLanes, l, MAX_LOCK_HOLD_LANES), holds.map((x) => x.n), `lock ${l} holds`);
    if (counts.plannedWaits[l]) assert.deepEqual(used(counts.waitLanes, l, MAX_LOCK_WAIT_LANES), waits.map((x) => x.n), `lock ${l} waits`);
  }
});

test('a CPU (or a lock\'s holds or waits) whose lanes would not be in row order gets no lane numbers, and its lanes are laid out on the page', () => {
  // Rows in reverse time order: every lane's rows descend, so no CPU can be filled in row order.
  const base = syntheticTrace({ spans: 20_000, cpus: 2 });
  const n = base.length.spans;
  const rev = copy(base);
  for (const [k, c] of Object.entries(base.tables.spans)) {
    const out = (rev.tables.spans as unknown as Record<string, { [i: number]: number }>)[k];
    for (let i = 0; i < n; i++) out[i] = (c as ArrayLike<number>)[n - 1 - i];
  }
  const plan = lanePlan(rev.meta, rev.tables.spans, n);
  assert.deepEqual(plan.counts.planned, [0, 0]);
  assert.ok(plan.lanes.every((b) => (b & 15) === NO_LANE));
  const planned = indexOf(rev, plan);
  assert.equal(planned.lanePlanned, true);
  sameIndex(planned, indexOf(rev), 'reversed');
});

test('a plan that does not fit the spans is not used: the passes are made as without one', () => {
  const trace = simulate(lockContention(4, 200_000, 5));
  const plan = lanePlan(trace.meta, trace.tables.spans, trace.length.spans);
  const want = indexOf(trace);
  const damaged: [string, LanePlan][] = [
    ['a state too many', { ...plan, counts: { ...plan.counts, states: plan.counts.states.map((n, c) => (c === 0 ? n + 1 : n)) } }],
    ['a state too few', { ...plan, counts: { ...plan.counts, states: plan.counts.states.map((n, c) => (c === 1 ? n - 1 : n)) } }],
    ['a CPU lane past the last lane', { ...plan, lanes: plan.lanes.map((b, k) => (k === 7 ? (b & 0xf0) | MAX_CPU_LOCK_LANES : b)) }],
    ['a lock lane past the last lane', { ...plan, lanes: plan.lanes.map((b, k) => (k === 7 ? (b & 0x0f) | (MAX_LOCK_WAIT_LANES << 4) : b)) }],
    ['lane numbers cut short', { ...plan, lanes: plan.lanes.subarray(0, plan.lanes.length - 1) }],
    ['hold and wait lanes swapped', { ...plan, counts: { ...plan.counts, holdLanes: plan.counts.waitLanes, waitLanes: plan.counts.holdLanes } }],
    ['a lock\'s spans too few', { ...plan, counts: { ...plan.counts, holds: plan.counts.holds.map((n) => n - 1) } }],
    ['a CPU lane moved', { ...plan, lanes: plan.lanes.map((b, k) => (k === 3 ? (b & 0xf0) | (((b & 15) + 1) % MAX_CPU_LOCK_LANES) : b)) }],
    ['a lock lane moved', { ...plan, lanes: plan.lanes.map((b, k) => (k === 3 ? (b & 0x0f) | ((((b >> 4) + 1) % MAX_LOCK_HOLD_LANES) << 4) : b)) }],
    ['lane numbers where none are given', { ...plan, counts: { ...plan.counts, planned: plan.counts.planned.map(() => 0) } }],
  ];
  assert.ok(plan.counts.planned.every((p) => p === 1) && plan.counts.plannedHolds.every((p) => p === 1), 'the damage is to a plan in use');
  for (const [what, bad] of damaged) {
    const ix = indexOf(trace, bad);
    assert.equal(ix.lanePlanned, false, what);
    sameIndex(ix, want, what);
  }
});
