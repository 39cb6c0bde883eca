// `npm run bench -- --scenarios`: every built-in scenario's runs at its
// default settings — the file as written and each variant, at every sweep
// point — timed one by one, against the standard every scenario keeps: under
// a second per run. A run is what `smplab run NAME` simulates for one point
// (an RFC 2544 search's trials, run after it, are not counted here).
import { readFileSync } from 'node:fs';
import { compileModel, loadModel, sweepPrograms } from '../src/model/index';
import type { Program } from '../src/sim/program';
import { simulate } from '../src/sim/simulate';
import { builtIns } from '../src/cli/scenarios';

interface ScenarioRow { scenario: string; variant: string; runs: number; events: number; maxWallMs: number; maxCpuMs: number; totalWallMs: number }

/** Process CPU time in ms (user + system, microsecond resolution). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function benchScenarios(only: string[] = []): void {
  const rows: ScenarioRow[] = [];
  for (const b of builtIns()) {
    if (only.length && !only.includes(b.name)) continue;
    const file = `scenarios/${b.name}.smp.yaml`;
    const model = loadModel(readFileSync(b.path, 'utf8'), file).model;
    if (!model) throw new Error(`${file} does not load`);
    for (const variant of ['', ...model.variants.map((v) => v.name)]) {
      const programs: Program[] = model.sweepDef ? sweepPrograms(model, { variant }).map((p) => p.program) : [compileModel(model, { variant })];
      const row: ScenarioRow = { scenario: b.name, variant: variant || '(as written)', runs: 0, events: 0, maxWallMs: 0, maxCpuMs: 0, totalWallMs: 0 };
      for (const p of programs) {
        const w0 = performance.now(), c0 = cpuMs();
        const t = simulate(p);
        const wall = performance.now() - w0, cpu = cpuMs() - c0;
        row.runs++;
        row.events = Math.max(row.events, t.meta.events);
        row.maxWallMs = Math.max(row.maxWallMs, Math.round(wall));
        row.maxCpuMs = Math.max(row.maxCpuMs, Math.round(cpu));
        row.totalWallMs += Math.round(wall);
      }
      rows.push(row);
    }
  }
  console.log('built-in scenarios at their default settings, one process, each run in turn (events: the largest run\'s):');
  console.table(rows);
  const worst = rows.reduce((a, r) => (r.maxCpuMs > a.maxCpuMs ? r : a), rows[0]);
  if (worst) console.log(`slowest run: ${worst.scenario} ${worst.variant}, ${worst.maxCpuMs} ms CPU (${worst.maxWallMs} ms wall); target: under 1,000 ms per run\n`);
}
