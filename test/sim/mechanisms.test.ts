// The mechanisms the scenarios rest on, checked on small hand-built machines:
// interrupt-per-packet receive livelock vs NAPI polling with a quota, netisr
// dispatch modes, per-CPU lock instances, several TX rings, RFC 2544 search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProgramBuilder, call, dequeue, dispatch, enqueue, irq, lockPerCpu, loop, pollDone, transmit, unlockPerCpu, wakeup, work,
} from '../../src/sim/builder';
import { simulate } from '../../src/sim/simulate';
import { rfc2544 } from '../../src/sim/rfc2544';
import { summarize } from '../../src/trace/summary';
import { checkInvariants } from './invariants';

const DUR = 20_000_000;

function router(mode: 'intr' | 'napi', pps: number) {
  const b = new ProgramBuilder(`livelock-${mode}`, { cpus: 1 });
  const rx = b.queue('em0.rx', 256);
  const txq = b.queue('em1.tx', 256);
  const out = b.device('em1', { rx: [], txRing: txq, lineRateBps: 10e9 });
  const forward = b.fn('ip_forward', [work(3000), transmit(out)]);
  let handler: number;
  if (mode === 'intr') {
    const ipintrq = b.queue('ipintrq', 50);
    const ipintr = b.thread('ipintr', b.fn('ipintr', [dequeue(ipintrq, 'block'), call(forward)]), { kind: 'softint', cpu: 0, startAsleep: true });
    handler = b.fn('em_rxintr', [dequeue(-1, 'break'), work(1500), enqueue(ipintrq), wakeup(ipintr)]);
  } else {
    const poller = b.fn('em_poll', [loop(64, [dequeue(-1, 'break'), work(1500), call(forward)]), pollDone()]);
    const t = b.thread('em_poll', poller, { kind: 'softint', cpu: 0, startAsleep: true, ring: rx });
    handler = b.fn('em_intr', [irq(false), wakeup(t)]);
  }
  const d = b.device('em0', { rx: [{ ring: rx, cpu: 0, handler }] });
  b.traffic(d, pps, { pattern: { kind: 'poisson' }, flows: 4 });
  return b.build({ durationNs: DUR, warmupNs: 2_000_000 });
}

const deliveredPps = (t: ReturnType<typeof simulate>) => t.meta.packets!.delivered / ((DUR - 2_000_000) / 1e9);

test('receive livelock: interrupt per packet collapses under overload; NAPI with a quota holds near the peak', () => {
  const loads = [50_000, 100_000, 150_000, 200_000, 400_000, 800_000];
  const intr = loads.map((l) => simulate(router('intr', l)));
  const napi = loads.map((l) => simulate(router('napi', l)));
  intr.concat(napi).forEach(checkInvariants);
  const di = intr.map(deliveredPps), dn = napi.map(deliveredPps);
  const peakI = Math.max(...di), peakN = Math.max(...dn);
  // interrupts: rises, peaks, then falls toward zero
  assert.ok(di[1] > di[0] * 1.8, `rises with load: ${di.map(Math.round)}`);
  assert.ok(di[5] < 0.25 * peakI, `collapses at 4x overload: ${Math.round(di[5])} vs peak ${Math.round(peakI)}`);
  // NAPI: holds near its peak
  assert.ok(dn[5] > 0.9 * peakN, `NAPI holds: ${Math.round(dn[5])} vs peak ${Math.round(peakN)}`);
  // interrupts per packet fall toward zero under load with NAPI, stay at one with interrupts
  const perPkt = (t: ReturnType<typeof simulate>) => summarize(t).cpus[0].interrupts / t.meta.packets!.offered;
  assert.ok(perPkt(napi[5]) < 0.02, `NAPI interrupts per packet ${perPkt(napi[5]).toFixed(4)}`);
  assert.ok(perPkt(intr[0]) > 0.9, `one interrupt per packet at light load ${perPkt(intr[0]).toFixed(3)}`);
});

