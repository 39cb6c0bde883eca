// The run manifests behind the timeline tabs (src/extension/runManifest.ts):
// they round-trip, Compare's intervals and a sweep's curve come back with
// them, and what is read back is checked like anything else from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeManifest, looksLikeManifest, manifestFileName, manifestOf, manifestRunIds, parseManifest, statsOf, type RunManifest } from '../../src/extension/runManifest';
import { combineFacts, compareStatsOf } from '../../src/extension/runFacts';
import { factsOf } from '../../src/extension/simWorker';
import { replicationSeed } from '../../src/run/seeds';
import { encodeTrace } from '../../src/trace/codec';
import { compileModel, loadModel } from '../../src/model/index';
import { simulate } from '../../src/sim/simulate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const compare: RunManifest = {
  title: 'forwarding — base vs forwarding — mpsafe',
  runs: [
    { runId: 12, title: 'forwarding — base', descriptor: { model: 'file:///w/forwarding.smp.yaml', seed: 1, durationNs: 2e6 } },
    { runId: 13, title: 'forwarding — mpsafe', descriptor: { model: 'file:///w/forwarding.smp.yaml', variant: 'mpsafe', seed: 1, durationNs: 2e6 } },
  ],
  stats: {
    a: { replications: 5, locks: { Giant: { waitTotalNs: [1200, 80], acquisitions: [900, 3], holdTotalNs: [5000, 40], utilization: [0.4, 0.01] } } },
    b: { replications: 5, locks: { Giant: { waitTotalNs: [10, 2] } } },
  },
};

test('a compare manifest comes back whole, with its replication intervals', () => {
  const bytes = encodeManifest(compare);
  assert.ok(looksLikeManifest(bytes));
  assert.deepEqual(parseManifest(bytes), compare);
  assert.deepEqual(manifestRunIds(compare), [12, 13]);
});

test('a compare keeps its lock matching as the user edited it; a bad one is dropped, the compare kept', () => {
  const lockMapping = { by: { a: 'lock' as const, b: 'caller' as const }, pairs: { Giant: 'rwsem:W __x64_sys_munmap+0x17', rtentry: '' } };
  assert.deepEqual(parseManifest(encodeManifest({ ...compare, lockMapping })), { ...compare, lockMapping });
  const bad = parseManifest(encodeManifest({ ...compare, lockMapping: { by: { a: 'nope' }, pairs: {} } as never }));
  assert.ok(!('problem' in bad));
  assert.equal(bad.lockMapping, undefined);
  assert.equal(bad.runs.length, 2);
});

test('a sweep manifest keeps its curve; malformed points drop the curve, not the runs', () => {
  const sweep: RunManifest = {
    title: 'forwarding — sweep of machine.cpus',
    runs: [compare.runs[0], { ...compare.runs[1], descriptor: { model: 'file:///w/f.smp.yaml', sweepPoint: 3 } }],
    sweep: [
      { label: 'cpus=1', x: 1, throughput: 1e6, throughputCi: 2e4, replications: 3, lockWaitNs: 10, topLock: 'Giant', cpuTime: { user: 0, kernel: 0.5, interrupt: 0.1, softint: 0.1, spin: 0.2, idle: 0.1 } },
      { label: 'cpus=8', x: 8, throughput: 2e6, rfc2544: { zeroLossPps: 1.5e6, trials: 7, fromPps: 1e5, toPps: 3e6 } },
    ],
  };
  assert.deepEqual(parseManifest(encodeManifest(sweep)), sweep);
  const bad = JSON.parse(new TextDecoder().decode(encodeManifest(sweep)));
  bad.sweep[1].throughput = 'fast';
  const got = parseManifest(new TextEncoder().encode(JSON.stringify(bad)));
  assert.ok(!('problem' in got));
  assert.equal(got.sweep, undefined);
  assert.equal(got.runs.length, 2);
});

