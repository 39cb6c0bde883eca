// The lock table computed the plain way, for lockstatEquivalence.test.ts: the
// definitions at the top of src/trace/analysis/lockstat.ts, one object per
// lock and per path, Maps keyed by strings, no typed-array tricks. lockStats
// must give exactly this table (same numbers, same float sums in the same
// order, same rows in the same order) for every trace.
import { FlowKind, HoldFlags, NONE, SpanKind, WaitKind, stackLabel, type Trace } from '../../../src/trace/schema';
import { clippedDuration, rangeOf, type TimeRange } from '../../../src/trace/analysis/range';
import type { LockHolder, LockNumbers, LockPath, LockRow, LockStatTable } from '../../../src/trace/analysis/lockstat';

interface Acc {
  acq: number; cont: number; spinN: number; spinNs: number; spinMax: number; sleepN: number; sleepNs: number; sleepMax: number;
  holdNs: number; holdMax: number; choldN: number; choldNs: number; exclNs: number; waitMax: number; handoffN: number; handoffNs: number;
  waits: number; reads: number;
}
const FIELDS = ['acq', 'cont', 'spinN', 'spinNs', 'spinMax', 'sleepN', 'sleepNs', 'sleepMax', 'holdNs', 'holdMax', 'choldN', 'choldNs',
  'exclNs', 'waitMax', 'handoffN', 'handoffNs', 'waits', 'reads'] as const;
const MAXES = new Set(['spinMax', 'sleepMax', 'holdMax', 'waitMax']);
const zero = (): Acc => Object.fromEntries(FIELDS.map((f) => [f, 0])) as unknown as Acc;

