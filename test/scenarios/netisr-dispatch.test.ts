// netisr-dispatch: direct dispatch takes fewer context switches per packet
// than deferred (UP and SMP); on UP, the netisr preempting a localhost sender
// costs throughput (two switches per packet); on SMP it matters only where
// idle CPUs are not told, and the connection lock held across the wake-up
// makes 2 CPUs deliver less than one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstantKind } from '../../src/trace/schema';
import { deliveredPps, loadScenario, runOnce, runSweep, sum, type Run } from './helpers';

const m = loadScenario('netisr-dispatch');
const modes = {
  direct: runSweep(m),
  hybrid: runSweep(m, { variant: 'hybrid' }),
  deferred: runSweep(m, { variant: 'deferred' }),
  perCpu: runSweep(m, { variant: 'deferred-per-cpu' }),
};
const lo = runSweep(m, { variant: 'localhost' });
const loNoPreempt = runSweep(m, { variant: 'localhost-no-preempt' });

const switches = (r: Run) => sum(r.summary.cpus.map((c) => c.contextSwitches));
const perPacket = (r: Run) => switches(r) / r.summary.packets!.delivered;
const softint = (r: Run) => sum(r.summary.cpus.map((c) => c.softint));

test('UP and SMP: the sweep runs 1, 2 and 4 CPUs; every policy keeps up with the 300 kpps offered', () => {
  for (const runs of Object.values(modes)) {
    assert.deepEqual(runs.map((r) => r.x), [1, 2, 4]);
    for (const r of runs) {
      const p = r.summary.packets!;
      assert.deepEqual(p.dropped, {}, `${r.label}: nothing dropped`);
      assert.ok(Math.abs(p.delivered - p.offered) < 0.04 * p.offered, `${r.label}: delivered ${p.delivered} of ${p.offered}`);
    }
  }
});

test('direct dispatch takes fewer context switches per packet than deferred, on UP and on SMP', () => {
  modes.direct.forEach((d, i) => {
    const def = modes.deferred[i];
    assert.ok(perPacket(d) < 0.7 * perPacket(def), `${d.label}: direct ${perPacket(d).toFixed(3)} vs deferred ${perPacket(def).toFixed(3)} switches per packet`);
    assert.ok(perPacket(modes.hybrid[i]) <= perPacket(def) + 0.01, `${d.label}: hybrid ${perPacket(modes.hybrid[i]).toFixed(3)} <= deferred`);
    assert.ok(perPacket(modes.perCpu[i]) >= perPacket(def) - 0.01, `${d.label}: a thread per CPU switches at least as often as one`);
    // where ip_input runs: in the ithread (direct) or in the netisr thread (deferred)
    assert.equal(softint(d), 0, `${d.label}: direct never runs the netisr thread`);
    assert.ok(softint(def) > 0.02 * d.summary.cpus.length, `${d.label}: deferred runs ip_input in the netisr thread`);
  });
  // on UP hybrid is direct: the one workstream's CPU is always the current CPU
  assert.equal(switches(modes.hybrid[0]), switches(modes.direct[0]));
  // deferred costs CPU on UP: the same packets take more of the one CPU
  const busy = (r: Run) => r.summary.cpus[0].busy;
  assert.ok(busy(modes.deferred[0]) > busy(modes.direct[0]) + 0.1, `UP busy: direct ${busy(modes.direct[0]).toFixed(2)}, deferred ${busy(modes.deferred[0]).toFixed(2)}`);
});

test('localhost on UP: the netisr preempts the sender at every packet, and removing preemption doubles throughput', () => {
  const up = lo[0], upNo = loNoPreempt[0];
  assert.equal(up.x, 1);
  assert.ok(perPacket(up) > 1.95 && perPacket(up) < 2.05, `preempting: ${perPacket(up).toFixed(3)} switches per packet`);
  assert.ok(perPacket(upNo) < 0.1, `not preempting: ${perPacket(upNo).toFixed(3)} switches per packet (one pair per 32-segment write)`);
  let preempts = 0;
  const ins = up.trace.tables.instants;
  for (let i = 0; i < up.trace.length.instants; i++) if (ins.kind[i] === InstantKind.Preempt && ins.time[i] >= up.trace.meta.warmupNs) preempts++;
  assert.ok(preempts > 0.95 * up.summary.packets!.delivered, `${preempts} preemptions for ${up.summary.packets!.delivered} packets`);
  const a = deliveredPps(up), b = deliveredPps(upNo);
  assert.ok(b > 1.6 * a, `UP throughput: ${Math.round(a)} pps preempting vs ${Math.round(b)} pps without`);
  assert.ok(a > 150e3 && b < 700e3, 'rates of a ~2 us send + receive path');
});

