// Shared by the scenario tests: load a shipped model through the real
// language (loadModel → compileModel / sweepPrograms), simulate it, check the
// trace invariants, and summarise. The numbers the tests assert all come out
// of these runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileModel, loadModel, sweepPrograms, type CompileOptions, type Model } from '../../src/model/index';
import type { Program } from '../../src/sim/program';
import { simulate } from '../../src/sim/simulate';
import type { Trace } from '../../src/trace/schema';
import { summarize, type RunSummary } from '../../src/trace/summary';
import { checkInvariants } from '../sim/invariants';

export const SCENARIOS = join(__dirname, '..', '..', 'scenarios');

/** A shipped scenario, loaded as `smplab run NAME` loads it: no errors, and no warnings either. */
export function loadScenario(name: string): Model {
  const file = `scenarios/${name}.smp.yaml`;
  const r = loadModel(readFileSync(join(SCENARIOS, `${name}.smp.yaml`), 'utf8'), file);
  assert.deepEqual(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`), [], `${name} loads clean`);
  return r.model!;
}

export interface Run {
  label: string;
  x: number;
  program: Program;
  trace: Trace;
  summary: RunSummary;
}

/** Simulate one program; every trace must satisfy the engine's invariants. */
export function run(program: Program, label = '', x = 0): Run {
  const trace = simulate(program);
  assert.equal(trace.meta.stopReason, 'completed', `${label}: ${trace.meta.stopDetail}`);
  checkInvariants(trace);
  return { label, x, program, trace, summary: summarize(trace) };
}

/** Every sweep point of the model (in a variant), simulated. */
export function runSweep(model: Model, opts: CompileOptions = {}): Run[] {
  return sweepPrograms(model, opts).map((p) => run(p.program, p.label, p.x));
}

/** One run of the model (in a variant, with overrides). */
export function runOnce(model: Model, opts: CompileOptions = {}): Run {
  return run(compileModel(model, opts), opts.variant ?? '');
}

/** Packets delivered per second over the measured range (warm-up to end). */
export function deliveredPps(r: Run): number {
  const s = r.summary;
  return s.packets!.delivered / ((s.rangeNs.end - s.rangeNs.start) / 1e9);
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
export const round = (xs: number[]): number[] => xs.map((x) => Math.round(x));

/** Increments per second of a counter over the measured range, from the trace's counter samples. */
export function counterRate(r: Run, name: string): number {
  const t = r.trace;
  const id = t.meta.series.findIndex((s) => s.name === name && s.kind === 'counter');
  assert.ok(id >= 0, `no counter ${name}`);
  const c = t.tables.counters;
  let atStart = 0, atEnd = 0;
  for (let i = 0; i < t.length.counters; i++) {
    if (c.series[i] !== id) continue;
    if (c.time[i] <= t.meta.warmupNs) atStart = c.value[i];
    atEnd = c.value[i];
  }
  return (atEnd - atStart) / ((t.meta.endNs - t.meta.warmupNs) / 1e9);
}
