// Timings of the analyses the views run on load, for `npm run bench`: the
// lock table and the flame graphs must aggregate a 10-million-record trace in
// under a second together (issue 6).
import type { Trace } from '../src/trace/schema';
import { decodeTrace, encodeTrace } from '../src/trace/codec';
import { checkTrace } from '../src/trace/integrity';
import { lockStats } from '../src/trace/analysis/lockstat';
import { flameOnCpu, flameWait, flameWakeup } from '../src/trace/analysis/flame';

export function benchAnalyses(trace: Trace): { name: string; ms: number }[] {
  const out: { name: string; ms: number }[] = [];
  const time = (name: string, fn: () => unknown) => {
    const t0 = performance.now();
    fn();
    out.push({ name, ms: performance.now() - t0 });
  };
  time('lock table', () => lockStats(trace));
  time('flame graph: on-CPU', () => flameOnCpu(trace));
  time('flame graph: lock wait', () => flameWait(trace));
  out.push({ name: 'lock table + flame graphs (target < 1000 ms)', ms: out.reduce((a, r) => a + r.ms, 0) });
  // the rows above are each analysis's first call in this process (its code not yet optimised): the lock table warm
  time('lock table, again (warm)', () => lockStats(trace));
  time('flame graph: wakeup chains', () => flameWakeup(trace));
  // Reading a saved or opened trace checks every id against its table (integrity.ts, issue 16): a typed-array pass.
  const bytes = encodeTrace(trace);
  time('decode .smptrace (ids checked)', () => decodeTrace(bytes));
  time('  of which the id check', () => checkTrace(trace));
  return out;
}