test('localhost on SMP: the netisr runs on the other CPU, so preemption no longer matters', () => {
  const smp = lo[1], smpNo = loNoPreempt[1];
  assert.equal(smp.x, 2);
  assert.ok(deliveredPps(smp) > 1.8 * deliveredPps(lo[0]), `SMP ${Math.round(deliveredPps(smp))} vs UP ${Math.round(deliveredPps(lo[0]))}`);
  assert.ok(Math.abs(deliveredPps(smp) - deliveredPps(smpNo)) < 0.05 * deliveredPps(smp));
  assert.ok(perPacket(smp) < 0.05, 'the netisr keeps its CPU: hardly any switches');
});

test('localhost on SMP with idle CPUs not told (4BSD, ipiwakeup off): the waker preempts itself as on UP', () => {
  const noIpi = runOnce(m, { variant: 'localhost-4bsd-noipi', cpus: 2 });
  const noIpiNoPreempt = runOnce(m, { variant: 'localhost-4bsd-noipi-no-preempt', cpus: 2 });
  const dl = (r: Run) => r.summary.packets!.delivered;
  // the netisr stays on the sender's CPU, preempting it at every segment; the other CPU stays idle
  assert.ok(dl(noIpiNoPreempt) > 2 * dl(noIpi), `2 CPUs: ${dl(noIpi)} delivered with preemption, ${dl(noIpiNoPreempt)} without`);
  assert.ok(perPacket(noIpi) > 1.5, `${perPacket(noIpi).toFixed(2)} switches per segment`);
  assert.ok(noIpi.summary.cpus[1].busy < 0.05, `CPU 1 busy ${(noIpi.summary.cpus[1].busy * 100).toFixed(1)}%`);
  // with IPIs (the default), the other CPU takes the netisr and delivers twice as much again
  const withIpi = lo.find((r) => r.x === 2)!;
  assert.ok(dl(withIpi) > 1.5 * dl(noIpiNoPreempt), `with IPIs: ${dl(withIpi)}`);
  assert.ok(noIpi.trace.meta.locks.some((l) => l.name === 'sched_lock'), '4BSD: sched_lock in the lock table');
});

test('localhost with the connection lock held across the wake-up: preemption hardly costs on UP, and SMP delivers less than UP', () => {
  const at = (variant: string, cpus: number) => runOnce(m, { variant, cpus });
  const up = at('localhost-inp-lock', 1), upNo = at('localhost-inp-lock-no-preempt', 1);
  const smp = at('localhost-inp-lock', 2), smpNo = at('localhost-inp-lock-no-preempt', 2);
  const dl = (r: Run) => r.summary.packets!.delivered;
  // UP: the preempting netisr blocks on inp at once and runs the batch after the unlock: a few switches per
  // 32-segment write instead of two per segment, so turning preemption off gains little (vs 2x without the lock)
  assert.ok(perPacket(up) < 0.25, `UP, preempting: ${perPacket(up).toFixed(3)} switches per segment`);
  assert.ok(dl(upNo) < 1.15 * dl(up) && dl(upNo) >= dl(up), `UP: ${dl(up)} delivered preempting, ${dl(upNo)} without`);
  const inp = (r: Run) => r.summary.locks.find((l) => l.name === 'inp')!;
  assert.ok(inp(up).contended > 0, 'the netisr finds inp held by the sender it preempted');
  // SMP: the netisr on the other CPU spins on inp while the sender holds it for a whole write, so the two
  // sides serialise on the lock; the netisr falls behind, its queue overflows, and 2 CPUs deliver less than 1
  assert.ok(dl(smp) < 0.85 * dl(up), `2 CPUs ${dl(smp)} vs 1 CPU ${dl(up)} delivered`);
  const netisrCpu = smp.summary.cpus.reduce((a, c) => (c.softint > a.softint ? c : a));
  assert.ok(netisrCpu.spin > 0.4, `the netisr's CPU spins ${(netisrCpu.spin * 100).toFixed(0)}% of the time on inp`);
  assert.ok((smp.summary.packets!.dropped['ip/0 (qdrops)'] ?? 0) > 0, `drops: ${JSON.stringify(smp.summary.packets!.dropped)}`);
  // and preemption still changes nothing on SMP: the netisr has a CPU of its own
  assert.ok(Math.abs(dl(smpNo) - dl(smp)) <= 0.05 * dl(smp), `2 CPUs: ${dl(smp)} preempting, ${dl(smpNo)} without`);
});
