// Per-CPU locks and queues (if_transmit soft queues, NetBSD pktqueues),
// wakeup of a per-CPU thread group (softint_schedule), several TX rings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, sweepPrograms } from '../../src/model/index';
import type { Step } from '../../src/sim/program';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { errorLines, lines, mustLoad } from './helpers';
import { checkInvariants } from '../sim/invariants';

const TX = (lockDecl = '{ type: mutex, per_cpu: true }', queueDecl = '{ limit: 64, per_cpu: true }') => lines(
  'name: tx', //                                              1
  'machine: { cpus: 4 }', //                                  2
  'locks:', //                                                3
  `  txq_lock: ${lockDecl}`, //                               4
  'queues:', //                                               5
  `  txq: ${queueDecl}`, //                                   6
  'devices:', //                                              7
  '  wm0: { rx_queues: 0, tx_rings: 4, tx_ring: 128 }', //    8
  'threads:', //                                              9
  '  sender: { run: send, per_cpu: true }', //               10
  '  soft: { kind: softint, run: drain, per_cpu: true, asleep: true }', // 11
  'functions:', //                                           12
  '  send:', //                                              13
  '    - packet: { flow: 1 }', //                            14
  '    - work: 300ns', //                                    15
  '    - lock: txq_lock', //                                 16
  '    - enqueue: txq', //                                   17
  '    - unlock: txq_lock', //                               18
  '    - wakeup: soft', //                                   19
  '  drain:', //                                             20
  '    - dequeue: txq', //                                   21
  '    - work: 200ns', //                                    22
  '    - transmit: wm0', //                                  23
  'sweep: { machine.cpus: [1, 2, 4] }', //                   24
);

const op = <K extends Step['op']>(steps: Step[], k: K) => steps.find((s) => s.op === k) as Extract<Step, { op: K }>;

test('per-CPU locks and queues expand to one instance per CPU, and steps name the running CPU\'s', () => {
  const p = compileModel(mustLoad(TX(), 'tx.smp.yaml'));
  assert.deepEqual(p.locks.map((l) => l.name), ['txq_lock/0', 'txq_lock/1', 'txq_lock/2', 'txq_lock/3']);
  assert.deepEqual(p.queues.slice(0, 4).map((q) => [q.name, q.limit]), [['txq/0', 64], ['txq/1', 64], ['txq/2', 64], ['txq/3', 64]]);
  assert.ok(p.locks.every((l) => p.sources[l.src].line === 4), 'every instance links to the declaration');
  const send = p.functions.find((f) => f.name === 'send')!.steps;
  assert.deepEqual([op(send, 'lock').lock, op(send, 'lock').perCpu, op(send, 'unlock').perCpu], [0, 4, 4]);
  assert.deepEqual([op(send, 'enqueue').queue, op(send, 'enqueue').perCpu], [0, 4]);
  const soft0 = p.threads.findIndex((t) => t.name === 'soft/0');
  assert.deepEqual({ ...op(send, 'wakeup'), src: 0 }, { op: 'wakeup', thread: soft0, perCpu: 4, src: 0 });
  const drain = p.functions.find((f) => f.name === 'drain')!.steps;
  assert.equal(op(drain, 'dequeue').perCpu, 4);
});

test('tx_rings: several TX rings, NAME.tx0 …; one ring keeps the name NAME.tx', () => {
  const p = compileModel(mustLoad(TX()));
  const d = p.devices[0];
  assert.deepEqual([d.txRing, ...(d.txRings ?? [])].map((q) => [p.queues[q].name, p.queues[q].limit]), [['wm0.tx0', 128], ['wm0.tx1', 128], ['wm0.tx2', 128], ['wm0.tx3', 128]]);
  const one = compileModel(mustLoad(TX().replace('tx_rings: 4, ', '')));
  assert.equal(one.queues[one.devices[0].txRing].name, 'wm0.tx');
  assert.equal(one.devices[0].txRings, undefined);
});

test('a CPU sweep changes the number of instances', () => {
  const counts = sweepPrograms(mustLoad(TX())).map((pt) => [pt.label, pt.program.locks.length, pt.program.queues.filter((q) => q.name.startsWith('txq/')).length]);
  assert.deepEqual(counts, [['cpus=1', 1, 1], ['cpus=2', 2, 2], ['cpus=4', 4, 4]]);
});

test('per-CPU locks never contend where one shared lock does; each CPU drains its own queue', () => {
  const run = (text: string) => {
    const t = simulate(compileModel(mustLoad(text), { durationNs: 1e6 }));
    checkInvariants(t);
    return summarize(t);
  };
  const per = run(TX());
  const shared = run(TX('{ type: mutex }', '{ limit: 64 }'));
  assert.equal(per.locks.reduce((a, l) => a + l.contended, 0), 0);
  assert.ok(shared.locks[0].contended > 100, `shared lock contended ${shared.locks[0].contended} times`);
  assert.equal(per.locks.length, 4);
  for (const l of per.locks) assert.ok(l.acquisitions > 200, `${l.name}: ${l.acquisitions}`);
  assert.ok(per.packets!.delivered > 0.95 * per.packets!.offered - 20, 'nothing is lost');
});

test('per-CPU mistakes: pserialize, counted groups', () => {
  assert.deepEqual(errorLines(TX('{ type: pserialize, per_cpu: true }').replace(/lock: txq_lock|unlock: txq_lock/g, 'work: 1ns')), [
    '4:33 lock txq_lock: a pserialize lock is already free for readers on every CPU; per_cpu applies to spin, mutex and rw locks',
  ]);
  assert.deepEqual(errorLines(TX().replace('per_cpu: true, asleep: true', 'count: 2, asleep: true')), [
    '19:15 soft is 2 threads (count:); wake one instance, e.g. wakeup: soft/0',
  ]);
  assert.deepEqual(errorLines(TX().replace('tx_ring: 128', 'tx_ring: none')), ['8:24 device wm0: tx_rings: needs a TX ring; remove tx_ring: none']);
});
