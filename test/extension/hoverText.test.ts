import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverMarkdown, REVEAL_COMMAND, RUN_MODEL_COMMAND, TRUSTED_HOVER_COMMANDS } from '../../src/extension/hoverText';
import type { OutlineSymbol } from '../../src/model/index';
import type { RunFacts } from '../../src/extension/runFacts';

function facts(variant: string, over: Partial<RunFacts> = {}): RunFacts {
  return {
    model: 'fwd', variant, seed: 1, stopReason: 'completed', simulatedNs: 20e6, events: 1000, wallMs: 12, records: 5000, bytes: 1 << 20, cpus: 2,
    counters: { 'ipstat.ips_forward': { total: 16000, perCpu: [9000, 7000] } },
    locks: [{ name: 'Giant', type: 'mutex', acquisitions: 16000, contended: 6400, waitTotalNs: 3.2e6, waitSpinNs: 1.2e6, waitSleepNs: 2e6, waitMeanNs: 500, waitMaxNs: 18000, holdTotalNs: 8e6, holdMeanNs: 500, utilization: 0.4, handoffMeanNs: 300, acquisitionsPerCpu: [9000, 7000] }],
    functions: { ip_input: { onCpuNs: 10e6, selfNs: 4e6, share: 0.25 } },
    ...over,
  };
}
const sym = (kind: OutlineSymbol['kind'], name: string): OutlineSymbol => ({ kind, name, role: 'ref', start: 0, end: name.length });

function links(md: string): { command: string; args: unknown[] }[] {
  return [...md.matchAll(/\]\(command:([\w.]+)\?([^)]*)\)/g)].map((m) => ({ command: m[1], args: JSON.parse(decodeURIComponent(m[2])) }));
}

test('a counter hover shows total, rate and per-CPU values for each variant that ran', () => {
  const md = hoverMarkdown({
    symbol: sym('counter', 'ipstat.ips_forward'),
    runs: [
      { runId: 7, facts: facts('mpsafe', { counters: { 'ipstat.ips_forward': { total: 30000, perCpu: [15000, 15000] } } }) },
      { runId: 5, facts: facts('base') },
    ],
    modelKey: 'file:///ws/fwd.smp.yaml',
  })!;
  assert.match(md, /\| mpsafe \| 30,000 \| 1\.5 M\/s \| 0: 15,000 · 1: 15,000 \|/);
  assert.match(md, /\| base \| 16,000 \| 800 k\/s \| 0: 9,000 · 1: 7,000 \|/);
  assert.deepEqual(links(md), [{ command: REVEAL_COMMAND, args: [{ runId: 7, what: 'counter', name: 'ipstat.ips_forward' }] }]);
});

test('a counter the run did not record says so instead of showing zero', () => {
  const md = hoverMarkdown({ symbol: sym('counter', 'ipstat.ips_delivered'), runs: [{ runId: 1, facts: facts('base') }], modelKey: 'k' })!;
  assert.match(md, /\| base \| — \| — \| not counted in this run \|/);
});

test('a lock hover shows its contention line', () => {
  const md = hoverMarkdown({ symbol: sym('lock', 'Giant'), runs: [{ runId: 1, facts: facts('base') }], modelKey: 'k' })!;
  assert.match(md, /`base` \(mutex\): 16,000 acquisitions, 6,400 contended \(40\.0%\); wait 3\.2 ms total, mean 500 ns, max 18 µs; hold 8 ms total, mean 500 ns; utilisation 40\.0%; hand-off 300 ns/);
});

test('a function hover shows its on-CPU share', () => {
  const md = hoverMarkdown({ symbol: sym('function', 'ip_input'), runs: [{ runId: 1, facts: facts('base') }], modelKey: 'k' })!;
  // self: 4 ms of 2 CPUs x 20 ms = 10%
  assert.match(md, /`base`: 25\.0% of CPU time on the stack \(self 10\.0%\), 10 ms in all/);
});

