// Invariants every simulated trace must satisfy; the engine tests and the
// scenario tests call checkInvariants on each run.
import assert from 'node:assert/strict';
import { FlowKind, HoldFlags, SpanKind, WaitKind, type Trace } from '../../src/trace/schema';

export function checkInvariants(t: Trace): void {
  const sp = t.tables.spans;
  const n = t.length.spans;
  const end = t.meta.endNs;

  // 1. CPU state spans tile each CPU from 0 to the end, no gap, no overlap.
  const perCpu: number[][] = Array.from({ length: t.meta.cpus }, () => []);
  for (let i = 0; i < n; i++) if (sp.kind[i] === SpanKind.CpuState) perCpu[sp.cpu[i]].push(i);
  perCpu.forEach((idx, cpu) => {
    idx.sort((a, b) => sp.start[a] - sp.start[b]);
    let at = 0;
    for (const i of idx) {
      assert.equal(sp.start[i], at, `CPU ${cpu}: state span at ${sp.start[i]} should start at ${at}`);
      assert.ok(sp.dur[i] > 0, `CPU ${cpu}: empty state span at ${at}`);
      at = sp.start[i] + sp.dur[i];
    }
    assert.equal(at, end, `CPU ${cpu}: state spans end at ${at}, run ends at ${end}`);
  });

  // 2. An exclusive lock never has two holders; no exclusive hold overlaps a read hold (rwlock).
  const holds = new Map<number, number[]>();
  for (let i = 0; i < n; i++) if (sp.kind[i] === SpanKind.LockHold) {
    const l = sp.obj[i];
    if (!holds.has(l)) holds.set(l, []);
    holds.get(l)!.push(i);
  }
  for (const [l, idx] of holds) {
    const kind = t.meta.locks[l].kind;
    const excl = idx.filter((i) => !(sp.sub[i] & HoldFlags.Read)).sort((a, b) => sp.start[a] - sp.start[b]);
    for (let k = 1; k < excl.length; k++) {
      const prevEnd = sp.start[excl[k - 1]] + sp.dur[excl[k - 1]];
      assert.ok(sp.start[excl[k]] >= prevEnd, `lock ${t.meta.locks[l].name}: two holders at ${sp.start[excl[k]]}`);
    }
    if (kind === 'rw') {
      const reads = idx.filter((i) => sp.sub[i] & HoldFlags.Read);
      for (const w of excl) for (const r of reads) {
        const overlap = Math.min(sp.start[w] + sp.dur[w], sp.start[r] + sp.dur[r]) - Math.max(sp.start[w], sp.start[r]);
        assert.ok(overlap <= 0, `rwlock ${t.meta.locks[l].name}: reader and writer both hold it at ${Math.max(sp.start[w], sp.start[r])}`);
      }
    }
  }

  // 3. Every wait ends in an acquire by the same thread, or is still open at the end.
  const acquires = new Set<string>();
  for (let i = 0; i < n; i++) if (sp.kind[i] === SpanKind.LockHold) acquires.add(`${sp.obj[i]}/${sp.thread[i]}/${sp.start[i]}`);
  for (let i = 0; i < n; i++) {
    if (sp.kind[i] !== SpanKind.LockWait || (sp.sub[i] & WaitKind.Continued)) continue;
    const e = sp.start[i] + sp.dur[i];
    const lock = t.meta.locks[sp.obj[i]];
    // Open at the end, or granted by an atomic still under way at the stop (its hold would start after the
    // end, so the run has none); grace-period waits end in a wake-up, not an acquire.
    if (e >= end || lock.kind === 'pserialize') continue;
    assert.ok(acquires.has(`${sp.obj[i]}/${sp.thread[i]}/${e}`), `wait on ${lock.name} by thread ${sp.thread[i]} ending at ${e} has no acquire`);
  }

  // 4. Every wait that ended has a hand-off flow arriving at that instant for that thread (release → acquire).
  const fl = t.tables.flows;
  const handoffs = new Set<string>();
  for (let i = 0; i < t.length.flows; i++) if (fl.kind[i] === FlowKind.LockHandoff) handoffs.add(`${fl.obj[i]}/${fl.thread1[i]}/${fl.t1[i]}`);
  for (let i = 0; i < n; i++) {
    if (sp.kind[i] !== SpanKind.LockWait || (sp.sub[i] & WaitKind.Continued)) continue;
    const e = sp.start[i] + sp.dur[i];
    if (e === end) continue;
    assert.ok(handoffs.has(`${sp.obj[i]}/${sp.thread[i]}/${e}`), `wait on ${t.meta.locks[sp.obj[i]].name} ending at ${e} has no hand-off flow`);
  }

  // 5. Counter samples end at the exact totals, and never decrease.
  const c = t.tables.counters;
  t.meta.series.forEach((s, id) => {
    if (s.kind !== 'counter') return;
    let last = -1, lastT = -1, prev = -Infinity;
    for (let i = 0; i < t.length.counters; i++) if (c.series[i] === id) {
      assert.ok(c.value[i] >= prev, `counter ${s.name} decreased at ${c.time[i]}`);
      prev = c.value[i];
      if (c.time[i] >= lastT) { lastT = c.time[i]; last = c.value[i]; }
    }
    const total = t.meta.counterTotals[s.name].reduce((a, b) => a + b, 0);
    assert.equal(lastT, end, `counter ${s.name}: last sample at ${lastT}, not the end ${end}`);
    assert.equal(last, total, `counter ${s.name}: last sample ${last} != total ${total}`);
  });
}
