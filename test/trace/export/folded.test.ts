// Folded stacks out (on-CPU, lock wait, differential) and back in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportFolded, exportFoldedDiff } from '../../../src/trace/export/folded';
import { importFoldedText } from '../../../src/trace/import/folded';
import { CpuState, SpanKind, WaitKind } from '../../../src/trace/schema';
import { lockRun } from './simRuns';

test('on-CPU folded weights add up to the non-idle CPU time, stacks root first', () => {
  const t = lockRun();
  const folded = exportFolded(t, 'cpu');
  const sp = t.tables.spans;
  let busy = 0;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.CpuState && sp.sub[i] !== CpuState.Idle) busy += sp.dur[i];
  const lines = folded.trim().split('\n');
  const total = lines.reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  assert.ok(Math.abs(total - busy) <= lines.length, `${total} vs ${busy}`); // each line rounded to the ns
  assert.ok(lines.some((l) => /^holder;inner(;|\s)/.test(l)), 'caller before callee');
  for (const l of lines) assert.match(l, /^[^ ;][^;]*(;[^;]+)* \d+$/);
});

test('wait folded: lock waits by waiter stack with the lock as leaf, total = wait time', () => {
  const t = lockRun();
  const lines = exportFolded(t, 'wait').trim().split('\n');
  const sp = t.tables.spans;
  let wait = 0, sleep = 0;
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.LockWait) {
    wait += sp.dur[i];
    if (sp.sub[i] & WaitKind.Sleep) sleep += sp.dur[i];
  }
  const sum = (re: RegExp) => lines.filter((l) => re.test(l)).reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  assert.ok(Math.abs(sum(/./) - wait) <= lines.length);
  assert.ok(Math.abs(sum(/;\[sx sleep\] \d+$/) - sleep) <= lines.length);
  assert.ok(sleep > 0);
});

test('folded import gives back the same folded file', () => {
  const folded = exportFolded(lockRun(), 'cpu');
  const r = importFoldedText('# a comment\n' + folded + 'broken line without count\n');
  assert.equal(r.malformed, 1);
  assert.equal(r.warnings[0].line, folded.split('\n').length + 1);
  assert.equal(exportFolded(r.trace, 'cpu'), folded);
});

test('differential folded: both runs per stack; a stack only one run has gets 0 in the other', () => {
  const a = lockRun();
  const b = importFoldedText('holder;inner 5000\nnew;path 700\n').trace;
  const diff = exportFoldedDiff(a, b, 'cpu').trim().split('\n');
  const row = (s: string) => diff.find((l) => l.startsWith(s + ' '))?.split(' ').slice(-2).map(Number);
  assert.deepEqual(row('new;path'), [0, 700]);
  const aInner = exportFolded(a, 'cpu').split('\n').find((l) => l.startsWith('holder;inner '));
  assert.deepEqual(row('holder;inner'), [Number(aInner!.split(' ')[1]), 5000]);
});

test('off-CPU folded from a real perf capture: blocked time by the stack the thread switched out with', async () => {
  const { importPerfScript } = await import('../../../src/trace/import/perfScript');
  const { fileSource } = await import('../../../src/trace/import/fileSource');
  const { exportOffCpuFolded } = await import('../../../src/trace/export/offCpu');
  const { join } = await import('node:path');
  const { trace } = await importPerfScript(fileSource(join(__dirname, '../../fixtures/perf/lock-contention-g.perf.txt')));
  const lines = exportOffCpuFolded(trace).trim().split('\n');
  // Expected total: gaps between consecutive runs of each thread.
  const sp = trace.tables.spans;
  const byThread = new Map<number, [number, number][]>();
  for (let i = 0; i < trace.length.spans; i++) if (sp.kind[i] === SpanKind.ThreadRun) {
    const l = byThread.get(sp.thread[i]) ?? [];
    l.push([sp.start[i], sp.start[i] + sp.dur[i]]);
    byThread.set(sp.thread[i], l);
  }
  let gaps = 0;
  for (const l of byThread.values()) { l.sort((a, b) => a[0] - b[0]); for (let k = 1; k < l.length; k++) gaps += Math.max(0, l[k][0] - l[k - 1][1]); }
  const total = lines.reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  assert.equal(total, gaps);
  assert.ok(gaps > 0);
  // Blocked in the kernel's scheduler, thread name first: "rm-8663;...;schedule;__schedule 1234".
  assert.ok(lines.some((l) => /^rm-\d+;.*;__schedule \d+$/.test(l)));
});
