// Packet statistics cover the measured range (warm-up to end): packets
// delivered or dropped in it count whenever they were born, so the delivered
// rate of an overloaded router with deep rings is its real throughput.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramBuilder, dequeue, loop, transmit, work } from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { checkInvariants } from './invariants';

function overloaded(warmupNs: number) {
  const b = new ProgramBuilder('deep-ring', { cpus: 1 });
  const ring = b.queue('em0.rx0', 1024);
  const txq = b.queue('em0.tx', 1024);
  const rx = b.fn('em_rxintr', [loop(32, [dequeue(-1, 'break'), work(1000), transmit(0)])]);
  const d = b.device('em0', { rx: [{ ring, cpu: 0, handler: rx }], txRing: txq });
  b.traffic(d, 2_000_000, { flows: 4 }); // twice what a 1 us path forwards
  return b.build({ durationNs: 4_000_000, warmupNs });
}

test('under overload with a 1024-packet ring, delivered in the range is the forwarding rate', () => {
  const t = simulate(overloaded(1_000_000));
  checkInvariants(t);
  const p = t.meta.packets!;
  const pps = p.delivered / 3e-3;
  // a 1 us path plus interrupt entry forwards a bit under 1 Mpps; the ring holds ~1 ms of packets
  assert.ok(pps > 0.9e6 && pps < 1.0e6, `delivered ${Math.round(pps)} pps`);
  assert.ok(p.latencyNs.mean > 0.9e6, `latency is the ring's queueing delay: ${Math.round(p.latencyNs.mean)} ns`);
  const dropped = Object.values(p.dropped).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(p.offered - p.delivered - dropped) < 40, 'in steady state the range is conserved: offered ≈ delivered + dropped');
  assert.equal(p.reordered, 0);
});
