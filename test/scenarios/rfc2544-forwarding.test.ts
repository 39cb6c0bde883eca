// rfc2544-forwarding: the RFC 2544 zero-loss throughput of an ipgen-style
// test (64-byte frames, 14 flows) with latency and reorder counts, for one
// RX queue vs several; with 14 flows the busiest RSS queue sets the rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRfc2544, sweepPrograms, type Rfc2544Report } from '../../src/model/index';
import { loadScenario, round, run } from './helpers';

const m = loadScenario('rfc2544-forwarding');
const points = sweepPrograms(m);
const searches: Rfc2544Report[] = points.map((p) => runRfc2544(m, p.program)!);
const zl = searches.map((s) => s.zeroLossPps);
const LINE = 1_488_095;

test('the model asks for an RFC 2544 search up to the 1 GbE line rate, over 1-4 RX queues', () => {
  assert.deepEqual(points.map((p) => p.x), [1, 2, 3, 4]);
  assert.deepEqual(points.map((p) => p.program.devices[0].rx.length), [1, 2, 3, 4]);
  for (const s of searches) {
    assert.equal(Math.round(s.toPps), LINE);
    assert.equal(s.fromPps, 50_000);
    assert.equal(s.resolution, 0.02);
  }
  // the base run at 500 kpps: one queue drops, the others keep up
  const base = points.map((p) => run(p.program, p.label, p.x));
  assert.ok(Object.keys(base[0].summary.packets!.dropped).length > 0);
  assert.deepEqual(base[2].summary.packets!.dropped, {});
});

test('the search is a binary search: every failing trial is above the answer, the bracket within 2% of line rate', () => {
  for (const s of searches) {
    const pass = s.trials.filter((t) => t.lost === 0).map((t) => t.pps);
    const fail = s.trials.filter((t) => t.lost > 0).map((t) => t.pps);
    assert.equal(Math.max(...pass), s.zeroLossPps);
    assert.ok(fail.every((f) => f > s.zeroLossPps));
    assert.ok(Math.min(...fail) - s.zeroLossPps <= 0.02 * LINE + 1);
    assert.ok(s.trials.length <= 10, `${s.trials.length} trials`);
  }
});

test('one RX queue: zero loss at about one CPU\'s forwarding rate (~350 kpps for a 2.8 us path)', () => {
  assert.ok(zl[0] > 330e3 && zl[0] < 400e3, `zero-loss ${zl[0]} pps`);
});

test('several queues raise it, in proportion to the busiest queue\'s share of the 14 flows', () => {
  for (const x of zl.slice(1)) assert.ok(x > 1.5 * zl[0], `zero-loss: ${round(zl)}`);
  // RSS puts 9/5 flows on 2 queues, 5/4/5 on 3 and 2/3/7/2 on 4: the rate scales with 14 / (largest share)
  const expected = [1, 14 / 9, 14 / 5, 14 / 7].map((f) => f * zl[0]);
  zl.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) < 0.1 * expected[i], `${points[i].label}: ${x} vs ${Math.round(expected[i])}`));
  assert.ok(zl[2] > zl[3], '3 queues beat 4: with 14 flows, 4 queues put 7 of them on one');
  assert.ok(zl[2] < LINE, 'and none reaches wire rate');
});

test('at the zero-loss rate: latency min/avg/max, and no reordering within a flow', () => {
  for (const s of searches) {
    const z = s.atZeroLoss!;
    const l = z.latencyNs;
    assert.ok(l.min >= 2800, `min ${l.min} ns is at least the 2.8 us path`);
    assert.ok(l.min <= l.mean && l.mean <= l.max, JSON.stringify(l));
    assert.ok(l.max < 400_000, `max ${l.max} ns: at most a ring's worth of queueing`);
    assert.equal(z.reordered, 0, 'RSS keeps every flow on one queue and one CPU');
    assert.ok(z.delivered > 0.7 * z.pps * 4e-3, `${z.delivered} delivered in the 4 ms measured`);
  }
  for (const s of searches) for (const t of s.trials) assert.equal(t.reordered, 0);
});
