// search: { rfc2544: … } — asking a model for its zero-loss rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel, rfc2544Plan, runRfc2544, sweepPrograms } from '../../src/model/index';
import { errorLines, lines, mustLoad } from './helpers';

const FWD = (search: string[], extra: string[] = []) => lines(
  'name: fwd', //                                                   1
  'devices:', //                                                    2
  '  em0: { handler: rx, line_rate: 1Gbps, ring: 32 }', //         3
  'traffic:', //                                                    4
  '  - { to: em0, rate: 100kpps, flows: 4, pattern: poisson }', //  5
  'functions:', //                                                  6
  '  rx:', //                                                       7
  '    - loop: { quota: 16 }', //                                   8
  '      do: [ { dequeue: rx }, { work: 2us }, { transmit: em0 } ]', // 9
  'run: { duration: 4ms, warmup: 1ms }', //                        10
  ...search,
  ...extra,
);

test('the plan fits the model\'s search to a program: to: line is the device\'s line rate for the frame size', () => {
  const m = mustLoad(FWD(['search: { rfc2544: { from: 50kpps, to: line, resolution: 2% } }']));
  assert.deepEqual({ ...m.search, at: undefined }, { kind: 'rfc2544', traffic: 0, fromPps: 50_000, toPps: 'line', resolution: 0.02, at: undefined });
  const p = compileModel(m);
  const plan = rfc2544Plan(m, p)!;
  assert.equal(Math.round(plan.toPps), 1_488_095);
  const at = plan.at(321_000);
  assert.equal(at.traffic[0].pps, 321_000);
  assert.equal(p.traffic[0].pps, 100_000, 'the original program is untouched');
  assert.equal(rfc2544Plan(mustLoad(FWD([])), p), undefined);
});

test('the search finds the rate a 2 us path sustains: about 500 kpps (the 32-packet ring hides a little overload in a 3 ms trial)', () => {
  const m = mustLoad(FWD(['search:', '  rfc2544: { from: 50kpps, to: 1Mpps, resolution: 2% }']));
  const r = runRfc2544(m, compileModel(m))!;
  assert.ok(r.zeroLossPps > 400_000 && r.zeroLossPps < 525_000, `zero loss at ${r.zeroLossPps}`);
  assert.ok(r.trials.length >= 5 && r.trials.length <= 9, `${r.trials.length} trials`);
  assert.equal(r.atZeroLoss!.lost, 0);
  assert.ok(r.atZeroLoss!.latencyNs.min >= 2000, 'latency at least the path');
  assert.ok(r.trials.some((t) => t.lost > 0 && t.pps > r.zeroLossPps));
});

test('search mistakes are located; a variant or sweep cannot change it', () => {
  assert.deepEqual(errorLines(FWD(['search: { rfc2544: { traffic: 2, from: 1Mpps, to: 200kpps, resolution: 0 } }'])), [
    '11:31 search: rfc2544: there is no traffic[2]; the model has 1 source (0–0)',
    '11:47 search: rfc2544: to must be above from',
    '11:72 search: rfc2544: resolution is a fraction of the upper rate, above 0 and below 1 (such as 1%)',
  ]);
  assert.deepEqual(errorLines(FWD(['search: { rfc2544: { to: 1Mpps } }'])), ['11:20 search: rfc2544 needs from: (a rate that should pass, e.g. 100kpps)']);
  assert.deepEqual(errorLines(FWD(['search: { rfc254: { from: 1kpps } }'])), [
    '11:11 unknown key "rfc254" in search (did you mean `rfc2544`?); expected one of rfc2544',
  ]);
  assert.deepEqual(errorLines(FWD(['search: { rfc2544: { from: 1kpps } }'], ['variants:', '  v: { set: { search.rfc2544.from: 2kpps } }'])), [
    '13:15 a variant cannot change search:',
  ]);
});

test('each sweep point gets its own plan', () => {
  const m = mustLoad(FWD(['search: { rfc2544: { from: 50kpps } }'], ['sweep: { devices.em0.line_rate: [1Gbps, 10Gbps] }']));
  const tops = sweepPrograms(m).map((pt) => Math.round(rfc2544Plan(m, pt.program)!.toPps));
  assert.deepEqual(tops, [1_488_095, 14_880_952]);
});
