// Small real engine runs for the interchange tests: locks of every wait kind,
// wake-ups, interrupts from a NIC, counters.
import {
  ProgramBuilder, call, count, dequeue, enqueue, exp, fixed, lock, sleep, unlock, wakeup, work,
} from '../../../src/sim/builder';
import { simulate } from '../../../src/sim/simulate';
import type { Trace } from '../../../src/trace/schema';

export function lockRun(): Trace {
  const b = new ProgramBuilder('interchange', { cpus: 2 });
  const L = b.lock('sx', { kind: 'mutex', wait: 'adaptive' });
  const S = b.lock('spin0', { kind: 'spin', wait: 'spin' });
  const c = b.counter('hits', 'shared');
  const inner = b.fn('inner', [lock(S), work(exp(300)), count(c), unlock(S)]);
  const holder = b.fn('holder', [lock(L), work(2000), call(inner), sleep(fixed(1500)), unlock(L), work(exp(800))]);
  const other = b.fn('other', [lock(L), work(400), unlock(L), call(inner), work(exp(600))]);
  b.thread('h', holder, { cpu: 0 });
  b.thread('o', other, { cpu: 1 });
  b.thread('o2', other, { cpu: 1 });
  return simulate(b.build({ durationNs: 400_000 }));
}
