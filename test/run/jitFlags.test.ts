// When the CLI has its pool's workers compile on their own threads (src/run/jitFlags.ts): only when the pool
// leaves V8's compiler no core of its own — `--jobs 1` keeps V8's default, whose compiles run on a spare core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poolFillsCores } from '../../src/run/jitFlags';

test('a pool fills the cores with a worker on each (or more), never with one worker', () => {
  assert.equal(poolFillsCores(2, 2), true);
  assert.equal(poolFillsCores(4, 2), true);
  assert.equal(poolFillsCores(1, 2), false);
  assert.equal(poolFillsCores(3, 4), false);
  assert.equal(poolFillsCores(1, 1), false, 'one worker on one core: its compiles wait for it either way');
  assert.equal(poolFillsCores(2, 1), true);
});
