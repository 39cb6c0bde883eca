// ticket-vs-queued: the Linux ticket spin lock (2.6.25 – 4.1) peaks and then
// collapses as CPUs are added — every release sets off a storm of line
// re-reads — while the queued (MCS) qspinlock of 4.2 holds its peak; the old
// test-and-set byte lock is unfair. Boyd-Wickizer et al., Linux Symposium 2012.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { FlowKind } from '../../src/trace/schema';
import { counterRate, loadScenario, round, runSweep, type Run } from './helpers';

const m = loadScenario('ticket-vs-queued');
const ticket = runSweep(m);
const queued = runSweep(m, { variant: 'qspinlock' });
const tas = runSweep(m, { variant: 'pre-2.6.25' });
/** Operations per second (thousands) over the measured range. */
const kops = (r: Run) => counterRate(r, 'ops') / 1000;
const row = (r: Run) => lockStats(r.trace, r.summary.rangeNs).rows[0];
const last = <T>(xs: T[]) => xs[xs.length - 1];

test('the sweep is 1 to 48 CPUs; below the knee the three locks do the same work', () => {
  assert.deepEqual(ticket.map((r) => r.x), [1, 2, 4, 8, 16, 24, 32, 48]);
  for (let i = 0; i < 4; i++) {
    const [t, q, s] = [ticket[i], queued[i], tas[i]].map(kops);
    assert.ok(Math.abs(t - q) < 0.06 * q && Math.abs(s - q) < 0.06 * q, `${ticket[i].x} CPUs: ticket ${t.toFixed(0)}, queued ${q.toFixed(0)}, tas ${s.toFixed(0)} kops/s`);
  }
});

test('ticket: throughput peaks, then collapses as the waiters grow', () => {
  const x = ticket.map(kops);
  const peak = x.indexOf(Math.max(...x));
  assert.ok(peak >= 3 && peak < x.length - 2, `peak inside the sweep, at ${ticket[peak].x} CPUs: ${round(x)} kops/s`);
  assert.ok(last(x) < 0.4 * x[peak], `48 CPUs do ${last(x).toFixed(0)} kops/s, under 40% of the peak ${x[peak].toFixed(0)}`);
  for (let i = peak + 1; i < x.length; i++) assert.ok(x[i] < x[i - 1], `falls with every CPU added past the peak: ${round(x)}`);
});

test('qspinlock: throughput rises to the lock\'s capacity and stays there', () => {
  const x = queued.map(kops);
  const top = Math.max(...x);
  assert.ok(last(x) > 0.97 * top, `48 CPUs keep the peak: ${round(x)} kops/s`);
  // the lock's capacity: per operation one hold, the release's atomic (38 ns) and one line transfer (306 ns)
  const capacity = 1e6 / (2000 + 38 + 306);
  assert.ok(Math.abs(last(x) - capacity) < 0.06 * capacity, `48 CPUs: ${last(x).toFixed(0)} kops/s vs 1 / (2 µs + 344 ns) = ${capacity.toFixed(0)}`);
  assert.ok(last(x) > 4 * kops(last(ticket)), `qspinlock ${last(x).toFixed(0)} vs ticket ${kops(last(ticket)).toFixed(0)} kops/s at 48 CPUs`);
});

test('the hand-off explains it: one transfer for qspinlock, the re-read storm for ticket', () => {
  const q = row(last(queued)), t = row(last(ticket));
  assert.equal(Math.round(q.meanHandoffNs), 38 + 306, 'qspinlock hand-off: the release\'s atomic, then one line transfer');
  assert.ok(t.meanHandoffNs > 15 * 306, `ticket hand-off ${(t.meanHandoffNs / 1000).toFixed(1)} µs with 47 spinners`);
  let storm = 0, handoffs = 0;
  const tr = last(ticket).trace, fl = tr.tables.flows;
  for (let f = 0; f < tr.length.flows; f++) {
    if (fl.kind[f] === FlowKind.LineTransfer) storm++;
    else if (fl.kind[f] === FlowKind.LockHandoff) handoffs++;
  }
  assert.ok(storm > 30 * handoffs, `${storm} line re-reads for ${handoffs} hand-offs`);
});

test('pre-2.6.25 test-and-set is unfair: the Per CPU spread and the longest wait', () => {
  const s = row(last(tas)), t = row(last(ticket)), q = row(last(queued));
  const spread = (r: ReturnType<typeof row>) => Math.max(...r.perCpu) / Math.min(...r.perCpu);
  assert.ok(spread(s) > 1.5 * spread(t) && spread(s) > 1.5 * spread(q), `max/min acquisitions per CPU: tas ${spread(s).toFixed(1)}, ticket ${spread(t).toFixed(1)}, queued ${spread(q).toFixed(1)}`);
  assert.ok(s.maxWaitNs > 2 * t.maxWaitNs, `longest wait: tas ${(s.maxWaitNs / 1e6).toFixed(2)} ms, ticket ${(t.maxWaitNs / 1e6).toFixed(2)} ms`);
});
