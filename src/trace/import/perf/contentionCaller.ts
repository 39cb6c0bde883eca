// Which call site `perf lock contention` charges a wait to (tools/perf/builtin-lock.c,
// callchain_id() and lock_contention_caller()): of the contention_begin event's
// call chain, perf resolves only the first --max-stack frames (8), skips the
// first --stack-skip frames (3 in perf 6.1, 4 from 6.2) and every frame in the
// kernel's locking functions (.sched.text / .spinlock.text); the remaining
// instruction addresses are the row's key, and the first of them that has a
// symbol is the caller it prints ("__x64_sys_munmap+0x17"). Two waits with the
// same caller but a different deeper chain are two rows, as in perf.
import { LOCK_FUNCTIONS } from './lockFunctions';
import type { PerfFrame } from './lineParse';

/** perf 6.1's defaults (`perf lock contention --stack-skip 3 --max-stack 8`). */
export const STACK_SKIP = 3;
export const MAX_STACK = 8;

const SUFFIX = /\.(constprop|isra|part|cold|llvm)\.\d+.*$/;

export function isLockFunction(name: string): boolean {
  return LOCK_FUNCTIONS.has(name) || (name.includes('.') && LOCK_FUNCTIONS.has(name.replace(SUFFIX, '')));
}

/** The frames (leaf first) perf keys a contention by; empty when the event has no usable call chain. */
export function contentionSites(frames: readonly PerfFrame[], skip = STACK_SKIP, max = MAX_STACK): PerfFrame[] {
  const out: PerfFrame[] = [];
  for (let i = skip; i < frames.length && i < max; i++) {
    const f = frames[i];
    if (f.symbol && !f.user && isLockFunction(f.name)) continue;
    out.push(f);
  }
  return out;
}
