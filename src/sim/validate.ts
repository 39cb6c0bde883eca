// Checks a hand-built Program before it runs: the typed API cannot stop an
// out-of-range index, and the engine trusts its input. (The model language's
// checker gives located diagnostics long before this; this is the last line.)
import type { Program, Step } from './program';

export class ProgramError extends Error {}

export function validateProgram(p: Program): void {
  const fail = (msg: string): never => { throw new ProgramError(`${p.name || 'program'}: ${msg}`); };
  const m = p.machine;
  if (!Number.isInteger(m.cpus) || m.cpus < 1 || m.cpus > 256) fail(`machine.cpus must be 1..256, got ${m.cpus}`);
  if (!(p.run.durationNs > 0) || !Number.isFinite(p.run.durationNs)) fail('run.duration must be a positive time');
  if (p.threads.length >= 0xffff) fail('too many threads (at most 65534)');
  if (p.locks.length >= 0xffff) fail('too many locks (at most 65534)');
  // Sampled series: every counter, every queue, and two for packets (16-bit ids in the trace, 0xffff none).
  if (p.counters.length + p.queues.length + 2 >= 0xffff) fail('too many counters and queues (at most 65532 together)');
  for (const [k, v] of Object.entries(m.costs)) if (!(v >= 0) || !Number.isFinite(v)) fail(`machine.costs.${k} must be a non-negative time`);
  const idx = (n: number, len: number, what: string) => { if (!Number.isInteger(n) || n < 0 || n >= len) fail(`${what} ${n} out of range`); };
  const steps = (list: Step[], where: string): void => {
    for (const s of list) {
      switch (s.op) {
        case 'lock': case 'unlock': idx(s.lock + Math.max(0, (s.perCpu || s.perStack || 1) - 1), p.locks.length, `${where}: lock`); break;
        case 'synchronize': idx(s.lock, p.locks.length, `${where}: lock`); break;
        case 'count': case 'sum': idx(s.counter, p.counters.length, `${where}: counter`); break;
        case 'call': idx(s.fn, p.functions.length, `${where}: function`); break;
        case 'enqueue': idx(s.queue + Math.max(0, (s.perCpu || s.perStack || 1) - 1), p.queues.length, `${where}: queue`); break;
        case 'dequeue': if (s.queue !== -1) idx(s.queue + Math.max(0, (s.perCpu || s.perStack || 1) - 1), p.queues.length, `${where}: queue`); break;
        case 'wakeup': idx(s.thread + Math.max(0, (s.perCpu || s.perRing || 1) - 1), p.threads.length, `${where}: thread`); break;
        case 'transmit': if (s.device !== -1) idx(s.device, p.devices.length, `${where}: device`); break;
        case 'dispatch': idx(s.netisr, p.netisrs?.length ?? 0, `${where}: netisr`); break;
        case 'loop': if (!(s.count >= 0)) fail(`${where}: loop count must be >= 0`); steps(s.body, where); break;
        case 'branch': for (const a of s.arms) { if (!(a.p >= 0)) fail(`${where}: branch probability must be >= 0`); steps(a.body, where); } break;
        default: break;
      }
    }
  };
  p.functions.forEach((f) => steps(f.steps, f.name));
  p.counters.forEach((c) => { if (c.stacks !== undefined && !(Number.isInteger(c.stacks) && c.stacks >= 1)) fail(`counter ${c.name}: stacks must be a positive integer`); });
  p.threads.forEach((t) => idx(t.entry, p.functions.length, `thread ${t.name}: entry`));
  p.devices.forEach((d) => d.rx.forEach((rx) => { idx(rx.ring, p.queues.length, `${d.name}: ring`); idx(rx.handler, p.functions.length, `${d.name}: handler`); }));
  p.traffic.forEach((t) => { idx(t.device, p.devices.length, 'traffic: device'); if (!(t.pps > 0)) fail('traffic rate must be positive'); if (!(t.flows >= 1)) fail('traffic flows must be >= 1'); });
  (p.netisrs ?? []).forEach((n) => {
    if (!n.queues.length || n.queues.length !== n.threads.length) fail(`netisr ${n.name}: needs one queue per thread`);
    n.queues.forEach((q) => idx(q, p.queues.length, `netisr ${n.name}: queue`));
    n.threads.forEach((t) => idx(t, p.threads.length, `netisr ${n.name}: thread`));
    idx(n.handler, p.functions.length, `netisr ${n.name}: handler`);
  });
  p.threads.forEach((t) => { if (t.ring !== undefined && t.ring !== -1) idx(t.ring, p.queues.length, `thread ${t.name}: ring`); });
  p.timers.forEach((t) => { idx(t.handler, p.functions.length, `timer ${t.name}: handler`); if (!(t.periodNs > 0)) fail(`timer ${t.name}: period must be positive`); });
}
