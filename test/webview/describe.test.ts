import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCounter, describeFlow, describeInstant, describeSpan, describeText } from '../../webview/timeline/describe';
import { TimelineIndex } from '../../webview/timeline/traceIndex';
import { readingAt } from '../../webview/timeline/counters';
import { smallTrace } from './fixtures/smallTrace';

test('a lock wait says what, where, who held the lock, when, how long, and its stack with source links', () => {
  const { trace, ids } = smallTrace();
  const d = describeSpan(trace, ids.waitB);
  assert.equal(d.title, 'Wait for Giant (spin)');
  assert.deepEqual(d.rows, [
    ['CPU', '1'], ['Thread', 'netisr/1'], ['Lock', 'Giant (sleep)'], ['Holder', 'irq/wm0'], ['Start', '300 ns'], ['Duration', '170 ns'],
  ]);
  assert.deepEqual(d.frames, [
    { name: 'wm_rxintr', src: 1, where: 'fwd.smp.yaml:10:3' },
    { name: 'ether_input', src: 2, where: 'fwd.smp.yaml:12:3' },
  ]);
  assert.match(describeText(d), /Stack: wm_rxintr > ether_input/);
});

test('holds, runs, marks, counters and flows are described too', () => {
  const { trace, ids } = smallTrace();
  assert.equal(describeSpan(trace, ids.holdA).title, 'Hold Giant — others waited');
  assert.equal(describeSpan(trace, ids.holdRt).title, 'Hold rtentry');
  assert.deepEqual(describeSpan(trace, ids.holdRt).frames.map((f) => f.name), ['wm_rxintr', 'ether_input', 'ip_input']);
  assert.equal(describeSpan(trace, ids.runA).title, 'Running irq/wm0');
  const irq = describeInstant(trace, 0);
  assert.equal(irq.title, 'Interrupt');
  assert.deepEqual(irq.rows.find((r) => r[0] === 'Handler'), ['Handler', 'irq/wm0']);
  const sw = describeInstant(trace, 2);
  assert.equal(sw.title, 'Context switch');
  assert.deepEqual(sw.rows.slice(1, 3), [['From', 'irq/wm0'], ['To', 'no thread']]);
  const ix = new TimelineIndex(trace);
  const c = describeCounter(trace, 0, readingAt(ix.series[0], 460)!);
  assert.equal(c.title, 'ipstat.ips_forward (counter)');
  assert.deepEqual(c.rows.slice(0, 3), [['Value', '2'], ['Delta', '+1 in 350 ns'], ['Rate', '2.86 M/s']]);
  assert.deepEqual(c.frames, [{ name: 'ipstat.ips_forward', src: 4, where: 'fwd.smp.yaml:16:5' }]);
  const f = describeFlow(trace, 0);
  assert.equal(f.title, 'handoff');
  assert.deepEqual(f.rows, [['Lock', 'Giant'], ['From', 'irq/wm0 on CPU 0'], ['To', 'netisr/1 on CPU 1'], ['Latency', '20 ns']]);
});
