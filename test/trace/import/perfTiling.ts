// Shared checks on imported timelines: CPU state spans tile every CPU.
import assert from 'node:assert/strict';
import { SpanKind, type Trace } from '../../../src/trace/schema';

export function assertTiles(t: Trace): void {
  const sp = t.tables.spans;
  const per: number[][] = Array.from({ length: t.meta.cpus }, () => []);
  for (let i = 0; i < t.length.spans; i++) if (sp.kind[i] === SpanKind.CpuState) per[sp.cpu[i]].push(i);
  per.forEach((idx, cpu) => {
    idx.sort((a, b) => sp.start[a] - sp.start[b]);
    let at = t.meta.startNs;
    for (const i of idx) {
      assert.equal(sp.start[i], at, `CPU ${cpu}: span at ${sp.start[i]} should start at ${at}`);
      assert.ok(sp.dur[i] > 0, `CPU ${cpu}: empty span at ${at}`);
      at = sp.start[i] + sp.dur[i];
    }
    assert.equal(at, t.meta.endNs, `CPU ${cpu} ends at ${at}, trace at ${t.meta.endNs}`);
  });
}
