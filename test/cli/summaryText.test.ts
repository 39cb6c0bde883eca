// The CLI's text summary writes a replicated figure as `mean ± half-width`,
// and a figure every replication agreed on alone, as the VS Code views do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runText } from '../../src/cli/summaryText';
import type { RunSummary } from '../../src/trace/summary';

const cpu = { id: 0, busy: 0.5, user: 0.1, kernel: 0.2, interrupt: 0.1, softint: 0.05, spin: 0.05, idle: 0.5, contextSwitches: 40, interrupts: 12 };
const summary = {
  model: 'm', variant: '', seed: 1, stopReason: 'completed', simulatedNs: 1e6, events: 100, wallMs: 1, records: 10, bytes: 320,
  rangeNs: [0, 1e6], cpus: [cpu], locks: [], counters: { rx: { total: 1000, perCpu: [1000] } },
} as unknown as RunSummary;

test('replicated text: a spread prints as ± half-width, an agreed figure (half-width 0) prints alone', () => {
  const ci = { cpus: [{ busy: 0.02, user: 0, kernel: 0, interrupt: 0, softint: 0, spin: 0, idle: 0.02, contextSwitches: 3, interrupts: 0 }], counters: { rx: { total: 0 } } };
  const text = runText(summary, 'm.smp.yaml', undefined, ci, 5);
  assert.match(text, /5 replications \(mean ± 95% CI\)/);
  assert.match(text, /50\.0% ± 2\.0%/, 'busy varies');
  assert.match(text, /40 ± 3/, 'context switches vary');
  assert.doesNotMatch(text, /± 0(?![.\d])|± 0\.0%|± 0ns/, `no "± 0" anywhere:\n${text}`);
  assert.match(text, /^rx\s+1,000/m, 'the agreed counter total prints alone');
});
