// Two reference workloads built with the typed API: the engine tests and
// `npm run bench` both run them.
import {
  ProgramBuilder, call, count, dequeue, enqueue, exp, lock, transmit, unlock, wakeup, work, loop,
} from './builder';
import type { Program } from './program';

/** N CPUs hammering one adaptive mutex with a shared counter inside. */
export function lockContention(cpus: number, durationNs: number, seed = 1): Program {
  const b = new ProgramBuilder('lock-contention', { cpus });
  const L = b.lock('Giant', { kind: 'mutex', wait: 'adaptive', recursive: true });
  const c = b.counter('ops', 'shared');
  const inner = b.fn('critical', [count(c), work(exp(400))]);
  const f = b.fn('worker', [work(exp(800)), lock(L), call(inner), unlock(L)]);
  for (let i = 0; i < cpus; i++) b.thread(`worker${i}`, f, { cpu: i });
  return b.build({ durationNs, seed });
}

/** A NIC with one RX ring per CPU, interrupt handler → netisr queue → netisr thread → route lock → TX. */
export function packetPath(cpus: number, pps: number, durationNs: number, seed = 1): Program {
  const b = new ProgramBuilder('packet-path', { cpus });
  const rt = b.lock('rtentry', { kind: 'mutex' });
  const snd = b.lock('if_snd', { kind: 'spin' });
  const fwd = b.counter('ipstat.ips_forward', 'percpu');
  const txq = b.queue('wm1.tx', 1024);
  const out = b.device('wm1', { rx: [], txRing: txq, lineRateBps: 40e9 });
  const ipOutput = b.fn('ip_output', [lock(snd), work(exp(80)), transmit(out), unlock(snd)]);
  const ipInput = b.fn('ip_input', [count(fwd), lock(rt), work(exp(150)), unlock(rt), call(ipOutput)]);
  const netisrQ: number[] = [];
  const netisrT: number[] = [];
  for (let i = 0; i < cpus; i++) {
    const q = b.queue(`netisr${i}`, 256);
    netisrQ.push(q);
    const body = b.fn(`swi_net${i}`, [dequeue(q, 'block'), call(ipInput)]);
    netisrT.push(b.thread(`netisr${i}`, body, { kind: 'softint', cpu: i }));
  }
  const rings: { ring: number; cpu: number; handler: number }[] = [];
  for (let i = 0; i < cpus; i++) {
    const ring = b.queue(`wm0.rx${i}`, 256);
    const h = b.fn(`wm_rxintr${i}`, [loop(64, [dequeue(-1, 'break'), work(exp(250)), enqueue(netisrQ[i])]), wakeup(netisrT[i])]);
    rings.push({ ring, cpu: i, handler: h });
  }
  const d = b.device('wm0', { rx: rings, lineRateBps: 40e9 });
  b.traffic(d, pps, { flows: 64, pattern: { kind: 'poisson' } });
  return b.build({ durationNs, seed });
}
