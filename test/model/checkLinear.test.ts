// The checker is linear in the number of steps (issue 16: 20,000 repeated
// `lock:` steps took 4.2 s, each step copying every hold before it). Checked
// at 10x that size, 200,000 steps, against a baseline measured in the same
// run: as many lock/unlock pairs, which never held more than one lock. Time is
// the process's CPU time, best of three, and only the ratio is asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpec } from '../../src/model/check/index';
import { Diagnostics, type Range } from '../../src/model/diagnostics';
import { elaborate } from '../../src/model/elaborate/elaborate';
import { parseText } from '../../src/model/parse';
import type { MSpec, MStep } from '../../src/model/spec';
import { fastestCpuMicros } from '../cpuTime';

const STEPS = 200_000;

const MODEL = `name: many locks
machine: { cpus: 2 }
locks:
  L: { type: mutex }
  R: { type: mutex, recursive: true }
threads:
  t: { kind: kernel, run: f }
functions:
  f:
    - work: 10ns
run: { duration: 100us }
`;

function specWith(steps: (at: Range, i: number) => MStep): MSpec {
  const diags = new Diagnostics('m.smp.yaml');
  const { root } = parseText(MODEL, diags);
  const spec = elaborate(root!, diags);
  assert.deepEqual(diags.list, []);
  const f = spec.functions.find((x) => x.name === 'f')!;
  f.steps = Array.from({ length: STEPS }, (_, i) => steps({ line: 10 + i, column: 7, endLine: 10 + i, endColumn: 14 }, i));
  return spec;
}

const lock = (name: string, at: Range): MStep => ({ op: 'lock', lock: { name, at }, at });
const unlock = (name: string, at: Range): MStep => ({ op: 'unlock', lock: { name, at }, at });

function cpuMs(run: () => void): number {
  return fastestCpuMicros(run, 3) / 1000;
}

function check(spec: MSpec): Diagnostics {
  const diags = new Diagnostics('m.smp.yaml');
  checkSpec(spec, diags, { warnUnused: false, cpusOverridden: false });
  return diags;
}

test(`${STEPS.toLocaleString('en-US')} repeated lock: steps check in time linear in the steps (ratio to lock/unlock pairs)`, () => {
  const pairs = specWith((at, i) => (i % 2 ? unlock('L', at) : lock('L', at)));
  // A recursive lock taken STEPS/2 times, then released as often: legal, and nested STEPS/2 deep.
  const nested = specWith((at, i) => (i < STEPS / 2 ? lock('R', at) : unlock('R', at)));
  // The same plain lock taken again and again: one self-deadlock error (the first; the rest are the same fault).
  const repeated = specWith((at) => lock('L', at));

  assert.deepEqual(check(pairs).list, []);
  assert.deepEqual(check(nested).list, []);
  const errs = check(repeated).list.filter((d) => d.severity === 'error');
  assert.deepEqual(errs.filter((d) => /L is already held here/.test(d.message)).map((d) => d.line), [11]);
  assert.match(errs.find((d) => /returns holding L/.test(d.message))!.message, /f returns holding L \(taken here\)/);

  const base = cpuMs(() => check(pairs));
  const nestedMs = cpuMs(() => check(nested));
  const repeatedMs = cpuMs(() => check(repeated));
  console.log(`# check of ${STEPS} steps: lock/unlock pairs ${base.toFixed(0)} ms, nested recursive ${nestedMs.toFixed(0)} ms, repeated ${repeatedMs.toFixed(0)} ms`);
  // Quadratic, the nested case alone was tens of seconds here (100,000 holds copied 100,000 times).
  assert.ok(nestedMs < 6 * base, `nested: ${nestedMs.toFixed(0)} ms against ${base.toFixed(0)} ms for pairs`);
  assert.ok(repeatedMs < 6 * base, `repeated: ${repeatedMs.toFixed(0)} ms against ${base.toFixed(0)} ms for pairs`);
});
