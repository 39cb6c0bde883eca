// The three flame graphs of a run, each restricted to an optional time range:
//   cpu     on-CPU time by stack: CpuState spans that are not idle (spinning
//           is on-CPU, so it is included).
//   wait    lock-wait time by stack (off-CPU sleep and on-CPU spin), with a
//           leaf frame "[lock spin]" / "[lock sleep]" naming the lock and
//           linking to its declaration.
//   wakeup  wait time by the waiter's stack, a "--" frame, then the stack of
//           whoever released the lock or woke the waiter, leaf first (the
//           folded layout of Gregg's off-wake flame graphs).
import { CpuState, SpanKind, WaitKind, type Trace } from '../schema';
import { FlameTreeBuilder, type FlameTree } from './flameTree';
import { clippedDuration, rangeOf, type TimeRange } from './range';
import { StackNodes, addStackWeights } from './stackTree';
import { StackKeyedRows, StatColumns } from './statColumns';
import { waitWakers, NO_WAKER } from './wakers';

// Enum members as plain locals: the hot loops compare numbers even when
// const enums are not inlined (tsx transforms files one at a time).
const CPU_STATE: number = SpanKind.CpuState;
const IDLE: number = CpuState.Idle;
const WAIT: number = SpanKind.LockWait;
const SLEEP: number = WaitKind.Sleep;

export type FlameKind = 'cpu' | 'wait' | 'wakeup';
export interface WaitFilter { spin: boolean; sleep: boolean }
const BOTH: WaitFilter = { spin: true, sleep: true };

export function buildFlame(trace: Trace, kind: FlameKind, range?: TimeRange | null, waits: WaitFilter = BOTH): FlameTree {
  switch (kind) {
    case 'cpu': return flameOnCpu(trace, range);
    case 'wait': return flameWait(trace, range, waits);
    case 'wakeup': return flameWakeup(trace, range, waits);
  }
}

export function flameOnCpu(trace: Trace, range?: TimeRange | null): FlameTree {
  const { meta } = trace;
  const { start: r0, end: r1 } = rangeOf(trace, range);
  const self = new Float64Array(meta.stackParent.length);
  const { start, dur, kind, sub, stack } = trace.tables.spans;
  const n = trace.length.spans;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== CPU_STATE || sub[i] === IDLE) continue;
    const c = clippedDuration(start[i], dur[i], r0, r1);
    if (c > 0) self[stack[i]] += c;
  }
  const b = new FlameTreeBuilder('on-CPU');
  addStackWeights(new StackNodes(meta, b), meta, self);
  return b.finish();
}

export function flameWait(trace: Trace, range?: TimeRange | null, waits: WaitFilter = BOTH): FlameTree {
  const { meta } = trace;
  const { start: r0, end: r1 } = rangeOf(trace, range);
  const nLocks = meta.locks.length;
  // One row per (stack, lock × 2 + wait kind): the leaf frame below the stack.
  const cols = new StatColumns(1, 256);
  const rows = new StackKeyedRows(meta.stackParent.length, cols);
  const { start, dur, kind, sub, obj, stack } = trace.tables.spans;
  const n = trace.length.spans;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WAIT) continue;
    const sleep = (sub[i] & SLEEP) === SLEEP; // bit 1 marks a wait continued in the next span
    if (sleep ? !waits.sleep : !waits.spin) continue;
    const c = clippedDuration(start[i], dur[i], r0, r1);
    if (c <= 0) continue;
    const lock = obj[i] < nLocks ? obj[i] : nLocks;
    const row = rows.row(stack[i], lock * 2 + (sleep ? 1 : 0)); // may grow cols.data: index after
    cols.data[row] += c;
  }
  const b = new FlameTreeBuilder('lock wait');
  const nodes = new StackNodes(meta, b);
  // Place heavier rows first so each merged frame's source is its heaviest.
  const order = Array.from({ length: cols.rows }, (_, r) => r).sort((x, y) => cols.data[y] - cols.data[x]);
  for (const r of order) {
    const w = cols.data[r];
    const key = rows.keyOf[r];
    const lock = key >> 1;
    const lockName = meta.locks[lock]?.name ?? '?';
    const leaf = b.child(nodes.node(rows.stackOf[r], w), b.nameId(`[${lockName} ${key & 1 ? 'sleep' : 'spin'}]`));
    b.offerSrc(leaf, meta.locks[lock]?.src ?? 0, w);
    b.addSelf(leaf, w);
  }
  return b.finish();
}

export function flameWakeup(trace: Trace, range?: TimeRange | null, waits: WaitFilter = BOTH): FlameTree {
  const { meta } = trace;
  const { start: r0, end: r1 } = rangeOf(trace, range);
  const { start, dur, sub, stack } = trace.tables.spans;
  const ww = waitWakers(trace);
  // Time per (waiter stack, waker stack + 1); 0 stands for "no waker recorded".
  const cols = new StatColumns(1, 256);
  const pairs = new StackKeyedRows(meta.stackParent.length, cols);
  for (let j = 0; j < ww.span.length; j++) {
    const i = ww.span[j];
    const sleep = (sub[i] & SLEEP) === SLEEP; // bit 1 marks a wait continued in the next span
    if (sleep ? !waits.sleep : !waits.spin) continue;
    const c = clippedDuration(start[i], dur[i], r0, r1);
    if (c <= 0) continue;
    const row = pairs.row(stack[i], ww.waker[j] === NO_WAKER ? 0 : ww.waker[j] + 1); // may grow cols.data
    cols.data[row] += c;
  }
  const b = new FlameTreeBuilder('wakeup chains');
  const nodes = new StackNodes(meta, b);
  const sep = b.nameId('--');
  const unknown = b.nameId('(waker not recorded)');
  const order = Array.from({ length: cols.rows }, (_, r) => r).sort((x, y) => cols.data[y] - cols.data[x]);
  for (const r of order) {
    const w = cols.data[r];
    const waiter = pairs.stackOf[r];
    const waker = pairs.keyOf[r] - 1;
    let node = b.child(nodes.node(waiter, w), sep);
    if (waker < 0) {
      node = b.child(node, unknown);
    } else {
      // Waker's frames leaf first, so the two leaves meet at the separator.
      for (let s = waker; s !== 0; s = meta.stackParent[s]) {
        const frame = meta.stackFrame[s];
        node = b.child(node, b.nameId(meta.strings[meta.frameName[frame]] ?? '?'));
        b.offerSrc(node, meta.frameSrc[frame] ?? 0, w);
      }
    }
    b.addSelf(node, w);
  }
  return b.finish();
}
