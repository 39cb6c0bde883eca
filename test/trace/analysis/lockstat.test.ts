import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockStats } from '../../../src/trace/analysis/lockstat';
import { fixture, lockScenario } from './fixtures';

const near = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} != ${b}`);

test('whole run: per-lock numbers worked out by hand', () => {
  const { trace, A, B, C } = lockScenario();
  const t = lockStats(trace);
  assert.equal(t.rangeNs, 1000);
  // Giant waits 30 + 50 = 80 > if_snd's 10: Giant first.
  assert.deepEqual(t.rows.map((r) => r.name), ['Giant', 'if_snd']);
  const g = t.rows[0];
  assert.equal(g.type, 'mutex');
  assert.equal(g.waitPolicy, 'adaptive');
  // Holds: T0 [0,100), T1 [100,130), T0 [150,160).
  assert.equal(g.acquisitions, 3);
  // Only T1's hold at 100 follows a wait (the sleep ending at 100); the spin
  // ending at 50 continues into the sleep, so one contended acquire, not two.
  assert.equal(g.contended, 1);
  near(g.contendedPct, 100 / 3);
  assert.deepEqual(g.spin, { count: 1, totalNs: 30, maxNs: 30 });
  assert.deepEqual(g.sleep, { count: 1, totalNs: 50, maxNs: 50 });
  assert.equal(g.waitNs, 80);
  assert.equal(g.meanWaitNs, 80); // 80 ns over one contended acquire
  assert.equal(g.maxWaitNs, 80); // the spin (marked continued) and the sleep are one wait of 30 + 50
  assert.equal(g.holdNs, 140); // 100 + 30 + 10
  near(g.meanHoldNs, 140 / 3);
  assert.equal(g.maxHoldNs, 100);
  near(g.utilisation, 0.14); // 140 / 1000
  assert.equal(g.src, 100);
  // Contending paths: only B waited. B's holds: [100,130), contended.
  assert.equal(g.paths.length, 1);
  const p = g.paths[0];
  assert.equal(p.stack, B);
  assert.equal(p.label, 'netisr > ip_input');
  assert.equal(p.src, 4); // the leaf frame's source: the `lock:` step
  assert.equal(p.acquisitions, 1);
  assert.equal(p.contended, 1);
  assert.equal(p.waitNs, 80);
  assert.equal(p.holdNs, 30);
  // Top holders: A held Giant [0,100) while T1 waited.
  assert.deepEqual(g.holders, [{ stack: A, label: 'wm_rxintr > ether_input', src: 2, count: 1, holdNs: 100 }]);

  const s = t.rows[1];
  assert.equal(s.acquisitions, 2);
  assert.equal(s.contended, 1); // T0's hold at 210 follows its spin ending at 210
  assert.equal(s.contendedPct, 50);
  assert.deepEqual(s.spin, { count: 1, totalNs: 10, maxNs: 10 });
  assert.equal(s.sleep.count, 0);
  assert.equal(s.holdNs, 60);
  near(s.utilisation, 0.06);
  assert.equal(s.paths.length, 1);
  assert.equal(s.paths[0].stack, C);
  assert.equal(s.paths[0].acquisitions, 2); // both holds ran on C
  assert.deepEqual(s.holders.map((h) => [h.stack, h.count, h.holdNs]), [[C, 1, 30]]);
});

test('a range restricts and clips', () => {
  const { trace } = lockScenario();
  // [40,120): T0's Giant hold clips to [40,100) = 60, T1's spin to [40,50) = 10,
  // the sleep [50,100) = 50 whole, T1's hold to [100,120) = 20; nothing of if_snd.
  const t = lockStats(trace, { start: 40, end: 120 });
  assert.equal(t.rangeNs, 80);
  const g = t.rows[0];
  assert.equal(g.name, 'Giant');
  assert.equal(g.acquisitions, 2);
  assert.equal(g.contended, 1); // matched even though the spin began before the range
  assert.equal(g.spin.totalNs, 10);
  assert.equal(g.sleep.totalNs, 50);
  assert.equal(g.holdNs, 80);
  assert.equal(g.maxHoldNs, 60);
  near(g.utilisation, 1); // 80 of 80
  assert.deepEqual(g.holders.map((h) => h.holdNs), [60]);
  const s = t.rows[1];
  assert.equal(s.name, 'if_snd');
  assert.equal(s.acquisitions + s.spin.count + s.holdNs, 0);
});

test('no thread: the CPU matches a wait to its hold; mean wait falls back to wait spans', () => {
  const f = fixture({ cpus: 2, locks: [['rx', 'spin', 'spin']] });
  const S = f.stack('intr@1');
  // Interrupt context (thread NONE = 0xffff) on cpu 1: spin [0,5), hold [5,8).
  f.b.span(0, 5, 3, 0, 1, 0xffff, 0, 0, S);
  f.b.span(5, 3, 2, 0, 1, 0xffff, 0, 0, S);
  // cpu 0 spins [10,14) but the run's range ends before it acquires.
  f.b.span(10, 4, 3, 0, 0, 0xffff, 0, 0, S);
  f.b.span(14, 2, 2, 0, 0, 0xffff, 0, 0, S);
  const all = lockStats(f.finish(20)).rows[0];
  assert.equal(all.contended, 2);
  assert.equal(all.meanWaitNs, 4.5); // (5 + 4) / 2 contended acquires
  const part = lockStats(f.finish(20), { start: 9, end: 14 }).rows[0];
  // In [9,14) only the cpu 0 spin (4 ns) lies; its hold starts at 14, outside.
  assert.equal(part.acquisitions, 0);
  assert.equal(part.contended, 0);
  assert.equal(part.meanWaitNs, 4); // per wait span, as no acquire is in range
});

test('read holds count as holds but not toward utilisation', () => {
  const f = fixture({ cpus: 2, threads: ['R0', 'R1', 'W'], locks: [['rt', 'rw', 'sleep']] });
  const S = f.stack('lookup@1');
  // Two readers overlap on [0,60) and [20,80) (sub 2 = Read); a writer holds [80,90).
  f.b.span(0, 60, 2, 2, 0, 0, 0, 0, S);
  f.b.span(20, 60, 2, 2, 1, 1, 0, 0, S);
  f.b.span(80, 10, 2, 0, 0, 2, 0, 0, S);
  const r = lockStats(f.finish(100)).rows[0];
  assert.equal(r.acquisitions, 3);
  assert.equal(r.holdNs, 130);
  near(r.utilisation, 0.1); // only the writer's 10 of 100 is exclusive
});

test('a capture\'s very deep call path is labelled by its innermost 64 frames, the rest shown as …', () => {
  const f = fixture({ cpus: 1, threads: ['T0'], locks: [['L', 'spin', 'spin']] });
  const deep = f.stack(...Array.from({ length: 1000 }, (_, i) => `fn${i}`));
  const shallow = f.stack('a', 'b');
  // span(start, dur, kind, sub, cpu, thread, obj, aux, stack): T0 spins [0,10) then holds [10,20), on each stack
  for (const [at, st] of [[0, deep], [100, shallow]]) {
    f.b.span(at, 10, 3, 0, 0, 0, 0, 0, st);
    f.b.span(at + 10, 10, 2, 1, 0, 0, 0, 0, st);
  }
  const paths = lockStats(f.finish(1000)).rows[0].paths;
  const labels = paths.map((p) => p.label);
  assert.ok(labels.includes('a > b'), labels.join(' | '));
  const long = labels.find((l) => l.startsWith('…'))!;
  const names = long.split(' > ');
  assert.equal(names.length, 65);
  assert.deepEqual([names[0], names[1], names[64]], ['…', 'fn936', 'fn999']);
});
