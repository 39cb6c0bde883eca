// `handoff:` on a lock: FIFO hand-off (the default) or FreeBSD-style racing,
// from the model file through the checker and compiler to the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { errorLines, lines, mustLoad } from './helpers';
import { checkInvariants } from '../sim/invariants';

const MODEL = (decl: string) => lines(
  'name: convoy', //                                   1
  'machine: { cpus: 2 }', //                           2
  'locks:', //                                         3
  `  so_rcv: ${decl}`, //                              4
  'threads:', //                                       5
  '  reader: { run: soreceive, per_cpu: true }', //    6
  'functions:', //                                     7
  '  soreceive:', //                                   8
  '    - lock: so_rcv', //                             9
  '    - work: { exp: 300ns }', //                    10
  '    - unlock: so_rcv', //                          11
  '    - work: { exp: 100ns }', //                    12
  'run: { duration: 2ms }', //                        13
);

test('handoff compiles to the lock spec; fifo is the default', () => {
  const fifo = compileModel(mustLoad(MODEL('{ type: mutex, wait: sleep }')));
  const race = compileModel(mustLoad(MODEL('{ type: mutex, wait: sleep, handoff: race }')));
  assert.equal(fifo.locks[0].handoff, 'fifo');
  assert.equal(race.locks[0].handoff, 'race');
});

test('handoff mistakes are located errors', () => {
  assert.deepEqual(errorLines(MODEL('{ type: spin, handoff: race }')),
    ["4:25 lock so_rcv: handoff: applies to mutex and rw locks, whose waiters can sleep; a spin lock's waiters never sleep"]);
  const bad = errorLines(MODEL('{ type: mutex, handoff: barge }'));
  assert.equal(bad.length, 1);
  assert.equal(bad[0], '4:35 lock so_rcv: handoff should be one of fifo, race, not "barge"');
});

test('racing for the lock trades fairness for fewer switches, end to end from the model', () => {
  const run = (decl: string) => {
    const t = simulate(compileModel(mustLoad(MODEL(decl))));
    checkInvariants(t);
    const s = summarize(t);
    return { acq: s.locks[0].acquisitions, switches: s.cpus.reduce((a, c) => a + c.contextSwitches, 0) };
  };
  const fifo = run('{ type: mutex, wait: sleep }');
  const race = run('{ type: mutex, wait: sleep, handoff: race }');
  assert.ok(race.acq > 1.5 * fifo.acq, `race ${race.acq} vs fifo ${fifo.acq} acquisitions`);
  assert.ok(race.switches / race.acq < (fifo.switches / fifo.acq) / 3, 'far fewer switches per acquisition');
});
