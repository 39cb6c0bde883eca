// Packet plumbing: the bounded FIFO across its wrap-around, and the RSS
// indirection table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PacketQueue, flowHash, rssTable } from '../../src/sim/net';

test('a packet queue is FIFO across many wrap-arounds and refuses packets past its limit', () => {
  const q = new PacketQueue('q', 5);
  const reference: number[] = [];
  let next = 0;
  for (let round = 0; round < 200; round++) {
    const pushes = (round * 7) % 6;
    for (let k = 0; k < pushes; k++) {
      const ok = q.push(next);
      assert.equal(ok, reference.length < 5, `push at length ${reference.length}`);
      if (ok) reference.push(next);
      next++;
    }
    assert.equal(q.len, reference.length);
    assert.equal(q.peek(), reference.length ? reference[0] : -1);
    const shifts = (round * 5) % 4;
    for (let k = 0; k < shifts; k++) assert.equal(q.shift(), reference.length ? reference.shift() : -1);
  }
});

test('RSS: the indirection table spreads its 128 buckets round-robin over the queues', () => {
  for (const queues of [1, 3, 4, 8]) {
    const t = rssTable(queues);
    assert.equal(t.length, 128);
    const per = new Array(queues).fill(0);
    for (const q of t) per[q]++;
    assert.ok(Math.max(...per) - Math.min(...per) <= 1, `${queues} queues: ${per}`);
  }
  // a flow always lands on the same queue, and many flows use every queue
  const t4 = rssTable(4);
  const used = new Set(Array.from({ length: 64 }, (_, f) => t4[flowHash(f) & 127]));
  assert.equal(used.size, 4);
  assert.equal(t4[flowHash(12345) & 127], t4[flowHash(12345) & 127]);
});
