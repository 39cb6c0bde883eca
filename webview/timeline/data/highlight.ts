// Turning a Highlight (search text, or a lock/thread/function/series picked in
// another view) into flag arrays over the trace's small tables, so "does this
// span match" is three array lookups per drawn span.
import { SpanKind, type Trace, type TraceMeta } from '../../../src/trace/schema';
import type { Highlight } from '../../context';

export interface Matcher {
  threads: Uint8Array;
  locks: Uint8Array;
  /** Per stack id: some frame of the stack matches. */
  stacks: Uint8Array;
  series: Uint8Array;
  /** What matched, for the status line. */
  counts: { threads: number; locks: number; functions: number; series: number };
}

function flags(names: string[], test: (name: string) => boolean): [Uint8Array, number] {
  const out = new Uint8Array(names.length);
  let n = 0;
  names.forEach((name, i) => { if (test(name)) { out[i] = 1; n++; } });
  return [out, n];
}

/** Stacks (parents are interned before children) whose any frame is flagged. */
function stackFlags(meta: TraceMeta, frameFlag: Uint8Array): Uint8Array {
  const n = meta.stackParent.length;
  const out = new Uint8Array(n);
  for (let s = 1; s < n; s++) {
    const p = meta.stackParent[s];
    let m = frameFlag[meta.stackFrame[s]] === 1;
    if (!m) {
      if (p < s) m = out[p] === 1;
      else for (let q = p; q !== 0 && q < n && !m; q = meta.stackParent[q]) m = frameFlag[meta.stackFrame[q]] === 1; // out-of-order import
    }
    out[s] = m ? 1 : 0;
  }
  return out;
}

export function matcherFor(meta: TraceMeta, h: Highlight): Matcher | null {
  if (!h) return null;
  const none = (n: number): Uint8Array => new Uint8Array(n);
  const frameNames = meta.frameName.map((id, f) => (f === 0 ? '' : meta.strings[id] ?? ''));
  let threads = none(meta.threads.length), locks = none(meta.locks.length), series = none(meta.series.length);
  let frames = none(frameNames.length);
  const counts = { threads: 0, locks: 0, functions: 0, series: 0 };
  switch (h.kind) {
    case 'thread': if (h.id < threads.length) { threads[h.id] = 1; counts.threads = 1; } break;
    case 'lock': if (h.id < locks.length) { locks[h.id] = 1; counts.locks = 1; } break;
    case 'series': if (h.id < series.length) { series[h.id] = 1; counts.series = 1; } break;
    case 'function': [frames, counts.functions] = flags(frameNames, (n) => n !== '' && n === h.name); break;
    case 'search': {
      const q = h.text.trim().toLowerCase();
      if (!q) return null;
      const has = (n: string) => n !== '' && n.toLowerCase().includes(q);
      [threads, counts.threads] = flags(meta.threads.map((t) => t.name), has);
      [locks, counts.locks] = flags(meta.locks.map((l) => l.name), has);
      [series, counts.series] = flags(meta.series.map((s) => s.name), has);
      [frames, counts.functions] = flags(frameNames, has);
      // Count distinct function names, not frames (one function has a frame per call site).
      counts.functions = new Set(frameNames.filter((_, f) => frames[f])).size;
      break;
    }
  }
  return { threads, locks, series, stacks: stackFlags(meta, frames), counts };
}

export function spanMatches(trace: Trace, m: Matcher, i: number): boolean {
  const sp = trace.tables.spans;
  if (m.threads[sp.thread[i]] === 1) return true;
  const k = sp.kind[i];
  if ((k === SpanKind.LockHold || k === SpanKind.LockWait) && m.locks[sp.obj[i]] === 1) return true;
  return m.stacks[sp.stack[i]] === 1;
}

export function instantMatches(trace: Trace, m: Matcher, i: number): boolean {
  const ins = trace.tables.instants;
  return m.threads[ins.thread[i]] === 1 || m.stacks[ins.stack[i]] === 1;
}

/**
 * Matching spans to step through with Enter, in start order. ThreadRun and lock
 * spans only (the CPU-state span under a match adds nothing to jump to).
 */
export function matchingSpans(trace: Trace, m: Matcher): Uint32Array {
  const sp = trace.tables.spans;
  const out: number[] = [];
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] === SpanKind.CpuState) continue;
    if (spanMatches(trace, m, i)) out.push(i);
  }
  out.sort((a, b) => sp.start[a] - sp.start[b] || a - b);
  return Uint32Array.from(out);
}
