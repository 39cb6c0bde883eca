// A webview's log messages are rate-limited per panel (src/extension/logLimit.ts,
// issue 16): a page posting in a loop cannot flood the output channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogLimit } from '../../src/extension/logLimit';

test('20 messages per 10 s are logged; the rest are counted, said once when dropping starts and in sum after', () => {
  const limit = new LogLimit(20, 10_000);
  const decisions = Array.from({ length: 100_000 }, (_, i) => limit.admit(1_000 + i * 0.01)); // 100,000 in one second
  assert.equal(decisions.filter((d) => d.log).length, 20);
  assert.deepEqual(decisions.filter((d) => d.firstDropped).length, 1);
  assert.ok(decisions[20].firstDropped && !decisions[20].log);
  const next = limit.admit(11_000);
  assert.deepEqual(next, { log: true, droppedBefore: 99_980, firstDropped: false });
  assert.deepEqual(limit.admit(11_001), { log: true, droppedBefore: 0, firstDropped: false });
});
