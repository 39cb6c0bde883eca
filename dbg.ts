import { ProgramBuilder, sleep, work } from './src/sim/builder';
import { simulate } from './src/sim/simulate';
import { summarize } from './src/trace/summary';
for (const cpus of [1, 2, 4, 8, 16, 32]) for (const scheduler of ['ule', '4bsd'] as const) {
  const b = new ProgramBuilder(`churn-${scheduler}`, { cpus, scheduler });
  const f = b.fn('churn', [work(3_000), sleep({ kind: 'fixed', ns: 2_000 })]);
  for (let k = 0; k < cpus * 2; k++) b.thread(`w${k}`, f, { kind: 'kernel' });
  const t0 = performance.now();
  const t = simulate(b.build({ durationNs: 2_000_000 }));
  const s = summarize(t);
  const l = s.locks.find((x) => x.name === 'sched_lock');
  const busy = s.cpus.reduce((a, c) => a + c.busy, 0) / cpus, spin = s.cpus.reduce((a, c) => a + c.spin, 0) / cpus, kern = s.cpus.reduce((a, c) => a + c.kernel, 0) / cpus;
  const work_ = t.meta.counterTotals;
  console.log(cpus, scheduler, 'spin', (spin*100).toFixed(1), 'kernel', (kern*100).toFixed(1), 'busy', (busy*100).toFixed(1), l ? `sched_lock acq ${l.acquisitions} cont ${l.contended} wait ${l.waitTotalNs} held ${(l.utilization*100).toFixed(0)}%` : '', 'switches', s.cpus.reduce((a,c)=>a+c.contextSwitches,0), (performance.now()-t0).toFixed(0)+'ms');
}
