// The Problems view of a model after a run: what the run found (a thread that
// never ran) is shown beside the checker's own warnings of the file, not in
// place of them (a run used to replace "lock … is declared but never taken");
// and a sweep point run on the pool without its trace reports it too, from
// the summary and sources its worker sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModelText, compileModelText } from '../../src/extension/modelApi';
import { join } from 'node:path';
import { runWarningProblems, shownProblems, warningProblems } from '../../src/extension/runWarnings';
import { simulate } from '../../src/sim/simulate';
import { WorkerPool } from '../../src/run/pool';
import { twoBusyModel } from '../fixtures/twoBusy';

const FILE = 'busy.smp.yaml';
const MODEL = twoBusyModel('{ cpus: 1 }', { unusedLock: true });

test('a run\'s findings are shown beside the checker\'s warnings, each once, only of this file', () => {
  const checked = checkModelText(MODEL, FILE);
  assert.deepEqual(checked.map((p) => [p.line, p.severity, p.message]), [[4, 'warning', 'lock unused is declared but never taken']]);
  const compiled = compileModelText(MODEL, FILE, {});
  assert.ok(compiled.ok);
  const found = runWarningProblems(simulate(compiled.program).meta);
  assert.deepEqual(found.map((p) => [p.line, p.severity]), [[7, 'warning']]);
  assert.match(found[0].message, /^thread b never ran/);

  const shown = shownProblems(checked, found, FILE);
  assert.deepEqual(shown.map((p) => p.line), [4, 7], 'the checker\'s warning stays, the run\'s is added');
  // the same finding twice (two runs of one variant) is one problem; another file's are not this file's
  assert.deepEqual(shownProblems(checked, [...found, ...found, { ...found[0], file: 'other.smp.yaml' }], FILE).map((p) => p.line), [4, 7]);
  // after an edit (no findings) the checker's problems alone
  assert.deepEqual(shownProblems(checked, [], FILE), checked);
});

test('a sweep point run on the pool without its trace: the same warning, from its summary and sources', async () => {
  // not pinned: on two CPUs each thread has one
  const text = MODEL.replace('machine: { cpus: 1 }', 'machine: { cpus: 1 }\nsweep: { machine.cpus: [1, 2] }').replaceAll(', cpu: 0', '');
  const compiled = compileModelText(text, FILE, { sweepPoint: 0 });
  assert.ok(compiled.ok);
  const fromTrace = runWarningProblems(simulate(compiled.program).meta);
  const pool = new WorkerPool(join(__dirname, '..', '..', 'dist', 'simWorker.js'), { size: 1, facts: true });
  try {
    const [one, two] = await Promise.all([0, 1].map((sweepPoint) => pool.run({ text, file: FILE, sweepPoint, keepTrace: false })));
    assert.ok(one.kind === 'done' && two.kind === 'done');
    assert.equal(one.trace, undefined, 'no trace came back');
    assert.deepEqual(warningProblems(one.summary.starved ?? [], one.sources ?? []), fromTrace);
    assert.equal(fromTrace.length, 1);
    assert.deepEqual(warningProblems(two.summary.starved ?? [], two.sources ?? []), [], 'two CPUs: both threads run');
  } finally {
    await pool.close();
  }
});
