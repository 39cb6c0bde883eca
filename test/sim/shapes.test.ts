// The engine's V8-shape helpers (src/sim/arrays.ts objectArray, runtime.ts settleDoubles, rng.ts's
// Int32Array state) change how V8 stores things, never the numbers: checked against the plain forms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/sim/rng';
import { objectArray, removeAt } from '../../src/sim/arrays';
import { CacheLine, settleDoubles } from '../../src/sim/runtime';

/** xoshiro128** with its state in four number fields, as rng.ts had it: the reference. */
function plainXoshiro(seed: number): () => number {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = next(), b = next(), c = next(), d = next();
  if ((a | b | c | d) === 0) a = 1;
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  return () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r;
  };
}

test('the generator with its state in an Int32Array draws the same numbers as with four number fields', () => {
  for (const seed of [0, 1, 12345, 0x7fffffff, 0xffffffff, 2 ** 40 + 7]) {
    const rng = new Rng(seed);
    const ref = plainXoshiro(seed);
    for (let i = 0; i < 100_000; i++) assert.equal(rng.int32(), ref(), `seed ${seed}, draw ${i}`);
  }
});

test('objectArray is an empty array that holds, removes and reports objects like a literal', () => {
  const a = objectArray<{ id: number }>();
  assert.equal(a.length, 0);
  a.push({ id: 1 }, { id: 2 }, { id: 3 });
  removeAt(a, 1);
  assert.deepEqual(a.map((x) => x.id), [1, 3]);
});

test('settleDoubles leaves new instances as their class makes them, and names a field that is not there', () => {
  const line = new CacheLine();
  assert.equal(line.busyUntil, 0);
  assert.equal(line.touch(0, 10, 1, 100), 110);
  assert.throws(() => settleDoubles(new CacheLine(), ['busyUntill']), /CacheLine has no number field busyUntill/);
});