test('before any run the hover offers to run the model, through a trusted command only', () => {
  const md = hoverMarkdown({ symbol: sym('lock', 'Giant'), runs: [], modelKey: 'file:///ws/fwd.smp.yaml' })!;
  assert.match(md, /No run of this model yet/);
  assert.deepEqual(links(md), [{ command: RUN_MODEL_COMMAND, args: ['file:///ws/fwd.smp.yaml'] }]);
  for (const l of links(md)) assert.ok(TRUSTED_HOVER_COMMANDS.includes(l.command));
  assert.ok(TRUSTED_HOVER_COMMANDS.every((c) => c.startsWith('smpStackLab.')));
});

test('variants and threads have no numbers to show', () => {
  assert.equal(hoverMarkdown({ symbol: sym('variant', 'mpsafe'), runs: [], modelKey: 'k' }), undefined);
});

test('names cannot break out of the Markdown code span or table', () => {
  const md = hoverMarkdown({ symbol: sym('counter', 'a`|b'), runs: [{ runId: 1, facts: facts('x|y') }], modelKey: 'k' })!;
  assert.match(md, /\*\*counter `a'\|b`\*\*/);
  assert.match(md, /\| x\\\|y \|/);
});

test('the base model, recorded with an empty variant, is shown as "base"', () => {
  const md = hoverMarkdown({ symbol: sym('counter', 'ipstat.ips_forward'), runs: [{ runId: 1, facts: facts('') }], modelKey: 'k' })!;
  assert.match(md, /\| base \| 16,000 \|/);
});

test('with replications a lock hover reads mean ± 95% half-width', async () => {
  const { hoverMarkdown } = await import('../../src/extension/hoverText');
  const lock = { name: 'Giant', type: 'mutex', acquisitions: 100, contended: 40, waitTotalNs: 5000, waitSpinNs: 5000, waitSleepNs: 0, waitMeanNs: 125, waitMaxNs: 900, holdTotalNs: 9000, holdMeanNs: 90, utilization: 0.5, handoffMeanNs: 0 };
  const facts = {
    model: 'm', variant: '', seed: 1, stopReason: 'completed', simulatedNs: 1e6, events: 1, wallMs: 1, records: 1, bytes: 1, cpus: 2,
    counters: {}, locks: [lock], functions: {}, replications: 5, ci95: { locks: [{ acquisitions: 6, waitMeanNs: 12 }] },
  };
  const md = hoverMarkdown({ symbol: { kind: 'lock', name: 'Giant' } as never, runs: [{ runId: 1, facts: facts as never }], modelKey: 'x' })!;
  assert.match(md, /100 ± 6 acquisitions/);
  assert.match(md, /mean 125 ns ± 12 ns/);
  assert.match(md, /mean ± 95% CI of 5 replications/);
});

test('with replications a counter hover reads mean ± 95% half-width of the total, the rate and each CPU', async () => {
  const { combineFacts } = await import('../../src/extension/runFacts');
  // three replications' facts combined as the extension combines them
  const reps = [[9000, 7000], [10000, 7000], [11000, 7000]].map((perCpu, i) =>
    facts('', { seed: i + 1, counters: { 'ipstat.ips_forward': { total: perCpu[0] + perCpu[1], perCpu } } }));
  const combined = combineFacts(reps);
  const md = hoverMarkdown({ symbol: sym('counter', 'ipstat.ips_forward'), runs: [{ runId: 3, facts: combined }], modelKey: 'k' })!;
  // total: 16,000 / 17,000 / 18,000 → mean 17,000, half t(0.975, 2)·1000/√3 = 2,484
  assert.match(md, /\| 17,000 ± 2,484 \|/);
  // rate over 20 ms: 850 k/s ± 124 k/s
  assert.match(md, /850(\.0)? ?k\/s ± 124(\.2)? ?k\/s/);
  // CPU 0 varies, CPU 1 does not (no ± where every replication agreed)
  assert.match(md, /0: 10,000 ± 2,484 · 1: 7,000 \|/);
  assert.match(md, /Mean ± 95% confidence interval over the replications \(`base`: 3\)/);
  // one run: no ± and no note
  const single = hoverMarkdown({ symbol: sym('counter', 'ipstat.ips_forward'), runs: [{ runId: 1, facts: facts('') }], modelKey: 'k' })!;
  assert.doesNotMatch(single, /±|confidence/);
});
