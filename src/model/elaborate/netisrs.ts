// netisrs: FreeBSD netisr protocols (sys/net/netisr.c). Each has a handler
// (ip_input), a dispatch policy (net.isr.dispatch: direct, hybrid, deferred)
// and workstreams: one queue (net.isr.defaultqlimit) and one softint thread
// each (net.isr.maxthreads; per_cpu = -1, one per CPU), optionally bound to
// CPU k (net.isr.bindthreads). A packet's workstream is its flow mod threads.

import { DEFAULT_PRIORITY } from '../../sim/program';
import type { Diagnostics } from '../diagnostics';
import { NETISR_DISPATCH, NETISR_KEYS } from '../keys';
import { asMap, MapReader, readName, readNumber } from '../reader';
import type { MNetisr } from '../spec';
import type { LNode } from '../tree';
import type { CpuPolicy } from './cpus';
import { namedEntries } from './declarations';

/** netisr.c: defaultqlimit 256, maxqlimit 10240. */
export const NETISR_QLIMIT = 256;
export const NETISR_MAX_QLIMIT = 10240;
const MAX_NETISR_THREADS = 256;

export function readNetisrs(node: LNode | undefined, policy: CpuPolicy, diags: Diagnostics): MNetisr[] {
  return namedEntries(node, 'netisrs', diags).map((e) => {
    const what = `netisr ${e.key}`;
    const n: MNetisr = {
      name: e.key, at: e.keyRange, handler: { name: '', at: e.keyRange }, mode: 'direct', threads: 1, perCpu: false,
      bind: false, qlimit: NETISR_QLIMIT, priority: DEFAULT_PRIORITY.softint,
    };
    const map = asMap(e.value, what, diags, 'handler:, dispatch:, threads:, bind:, qlimit:');
    if (!map) {
      diags.error(e.keyRange, `${what} needs handler: (the protocol's input function, e.g. ip_input)`);
      return n;
    }
    const r = new MapReader(map, what, NETISR_KEYS, diags);
    const h = r.present('handler');
    if (!h) diags.error(e.keyRange, `${what} needs handler: (the protocol's input function, e.g. ip_input)`);
    else n.handler = readName(h, `${what}: handler`, diags) ?? n.handler;
    n.mode = r.oneOf('dispatch', NETISR_DISPATCH, 'direct');
    const t = r.present('threads');
    if (t && t.kind === 'scalar' && t.value === 'per_cpu') {
      n.perCpu = true;
      n.threads = policy.cpus;
    } else if (t) {
      n.threads = readNumber(t, `${what}: threads (a number, or per_cpu)`, 1, { integer: true, min: 1, max: MAX_NETISR_THREADS }, diags);
    }
    n.bind = r.bool('bind', false);
    n.qlimit = r.number('qlimit', NETISR_QLIMIT, { integer: true, min: 1, max: NETISR_MAX_QLIMIT });
    n.priority = r.number('priority', DEFAULT_PRIORITY.softint, { integer: true, min: 0, max: 1000 });
    return n;
  });
}
