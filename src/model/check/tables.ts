// Name tables of an elaborated model: what each reference can resolve to.

import type { Diagnostics } from '../diagnostics';
import type { MCounter, MDevice, MFunction, MLock, MNetisr, MSpec, MThread } from '../spec';

export interface QueueEntry {
  name: string;
  limit: number;
  /** A NIC ring rather than a declared queue. */
  ring: boolean;
  perCpu: boolean;
}

export interface Tables {
  locks: Map<string, MLock>;
  counters: Map<string, MCounter>;
  queues: Map<string, QueueEntry>;
  functions: Map<string, MFunction>;
  /** Instance name → thread. */
  threads: Map<string, MThread>;
  /** Declared name → its instances. */
  threadGroups: Map<string, MThread[]>;
  devices: Map<string, MDevice>;
  netisrs: Map<string, MNetisr>;
}

export function buildTables(spec: MSpec, diags: Diagnostics): Tables {
  const t: Tables = {
    locks: new Map(spec.locks.map((l) => [l.name, l])),
    counters: new Map(spec.counters.map((c) => [c.name, c])),
    queues: new Map(spec.queues.map((q) => [q.name, { name: q.name, limit: q.limit, ring: false, perCpu: q.perCpu }])),
    functions: new Map(spec.functions.map((f) => [f.name, f])),
    threads: new Map(spec.threads.map((th) => [th.name, th])),
    threadGroups: new Map(),
    devices: new Map(spec.devices.map((d) => [d.name, d])),
    netisrs: new Map(spec.netisrs.map((n) => [n.name, n])),
  };
  for (const th of spec.threads) {
    const g = t.threadGroups.get(th.group);
    if (g) g.push(th);
    else t.threadGroups.set(th.group, [th]);
  }
  for (const d of spec.devices) {
    const rings = [...d.rx.map((r) => r.ring), ...d.txRings];
    for (const ring of rings) {
      const clash = spec.queues.find((q) => q.name === ring);
      if (clash) diags.error(clash.at, `queue ${ring} has the same name as a ring of device ${d.name}; rename the queue`);
      t.queues.set(ring, { name: ring, limit: d.txRings.includes(ring) ? d.txRingSize : d.ringSize, ring: true, perCpu: false });
    }
  }
  // A netisr's workstreams are threads and queues named NAME/0, NAME/1, …
  for (const n of spec.netisrs) {
    if (t.threadGroups.has(n.name)) diags.error(n.at, `netisr ${n.name} has the same name as thread ${n.name} (its workstream threads are ${n.name}/0, …); rename one`);
  }
  return t;
}
