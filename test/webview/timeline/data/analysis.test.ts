import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuState } from '../../../../src/trace/schema';
import { CODE_SHIFT, MAX_CPU_LOCK_LANES, MAX_LOCK_HOLD_LANES, MAX_LOCK_WAIT_LANES, prebuildSpans, TimelineIndex, WAIT_WEIGHT } from '../../../../webview/timeline/data/traceIndex';
import { buildLanes } from '../../../../webview/timeline/data/lane';
import { rangeTotals } from '../../../../webview/timeline/data/totals';
import { relatedFlows, visibleFlows, whoBlocked } from '../../../../webview/timeline/data/blockers';
import { lodSeries, readingAt, seriesColumns } from '../../../../webview/timeline/data/counters';
import { matcherFor, matchingSpans, spanMatches } from '../../../../webview/timeline/data/highlight';
import { A, B, GIANT, RT, smallTrace } from '../../fixtures/smallTrace';
import { syntheticTrace } from '../../fixtures/syntheticTrace';
import { SpanKind } from '../../../../src/trace/schema';

test('the index splits spans into per-CPU lanes, with nested holds in their own lane', () => {
  const { trace, ids } = smallTrace();
  const ix = new TimelineIndex(trace);
  assert.equal(ix.cpus.length, 2);
  assert.equal(ix.cpus[0].states.n, 4);
  assert.equal(ix.cpus[1].states.n, 5);
  assert.deepEqual(Array.from(ix.cpus[0].threads.idx), [ids.runA]);
  assert.equal(ix.cpus[0].locks.length, 2, 'rtentry nests inside Giant');
  assert.deepEqual(Array.from(ix.cpus[0].locks[0].idx), [ids.holdA]);
  assert.deepEqual(Array.from(ix.cpus[0].locks[1].idx), [ids.holdRt]);
  assert.deepEqual(Array.from(ix.cpus[1].locks[0].idx), [ids.waitB, ids.holdB]);
  assert.equal(ix.cpus[0].marks.n, 3);
  assert.deepEqual(ix.threadsOnCpu, [[A], [B]]);
  assert.deepEqual(ix.locksOnCpu[0], [GIANT, RT]);
  const g = ix.lock(GIANT);
  assert.deepEqual(g.holds.map((l) => Array.from(l.idx)), [[ids.holdA, ids.holdB]]);
  assert.deepEqual(g.waits.map((l) => Array.from(l.idx)), [[ids.waitB]]);
  assert.deepEqual(Array.from(ix.threadOnCpu(1, B).runs.idx), [ids.runB]);
  assert.deepEqual(ix.threadOnCpu(1, B).locks.map((l) => Array.from(l.idx)), [[ids.waitB, ids.holdB]]);
});

test('range totals: time by state per CPU, switches, lock waits and counter movement, clipped to the range', () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const t = rangeTotals(ix, 250, 550);
  assert.equal(t.cpus[0].ns[CpuState.Kernel], 250);
  assert.equal(t.cpus[0].ns[CpuState.Idle], 50);
  assert.equal(t.cpus[1].ns[CpuState.Kernel], 50 + 80);
  assert.equal(t.cpus[1].ns[CpuState.Spin], 170);
  for (const c of t.cpus) assert.equal(c.ns.reduce((a, v) => a + v, 0), 300, 'states tile the range');
  assert.equal(t.cpus[0].switches, 1);
  assert.equal(t.cpus[0].interrupts, 0);
  assert.equal(t.cpus[1].switches, 0);
  assert.deepEqual(t.locks, [{ lock: GIANT, name: 'Giant', waits: 1, spinNs: 170, sleepNs: 0, maxNs: 170 }]);
  const fwd = t.series.find((s) => s.name === 'ipstat.ips_forward')!;
  assert.deepEqual([fwd.first, fwd.last, fwd.delta, fwd.max], [1, 2, 1, 2], 'the sample at the end (550) is outside [250, 550)');
  assert.equal(fwd.ratePerSec, 1 / 300e-9);
  const q = t.series.find((s) => s.name === 'netisr.queue')!;
  assert.deepEqual([q.first, q.last, q.max], [0, 5, 5]);
  const whole = rangeTotals(ix, 0, 1000);
  assert.equal(whole.cpus[0].interrupts, 1);
  assert.equal(whole.cpus[0].switches, 2);
  assert.equal(whole.cpus[1].switches, 2);
});

