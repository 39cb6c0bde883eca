// perf lock contention tables (captured text, its CSV form, per-task and
// verbose-with-stacks variants) → the lock table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileSource } from '../../../src/trace/import/fileSource';
import { importPerfLock, importPerfLockText } from '../../../src/trace/import/perfLock';
import { stackLabel, type Trace } from '../../../src/trace/schema';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { summarize } from '../../../src/trace/summary';
import { fastestCpuMicros } from '../../cpuTime';
import { checkTrace } from '../../../src/trace/integrity';

const FIX = join(__dirname, '../../fixtures/perf');

/** Per lock: wait count, total, max, as the lock table computes them (spans and counted totals). */
function table(t: Trace): Map<string, { n: number; total: number; max: number; sleep: boolean }> {
  const out = new Map<string, { n: number; total: number; max: number; sleep: boolean }>();
  for (const r of lockStats(t).rows) {
    if (r.waits) out.set(r.name, { n: r.waits, total: r.waitNs, max: r.maxWaitNs, sleep: r.sleep.count > 0 });
  }
  return out;
}

test('text table: each row\'s count, total and max wait come back exactly as printed', async () => {
  const r = await importPerfLock(fileSource(join(FIX, 'lock-contention.txt')));
  assert.equal(r.malformed, 0);
  const tab = table(r.trace);
  // " 3  6.04 ms  4.10 ms  2.01 ms  rwsem:W  do_filp_open+0xc3"
  assert.deepEqual(tab.get('do_filp_open+0xc3 (rwsem:W)'), { n: 3, total: 6_040_000, max: 4_100_000, sleep: true });
  // "46  715.78 us  44.80 us  15.56 us  spinlock  cgroup_move_task+0x2a"
  assert.deepEqual(tab.get('cgroup_move_task+0x2a (spinlock)'), { n: 46, total: 715_780, max: 44_800, sleep: false });
  // Two rows with the same caller and type (different stacks) are one lock.
  assert.equal(tab.get('__x64_sys_unlinkat+0x5d (rwsem:W)')?.total, 5_770_000 + 1_820_000);
  const rows = 40;
  assert.equal([...tab.values()].reduce((a, x) => a + x.n, 0) > rows, true);
  assert.equal(r.trace.meta.cpus, 0, 'no timeline');
  assert.equal(r.trace.meta.stopReason, 'imported');
});

test('the -x CSV form gives the same lock table as the text form', async () => {
  const text = table((await importPerfLock(fileSource(join(FIX, 'lock-contention.txt')))).trace);
  const csv = await importPerfLock(fileSource(join(FIX, 'lock-contention.csv')));
  assert.equal(csv.malformed, 0);
  assert.deepEqual(table(csv.trace), text);
});

test('CSV with stacks and a lock-address aggregation, as perf >= 6.5 prints them', () => {
  const r = importPerfLockText([
    '# output: total wait, type, caller, stacktrace',
    '37134, spinlock, rcu_core+0xd4, 0xffffffff9d0401e4 _raw_spin_lock_irqsave+0x44: 0xffffffff9c738114 rcu_core+0xd4: 0xffffffff9c600000 handle_softirqs+0x10',
    '# debug: total=7, bad=0',
  ].join('\n'));
  const sp = r.trace.tables.spans;
  assert.equal(r.trace.length.spans, 1);
  assert.equal(sp.dur[0], 37134);
  assert.equal(stackLabel(r.trace.meta, sp.stack[0]), 'handle_softirqs > rcu_core > _raw_spin_lock_irqsave');
  const byAddr = importPerfLockText([
    '# output: contended, total wait, max wait, avg wait, address, symbol, type',
    '6, 275025, 61764, 45837, ffff9dcc9f7d60d0, , spinlock',
    '2, 6472, 5499, 3236, ffff9dcc7f730e00, rq_lock, spinlock',
    'this line is broken',
  ].join('\n'));
  assert.deepEqual([...table(byAddr.trace).keys()], ['0xffff9dcc9f7d60d0', 'rq_lock']);
  assert.deepEqual(table(byAddr.trace).get('rq_lock'), { n: 2, total: 6472, max: 5499, sleep: false });
  assert.equal(byAddr.malformed, 1);
  assert.equal(byAddr.warnings[0].line, 4);
});

test('-v text: the stack under each row becomes its waits\' stack (root first)', async () => {
  const r = await importPerfLock(fileSource(join(FIX, 'lock-contention-stacks.txt')));
  assert.equal(r.malformed, 0);
  const sp = r.trace.tables.spans;
  const i = [...Array(r.trace.length.spans).keys()].find((k) => r.trace.meta.locks[sp.obj[k]].name === 'do_filp_open+0xc3 (rwsem:W)')!;
  assert.equal(stackLabel(r.trace.meta, sp.stack[i]),
    'entry_SYSCALL_64_after_hwframe > do_syscall_64 > __x64_sys_openat > do_sys_openat2 > do_filp_open > path_openat > down_write > rwsem_down_write_slowpath');
});

