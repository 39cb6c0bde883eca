import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flameOnCpu, flameWait, flameWakeup } from '../../../src/trace/analysis/flame';
import { findPath, nodeName, toFolded } from '../../../src/trace/analysis/flameTree';
import { cpuScenario, fixture, lockScenario } from './fixtures';

test('on-CPU: idle excluded, spin included, frames merged by name', () => {
  const t = flameOnCpu(cpuScenario());
  // 100 + 50 + 30 on cpu 0, 40 + 60 on cpu 1.
  assert.equal(t.total[0], 280);
  assert.equal(nodeName(t, 0), 'on-CPU');
  // ether_input@2 (100) and ether_input@6 (30) are one frame of 130.
  assert.equal(toFolded(t), [
    'netisr;ip_input 40',
    'netisr;ip_input;ip_output 60',
    'wm_rxintr 50',
    'wm_rxintr;ether_input 130',
  ].join('\n'));
  const wm = findPath(t, ['wm_rxintr']);
  assert.equal(t.total[wm], 180);
  assert.equal(t.self[wm], 50);
  const ether = findPath(t, ['wm_rxintr', 'ether_input']);
  assert.equal(t.src[ether], 2); // the heavier of its two steps (100 ns vs 30 ns)
  assert.equal(t.depth[ether], 2);
  assert.equal(t.maxDepth, 3);
  assert.equal(t.total[findPath(t, ['netisr'])], 100);
});

test('on-CPU restricted to a range', () => {
  // [90,160): kernel [90,100) = 10 on cpu 0, interrupt [150,160) = 10,
  // softint [90,100) = 10 on cpu 1.
  const t = flameOnCpu(cpuScenario(), { start: 90, end: 160 });
  assert.equal(t.total[0], 30);
  assert.equal(toFolded(t), ['netisr;ip_input;ip_output 10', 'wm_rxintr 10', 'wm_rxintr;ether_input 10'].join('\n'));
});

test('lock wait: by stack with a leaf naming the lock and the kind of wait', () => {
  const { trace } = lockScenario();
  const t = flameWait(trace);
  // Giant: spin 30 + sleep 50 on B; if_snd: spin 10 on C.
  assert.equal(t.total[0], 90);
  assert.equal(toFolded(t), [
    'ip_output;[if_snd spin] 10',
    'netisr;ip_input;[Giant sleep] 50',
    'netisr;ip_input;[Giant spin] 30',
  ].join('\n'));
  assert.equal(t.src[findPath(t, ['netisr', 'ip_input', '[Giant spin]'])], 100); // the lock's declaration
  assert.equal(t.src[findPath(t, ['netisr', 'ip_input'])], 4); // the `lock:` step
  const spinOnly = flameWait(trace, null, { spin: true, sleep: false });
  assert.equal(spinOnly.total[0], 40);
  const sleepOnly = flameWait(trace, { start: 0, end: 60 }, { spin: false, sleep: true });
  assert.equal(toFolded(sleepOnly), 'netisr;ip_input;[Giant sleep] 10'); // [50,60)
});

test('wakeup chains: waiter, "--", then the releaser leaf first', () => {
  const { trace } = lockScenario();
  const t = flameWakeup(trace);
  // T1's spin [20,50) and sleep [50,100) on Giant form one wait that the
  // handoff from A (wm_rxintr > ether_input) ended; the decoy wakeup from
  // softclock at the same instant loses to the handoff of the same lock.
  // T0's if_snd spin was ended by T1's release on C.
  assert.equal(toFolded(t), [
    'ip_output;--;ip_output 10',
    'netisr;ip_input;--;ether_input;wm_rxintr 80',
  ].join('\n'));
  assert.equal(t.src[findPath(t, ['netisr', 'ip_input', '--', 'ether_input'])], 2);
});

test('wakeup chains: a wait nobody ended is kept, marked', () => {
  const f = fixture({ cpus: 1, threads: ['T0'], locks: [['m', 'mutex', 'sleep']] });
  const S = f.stack('f@1');
  f.b.span(10, 90, 3, 1, 0, 0, 0, 1, S); // sleeps until the run ends at 100
  const t = flameWakeup(f.finish(100));
  assert.equal(toFolded(t), 'f;--;(waker not recorded) 90');
});

test('wakeup chains: with no flow, the last release of the lock during the wait', () => {
  const f = fixture({ cpus: 2, threads: ['T0', 'T1', 'T2'], locks: [['m', 'spin', 'spin']] });
  const W = f.stack('waiter@1');
  const R = f.stack('releaser@2');
  const E = f.stack('early@3');
  // T2 held m [0,5) on E (ended before the wait began: not it).
  f.b.span(0, 5, 2, 0, 1, 2, 0, 0, E);
  // T1 holds m [5,30) on R; T0 spins [10,32) and takes m at 32 without a
  // handoff flow (it was in an interrupt when m was freed at 30).
  f.b.span(5, 25, 2, 1, 1, 1, 0, 0, R);
  f.b.span(10, 22, 3, 0, 0, 0, 0, 2, W);
  f.b.span(32, 3, 2, 0, 0, 0, 0, 0, W);
  const t = flameWakeup(f.finish(40));
  assert.equal(toFolded(t), 'waiter;--;releaser 22');
});
