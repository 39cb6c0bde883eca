// lockStats (typed arrays, per-actor hand-off buckets, a pending-wait ring
// with a count) against the same table computed the plain way
// (lockstatReference.ts), exactly, on traces of every shape the table meets:
// spinning, sleeping and adaptive locks, ticket and tas spinners, reader-writer
// holds, imported perf captures (waits only, unfinished waits) and perf lock
// tables (waitTotals), over the statistics range, the whole run and a
// selection — and the same traces with their flows or spans in reverse order,
// which the engine never writes but an imported file may.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compileModel } from '../../../src/model/index';
import { simulate } from '../../../src/sim/simulate';
import { importTraceFile } from '../../../src/trace/import';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { statsRange, type TimeRange } from '../../../src/trace/analysis/range';
import type { Trace } from '../../../src/trace/schema';
import { loadScenario } from '../../scenarios/helpers';
import { referenceLockStats } from './lockstatReference';

const FIX = join(__dirname, '../../fixtures/perf');

function scenario(name: string, variant = '', durationNs = 2_000_000, cpus?: number): Trace {
  return simulate(compileModel(loadScenario(name), { variant, durationNs, ...(cpus ? { cpus } : {}) }));
}

/** The same trace with one table's first `n` rows in reverse order. */
function reversed(t: Trace, table: 'spans' | 'flows'): Trace {
  const n = t.length[table];
  const cols = Object.fromEntries(Object.entries(t.tables[table]).map(([k, c]) => [k, (c as Float64Array).slice(0, n).reverse()]));
  return { ...t, tables: { ...t.tables, [table]: cols } } as Trace;
}

function same(name: string, t: Trace): void {
  const { startNs, endNs } = t.meta;
  const ranges: (TimeRange | undefined)[] = [undefined, { start: startNs, end: endNs }, statsRange(t.meta),
    { start: startNs + (endNs - startNs) * 0.3, end: startNs + (endNs - startNs) * 0.6 }];
  for (const r of ranges) {
    assert.deepStrictEqual(lockStats(t, r), referenceLockStats(t, r), `${name}, range ${r ? `${r.start}–${r.end}` : 'default'}`);
  }
}

/** [name, trace, whether its contended acquisitions have hand-off flows (a spin-only lock's big-lock recursion may have none)] */
const runs: [string, () => Trace, boolean][] = [
  ['queueing-lock 8 CPUs (spin)', () => scenario('queueing-lock', '', 2_000_000, 8), true],
  ['queueing-lock sleeping-waiters', () => scenario('queueing-lock', 'sleeping-waiters', 2_000_000, 8), true],
  ['ticket-vs-queued ticket 8 CPUs', () => scenario('ticket-vs-queued', '', 3_000_000, 8), true],
  ['ticket-vs-queued tas 8 CPUs', () => scenario('ticket-vs-queued', 'pre-2.6.25', 3_000_000, 8), true],
  ['giant-vs-mpsafe (adaptive, nested)', () => scenario('giant-vs-mpsafe'), true],
  ['read-mostly-sync rwlock (read holds)', () => scenario('read-mostly-sync', 'rwlock'), true],
  ['example-forwarding (a recursive adaptive Giant)', () => scenario('example-forwarding'), false],
];

for (const [name, make, handoffs] of runs) {
  test(`lock table equals the reference: ${name}, and with its flows and spans reversed`, () => {
    const t = make();
    const table = lockStats(t);
    assert.ok(table.rows.some((r) => r.contended > 0), 'the trace has contended acquisitions');
    if (handoffs) assert.ok(table.rows.some((r) => r.handoffs > 0), 'the trace has hand-offs');
    same(name, t);
    same(`${name}, flows reversed`, reversed(t, 'flows'));
    same(`${name}, spans reversed`, reversed(t, 'spans'));
  });
}

for (const file of ['futex.perf.txt.gz', 'rwsem.perf.txt.gz', 'udp.perf.txt.gz', 'lock-contention.txt', 'lock-contention-stacks.txt']) {
  test(`lock table equals the reference: imported ${file}`, async () => {
    const { trace } = await importTraceFile(join(FIX, file));
    assert.ok(lockStats(trace).rows.some((r) => r.waits > 0), 'the capture has lock waits');
    same(file, trace);
  });
}

test('the imported perf lock tables carry waitTotals (what the reference checks above)', async () => {
  const { trace } = await importTraceFile(join(FIX, 'lock-contention.txt'));
  assert.ok((trace.meta.waitTotals?.length ?? 0) > 0);
});