test('range totals agree with a brute-force sum over a synthetic run', () => {
  const trace = syntheticTrace({ spans: 20_000, cpus: 4, seed: 7 });
  const ix = new TimelineIndex(trace);
  const r0 = trace.meta.endNs * 0.3;
  const r1 = trace.meta.endNs * 0.55;
  const t = rangeTotals(ix, r0, r1);
  const sp = trace.tables.spans;
  const want = Array.from({ length: 4 }, () => new Array(6).fill(0));
  let waitNs = 0;
  for (let i = 0; i < trace.length.spans; i++) {
    const d = Math.max(0, Math.min(sp.start[i] + sp.dur[i], r1) - Math.max(sp.start[i], r0));
    if (sp.kind[i] === SpanKind.CpuState) want[sp.cpu[i]][sp.sub[i]] += d;
    if (sp.kind[i] === SpanKind.LockWait) waitNs += d;
  }
  for (let c = 0; c < 4; c++) {
    for (let s = 0; s < 6; s++) assert.ok(Math.abs(t.cpus[c].ns[s] - want[c][s]) < 1e-6, `cpu ${c} state ${s}`);
    assert.ok(Math.abs(t.cpus[c].ns.reduce((a, v) => a + v, 0) - (r1 - r0)) < 1e-6);
  }
  const got = t.locks.reduce((a, l) => a + l.spinNs + l.sleepNs, 0);
  assert.ok(waitNs > 0 && Math.abs(got - waitNs) < 1e-6, `waits ${got} vs ${waitNs}`);
});

test('who blocked me: the other thread holding the lock during the wait, and the handoff that ended it', () => {
  const { trace, ids } = smallTrace();
  const ix = new TimelineIndex(trace);
  const w = whoBlocked(ix, ids.waitB)!;
  assert.deepEqual(w, { holds: [ids.holdA], holder: A, handoff: 0 });
  assert.equal(whoBlocked(ix, ids.holdA), null, 'only waits have blockers');
  assert.deepEqual(relatedFlows(ix, ids.holdA), [0], 'the handoff leaves the releasing hold');
  assert.deepEqual(relatedFlows(ix, ids.holdB), [0], 'and enters the waiter’s hold');
  assert.deepEqual(relatedFlows(ix, ids.holdRt), []);
  assert.deepEqual(visibleFlows(ix, 460, 480, 10), [0]);
  assert.deepEqual(visibleFlows(ix, 480, 900, 10), []);
});

test('who blocked me on a synthetic run: every blocker holds the lock while the waiter waits', () => {
  const trace = syntheticTrace({ spans: 20_000, cpus: 8, seed: 3 });
  const ix = new TimelineIndex(trace);
  const sp = trace.tables.spans;
  let checked = 0;
  for (let i = 0; i < trace.length.spans && checked < 200; i++) {
    if (sp.kind[i] !== SpanKind.LockWait) continue;
    const w = whoBlocked(ix, i)!;
    assert.ok(w.holds.length > 0, `wait ${i} has a blocker`);
    assert.equal(sp.thread[w.holds[0]], w.holder, 'the first blocker is the recorded holder');
    for (const h of w.holds) {
      assert.equal(sp.obj[h], sp.obj[i]);
      assert.ok(sp.start[h] < sp.start[i] + sp.dur[i] && sp.start[h] + sp.dur[h] > sp.start[i]);
    }
    assert.ok(w.handoff >= 0);
    assert.equal(trace.tables.flows.t1[w.handoff], sp.start[i] + sp.dur[i]);
    checked++;
  }
  assert.ok(checked > 50);
});

