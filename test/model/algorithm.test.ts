// `algorithm:` on a lock (queued, ticket, tas): from the model file through
// the checker and compiler to the machine. The default adds nothing to the
// program, so every model written before it compiles (and runs) as it did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { FlowKind } from '../../src/trace/schema';
import { errorLines, lines, mustLoad } from './helpers';

const MODEL = (decl: string) => lines(
  'name: spinners', //                                 1
  'machine: { cpus: 8 }', //                           2
  'locks:', //                                         3
  `  L: ${decl}`, //                                   4
  'threads:', //                                       5
  '  w: { run: loop, per_cpu: true }', //              6
  'functions:', //                                     7
  '  loop:', //                                        8
  '    - work: { exp: 2us }', //                       9
  '    - lock: L', //                                 10
  '    - work: { exp: 500ns }', //                    11
  '    - unlock: L', //                               12
  'run: { duration: 1ms }', //                        13
);

test('algorithm compiles to the lock spec; queued (the default) leaves the spec as before', () => {
  assert.equal(compileModel(mustLoad(MODEL('{ type: spin, algorithm: ticket }'))).locks[0].algorithm, 'ticket');
  assert.equal(compileModel(mustLoad(MODEL('{ type: mutex, algorithm: tas }'))).locks[0].algorithm, 'tas');
  const plain = compileModel(mustLoad(MODEL('spin')));
  const queued = compileModel(mustLoad(MODEL('{ type: spin, algorithm: queued }')));
  assert.equal('algorithm' in plain.locks[0], false);
  assert.deepEqual(queued.locks[0], { ...plain.locks[0], src: queued.locks[0].src });
});

test('algorithm mistakes are located errors', () => {
  assert.deepEqual(errorLines(MODEL('{ type: mutex, wait: sleep, algorithm: ticket }')),
    ['4:34 lock L: algorithm: applies to locks whose waiters spin (spin locks, and mutex or rw locks with wait: spin or adaptive); its waiters sleep (wait: sleep)']);
  assert.deepEqual(errorLines(MODEL('{ type: pserialize, algorithm: tas }')),
    ["4:26 lock L: algorithm: applies to locks whose waiters spin (spin locks, and mutex or rw locks with wait: spin or adaptive); a pserialize lock's readers never wait"]);
  const bad = errorLines(MODEL('{ type: spin, algorithm: mcs }'));
  assert.equal(bad.length, 1);
  assert.match(bad[0], /^4:\d+ lock L: algorithm should be one of queued, ticket, tas, not "mcs"$/);
});

test('a ticket lock from a model file re-reads its line after each contended release', () => {
  const t = simulate(compileModel(mustLoad(MODEL('{ type: spin, algorithm: ticket }'))));
  let transfers = 0;
  for (let f = 0; f < t.length.flows; f++) if (t.tables.flows.kind[f] === FlowKind.LineTransfer) transfers++;
  const row = lockStats(t).rows[0];
  assert.ok(row.contended > 50 && transfers >= row.contended, `${transfers} re-reads for ${row.contended} contended acquisitions`);
  assert.ok(row.meanHandoffNs > 100, `hand-off ${row.meanHandoffNs.toFixed(0)} ns: more than one transfer`);
  // the trace and the lock table say which algorithm ran; the default leaves the trace's lock info as it was
  assert.equal(t.meta.locks[0].algorithm, 'ticket');
  assert.equal(row.algorithm, 'ticket');
  const q = simulate(compileModel(mustLoad(MODEL('{ type: spin, algorithm: queued }'))));
  assert.deepEqual(Object.keys(q.meta.locks[0]), ['name', 'kind', 'wait', 'src']);
});
