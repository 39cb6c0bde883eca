// The shipped models: every file in scenarios/ loads clean and compiles in
// every variant and sweep point; the two language examples behave as they say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, compileModel, sweepPrograms, type Model } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { summarize } from '../../src/trace/summary';

const DIR = join(__dirname, '..', '..', 'scenarios');
const files = readdirSync(DIR).filter((f) => f.endsWith('.smp.yaml')).sort();

function load(name: string): Model {
  const r = loadModel(readFileSync(join(DIR, name), 'utf8'), `scenarios/${name}`);
  const errs = r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`);
  assert.deepEqual(errs, [], name);
  return r.model!;
}

test('every shipped model loads without errors and compiles in every variant and sweep point', () => {
  assert.ok(files.length >= 2);
  for (const f of files) {
    const m = load(f);
    assert.ok(m.name, `${f} has a name`);
    assert.ok(m.description, `${f} has a description (smplab list shows it)`);
    for (const v of [undefined, ...m.variants.map((x) => x.name)]) {
      const p = compileModel(m, { variant: v });
      assert.ok(p.functions.length > 0);
      for (const s of p.sources.slice(1)) assert.ok(s.line >= 1 && s.file === `scenarios/${f}`);
      if (m.sweep) assert.equal(sweepPrograms(m, { variant: v }).length, m.sweep.points.length);
    }
  }
});

test('the two language examples have no warnings either', () => {
  for (const f of ['queueing-lock.smp.yaml', 'example-forwarding.smp.yaml']) {
    const r = loadModel(readFileSync(join(DIR, f), 'utf8'), f);
    assert.deepEqual(r.diagnostics, [], f);
  }
});

/** Machine repairman (M/M/1//N): utilisation and mean wait of one server with N sources. */
function repairman(n: number, think: number, hold: number): { u: number; wait: number } {
  let sum = 0;
  let term = 1;
  for (let k = 0; k <= n; k++) {
    if (k > 0) term *= (n - k + 1) * (hold / think);
    sum += term;
  }
  const u = 1 - 1 / sum;
  const x = u / hold;
  return { u, wait: n / x - think - hold };
}

test('queueing-lock matches the finite-source queue M/M/1//N (REFERENCE.md)', () => {
  const m = load('queueing-lock.smp.yaml');
  const f = m.spec.functions[0];
  assert.deepEqual(f.steps.map((s) => s.op), ['work', 'lock', 'work', 'unlock']);
  const points = sweepPrograms(m).filter((p) => p.x === 4 || p.x === 8);
  for (const { program, x } of points) {
    assert.deepEqual(Object.values(program.machine.costs).filter((v) => v !== 0), [], 'every overhead is zero');
    assert.equal(program.machine.timecounter.readNs, 0);
    assert.equal(program.threads.length, x, 'one thread per CPU');
    const s = summarize(simulate(program));
    const lock = s.locks.find((l) => l.name === 'L')!;
    const theory = repairman(x, 900, 100);
    assert.ok(Math.abs(lock.utilization - theory.u) < 0.03, `N=${x}: utilisation ${lock.utilization} vs ${theory.u}`);
    const wait = lock.waitTotalNs / lock.acquisitions;
    assert.ok(Math.abs(wait - theory.wait) < 0.1 * theory.wait + 3, `N=${x}: mean wait ${wait} vs ${theory.wait}`);
  }
});

test('example-forwarding: Giant caps delivery while mpsafe scales with CPUs', () => {
  const m = load('example-forwarding.smp.yaml');
  const run = (variant: string | undefined, cpus: number) => summarize(simulate(compileModel(m, { variant, cpus, durationNs: 2e6 })));
  const giant1 = run(undefined, 1).packets!.delivered;
  const giant4 = run(undefined, 4);
  const mp4 = run('mpsafe', 4);
  assert.ok(giant4.locks.find((l) => l.name === 'Giant')!.contended > 0, 'CPUs wait for Giant');
  assert.equal(mp4.locks.find((l) => l.name === 'Giant')!.acquisitions, 0, 'mpsafe never takes Giant');
  assert.ok(giant4.packets!.delivered < giant1 * 1.15, `Giant: 4 CPUs deliver about what 1 does (${giant4.packets!.delivered} vs ${giant1})`);
  assert.ok(mp4.packets!.delivered > giant4.packets!.delivered * 1.4, `mpsafe on 4 CPUs delivers more (${mp4.packets!.delivered} vs ${giant4.packets!.delivered})`);
});
