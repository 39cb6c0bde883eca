// smplab reports a starved thread after the run as the docs say: a warning on
// stderr at the thread's declaration — for a single run, and for every point
// of a sweep run on the worker pool (whose workers send back the sources the
// warnings name) — and none once a time slice lets both threads share the CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCliBefore, smplab } from './smplab';
import { twoBusyModel } from '../fixtures/twoBusy';

const tempDir = buildCliBefore('smplab-starved-');

const MODEL = twoBusyModel('{ cpus: 1 }', { tail: ['variants:', '  sliced: { set: { machine.slice: 1ms } }', 'sweep: { machine.cpus: [1, 2] }'] });

test('a thread that never ran is a warning at its declaration, after the summary, for a run and for each sweep point', () => {
  const file = join(tempDir(), 'busy.smp.yaml');
  writeFileSync(file, MODEL);
  const never = 'thread b never ran: runnable, waiting on a run queue behind threads of its priority or higher for 20 ms (100% of the run)';

  const one = smplab('run', file, '--no-sweep');
  assert.equal(one.code, 0, one.err);
  assert.deepEqual(one.err.trim().split('\n').filter((l) => l.includes('warning')), [`${file}:5:3: warning: ${never}`]);
  assert.ok(one.out.includes('cpu ') && !one.out.includes('warning'), 'the summary on stdout, the warning on stderr');

  // both threads are bound to CPU 0, so on 2 CPUs too b waits behind a
  const sweep = smplab('run', file, '--jobs', '2');
  assert.equal(sweep.code, 0, sweep.err);
  assert.deepEqual(sweep.err.trim().split('\n').filter((l) => l.includes('warning')), [`${file}:5:3: warning: cpus=1: ${never}`, `${file}:5:3: warning: cpus=2: ${never}`]);

  const json = JSON.parse(smplab('run', file, '--no-sweep', '--json').out);
  assert.deepEqual(json.starved.map((s: { message: string }) => s.message), [never]);

  const sliced = smplab('run', file, '--variant', 'sliced', '--jobs', '2');
  assert.equal(sliced.code, 0, sliced.err);
  assert.ok(!sliced.err.includes('warning'), `a 1 ms slice shares the CPU:\n${sliced.err}`);
});
