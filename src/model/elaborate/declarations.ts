// locks:, counters:, queues: — named declarations with a short form each
// (`if_snd: spin`, `ipstat.ips_forward: percpu`, `ipintrq: 256`).

import type { LockKind, WaitPolicy } from '../../sim/program';
import type { Diagnostics } from '../diagnostics';
import { COUNTER_KEYS, COUNTER_SCOPES, HANDOFF_POLICIES, LOCK_KEYS, LOCK_TYPES, QUEUE_KEYS, SPIN_ALGORITHMS, WAIT_POLICIES } from '../keys';
import { asMap, MapReader, readChoice, readNumber } from '../reader';
import type { MCounter, MLock, MQueue } from '../spec';
import type { LEntry, LNode } from '../tree';

const NAME = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/** The entries of a `name: spec` section, with names checked for legal characters. */
export function namedEntries(node: LNode | undefined, section: string, diags: Diagnostics): LEntry[] {
  const map = asMap(node, section, diags, `a map of names, e.g. ${section}: { NAME: … }`);
  if (!map) return [];
  const out: LEntry[] = [];
  for (const e of map.entries) {
    if (!NAME.test(e.key)) {
      diags.error(e.keyRange, `"${e.key}" is not a usable name in ${section}: use letters, digits, _, . and -, starting with a letter or _`);
      continue;
    }
    out.push(e);
  }
  return out;
}

export const DEFAULT_WAIT: Record<LockKind, WaitPolicy> = { spin: 'spin', mutex: 'adaptive', rw: 'adaptive', pserialize: 'sleep' };

export function readLocks(node: LNode | undefined, diags: Diagnostics): MLock[] {
  return namedEntries(node, 'locks', diags).map((e) => {
    const lock: MLock = { name: e.key, at: e.keyRange, kind: 'mutex', wait: 'adaptive', recursive: false, dropOnSleep: false, graceNs: 0, perCpu: false, perStack: false, handoff: 'fifo', algorithm: 'queued' };
    const v = e.value;
    if (v.kind === 'scalar') {
      if (v.value === null) diags.error(e.keyRange, `lock ${e.key} needs a type: ${LOCK_TYPES.join(', ')}`);
      else lock.kind = readChoice(v, `lock ${e.key}: type`, LOCK_TYPES, 'mutex', diags);
      lock.wait = DEFAULT_WAIT[lock.kind];
      return lock;
    }
    const map = asMap(v, `lock ${e.key}`, diags);
    if (!map) return lock;
    const r = new MapReader(map, `lock ${e.key}`, LOCK_KEYS, diags);
    if (!r.present('type')) diags.error(e.keyRange, `lock ${e.key} needs type: ${LOCK_TYPES.join(', ')}`);
    lock.kind = r.oneOf('type', LOCK_TYPES, 'mutex');
    lock.wait = r.oneOf('wait', WAIT_POLICIES, DEFAULT_WAIT[lock.kind]);
    if (lock.kind === 'spin' && lock.wait !== 'spin') diags.error(r.rangeOf('wait'), `lock ${e.key}: a spin lock's waiters always spin; use type: mutex for wait: ${lock.wait}`);
    if (lock.kind === 'pserialize' && r.present('wait')) diags.warning(r.rangeOf('wait'), `lock ${e.key}: pserialize readers never wait and writers sleep until the grace period ends; wait: is ignored`);
    lock.recursive = r.bool('recursive', false);
    lock.dropOnSleep = r.bool('drop_on_sleep', false);
    lock.graceNs = Math.round(r.duration('grace', 0));
    if (r.present('grace') && lock.kind !== 'pserialize') diags.error(r.rangeOf('grace'), `lock ${e.key}: grace: applies to pserialize locks only`);
    if (lock.recursive && (lock.kind === 'pserialize')) diags.error(r.rangeOf('recursive'), `lock ${e.key}: a pserialize lock cannot be recursive`);
    lock.handoff = r.oneOf('handoff', HANDOFF_POLICIES, 'fifo');
    if (r.present('handoff') && (lock.kind === 'spin' || lock.kind === 'pserialize')) {
      const why = lock.kind === 'spin' ? "a spin lock's waiters never sleep" : "a pserialize lock's readers never wait";
      diags.error(r.rangeOf('handoff'), `lock ${e.key}: handoff: applies to mutex and rw locks, whose waiters can sleep; ${why}`);
    }
    lock.algorithm = r.oneOf('algorithm', SPIN_ALGORITHMS, 'queued');
    if (r.present('algorithm') && (lock.kind === 'pserialize' || lock.wait === 'sleep')) {
      const why = lock.kind === 'pserialize' ? "a pserialize lock's readers never wait" : 'its waiters sleep (wait: sleep)';
      diags.error(r.rangeOf('algorithm'), `lock ${e.key}: algorithm: applies to locks whose waiters spin (spin locks, and mutex or rw locks with wait: spin or adaptive); ${why}`);
    }
    lock.perCpu = r.bool('per_cpu', false);
    if (lock.perCpu && lock.kind === 'pserialize') diags.error(r.rangeOf('per_cpu'), `lock ${e.key}: a pserialize lock is already free for readers on every CPU; per_cpu applies to spin, mutex and rw locks`);
    lock.perStack = r.bool('per_stack', false);
    if (lock.perStack && lock.perCpu) diags.error(r.rangeOf('per_stack'), `lock ${e.key}: use either per_cpu: true or per_stack: true, not both`);
    if (lock.perStack && lock.kind === 'pserialize') diags.error(r.rangeOf('per_stack'), `lock ${e.key}: per_stack applies to spin, mutex and rw locks`);
    return lock;
  });
}

