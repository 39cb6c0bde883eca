// The timeline's index of the instants and flows, built apart from the spans
// (the report's decode worker makes it while the page runs its passes over
// the spans): the same marks, flow order and flow pairs TimelineIndex builds
// itself, taken only for the very buffers it was made from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adoptTableIndex, buildTableIndex, tableIndexBuffers } from '../../../../webview/timeline/data/tableIndex';
import { TimelineIndex } from '../../../../webview/timeline/data/traceIndex';
import type { Lane } from '../../../../webview/timeline/data/lane';
import { syntheticTrace } from '../../fixtures/syntheticTrace';
import { smallTrace } from '../../fixtures/smallTrace';

const lane = (l: Lane) => ({ n: l.n, idx: [...l.idx], start: [...l.start], end: [...l.end], weight: [...l.weight], code: [...l.code], mip: l.mip && { t0: l.mip.t0, base: l.mip.base, levels: l.mip.levels.length } });

for (const [name, trace] of [['small', smallTrace().trace], ['synthetic', syntheticTrace({ spans: 50_000, cpus: 4 })]] as const) {
  test(`${name}: the table index built apart is the one TimelineIndex builds, and is taken for its own buffers`, () => {
    const own = new TimelineIndex(trace);
    assert.equal(own.tablesHeadStart, false);
    const x = buildTableIndex(trace);
    assert.ok(trace.length.flows > 0 && trace.length.instants > 0);
    assert.deepEqual(x.marks.map(lane), own.cpus.map((c) => lane(c.marks)));
    assert.deepEqual({ ...x.flows, order: [...x.flows.order], t0: [...x.flows.t0] }, { ...own.flows, order: [...own.flows.order], t0: [...own.flows.t0] });
    assert.deepEqual(x.pairs, own.flowPairs);
    // every typed array of it named for transfer, each buffer once
    const buffers = tableIndexBuffers(x);
    assert.equal(new Set(buffers).size, buffers.length);
    assert.ok(buffers.includes(x.flows.order.buffer as ArrayBuffer) && buffers.includes(x.pairs.kindBefore.buffer as ArrayBuffer));

    adoptTableIndex(x, trace.tables.instants.time.buffer, trace.tables.flows.t0.buffer, trace.meta.cpus, trace.length);
    const taken = new TimelineIndex(trace);
    assert.equal(taken.tablesHeadStart, true);
    assert.equal(taken.flows, x.flows);
    assert.equal(taken.flowPairs, x.pairs);
    assert.equal(new TimelineIndex(trace).tablesHeadStart, false, 'taken once');

    // for other buffers (a copy of the flows), or other counts: not taken
    adoptTableIndex(x, trace.tables.instants.time.buffer, trace.tables.flows.t0.slice().buffer, trace.meta.cpus, trace.length);
    assert.equal(new TimelineIndex(trace).tablesHeadStart, false);
    adoptTableIndex(x, trace.tables.instants.time.buffer, trace.tables.flows.t0.buffer, trace.meta.cpus + 1, trace.length);
    assert.equal(new TimelineIndex(trace).tablesHeadStart, false);
  });
}