export function referenceLockStats(trace: Trace, range?: TimeRange | null): LockStatTable {
  const { meta } = trace;
  const r = rangeOf(trace, range);
  const rangeNs = Math.max(0, r.end - r.start);
  const nLocks = meta.locks.length, nThreads = meta.threads.length, nCpus = Math.max(meta.cpus, 1);
  const actorOf = (thread: number, cpu: number) => (thread !== NONE && thread < nThreads ? thread : nThreads + Math.min(cpu, nCpus));

  // Hand-offs: "actor:hold start" → release to the new holder running (a sleeper runs when its wake-up flow ends).
  const fl = trace.tables.flows;
  const ranAfterWakeup = new Map<string, number>();
  for (let f = 0; f < trace.length.flows; f++) {
    if (fl.kind[f] === FlowKind.Wakeup && fl.thread1[f] !== NONE) ranAfterWakeup.set(`${fl.thread1[f]}:${fl.t0[f]}`, fl.t1[f]);
  }
  const handoff = new Map<string, number>();
  for (let f = 0; f < trace.length.flows; f++) {
    if (fl.kind[f] !== FlowKind.LockHandoff) continue;
    const t = fl.thread1[f], t0 = fl.t0[f], t1 = fl.t1[f];
    let ran = t1;
    if (t1 === t0 && t !== NONE && t < nThreads) ran = ranAfterWakeup.get(`${t}:${t0}`) ?? t1;
    handoff.set(`${actorOf(t, fl.cpu1[f])}:${t1}`, ran - t0);
  }

  const perLock = Array.from({ length: nLocks }, zero);
  const paths = new Map<string, { stack: number; lock: number; acc: Acc }>(); // in the order first seen
  const path = (stack: number, lock: number) => {
    const key = `${stack}:${lock}`;
    let p = paths.get(key);
    if (!p) paths.set(key, p = { stack, lock, acc: zero() });
    return p.acc;
  };
  const perCpu = new Array<number>(nLocks * nCpus).fill(0);
  // Per actor: the last 8 wait ends (slot, overwritten in turn), and the spin part of an adaptive wait carried into its sleep part.
  const pending = new Map<number, { slots: ({ end: number; lock: number } | null)[]; next: number }>();
  const carried = new Map<number, { lock: number; ns: number }>();
  let holds = false;
  const sp = trace.tables.spans;
  for (let i = 0; i < trace.length.spans; i++) {
    const kind = sp.kind[i];
    if (kind !== SpanKind.LockHold && kind !== SpanKind.LockWait) continue;
    if (kind === SpanKind.LockHold) holds = true;
    const lock = sp.obj[i];
    if (lock >= nLocks) continue;
    const actor = actorOf(sp.thread[i], sp.cpu[i]);
    const s = sp.start[i], d = sp.dur[i], sub = sp.sub[i];
    const c = clippedDuration(s, d, r.start, r.end);
    let q = pending.get(actor);
    if (!q) pending.set(actor, q = { slots: new Array(8).fill(null), next: 0 });
    if (kind === SpanKind.LockWait) {
      q.slots[q.next] = { end: s + d, lock };
      q.next = (q.next + 1) % 8;
      const before = carried.get(actor);
      const whole = (c > 0 ? c : 0) + (before?.lock === lock ? before.ns : 0);
      if (sub & WaitKind.Continued) carried.set(actor, { lock, ns: whole }); else carried.delete(actor);
      if (c < 0) continue;
      for (const a of [perLock[lock], path(sp.stack[i], lock)]) {
        if (!(sub & WaitKind.Continued)) {
          a.waits++;
          if (sub & WaitKind.Read) a.reads++;
        }
        if (sub & WaitKind.Unfinished) continue;
        if ((sub & WaitKind.Sleep) === WaitKind.Sleep) {
          a.sleepN++; a.sleepNs += c; a.sleepMax = Math.max(a.sleepMax, c);
        } else {
          a.spinN++; a.spinNs += c; a.spinMax = Math.max(a.spinMax, c);
        }
        a.waitMax = Math.max(a.waitMax, whole);
      }
    } else {
      const slot = q.slots.findIndex((w) => w !== null && w.lock === lock && Math.abs(w.end - s) < 0.5);
      if (slot >= 0) q.slots[slot] = null;
      const contended = slot >= 0 ? 1 : 0;
      if (c < 0) continue;
      const h = contended ? handoff.get(`${actor}:${s}`) : undefined;
      for (const a of [perLock[lock], path(sp.stack[i], lock)]) {
        a.acq++; a.cont += contended; a.holdNs += c; a.holdMax = Math.max(a.holdMax, c);
        if (!(sub & HoldFlags.Read)) a.exclNs += c;
        if (sub & HoldFlags.Contended) { a.choldN++; a.choldNs += c; }
        if (h !== undefined && !Number.isNaN(h)) { a.handoffN++; a.handoffNs += h; }
      }
      perCpu[lock * nCpus + Math.min(sp.cpu[i], nCpus - 1)]++;
    }
  }

  const whole = !range || (r.start <= meta.startNs && r.end >= meta.endNs);
  for (const w of (whole && meta.waitTotals) || []) {
    if (w.lock >= nLocks || !(w.count > 0)) continue;
    for (const a of [perLock[w.lock], path(w.stack, w.lock)]) {
      if (w.sleep) { a.sleepN += w.count; a.sleepNs += w.totalNs; a.sleepMax = Math.max(a.sleepMax, w.maxNs); }
      else { a.spinN += w.count; a.spinNs += w.totalNs; a.spinMax = Math.max(a.spinMax, w.maxNs); }
      a.waitMax = Math.max(a.waitMax, w.maxNs);
      a.waits += w.count;
      if (w.read) a.reads += w.count;
    }
  }

  const src = (stack: number) => meta.frameSrc[meta.stackFrame[stack]] ?? 0;
  const rows: LockRow[] = meta.locks.map((info, l) => {
    const contending: LockPath[] = [];
    const holders: LockHolder[] = [];
    for (const p of paths.values()) {
      if (p.lock !== l) continue;
      const label = stackLabel(meta, p.stack);
      const nums = numbers(p.acc, rangeNs, holds);
      if (nums.spin.count + nums.sleep.count > 0) contending.push({ stack: p.stack, label, src: src(p.stack), ...nums });
      if (p.acc.choldN > 0) holders.push({ stack: p.stack, label, src: src(p.stack), count: p.acc.choldN, holdNs: p.acc.choldNs });
    }
    contending.sort((a, b) => b.waitNs - a.waitNs || b.acquisitions - a.acquisitions || a.label.localeCompare(b.label));
    holders.sort((a, b) => b.holdNs - a.holdNs || b.count - a.count || a.label.localeCompare(b.label));
    return {
      key: `lock:${l}`, lock: l, name: info.name, type: typeName(info.kind, perLock[l]), waitPolicy: info.wait,
      ...(info.algorithm ? { algorithm: info.algorithm } : {}), src: info.src,
      ...numbers(perLock[l], rangeNs, holds), paths: contending, holders, perCpu: perCpu.slice(l * nCpus, (l + 1) * nCpus),
    };
  });
  rows.sort((a, b) => b.waitNs - a.waitNs || b.holdNs - a.holdNs || a.name.localeCompare(b.name));

  // Callers: each wait stack's paths summed, in the order the paths were first seen.
  const byStack = new Map<number, { lock: number; acc: Acc }[]>();
  for (const p of paths.values()) {
    if (p.acc.waits === 0) continue;
    byStack.set(p.stack, [...(byStack.get(p.stack) ?? []), p]);
  }
  const callers: LockRow[] = [...byStack].map(([stack, list]) => {
    const sum = zero();
    let main = list[0];
    for (const p of list) {
      for (const f of FIELDS) sum[f] = MAXES.has(f) ? Math.max(sum[f], p.acc[f]) : sum[f] + p.acc[f];
      if (p.acc.waits > main.acc.waits) main = p;
    }
    const info = meta.locks[main.lock];
    const perLockPaths = list.map((p) => ({ stack, label: meta.locks[p.lock].name, src: 0, ...numbers(p.acc, rangeNs, holds) }))
      .sort((a, b) => b.waitNs - a.waitNs || b.waits - a.waits);
    return {
      key: `caller:${stack}`, lock: main.lock, name: callerName(trace, stack), type: typeName(info.kind, sum), waitPolicy: info.wait,
      src: src(stack), ...numbers(sum, rangeNs, holds), paths: perLockPaths, holders: [], perCpu: [],
    };
  });
  callers.sort((a, b) => b.waitNs - a.waitNs || b.waits - a.waits || a.name.localeCompare(b.name));
  return { range: r, rangeNs, rows, callers, acquisitionsKnown: holds };
}

