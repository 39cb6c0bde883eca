import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LastRuns, type RunFacts } from '../../src/extension/runFacts';
import { RunRegistry, type RunRecord } from '../../src/extension/runRegistry';
import type { Trace } from '../../src/trace/schema';

const facts = (variant: string): RunFacts => ({
  model: 'm', variant, seed: 1, stopReason: 'completed', simulatedNs: 1, events: 0, wallMs: 0, records: 0, bytes: 0, cpus: 1,
  counters: {}, locks: [], functions: {},
});
const record = (runId: number, file: string): RunRecord<string> => ({
  runId, title: `run ${runId}`, descriptor: { model: file }, request: { text: '', file },
  files: new Map([[file, `uri:${file}`]]),
  sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }, { file, line: 3, column: 5, endLine: 3, endColumn: 9 }],
  facts: facts('base'),
  trace: { meta: {} } as unknown as Trace,
});

test('only the newest runs keep their trace buffers', () => {
  const r = new RunRegistry<string>(2);
  for (let i = 1; i <= 4; i++) r.add(record(i, `/m${i}.smp.yaml`));
  assert.deepEqual(r.all().map((x) => [x.runId, !!x.trace]), [[4, true], [3, true], [2, false], [1, false]]);
  assert.equal(r.latest()?.runId, 4);
});

test('a source id resolves only against its own run', () => {
  const r = new RunRegistry<string>();
  r.add(record(1, '/a.smp.yaml'));
  r.add(record(2, '/b.smp.yaml'));
  assert.equal(r.resolve(1, 1)?.file, 'uri:/a.smp.yaml');
  assert.equal(r.resolve(2, 1)?.file, 'uri:/b.smp.yaml');
  assert.equal(r.resolve(3, 1), undefined);
  assert.equal(r.resolve(1, 2), undefined);
});

test('last runs per model keep one entry per variant, most recent first', () => {
  const l = new LastRuns();
  l.record('m', 1, facts('base'));
  l.record('m', 2, facts('mpsafe'));
  l.record('m', 3, facts('base'));
  l.record('other', 4, facts('base'));
  assert.deepEqual(l.forModel('m').map((x) => [x.runId, x.facts.variant]), [[3, 'base'], [2, 'mpsafe']]);
  assert.deepEqual(l.forModel('none'), []);
});

test('a run restored after a reload gets its trace back as the newest, without dropping its own', () => {
  const r = new RunRegistry<string>(2);
  const restored = { ...record(1, '/m1.smp.yaml'), trace: undefined };
  r.add(restored);
  for (let i = 2; i <= 3; i++) r.add(record(i, `/m${i}.smp.yaml`));
  const trace = { meta: {} } as unknown as Trace;
  assert.equal(r.keepTrace(1, trace)?.trace, trace);
  assert.deepEqual(r.all().map((x) => [x.runId, !!x.trace]), [[3, true], [2, false], [1, true]]);
  assert.equal(r.keepTrace(9, trace), undefined);
});
