// The `aux` columns mean something different for each kind of record (see the
// kinds in schema.ts): these accessors read and write them in one place, so no
// reader decodes "thread + 1" by hand.
import { NONE, type InstantColumns, type SpanColumns } from './schema';

/** A thread as an `aux` value: its id + 1, or 0 for none (-1 or NONE), so that 0 can mean "nobody". */
export function threadAux(thread: number): number {
  return thread < 0 || thread === NONE ? 0 : thread + 1;
}

/** The thread an `aux` value written by threadAux names (-1: none). */
export function auxThread(aux: number): number {
  return aux > 0 ? aux - 1 : -1;
}

/** LockWait span: the thread that held the lock when the wait began (-1: none, or readers held it). */
export function waitHolder(spans: SpanColumns, i: number): number {
  return auxThread(spans.aux[i]);
}

/**
 * The other thread of an instant (-1: none): the outgoing thread of a
 * ContextSwitch, the waker of a Wakeup, the preempting thread of a Preempt.
 */
export function instantPeer(instants: InstantColumns, i: number): number {
  return auxThread(instants.aux[i]);
}

/** Interrupt instant: how many contexts the CPU had on its stack when it was taken. */
export function interruptDepth(instants: InstantColumns, i: number): number {
  return instants.aux[i];
}

/** Drop instant: the string id of where the packet was dropped (a queue, a ring, a reason). */
export function dropWhere(instants: InstantColumns, i: number): number {
  return instants.aux[i];
}
