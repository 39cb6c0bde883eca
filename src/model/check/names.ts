// Every name a model uses must be declared: locks in lock steps, counters in
// count steps, functions in calls and as thread entries or handlers, queues,
// threads, devices. Unknown names get a "did you mean"; names used the wrong
// way (a read section on a plain mutex) get a message saying what fits.

import type { Diagnostics } from '../diagnostics';
import type { MSpec, MStep, NameRef } from '../spec';
import { didYouMean } from '../suggest';
import type { Tables } from './tables';
import { forEachStep } from './walk';

export interface UseCounts {
  locks: Set<string>;
  counters: Set<string>;
  queues: Set<string>;
  functions: Set<string>;
  netisrs: Set<string>;
}

export interface NameCheckOptions {
  /** Report declarations nothing uses (for the file itself, not for variants that remove uses on purpose). */
  warnUnused: boolean;
  /** Thread instance numbers wrap (CPU count from a sweep point or an override). */
  wrap: boolean;
}

export function checkNames(spec: MSpec, t: Tables, diags: Diagnostics, opts: NameCheckOptions): void {
  const warnUnused = opts.warnUnused;
  const used: UseCounts = { locks: new Set(), counters: new Set(), queues: new Set(), functions: new Set(), netisrs: new Set() };
  const ref = (r: NameRef, kind: string, table: Map<string, unknown>, section: string): boolean => {
    if (r.name === '') return false; // already reported where it was read
    if (table.has(r.name)) return true;
    const names = [...table.keys()];
    const none = names.length === 0 ? `; there is no ${section}: section declaring any` : '';
    diags.error(r.at, `unknown ${kind} "${r.name}"${didYouMean(r.name, names)}${none}`);
    return false;
  };
  const fnRef = (r: NameRef): void => {
    if (ref(r, 'function', t.functions, 'functions')) used.functions.add(r.name);
  };

  for (const th of spec.threads) fnRef(th.entry);
  for (const d of spec.devices) if (d.handler) fnRef(d.handler);
  for (const tm of spec.timers) fnRef(tm.handler);
  for (const n of spec.netisrs) fnRef(n.handler);
  for (const tr of spec.traffic) {
    if (ref(tr.device, 'device', t.devices, 'devices')) {
      const d = t.devices.get(tr.device.name)!;
      if (d.rx.length === 0) diags.error(tr.device.at, `device ${d.name} has rx_queues: 0, so it cannot receive traffic`);
    }
  }

  for (const f of spec.functions) {
    forEachStep(f.steps, (s: MStep) => {
      switch (s.op) {
        case 'lock':
        case 'unlock':
          if (ref(s.lock, 'lock', t.locks, 'locks')) used.locks.add(s.lock.name);
          break;
        case 'synchronize':
          if (ref(s.lock, 'lock', t.locks, 'locks')) {
            used.locks.add(s.lock.name);
            const l = t.locks.get(s.lock.name)!;
            if (l.kind !== 'pserialize') diags.error(s.lock.at, `synchronize waits for pserialize readers, but ${l.name} is a ${l.kind} lock`);
          }
          break;
        case 'section':
          if (ref(s.lock, 'lock', t.locks, 'locks')) {
            used.locks.add(s.lock.name);
            const l = t.locks.get(s.lock.name)!;
            if (s.mode === 'read' && l.kind !== 'rw' && l.kind !== 'pserialize') {
              diags.error(s.lock.at, `${l.name} is a ${l.kind} lock; a read section needs type: rw or pserialize (or use lock:/unlock:)`);
            }
          }
          break;
        case 'count':
        case 'sum':
          if (ref(s.counter, 'counter', t.counters, 'counters')) used.counters.add(s.counter.name);
          break;
        case 'call':
          fnRef(s.fn);
          break;
        case 'enqueue':
          if (ref(s.queue, 'queue', t.queues, 'queues')) used.queues.add(s.queue.name);
          break;
        case 'dequeue':
          if (s.queue && ref(s.queue, 'queue', t.queues, 'queues')) used.queues.add(s.queue.name);
          break;
        case 'wakeup':
          checkThreadRef(s.thread, t, diags, opts.wrap);
          break;
        case 'transmit':
          if (s.device) ref(s.device, 'device', t.devices, 'devices');
          break;
        case 'dispatch':
          if (ref(s.netisr, 'netisr', t.netisrs, 'netisrs')) used.netisrs.add(s.netisr.name);
          break;
        default:
          break;
      }
    });
  }

  if (!warnUnused) return;
  for (const l of spec.locks) if (!used.locks.has(l.name)) diags.warning(l.at, `lock ${l.name} is declared but never taken`);
  for (const c of spec.counters) if (!used.counters.has(c.name)) diags.warning(c.at, `counter ${c.name} is declared but never counted`);
  for (const q of spec.queues) if (!used.queues.has(q.name)) diags.warning(q.at, `queue ${q.name} is declared but nothing enqueues to or dequeues from it`);
  for (const f of spec.functions) if (!used.functions.has(f.name)) diags.warning(f.at, `function ${f.name} never runs: no call, thread, device, timer or netisr uses it`);
  for (const n of spec.netisrs) if (!used.netisrs.has(n.name)) diags.warning(n.at, `netisr ${n.name} is declared but nothing dispatches to it`);
  if (spec.threads.length === 0 && spec.devices.length === 0 && spec.timers.length === 0) {
    diags.warning({ line: 1, column: 1, endLine: 1, endColumn: 2 }, 'nothing runs: the model has no threads, devices or timers');
  }
}

/**
 * `wakeup: NAME` names a single thread, one instance `NAME/i` of a per-CPU or counted thread,
 * a per-CPU thread as a whole (the instance on the waker's CPU: softint_schedule), or a
 * ring-bound thread as a whole (the poller of the waker's ring: napi_schedule; calls.ts checks
 * that the waker has a ring).
 */
export function checkThreadRef(r: NameRef, t: Tables, diags: Diagnostics, wrap: boolean): void {
  if (r.name === '') return;
  if (t.threads.has(r.name)) return;
  const group = t.threadGroups.get(r.name);
  if (group) {
    if (group[0].binding === 'per_cpu' || group[0].binding === 'ring') return;
    diags.error(r.at, `${r.name} is ${group.length === 1 ? 'a counted thread' : `${group.length} threads`} (count:); wake one instance, e.g. wakeup: ${group[0].name}`);
    return;
  }
  const m = /^(.*)\/(\d+)$/.exec(r.name);
  if (m && t.threadGroups.has(m[1])) {
    const g = t.threadGroups.get(m[1])!;
    if (g.length === 1 && g[0].name === m[1]) diags.error(r.at, `${m[1]} is a single thread; write wakeup: ${m[1]}`);
    else if (wrap) return;
    else diags.error(r.at, `${m[1]} has threads ${m[1]}/0 to ${m[1]}/${g.length - 1}; there is no ${r.name}`);
    return;
  }
  diags.error(r.at, `unknown thread "${r.name}"${didYouMean(r.name, [...t.threadGroups.keys()])}`);
}