function callerName(trace: Trace, stack: number): string {
  const { meta } = trace;
  for (let s = stack; s !== 0; s = meta.stackParent[s]) {
    const name = meta.strings[meta.frameName[meta.stackFrame[s]]];
    if (name && !name.startsWith('[')) return name;
  }
  return stack === 0 ? '(no call chain)' : 'Unknown';
}

const RW: Record<string, string> = { rwsem: 'rwsem', rwlock: 'rwlock', 'rwlock-rt': 'rwlock-rt', 'percpu-rwsem': 'pcpu-sem' };
function typeName(kind: string, a: Acc): string {
  if (!RW[kind] || a.waits === 0) return kind;
  return `${RW[kind]}:${a.reads === a.waits ? 'R' : 'W'}`;
}

function numbers(a: Acc, rangeNs: number, acquisitionsKnown: boolean): LockNumbers {
  const contended = acquisitionsKnown ? a.cont : a.waits;
  const waitNs = a.spinNs + a.sleepNs;
  const spans = a.spinN + a.sleepN;
  return {
    acquisitions: a.acq, acquisitionsKnown, contended, waits: a.waits,
    contendedPct: a.acq > 0 ? (100 * contended) / a.acq : 0,
    spin: { count: a.spinN, totalNs: a.spinNs, maxNs: a.spinMax },
    sleep: { count: a.sleepN, totalNs: a.sleepNs, maxNs: a.sleepMax },
    waitNs,
    meanWaitNs: contended > 0 ? waitNs / contended : spans > 0 ? waitNs / spans : 0,
    maxWaitNs: a.waitMax, holdNs: a.holdNs,
    meanHoldNs: a.acq > 0 ? a.holdNs / a.acq : 0,
    maxHoldNs: a.holdMax,
    utilisation: rangeNs > 0 ? a.exclNs / rangeNs : 0,
    handoffs: a.handoffN,
    meanHandoffNs: a.handoffN > 0 ? a.handoffNs / a.handoffN : 0,
  };
}