test('what is not a manifest says why; a binary trace or a Chrome trace is not taken for one', () => {
  const model = loadModel(readFileSync(join(__dirname, '..', 'e2e', 'fixtures', 'forwarding.smp.yaml'), 'utf8'), 'forwarding.smp.yaml').model!;
  const trace = simulate(compileModel(model, {}), { variant: '' });
  assert.equal(looksLikeManifest(encodeTrace(trace)), false);
  assert.equal(looksLikeManifest(new TextEncoder().encode('{"traceEvents": [], "kind": "smplab-runs"}')), false);
  const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
  assert.deepEqual(parseManifest(enc({ kind: 'smplab-runs', format: 9, title: 't', runs: [] })), { problem: 'a run manifest of another version (format 9)' });
  assert.deepEqual(parseManifest(enc({ kind: 'smplab-runs', format: 1, title: 't', runs: [] })), { problem: 'an incomplete run manifest' });
  assert.deepEqual(parseManifest(enc({ kind: 'smplab-runs', format: 1, title: 't', runs: [{ runId: 1.5, title: 'x', descriptor: { model: 'm' } }] })), { problem: 'an incomplete run manifest' });
  assert.deepEqual(parseManifest(enc({ kind: 'other' })), { problem: 'JSON, but not an SMP Stack Lab run manifest' });
  assert.deepEqual(parseManifest(new TextEncoder().encode('{"kind": "smplab-runs", ')), { problem: 'not a trace, and not a run manifest (JSON)' });
  // Intervals of one replication are no intervals: dropped.
  const one = { ...compare, stats: { a: { replications: 1, locks: {} }, b: compare.stats!.b } };
  assert.equal((parseManifest(encodeManifest(one)) as RunManifest).stats, undefined);
  // Unknown descriptor fields are dropped.
  const extra = enc({ kind: 'smplab-runs', format: 1, title: 't', runs: [{ runId: 1, title: 'x', descriptor: { model: 'm', evil: true, variant: 3 } }] });
  assert.deepEqual((parseManifest(extra) as RunManifest).runs[0].descriptor, { model: 'm' });
});

test('the file name is the title (what the tab shows), with what no file system takes replaced', () => {
  assert.equal(manifestFileName('forwarding — base @ cpus=4'), 'forwarding — base @ cpus=4.smptrace');
  assert.equal(manifestFileName('a/b\\c: "d" <e>|f?*'), 'a-b-c- -d- -e-f-.smptrace');
  assert.equal(manifestFileName('..'), 'run.smptrace');
  assert.equal(manifestFileName('\u0000\n'), '-.smptrace');
  assert.ok(manifestFileName('x'.repeat(500)).length <= 130);
});

test('Compare of replicated runs: its intervals go into the manifest and come back from it after a reload (issue 13)', () => {
  const text = readFileSync(join(__dirname, '..', 'e2e', 'fixtures', 'forwarding.smp.yaml'), 'utf8');
  const model = loadModel(text, 'forwarding.smp.yaml').model!;
  // three replications of each variant, as the pool makes them, combined as the host does
  const run = (variant: string, runId: number) => {
    const facts = combineFacts([0, 1, 2].map((i) => factsOf(simulate(compileModel(model, { variant, seed: replicationSeed(7, i), durationNs: 500_000 }), { variant }))));
    return { runId, title: `forwarding — ${variant || 'base'}`, descriptor: { model: 'file:///w/forwarding.smp.yaml', ...(variant ? { variant } : {}) }, facts };
  };
  const records = [run('', 21), run('mpsafe', 22)];
  const stats = statsOf(records);
  assert.ok(stats, 'replicated runs have intervals');
  assert.equal(stats.a.replications, 3);
  assert.deepEqual(stats.a, compareStatsOf(records[0].facts));
  const giant = stats.a.locks.Giant.waitTotalNs!;
  assert.ok(giant[0] > 0 && giant[1] > 0, `Giant wait ${giant[0]} ± ${giant[1]}`);
  const back = parseManifest(encodeManifest(manifestOf({ title: 'forwarding — base vs forwarding — mpsafe', records, stats })));
  assert.ok(!('problem' in back));
  assert.deepEqual(back.stats, stats);
  // One replication: no intervals to keep.
  const single = [0, 1].map((i) => ({ ...records[i], facts: { ...records[i].facts, replications: 1 } }));
  assert.equal(statsOf(single), undefined);
});
