// The sentence a run cut short by a limit gets, in the CLI (its option), in
// VS Code and the panel (the setting), and none for a run that ended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitStop } from '../../src/trace/limitNote';

test('record limit: time reached, time asked for, and what raises it, per host', () => {
  const facts = { stopReason: 'record-limit', stopDetail: 'stopped at 5000036 trace records (limit 5000000)', simulatedNs: 243_600_000 };
  const cli = limitStop({ ...facts, requestedNs: 1e9 }, 'cli')!;
  assert.equal(cli.message, 'The run stopped at the record limit (5,000,000 trace records) after 244 ms simulated of the 1 s asked for: everything shown covers only those 244 ms. Raise it with --max-records N (about 32 bytes of memory a record), or simulate a shorter --duration.');
  assert.equal(cli.raise, '--max-records');
  const panel = limitStop(facts, 'vscode')!;
  assert.equal(panel.limit, 5_000_000, 'the limit read from the stop detail when not given');
  assert.match(panel.message, /^The run stopped at the record limit \(5,000,000 trace records\) after 244 ms simulated: everything shown covers only those 244 ms\. Raise it with the smpStackLab\.trace\.recordLimit setting/);
  assert.equal(panel.raise, 'smpStackLab.trace.recordLimit');
});

test('event limit has no option to name; a run that ended has no note', () => {
  const ev = limitStop({ stopReason: 'event-limit', stopDetail: 'stopped after 200000000 events', simulatedNs: 5e6 }, 'cli')!;
  assert.equal(ev.kind, 'events');
  assert.equal(ev.raise, undefined);
  assert.match(ev.message, /event limit \(200,000,000 events\) after 5 ms simulated.*Simulate a shorter time/);
  for (const r of ['completed', 'quiescent', 'cancelled', 'deadlock', 'imported']) assert.equal(limitStop({ stopReason: r, simulatedNs: 1 }, 'vscode'), undefined);
});