test('counter reading: value, delta and rate under the cursor; min/max per pixel column', () => {
  const { trace } = smallTrace();
  const ix = new TimelineIndex(trace);
  const s = ix.series[0];
  assert.equal(readingAt(s, 50), null);
  assert.deepEqual(readingAt(s, 100), { pos: 0, time: 100, value: 1, delta: 0, dtNs: 0, ratePerSec: 0 });
  const r = readingAt(s, 500)!;
  assert.deepEqual([r.value, r.delta, r.dtNs], [2, 1, 350]);
  assert.ok(Math.abs(r.ratePerSec - 1e9 / 350) < 1e-6);
  const q = ix.series[1];
  const cols = seriesColumns(10);
  lodSeries(q, 0, 100, 10, cols); // 100 ns per column
  assert.deepEqual(Array.from(cols.max), [0, 0, 0, 5, 5, 5, 5, 2, 2, 2]);
  assert.deepEqual(Array.from(cols.min), [0, 0, 0, 0, 5, 5, 2, 2, 2, 2], 'column 6 carries 5 in and drops to 2');
  const wide = seriesColumns(1);
  lodSeries(q, 0, 1000, 1, wide);
  assert.deepEqual([wide.min[0], wide.max[0]], [0, 5], 'a spike narrower than a pixel still shows');
  const before = seriesColumns(2);
  lodSeries(s, 0, 50, 2, before);
  assert.ok(Number.isNaN(before.min[0]), 'no value before the first sample');
});

test('search matches threads, locks, functions (through any frame of the stack) and counters', () => {
  const { trace, ids } = smallTrace();
  const m = matcherFor(trace.meta, { kind: 'search', text: 'IP_IN' })!;
  assert.equal(m.counts.functions, 1);
  assert.equal(spanMatches(trace, m, ids.holdRt), true, 'rtentry hold runs in ip_input');
  assert.equal(spanMatches(trace, m, ids.holdA), false);
  const g = matcherFor(trace.meta, { kind: 'search', text: 'giant' })!;
  assert.deepEqual(Array.from(matchingSpans(trace, g)), [ids.holdA, ids.waitB, ids.holdB]);
  const t = matcherFor(trace.meta, { kind: 'thread', id: B })!;
  assert.ok(spanMatches(trace, t, ids.runB) && !spanMatches(trace, t, ids.runA));
  const c = matcherFor(trace.meta, { kind: 'search', text: 'ips_forward' })!;
  assert.equal(c.counts.series, 1);
  assert.equal(c.series[0], 1);
  assert.equal(matcherFor(trace.meta, { kind: 'search', text: '  ' }), null);
  const f = matcherFor(trace.meta, { kind: 'function', name: 'ether_input' })!;
  assert.equal(spanMatches(trace, f, ids.waitB), true);
  assert.equal(spanMatches(trace, f, ids.runA), false, 'wm_rxintr alone is not ether_input');
});