export function readCounters(node: LNode | undefined, diags: Diagnostics): MCounter[] {
  return namedEntries(node, 'counters', diags).map((e) => {
    const c: MCounter = { name: e.key, at: e.keyRange, scope: 'shared', perStack: false };
    const v = e.value;
    if (v.kind === 'scalar') {
      if (v.value !== null) c.scope = readChoice(v, `counter ${e.key}: scope`, COUNTER_SCOPES, 'shared', diags);
      return c;
    }
    const map = asMap(v, `counter ${e.key}`, diags);
    if (map) {
      const r = new MapReader(map, `counter ${e.key}`, COUNTER_KEYS, diags);
      c.scope = r.oneOf('scope', COUNTER_SCOPES, 'shared');
      c.perStack = r.bool('per_stack', false);
    }
    return c;
  });
}

/** sys/net/netisr.c defaultqlimit. */
export const DEFAULT_QUEUE_LIMIT = 256;
export const MAX_QUEUE_LIMIT = 1_000_000;

export function readQueues(node: LNode | undefined, diags: Diagnostics): MQueue[] {
  return namedEntries(node, 'queues', diags).map((e) => {
    const q: MQueue = { name: e.key, at: e.keyRange, limit: DEFAULT_QUEUE_LIMIT, perCpu: false, perStack: false };
    const v = e.value;
    if (v.kind === 'scalar') {
      if (v.value !== null) q.limit = readNumber(v, `queue ${e.key}: limit`, DEFAULT_QUEUE_LIMIT, { integer: true, min: 1, max: MAX_QUEUE_LIMIT }, diags);
      return q;
    }
    const map = asMap(v, `queue ${e.key}`, diags);
    if (map) {
      const r = new MapReader(map, `queue ${e.key}`, QUEUE_KEYS, diags);
      q.limit = r.number('limit', DEFAULT_QUEUE_LIMIT, { integer: true, min: 1, max: MAX_QUEUE_LIMIT });
      q.perCpu = r.bool('per_cpu', false);
      q.perStack = r.bool('per_stack', false);
      if (q.perStack && q.perCpu) diags.error(r.rangeOf('per_stack'), `queue ${e.key}: use either per_cpu: true or per_stack: true, not both`);
    }
    return q;
  });
}
