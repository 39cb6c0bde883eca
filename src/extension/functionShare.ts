// On-CPU share of each model function, for the hover on a function name:
// of all CPU time in the run, how much was spent with that function on the
// stack (inclusive) and at the top of it (self). Computed from the CPU-state
// spans, which tile every CPU's timeline, in one pass with a per-stack memo.
// Pure: runs in the simulation worker.
import { CpuState, SpanKind, type Trace } from '../trace/schema';

export interface FunctionShare {
  /** ns with the function anywhere on the stack of a busy CPU. */
  onCpuNs: number;
  /** ns with the function as the leaf frame. */
  selfNs: number;
  /** onCpuNs / all CPU time in the trace (busy + idle), 0..1. */
  share: number;
}

export function functionShares(trace: Trace): Record<string, FunctionShare> {
  const { meta } = trace;
  const s = trace.tables.spans;
  const n = trace.length.spans;
  // Distinct function-name string ids on each stack, leaf first; memoised by stack id.
  const namesOf = new Map<number, number[]>();
  const stackNames = (stack: number): number[] => {
    let names = namesOf.get(stack);
    if (!names) {
      names = [];
      for (let st = stack; st !== 0; st = meta.stackParent[st]) {
        const name = meta.frameName[meta.stackFrame[st]];
        if (!names.includes(name)) names.push(name);
      }
      namesOf.set(stack, names);
    }
    return names;
  };

  const inclusive = new Map<number, number>();
  const self = new Map<number, number>();
  let allCpuNs = 0;
  for (let i = 0; i < n; i++) {
    if (s.kind[i] !== SpanKind.CpuState) continue;
    const dur = s.dur[i];
    allCpuNs += dur;
    if (s.sub[i] === CpuState.Idle || s.stack[i] === 0) continue;
    const names = stackNames(s.stack[i]);
    for (const name of names) inclusive.set(name, (inclusive.get(name) ?? 0) + dur);
    const leaf = meta.frameName[meta.stackFrame[s.stack[i]]];
    self.set(leaf, (self.get(leaf) ?? 0) + dur);
  }

  const out: Record<string, FunctionShare> = {};
  for (const [nameId, ns] of inclusive) {
    const name = meta.strings[nameId];
    if (!name) continue;
    out[name] = { onCpuNs: ns, selfNs: self.get(nameId) ?? 0, share: allCpuNs > 0 ? ns / allCpuNs : 0 };
  }
  return out;
}
