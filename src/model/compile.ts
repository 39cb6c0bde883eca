// Elaborated model → the engine's Program. Names become indexes; every step,
// function and declaration gets its own source id pointing at its place in
// the file, so each stack frame of the trace links to the exact line.

import type { CounterSpec, FunctionSpec, LockSpec, Program, QueueSpec, SourceRange, Step } from '../sim/program';
import type { Range } from './diagnostics';
import type { MSpec, MStep } from './spec';
import { buildTables } from './check/tables';
import { resolveThread } from './check/threadRef';
import { Diagnostics } from './diagnostics';

export function lower(spec: MSpec, file: string): Program {
  const sources: SourceRange[] = [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }];
  const src = (r: Range, fn?: string): number => {
    sources.push(fn === undefined ? { file, ...pick(r) } : { file, ...pick(r), fn });
    return sources.length - 1;
  };
  const tables = buildTables(spec, new Diagnostics(file));

  const locks: LockSpec[] = spec.locks.map((l) => ({ name: l.name, kind: l.kind, wait: l.wait, recursive: l.recursive, dropOnSleep: l.dropOnSleep, graceNs: l.graceNs, src: src(l.at) }));
  const lockIx = indexOf(spec.locks);
  const counters: CounterSpec[] = spec.counters.map((c) => ({ name: c.name, scope: c.scope, src: src(c.at) }));
  const counterIx = indexOf(spec.counters);

  // Declared queues first, then each device's RX rings and TX ring.
  const queues: QueueSpec[] = spec.queues.map((q) => ({ name: q.name, limit: q.limit, src: src(q.at) }));
  for (const d of spec.devices) {
    for (const rx of d.rx) queues.push({ name: rx.ring, limit: d.ringSize, src: src(d.at) });
    if (d.txRing) queues.push({ name: d.txRing, limit: d.txRingSize, src: src(d.at) });
  }
  const queueIx = new Map(queues.map((q, i) => [q.name, i]));
  const fnIx = indexOf(spec.functions);
  const threadIx = new Map(spec.threads.map((t, i) => [t.name, i]));
  const deviceIx = indexOf(spec.devices);
  const need = (m: Map<string, number>, name: string, what: string): number => {
    const i = m.get(name);
    // The checker guarantees every name; reaching this means a checked model was edited by hand.
    if (i === undefined) throw new Error(`internal: unknown ${what} "${name}" in a checked model`);
    return i;
  };

  // A user thread's entry function runs in user mode unless the function says otherwise.
  const userEntries = new Set(spec.threads.filter((t) => t.kind === 'user').map((t) => t.entry.name));

  const steps = (list: MStep[], fn: string): Step[] => {
    const out: Step[] = [];
    for (const s of list) {
      switch (s.op) {
        case 'work':
          out.push({ op: 'work', dist: s.dist, src: src(s.at, fn) });
          break;
        case 'lock':
          out.push({ op: 'lock', lock: need(lockIx, s.lock.name, 'lock'), mode: 'exclusive', src: src(s.at, fn) });
          break;
        case 'unlock':
          out.push({ op: 'unlock', lock: need(lockIx, s.lock.name, 'lock'), src: src(s.at, fn) });
          break;
        case 'section': {
          const lock = need(lockIx, s.lock.name, 'lock');
          out.push({ op: 'lock', lock, mode: s.mode === 'read' ? 'read' : 'exclusive', src: src(s.at, fn) });
          out.push(...steps(s.body, fn));
          // pserialize_perform: the writer waits out readers before it lets go of the writer lock.
          if (s.mode === 'write' && spec.locks[lock].kind === 'pserialize') out.push({ op: 'synchronize', lock, src: src(s.at, fn) });
          out.push({ op: 'unlock', lock, src: src(s.at, fn) });
          break;
        }
        case 'synchronize':
          out.push({ op: 'synchronize', lock: need(lockIx, s.lock.name, 'lock'), src: src(s.at, fn) });
          break;
        case 'count':
          out.push({ op: 'count', counter: need(counterIx, s.counter.name, 'counter'), n: s.n, src: src(s.at, fn) });
          break;
        case 'call':
          out.push({ op: 'call', fn: need(fnIx, s.fn.name, 'function'), src: src(s.at, fn) });
          break;
        case 'enqueue':
          out.push({ op: 'enqueue', queue: need(queueIx, s.queue.name, 'queue'), src: src(s.at, fn) });
          break;
        case 'dequeue':
          out.push({ op: 'dequeue', queue: s.queue ? need(queueIx, s.queue.name, 'queue') : -1, ifEmpty: s.ifEmpty, src: src(s.at, fn) });
          break;
        case 'wakeup': {
          const t = resolveThread(s.thread.name, tables);
          out.push({ op: 'wakeup', thread: need(threadIx, t?.name ?? s.thread.name, 'thread'), src: src(s.at, fn) });
          break;
        }
        case 'branch': {
          const at = src(s.at, fn);
          out.push({ op: 'branch', arms: s.arms.map((a) => ({ p: a.p, body: steps(a.body, fn) })), src: at });
          break;
        }
        case 'loop': {
          const at = src(s.at, fn);
          out.push({ op: 'loop', count: s.count, body: steps(s.body, fn), src: at });
          break;
        }
        case 'timestamp':
          out.push({ op: 'timestamp', src: src(s.at, fn) });
          break;
        case 'sleep':
          out.push({ op: 'sleep', dist: s.dist, src: src(s.at, fn) });
          break;
        case 'yield':
          out.push({ op: 'yield', src: src(s.at, fn) });
          break;
        case 'transmit':
          out.push({ op: 'transmit', device: s.device ? need(deviceIx, s.device.name, 'device') : -1, src: src(s.at, fn) });
          break;
        case 'drop':
          out.push({ op: 'drop', reason: s.reason, src: src(s.at, fn) });
          break;
        case 'packet':
          out.push({ op: 'packet', flow: s.flow, size: s.size, src: src(s.at, fn) });
          break;
      }
    }
    return out;
  };

  const functions: FunctionSpec[] = spec.functions.map((f) => {
    const fsrc = src(f.at, f.name);
    return { name: f.name, mode: f.mode ?? (userEntries.has(f.name) ? 'user' : 'kernel'), steps: steps(f.steps, f.name), src: fsrc };
  });

  return {
    name: spec.name,
    machine: { ...spec.machine, timecounter: { ...spec.machine.timecounter }, costs: { ...spec.machine.costs } },
    locks,
    counters,
    queues,
    functions,
    threads: spec.threads.map((t) => ({
      name: t.name, kind: t.kind, priority: t.priority, cpu: t.cpu, entry: need(fnIx, t.entry.name, 'function'),
      once: t.once, startAsleep: t.startAsleep, src: src(t.at),
    })),
    devices: spec.devices.map((d) => ({
      name: d.name,
      rx: d.rx.map((r) => ({ ring: need(queueIx, r.ring, 'queue'), cpu: r.cpu, handler: d.handler ? need(fnIx, d.handler.name, 'function') : -1, coalesceNs: r.coalesceNs })),
      txRing: d.txRing ? need(queueIx, d.txRing, 'queue') : -1,
      lineRateBps: d.lineRateBps,
      ipl: d.ipl,
      src: src(d.at),
    })),
    traffic: spec.traffic.map((t) => ({
      device: need(deviceIx, t.device.name, 'device'), pps: t.pps, pattern: t.pattern, flows: t.flows, size: t.size,
      startNs: t.startNs, stopNs: t.stopNs, src: src(t.at),
    })),
    timers: spec.timers.map((t) => ({ name: t.name, cpu: t.cpu, periodNs: t.periodNs, handler: need(fnIx, t.handler.name, 'function'), ipl: t.ipl, src: src(t.at) })),
    run: { ...spec.run },
    sources,
  };
}

function pick(r: Range): Range {
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function indexOf(list: { name: string }[]): Map<string, number> {
  return new Map(list.map((x, i) => [x.name, i]));
}
