// machine.scheduler, slice, hz, ipiwakeup and costs.runqueue in the language,
// and a starved thread reported at its declaration after a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileModel } from '../../src/model/index';
import { DEFAULT_SLICE_NS } from '../../src/sim/program';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';
import { starvedLines } from '../../src/cli/summaryText';
import { runWarningProblems } from '../../src/extension/runWarnings';
import { errorLines, mustLoad } from './helpers';
import { twoBusyModel } from '../fixtures/twoBusy';

const twoBusy = (machine: string) => twoBusyModel(machine);

test('machine keys: scheduler, slice, hz, ipiwakeup, costs.runqueue, with FreeBSD defaults', () => {
  const def = compileModel(mustLoad(twoBusy('{ cpus: 1 }'))).machine;
  assert.deepEqual([def.scheduler, def.sliceNs, def.hz, def.ipiWakeup, def.costs.runqueue], ['ule', DEFAULT_SLICE_NS.ule, 1000, true, 100]);
  const bsd = compileModel(mustLoad(twoBusy('{ cpus: 1, scheduler: 4bsd }'))).machine;
  assert.deepEqual([bsd.scheduler, bsd.sliceNs], ['4bsd', 100_000_000]);
  const set = compileModel(mustLoad(twoBusy('{ cpus: 1, slice: 2ms, hz: 100, ipiwakeup: false, costs: { runqueue: 250ns } }'))).machine;
  assert.deepEqual([set.sliceNs, set.hz, set.ipiWakeup, set.costs.runqueue], [2_000_000, 100, false, 250]);
  assert.deepEqual(errorLines(twoBusy('{ scheduler: cfs }')), ['2:23 machine: scheduler should be one of ule, 4bsd, not "cfs"']);
  assert.equal(errorLines(twoBusy('{ slice: 10ns }')).length, 1);
});

test('4BSD adds sched_lock to the run, declared at machine.scheduler', () => {
  const t = simulate(compileModel(mustLoad(twoBusy('{ cpus: 2, scheduler: 4bsd }'))));
  const l = t.meta.locks.findIndex((x) => x.name === 'sched_lock');
  assert.ok(l >= 0);
  assert.equal(t.meta.sources[t.meta.locks[l].src].line, 2);
});

test('a thread that never ran is a warning at its declaration (CLI and Problems view); a slice lets it run', () => {
  const t = simulate(compileModel(mustLoad(twoBusy('{ cpus: 1 }'), 'busy.smp.yaml')));
  const s = summarize(t);
  assert.deepEqual(starvedLines(s, t.meta.sources), [
    'busy.smp.yaml:5:3: warning: thread b never ran: runnable, waiting on a run queue behind threads of its priority or higher for 20 ms (100% of the run)',
  ]);
  const problems = runWarningProblems(t.meta);
  assert.deepEqual(problems.map((p) => [p.file, p.line, p.column, p.severity]), [['busy.smp.yaml', 5, 3, 'warning']]);

  const shared = simulate(compileModel(mustLoad(twoBusy('{ cpus: 1, slice: 1ms }'))));
  assert.equal(summarize(shared).starved, undefined);
  assert.deepEqual(runWarningProblems(shared.meta), []);
});
