// Prints one line per built-in run (scenario × base/variant × sweep point):
// its SHA-256 over the encoded trace with the wall-clock field zeroed. Run it
// before and after an engine change and diff the two outputs: a change meant
// to keep default behaviour must leave every line the same.
//
//   node --import tsx scripts/trace-hashes.ts > /tmp/before.txt
//   node --import tsx scripts/trace-hashes.ts [name-filter] > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt
//
// `--content`: hash what the trace says instead of its bytes — meta (JSON, the layout version and wall clock
// left out), the table lengths and every column's values as 64-bit floats — so a change of the column layout
// (a narrower column, TRACE_VERSION) can be checked to keep every trace's content: diff the --content
// output of the build before and after.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtIns } from '../src/cli/scenarios';
import { compileModel, loadModel, sweepPrograms } from '../src/model/index';
import type { Program } from '../src/sim/program';
import { simulate } from '../src/sim/simulate';
import { encodeTrace } from '../src/trace/codec';
import { TABLE_LAYOUT, TABLE_NAMES, type Trace } from '../src/trace/schema';

const content = process.argv.includes('--content');
const filter = process.argv.slice(2).find((a) => !a.startsWith('--'));

function contentHash(t: Trace): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...t.meta, wallMs: 0, version: 0 }));
  h.update(JSON.stringify(t.length));
  for (const name of TABLE_NAMES) {
    const cols = t.tables[name] as unknown as Record<string, ArrayLike<number>>;
    for (const key of Object.keys(TABLE_LAYOUT[name])) h.update(new Uint8Array(Float64Array.from(cols[key]).buffer));
  }
  return h.digest('hex').slice(0, 16);
}

let count = 0;
for (const b of builtIns()) {
  if (filter && !b.name.includes(filter)) continue;
  const { model, diagnostics } = loadModel(readFileSync(b.path, 'utf8'), `scenarios/${b.name}.smp.yaml`);
  if (!model) {
    console.log(`${b.name}: does not load (${diagnostics.length} diagnostics)`);
    continue;
  }
  for (const variant of [undefined, ...model.variantDefs.map((v) => v.name)]) {
    const runs: { label: string; program: Program }[] = [{ label: '', program: compileModel(model, { variant }) }];
    if (model.sweepDef) runs.push(...sweepPrograms(model, { variant }));
    for (const r of runs) {
      const trace = simulate(r.program, { variant: variant ?? '' });
      trace.meta.wallMs = 0;
      const hash = content ? contentHash(trace) : createHash('sha256').update(encodeTrace(trace)).digest('hex').slice(0, 16);
      console.log(`${b.name} ${variant ?? 'base'} ${r.label || '-'} ${hash}`);
      count++;
    }
  }
}
console.error(`${count} runs`);