test('-t (per task): rows are threads', async () => {
  const r = await importPerfLock(fileSource(join(FIX, 'lock-contention-threads.txt')));
  const names = r.trace.meta.threads.map((t) => t.name);
  assert.ok(names.includes('rm-7971'));
  assert.ok(names.includes('npm install nod-7903'), 'comm with spaces');
  const sp = r.trace.tables.spans;
  const rm = r.trace.meta.threads.findIndex((t) => t.name === 'rm-7971');
  let n = 0;
  for (let i = 0; i < r.trace.length.spans; i++) if (sp.thread[i] === rm) n++;
  assert.equal(n, 1, 'the row\'s longest wait is drawn for its thread');
  assert.equal(table(r.trace).get('(all locks)')!.n > 1, true);
});

test('no table header: one clear error', () => {
  assert.throws(() => importPerfLockText('hello\n'), /no perf lock contention table header/);
});

test('a row\'s count is kept as a number: 99 bytes saying 1e9 waits import at once (issue 16: 6.3 GB, then a crash)', () => {
  const csv = '# output: contended, total wait, max wait, avg wait, type, caller\n1000000000, 5000000000000, 90000, 5000, spinlock, f+0x1\n';
  const r = importPerfLockText(csv);
  assert.ok(r.trace.length.spans <= 1);
  const row = table(r.trace).get('f+0x1 (spinlock)')!;
  assert.deepEqual(row, { n: 1e9, total: 5e12, max: 90000, sleep: false });
  assert.equal(summarize(r.trace).locks[0].contended, 1e9);
});

test('import + summary of a perf lock table is linear in its rows (issue 16: 25k rows 1.5 s, 100k 33 s)', () => {
  const text = (n: number) => {
    let s = ' contended   total wait     max wait     avg wait         type   caller\n\n';
    for (let i = 0; i < n; i++) s += `         3      6.04 ms      4.10 ms      2.01 ms      rwsem:W   fn_${i}+0xc3\n`;
    return s;
  };
  const small = text(2000), big = text(20000);
  const run = (s: string) => () => { summarize(importPerfLockText(s).trace); };
  run(small)(); // warm up
  const ratio = fastestCpuMicros(run(big)) / fastestCpuMicros(run(small));
  // 10x the rows: ~10x the time when linear (up to ~30x with a big heap's GC and cache misses), ~100x when quadratic.
  assert.ok(ratio < 50, `10x rows took ${ratio.toFixed(1)}x the time`);
});

test('more callers or tasks than the trace has lock and thread ids: the rest counted together, said once', () => {
  // 70,000 distinct callers made 70,000 locks, past the 16-bit ids (they wrapped onto other locks' rows).
  const n = 70_000;
  let callers = '# output: contended, total wait, max wait, avg wait, type, caller\n';
  let tasks = '# output: contended, total wait, max wait, avg wait, pid, comm\n';
  for (let i = 0; i < n; i++) {
    callers += `3, 3000, 1000, 1000, spinlock, fn_${i}+0x10\n`;
    tasks += `3, 3000, 1000, 1000, ${i + 1}, task${i}\n`;
  }
  const byCaller = importPerfLockText(callers);
  assert.doesNotThrow(() => checkTrace(byCaller.trace));
  assert.equal(byCaller.trace.meta.locks.length, 65_534, "65,533 named and one for the rest");
  assert.equal(byCaller.trace.meta.locks.at(-1)!.name, '(other locks)');
  assert.deepEqual(byCaller.warnings.map((w) => w.message), ['more than 65533 locks: the rest are counted together as "(other locks)"']);
  const st = lockStats(byCaller.trace);
  assert.equal(st.rows.reduce((a, r) => a + r.waits, 0), 3 * n, 'every wait counted');
  assert.equal(st.callers.filter((r) => r.waits > 0).length, n, 'each caller still its own row');

  const byTask = importPerfLockText(tasks);
  assert.doesNotThrow(() => checkTrace(byTask.trace));
  assert.equal(byTask.trace.meta.threads.length, 65_534);
  assert.deepEqual(byTask.warnings.map((w) => w.message), ['more than 65534 tasks: the rest are counted without a thread']);
  assert.equal(lockStats(byTask.trace).rows.reduce((a, r) => a + r.waits, 0), 3 * n);
});
