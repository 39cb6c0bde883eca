// The future event list (a heap with a front slot) against a brute-force
// reference: events come out in (time, order scheduled), whether they went
// through the front slot or the heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../src/sim/eventQueue';
import { Rng } from '../../src/sim/rng';

interface Ref { time: number; seq: number; type: number; a: number; b: number }

/** The reference: a plain list, searched for the minimum (time, seq) on every pop. */
class ReferenceQueue {
  private items: Ref[] = [];
  private seq = 0;
  push(time: number, type: number, a: number, b: number): void { this.items.push({ time, seq: this.seq++, type, a, b }); }
  peekTime(): number {
    return Math.min(Infinity, ...this.items.map((x) => x.time));
  }
  pop(): Ref | null {
    if (!this.items.length) return null;
    const best = this.items.reduce((x, y) => (y.time < x.time || (y.time === x.time && y.seq < x.seq) ? y : x));
    this.items.splice(this.items.indexOf(best), 1);
    return best;
  }
}

for (const seed of [1, 2, 3]) {
  test(`events pop in (time, order scheduled), like a brute-force list (seed ${seed})`, () => {
    const rng = new Rng(seed);
    const q = new EventQueue(4);
    const ref = new ReferenceQueue();
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rng.next();
      // coarse times so that ties are common
      const at = now + Math.floor(rng.next() * 8) * 10;
      if (r < 0.55) {
        // an event before everything queued half of the time, as a CPU's short op is (the front slot)
        const t = rng.next() < 0.5 ? now : at;
        const type = Math.floor(rng.next() * 8);
        const a = Math.floor(rng.next() * 100);
        q.push(t, type, a, step); ref.push(t, type, a, step);
      } else {
        const want = ref.pop();
        assert.equal(q.pop(), want !== null, `step ${step}: empty?`);
        if (!want) continue;
        assert.deepEqual([q.popTime, q.popType, q.popA, q.popB], [want.time, want.type, want.a, want.b], `step ${step}`);
        now = want.time;
      }
      assert.equal(q.peekTime(), ref.peekTime(), `step ${step}: peekTime`);
    }
    // drain
    for (let want = ref.pop(); want; want = ref.pop()) {
      assert.ok(q.pop());
      assert.deepEqual([q.popTime, q.popType, q.popA], [want.time, want.type, want.a]);
    }
    assert.equal(q.pop(), false);
    assert.equal(q.size, 0);
  });
}