test("a CPU's lock lanes, laid out from the spans gathered beside their rows, are the lanes buildLanes makes from the trace's columns", () => {
  for (const trace of [smallTrace().trace, syntheticTrace({ spans: 40_000, cpus: 4 })]) {
    const ix = new TimelineIndex(trace);
    const sp = trace.tables.spans;
    const weight = Float64Array.from({ length: trace.length.spans }, (_, i) => sp.dur[i] + (sp.kind[i] === SpanKind.LockWait ? WAIT_WEIGHT : 0));
    const code = Uint16Array.from({ length: trace.length.spans }, (_, i) => (sp.kind[i] << CODE_SHIFT) | sp.sub[i]);
    for (let c = 0; c < trace.meta.cpus; c++) {
      const rows: number[] = [];
      for (let i = 0; i < trace.length.spans; i++) if (sp.cpu[i] === c && (sp.kind[i] === SpanKind.LockHold || sp.kind[i] === SpanKind.LockWait)) rows.push(i);
      const want = buildLanes(Uint32Array.from(rows), sp.start, sp.dur, weight, MAX_CPU_LOCK_LANES, code);
      const got = ix.cpus[c].locks;
      assert.equal(got.length, want.length, `CPU ${c}`);
      got.forEach((lane, l) => {
        for (const key of ['idx', 'start', 'end', 'weight', 'code'] as const) assert.deepEqual(lane[key], want[l][key], `CPU ${c} lane ${l} ${key}`);
      });
    }
    // A lock's own track: its holds and its waits, from the same compact gathering.
    let waitLanes = 0;
    for (let l = 0; l < trace.meta.locks.length; l++) {
      const { holds, waits } = ix.lock(l);
      for (const [kind, max, got] of [[SpanKind.LockHold, MAX_LOCK_HOLD_LANES, holds], [SpanKind.LockWait, MAX_LOCK_WAIT_LANES, waits]] as const) {
        const rows: number[] = [];
        for (let i = 0; i < trace.length.spans; i++) if (sp.obj[i] === l && sp.kind[i] === kind && sp.cpu[i] < trace.meta.cpus) rows.push(i);
        const want = buildLanes(Uint32Array.from(rows), sp.start, sp.dur, weight, max, code);
        assert.equal(got.length, want.length, `lock ${l} kind ${kind}`);
        got.forEach((lane, k) => {
          for (const key of ['idx', 'start', 'end', 'weight', 'code'] as const) assert.deepEqual(lane[key], want[k][key], `lock ${l} kind ${kind} lane ${k} ${key}`);
        });
        if (kind === SpanKind.LockWait) waitLanes = Math.max(waitLanes, got.length);
      }
    }
    assert.ok(waitLanes >= 1);
  }
});

test('passes over the spans made before the trace is whole (the report\'s head start) give the index it makes itself, and only for those columns', () => {
  const trace = syntheticTrace({ spans: 30_000, cpus: 4 });
  const copy = (t: typeof trace): typeof trace => ({
    ...t, tables: { ...t.tables, spans: Object.fromEntries(Object.entries(t.tables.spans).map(([k, c]) => [k, c.slice()])) as unknown as typeof trace.tables.spans },
  });
  const fresh = new TimelineIndex(copy(trace));
  assert.equal(fresh.headStart, false);
  const mine = copy(trace);
  prebuildSpans(mine.meta, mine.tables.spans, mine.length.spans);
  // other columns of the same values: not taken
  assert.equal(new TimelineIndex(copy(mine)).headStart, false);
  const early = new TimelineIndex(mine);
  assert.equal(early.headStart, true);
  assert.equal(new TimelineIndex(mine).headStart, false, 'taken once');
  const lanes = (ix: TimelineIndex) => ix.cpus.map((c) => [c.states, c.threads, c.marks, ...c.locks].map((l) => [l.idx, l.start, l.end, l.weight, l.code].map((a) => Array.from(a))));
  assert.deepEqual(lanes(early), lanes(fresh));
  assert.deepEqual(early.threadsOnCpu, fresh.threadsOnCpu);
  assert.deepEqual(early.locksOnCpu, fresh.locksOnCpu);
  for (let l = 0; l < trace.meta.locks.length; l++) {
    assert.deepEqual(early.lockLaneCounts(l), fresh.lockLaneCounts(l));
    assert.deepEqual(Array.from(early.lockRows(l)), Array.from(fresh.lockRows(l)));
    const [a, b] = [early.lock(l), fresh.lock(l)];
    assert.deepEqual([...a.holds, ...a.waits].map((x) => Array.from(x.idx)), [...b.holds, ...b.waits].map((x) => Array.from(x.idx)));
  }
});
