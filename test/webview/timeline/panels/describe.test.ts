import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCounter, describeFlow, describeFlowBucket, describeInstant, describeSpan, describeText } from '../../../../webview/timeline/panels/describe';
import { FlowKind } from '../../../../src/trace/schema';
import { syntheticTrace } from '../../fixtures/syntheticTrace';
import { formatDuration, formatTime } from '../../../../src/core/format';
import { TimelineIndex } from '../../../../webview/timeline/data/traceIndex';
import { readingAt } from '../../../../webview/timeline/data/counters';
import { smallTrace } from '../../fixtures/smallTrace';

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
  assert.equal(f.title, 'Lock handoff');
  assert.deepEqual(f.rows, [['Lock', 'Giant'], ['From', 'irq/wm0 on CPU 0 at 450 ns'], ['To', 'netisr/1 on CPU 1 at 470 ns'], ['Latency', '20 ns']]);
  assert.deepEqual(f.frames.map((x) => x.name), ['wm_rxintr', 'ether_input'], 'the releaser’s stack');
});

test('an arrow of many flows says how many of each kind between which CPUs, which locks, when and how long they took', () => {
  const trace = syntheticTrace({ spans: 20_000, cpus: 4, seed: 9 });
  const ix = new TimelineIndex(trace);
  const p = ix.flowPairs;
  const fl = trace.tables.flows;
  // The pair with the most flows, its first 40 in time.
  let g = 0;
  for (let k = 1; k < 16; k++) if (p.start[k + 1] - p.start[k] > p.start[g + 1] - p.start[g]) g = k;
  const a = p.start[g];
  const b = a + 40;
  const d = describeFlowBucket(trace, p, g, a, b);
  assert.equal(d.title, `40 flows, CPU ${Math.floor(g / 4)} → CPU ${g % 4}`);
  const kinds = [0, 0, 0];
  const locks = new Map<string, number>();
  const lat: number[] = [];
  for (let k = a; k < b; k++) {
    const f = p.ids[k];
    kinds[fl.kind[f]]++;
    if (fl.kind[f] === FlowKind.LockHandoff) locks.set(trace.meta.locks[fl.obj[f]].name, (locks.get(trace.meta.locks[fl.obj[f]].name) ?? 0) + 1);
    lat.push(fl.t1[f] - fl.t0[f]);
  }
  const row = (k: string) => d.rows.find((r) => r[0] === k)?.[1];
  const words = [['lock handoff', 'lock handoffs'], ['wakeup', 'wakeups'], ['IPI', 'IPIs']];
  assert.equal(row('Kinds'), kinds.map((c, k) => (c ? `${c} ${words[k][c === 1 ? 0 : 1]}` : '')).filter(Boolean).join(', '));
  if (locks.size) assert.equal(row('Locks'), [...locks].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([n, c]) => `${n} ×${c}`).join(', '));
  assert.equal(row('Sent'), `${formatTime(p.t0[a])} to ${formatTime(p.t0[b - 1])}`);
  const mean = lat.reduce((x, v) => x + v, 0) / lat.length;
  assert.ok(Math.min(...lat) < Math.max(...lat), 'latencies differ');
  assert.equal(row('Latency'), `${formatDuration(Math.min(...lat))} to ${formatDuration(Math.max(...lat))}, mean ${formatDuration(mean)}`);
  const one = describeFlowBucket(trace, p, g, a, a + 1);
  assert.equal(one.title, `1 flow, CPU ${Math.floor(g / 4)} → CPU ${g % 4}`);
  assert.equal(one.rows.find((r) => r[0] === 'Latency')?.[1], formatDuration(lat[0]));
});
