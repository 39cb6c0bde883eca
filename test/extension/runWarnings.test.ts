// The Problems view of a model after a run: what the run found (a thread that
// never ran) is shown beside the checker's own warnings of the file, not in
// place of them (a run used to replace "lock … is declared but never taken").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModelText, compileModelText } from '../../src/extension/modelApi';
import { runWarningProblems, shownProblems } from '../../src/extension/runWarnings';
import { simulate } from '../../src/sim/simulate';

const FILE = 'busy.smp.yaml';
const MODEL = [
  'name: two busy threads',
  'machine: { cpus: 1 }',
  'locks:',
  '  unused: { type: mutex }',
  'threads:',
  '  a: { kind: user, run: crunch, cpu: 0 }',
  '  b: { kind: user, run: crunch, cpu: 0 }',
  'functions:',
  '  crunch: [ { work: 50us } ]',
  'run: { duration: 20ms }',
  '',
].join('\n');

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