function netisrModel(mode: 'direct' | 'hybrid' | 'deferred', cpus: number) {
  const b = new ProgramBuilder(`netisr-${mode}`, { cpus });
  const txq = b.queue('lo.tx', 1024);
  const out = b.device('lo1', { rx: [], txRing: txq, lineRateBps: 100e9 });
  const ipInput = b.fn('ip_input', [work(800), transmit(out)]);
  const n = b.netisr('netisr', { mode, handler: ipInput, threads: cpus, bind: true });
  const rings = Array.from({ length: cpus }, (_, i) => {
    const ring = b.queue(`re0.rx${i}`, 256);
    // the ithread runs the handler and unmasks the source when the ring is empty (pollDone)
    const ith = b.thread(`irq_re0_${i}`, b.fn(`re_rxeof${i}`, [loop(32, [dequeue(-1, 'break'), work(300), dispatch(n)]), pollDone()]), { kind: 'ithread', cpu: i, startAsleep: true, ring });
    return { ring, cpu: i, handler: b.fn(`re_intr${i}`, [irq(false), wakeup(ith)]) };
  });
  const d = b.device('re0', { rx: rings });
  b.traffic(d, 300_000 * cpus, { pattern: { kind: 'poisson' }, flows: 16 });
  return b.build({ durationNs: 10_000_000 });
}

test('netisr: direct dispatch has fewer context switches per packet than deferred', () => {
  for (const cpus of [1, 4]) {
    const per = (mode: 'direct' | 'hybrid' | 'deferred') => {
      const t = simulate(netisrModel(mode, cpus));
      checkInvariants(t);
      const s = summarize(t);
      return s.cpus.reduce((a, c) => a + c.contextSwitches, 0) / t.meta.packets!.delivered;
    };
    const direct = per('direct'), deferred = per('deferred'), hybrid = per('hybrid');
    assert.ok(direct < deferred * 0.8, `${cpus} CPU: direct ${direct.toFixed(3)} vs deferred ${deferred.toFixed(3)} switches/packet`);
    assert.ok(hybrid <= deferred, `${cpus} CPU: hybrid ${hybrid.toFixed(3)} <= deferred ${deferred.toFixed(3)}`);
  }
});

test('per-CPU lock instances do not contend; one shared lock does', () => {
  const run = (perCpu: boolean) => {
    const b = new ProgramBuilder('txq', { cpus: 4 });
    const first = b.lock('txq0', { kind: 'mutex' });
    for (let i = 1; i < 4; i++) b.lock(`txq${i}`, { kind: 'mutex' });
    const n = perCpu ? 4 : 1;
    const f = b.fn('if_transmit', [work(300), lockPerCpu(first, n), work(400), unlockPerCpu(first, n)]);
    for (let i = 0; i < 4; i++) b.thread(`tx${i}`, f, { cpu: i });
    const t = simulate(b.build({ durationNs: 2_000_000 }));
    checkInvariants(t);
    return summarize(t).locks.reduce((a, l) => a + l.waitTotalNs, 0);
  };
  assert.equal(run(true), 0);
  assert.ok(run(false) > 100_000);
});

test('RFC 2544 finds the highest zero-loss rate between a passing and a failing rate', () => {
  const r = rfc2544((pps) => router('napi', pps), 50_000, 400_000, 0.02);
  assert.ok(r.zeroLossPps > 50_000 && r.zeroLossPps < 400_000, `zero-loss ${r.zeroLossPps}`);
  const pass = r.trials.filter((t) => t.lost === 0).map((t) => t.pps);
  const fail = r.trials.filter((t) => t.lost > 0).map((t) => t.pps);
  assert.equal(Math.max(...pass), r.zeroLossPps);
  assert.ok(fail.every((f) => f > r.zeroLossPps), 'every failing trial is above the answer');
  assert.ok(Math.min(...fail) - r.zeroLossPps <= 0.02 * 400_000, 'bracket within the resolution');
});
