// Elaborated model → the engine's Program. Names become indexes; every step,
// function and declaration gets its own source id pointing at its place in
// the file, so each stack frame of the trace links to the exact line.
// Per-CPU locks and queues become one instance per CPU (`NAME/0`, …) and the
// steps naming them pick the running CPU's; each netisr workstream becomes a
// queue, a softint thread and its loop (`swi_net`: dequeue, call the handler).

import type { CounterSpec, FunctionSpec, LockSpec, NetisrSpec, Program, QueueSpec, SourceRange, Step, ThreadSpec } from '../sim/program';
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

  const cpus = spec.machine.cpus;
  const stacks = spec.machine.stacks;
  const instances = (name: string, perCpu: boolean, perStack = false): string[] => (perCpu ? Array.from({ length: cpus }, (_, i) => `${name}/${i}`)
    : perStack ? Array.from({ length: stacks }, (_, i) => `${name}#${i}`) : [name]);

  const locks: LockSpec[] = [];
  const lockIx = new Map<string, number>();
  /** Per-CPU instance count of each per-CPU lock or queue (absent: a single one). */
  const lockN = new Map<string, number>();
  /** Per-stack instance count of each per-stack lock or queue. */
  const lockS = new Map<string, number>();
  const queueS = new Map<string, number>();
  for (const l of spec.locks) {
    lockIx.set(l.name, locks.length);
    if (l.perCpu) lockN.set(l.name, cpus);
    if (l.perStack) lockS.set(l.name, stacks);
    const at = src(l.at);
    for (const name of instances(l.name, l.perCpu, l.perStack)) locks.push({ name, kind: l.kind, wait: l.wait, recursive: l.recursive, dropOnSleep: l.dropOnSleep, graceNs: l.graceNs, handoff: l.handoff, ...(l.algorithm !== 'queued' ? { algorithm: l.algorithm } : {}), src: at });
  }
  const lockKind = new Map(spec.locks.map((l) => [l.name, l.kind]));
  const counters: CounterSpec[] = spec.counters.map((c) => ({ name: c.name, scope: c.scope, ...(c.perStack ? { stacks } : {}), src: src(c.at) }));
  const counterIx = indexOf(spec.counters);

  // Declared queues first (per-CPU ones expanded), then each device's RX rings and TX rings, then netisr queues.
  const queues: QueueSpec[] = [];
  const queueIx = new Map<string, number>();
  const queueN = new Map<string, number>();
  for (const q of spec.queues) {
    queueIx.set(q.name, queues.length);
    if (q.perCpu) queueN.set(q.name, cpus);
    if (q.perStack) queueS.set(q.name, stacks);
    const at = src(q.at);
    for (const name of instances(q.name, q.perCpu, q.perStack)) queues.push({ name, limit: q.limit, src: at });
  }
  for (const d of spec.devices) {
    for (const ring of [...d.rx.map((r) => r.ring), ...d.txRings]) {
      queueIx.set(ring, queues.length);
      queues.push({ name: ring, limit: d.txRings.includes(ring) ? d.txRingSize : d.ringSize, src: src(d.at) });
    }
  }
  const netisrIx = indexOf(spec.netisrs);
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
          out.push({ op: 'lock', lock: need(lockIx, s.lock.name, 'lock'), mode: 'exclusive', ...perCpu(lockN, s.lock.name), ...perStack(lockS, s.lock.name), src: src(s.at, fn) });
          break;
        case 'unlock':
          out.push({ op: 'unlock', lock: need(lockIx, s.lock.name, 'lock'), ...perCpu(lockN, s.lock.name), ...perStack(lockS, s.lock.name), src: src(s.at, fn) });
          break;
        case 'section': {
          const lock = need(lockIx, s.lock.name, 'lock');
          const per = { ...perCpu(lockN, s.lock.name), ...perStack(lockS, s.lock.name) };
          out.push({ op: 'lock', lock, mode: s.mode === 'read' ? 'read' : 'exclusive', ...per, src: src(s.at, fn) });
          out.push(...steps(s.body, fn));
          // pserialize_perform: the writer waits out readers before it lets go of the writer lock.
          if (s.mode === 'write' && lockKind.get(s.lock.name) === 'pserialize') out.push({ op: 'synchronize', lock, src: src(s.at, fn) });
          out.push({ op: 'unlock', lock, ...per, src: src(s.at, fn) });
          break;
        }
        case 'synchronize':
          out.push({ op: 'synchronize', lock: need(lockIx, s.lock.name, 'lock'), src: src(s.at, fn) });
          break;
        case 'count':
          out.push({ op: 'count', counter: need(counterIx, s.counter.name, 'counter'), n: s.n, src: src(s.at, fn) });
          break;
        case 'sum':
          out.push({ op: 'sum', counter: need(counterIx, s.counter.name, 'counter'), src: src(s.at, fn) });
          break;
        case 'call':
          out.push({ op: 'call', fn: need(fnIx, s.fn.name, 'function'), src: src(s.at, fn) });
          break;
        case 'enqueue':
          out.push({ op: 'enqueue', queue: need(queueIx, s.queue.name, 'queue'), ...perCpu(queueN, s.queue.name), ...perStack(queueS, s.queue.name), src: src(s.at, fn) });
          break;
        case 'dequeue':
          out.push({ op: 'dequeue', queue: s.queue ? need(queueIx, s.queue.name, 'queue') : -1, ifEmpty: s.ifEmpty, ...(s.queue ? { ...perCpu(queueN, s.queue.name), ...perStack(queueS, s.queue.name) } : {}), src: src(s.at, fn) });
          break;
        case 'wakeup': {
          // a per-CPU group: this CPU's instance; a ring-bound group: the poller of this context's ring
          const group = tables.threads.has(s.thread.name) ? undefined : tables.threadGroups.get(s.thread.name);
          if (group && (group[0].binding === 'per_cpu' || group[0].binding === 'ring')) {
            const first = need(threadIx, group[0].name, 'thread');
            out.push({ op: 'wakeup', thread: first, ...(group[0].binding === 'per_cpu' ? { perCpu: group.length } : { perRing: group.length }), src: src(s.at, fn) });
            break;
          }
          const t = resolveThread(s.thread.name, tables);
          out.push({ op: 'wakeup', thread: need(threadIx, t?.name ?? s.thread.name, 'thread'), src: src(s.at, fn) });
          break;
        }
        case 'dispatch':
          out.push({ op: 'dispatch', netisr: need(netisrIx, s.netisr.name, 'netisr'), src: src(s.at, fn) });
          break;
        case 'irq':
          out.push({ op: 'irq', enable: s.enable, src: src(s.at, fn) });
          break;
        case 'poll_done':
          out.push({ op: 'poll_done', src: src(s.at, fn) });
          break;
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
  const threads: ThreadSpec[] = spec.threads.map((t) => ({
    name: t.name, kind: t.kind, priority: t.priority, cpu: t.cpu, entry: need(fnIx, t.entry.name, 'function'),
    once: t.once, startAsleep: t.startAsleep, ring: t.ring ? need(queueIx, t.ring, 'queue') : -1, src: src(t.at),
  }));

  // netisr workstreams: queue NAME/k, softint thread NAME/k running swi_net (dequeue, call the handler).
  const netisrs: NetisrSpec[] = spec.netisrs.map((n) => {
    const at = src(n.at);
    const handler = need(fnIx, n.handler.name, 'function');
    const qs: number[] = [];
    const ts: number[] = [];
    for (let k = 0; k < n.threads; k++) {
      const q = queues.length;
      queues.push({ name: `${n.name}/${k}`, limit: n.qlimit, src: at });
      const fsrc = src(n.at, 'swi_net');
      functions.push({
        name: 'swi_net', mode: 'kernel', src: fsrc,
        steps: [{ op: 'dequeue', queue: q, ifEmpty: 'block', src: src(n.at, 'swi_net') }, { op: 'call', fn: handler, src: src(n.at, 'swi_net') }],
      });
      ts.push(threads.length);
      threads.push({ name: `${n.name}/${k}`, kind: 'softint', priority: n.priority, cpu: n.bind ? k % cpus : -1, entry: functions.length - 1, once: false, startAsleep: true, ring: -1, src: at });
      qs.push(q);
    }
    return { name: n.name, mode: n.mode, queues: qs, threads: ts, handler, src: at };
  });

  return {
    name: spec.name,
    machine: (({ schedulerAt, ...m }) => ({
      ...m, timecounter: { ...m.timecounter }, costs: { ...m.costs }, ...(schedulerAt ? { schedulerSrc: src(schedulerAt) } : {}),
    }))(spec.machine),
    locks,
    counters,
    queues,
    functions,
    threads,
    devices: spec.devices.map((d) => ({
      name: d.name,
      rx: d.rx.map((r) => ({ ring: need(queueIx, r.ring, 'queue'), cpu: r.cpu, handler: d.handler ? need(fnIx, d.handler.name, 'function') : -1, coalesceNs: r.coalesceNs })),
      txRing: d.txRings.length ? need(queueIx, d.txRings[0], 'queue') : -1,
      ...(d.txRings.length > 1 ? { txRings: d.txRings.slice(1).map((r) => need(queueIx, r, 'queue')) } : {}),
      lineRateBps: d.lineRateBps,
      ipl: d.ipl,
      src: src(d.at),
    })),
    traffic: spec.traffic.map((t) => ({
      device: need(deviceIx, t.device.name, 'device'), pps: t.pps, pattern: t.pattern, flows: t.flows, size: t.size,
      startNs: t.startNs, stopNs: t.stopNs, src: src(t.at),
    })),
    timers: spec.timers.map((t) => ({ name: t.name, cpu: t.cpu, periodNs: t.periodNs, handler: need(fnIx, t.handler.name, 'function'), ipl: t.ipl, src: src(t.at) })),
    ...(netisrs.length ? { netisrs } : {}),
    // replications are the host's business (src/run): the engine runs one
    run: { durationNs: spec.run.durationNs, warmupNs: spec.run.warmupNs, seed: spec.run.seed, sampleNs: spec.run.sampleNs },
    sources,
  };
}

/** `perStack` for a step naming a per-stack lock or queue. */
function perStack(n: Map<string, number>, name: string): { perStack?: number } {
  const k = n.get(name);
  return k ? { perStack: k } : {};
}

/** `perCpu` for a step naming a per-CPU lock or queue. */
function perCpu(n: Map<string, number>, name: string): { perCpu?: number } {
  const k = n.get(name);
  return k ? { perCpu: k } : {};
}

function pick(r: Range): Range {
  return { line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn };
}

function indexOf(list: { name: string }[]): Map<string, number> {
  return new Map(list.map((x, i) => [x.name, i]));
}
