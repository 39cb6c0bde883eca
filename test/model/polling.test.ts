// Polling threads bound to RX rings (ithreads, NAPI pollers): thread ring:,
// the irq and poll_done steps, and wakeup of a ring-bound group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { diagnose, errorLines, lines, mustLoad } from './helpers';
import { checkInvariants } from '../sim/invariants';

const NAPI = (threadLine = '  em_poll: { kind: softint, run: em_poll, ring: em0, asleep: true }', extra: string[] = []) => lines(
  'name: napi', //                                                        1
  'machine: { cpus: 2 }', //                                              2
  'devices:', //                                                          3
  '  em0: { rx_queues: 2, handler: em_intr, irq: { affinity: [1, 0] } }', // 4
  'threads:', //                                                          5
  threadLine, //                                                          6
  'traffic:', //                                                          7
  '  - { to: em0, rate: 800kpps, flows: 16 }', //                         8
  'functions:', //                                                        9
  '  em_intr: [ { irq: mask }, { wakeup: em_poll } ]', //                10
  '  em_poll:', //                                                       11
  '    - loop: { quota: 64 }', //                                        12
  '      do:', //                                                        13
  '        - dequeue: rx', //                                            14
  '        - work: 600ns', //                                            15
  '        - transmit: em0', //                                          16
  '    - poll_done', //                                                  17
  ...extra,
);

test('ring: DEVICE makes one poller per RX ring, on the ring\'s IRQ CPU; wakeup of the group wakes that ring\'s poller', () => {
  const p = compileModel(mustLoad(NAPI(), 'napi.smp.yaml'));
  const polls = p.threads.filter((t) => t.name.startsWith('em_poll'));
  assert.deepEqual(polls.map((t) => [t.name, p.queues[t.ring!].name, t.cpu]), [['em_poll/0', 'em0.rx0', 1], ['em_poll/1', 'em0.rx1', 0]]);
  const intr = p.functions.find((f) => f.name === 'em_intr')!.steps;
  assert.deepEqual(intr[0], { op: 'irq', enable: false, src: intr[0].src });
  assert.deepEqual({ ...intr[1], src: 0 }, { op: 'wakeup', thread: p.threads.indexOf(polls[0]), perRing: 2, src: 0 });
  const poll = p.functions.find((f) => f.name === 'em_poll')!.steps;
  assert.equal(poll[1].op, 'poll_done');
  assert.equal(p.sources[poll[1].src].line, 17);
});

test('overloaded pollers keep their vectors masked: interrupts per packet fall toward zero', () => {
  // 2 rings x 2.5 Mpps against 600 ns a packet: each poller always finds more work
  const t = simulate(compileModel(mustLoad(NAPI().replace('rate: 800kpps', 'rate: 5Mpps')), { durationNs: 2e6 }));
  checkInvariants(t);
  const s = summarize(t);
  const interrupts = s.cpus.reduce((a, c) => a + c.interrupts, 0);
  assert.ok(interrupts < 0.01 * t.meta.packets!.offered, `${interrupts} interrupts for ${t.meta.packets!.offered} packets`);
  // both CPUs poll flat out: about 2 / 600 ns minus switching
  const pps = t.meta.packets!.delivered / 2e-3;
  assert.ok(pps > 2.9e6 && pps < 3.34e6, `delivered ${Math.round(pps)} pps`);
});

test('ring: DEVICE.rxN binds one thread; cpu: overrides the ring\'s CPU', () => {
  const p = compileModel(mustLoad(NAPI('  em_poll: { kind: softint, run: em_poll, ring: em0.rx1, cpu: 1, asleep: true }')));
  const t = p.threads.find((x) => x.name === 'em_poll')!;
  assert.equal(p.queues[t.ring!].name, 'em0.rx1');
  assert.equal(t.cpu, 1);
});

test('ring, irq and poll_done mistakes are located', () => {
  assert.deepEqual(errorLines(NAPI('  em_poll: { kind: softint, run: em_poll, ring: em1, asleep: true }')), [
    '6:49 thread em_poll: ring "em1" is neither a device nor an RX ring (did you mean `em0`?); the rings are em0.rx0, em0.rx1',
  ]);
  assert.deepEqual(errorLines(NAPI('  em_poll: { kind: softint, run: em_poll, ring: em0, count: 2 }')), [
    '6:49 thread em_poll: ring: makes one thread per ring; remove count:',
  ]);
  // a thread without a ring cannot poll one
  const noRing = errorLines(NAPI('  em_poll: { kind: softint, run: em_poll, cpu: 0 }'));
  assert.deepEqual(noRing, [
    '14:11 dequeue: rx takes from the RX ring whose interrupt is running, but em_poll also runs from thread em_poll, which has no ring; name a queue instead (or give the thread ring:)',
    "17:7 poll_done acts on the vector of the context's RX ring, but em_poll also runs from thread em_poll, which has no ring (give the thread ring: DEVICE)",
  ]);
  // poll_done in the interrupt handler itself
  assert.deepEqual(errorLines(NAPI(undefined, ['  spare: [ { work: 1us } ]']).replace("  em_intr: [ { irq: mask }, { wakeup: em_poll } ]", '  em_intr: [ { irq: mask }, { wakeup: em_poll }, poll_done ]')), [
    "10:50 em_intr runs in interrupt context (from device em0's RX interrupt); poll_done ends a polling thread's pass (and may sleep): use it in the thread the interrupt wakes",
  ]);
  assert.deepEqual(errorLines(NAPI().replace('irq: mask', 'irq: off')), ['10:21 irq should be one of mask, unmask, not "off"']);
  // waking the ring's poller needs a ring: not from a timer
  assert.deepEqual(errorLines(NAPI(undefined, ['timers:', '  tick: { period: 1ms, handler: em_intr }'])), [
    '10:31 wakeup: em_poll wakes the em_poll thread polling the ring whose interrupt is running, but em_intr also runs from timer tick, which has no ring; wake one instance (em_poll/0)',
    "10:16 irq acts on the vector of the context's RX ring, but em_intr also runs from timer tick, which has no ring (give the thread ring: DEVICE)",
  ].sort());
  // poll_done may sleep: not under a spin lock
  const spin = NAPI().replace('    - poll_done', '    - lock: S\n    - poll_done\n    - unlock: S').replace('name: napi', 'name: napi\nlocks: { S: spin }');
  assert.ok(errorLines(spin).some((e) => /poll_done \(which sleeps when the ring is empty\) while holding spin lock S/.test(e)), errorLines(spin).join('\n'));
});

test('a model with poll_done written as a bare word has no warnings', () => {
  assert.deepEqual(diagnose(NAPI()).map((d) => d.message), []);
});
