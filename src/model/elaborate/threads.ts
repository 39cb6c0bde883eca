// threads: who runs which function, where, at what priority. `per_cpu: true`
// makes one bound instance per CPU (so a CPU sweep scales them); `count: N`
// makes N instances; `ring: DEVICE` makes one polling thread (ithread, NAPI
// poller) per RX ring of the device, on the CPU of the ring's vector.
// Instances are named `name/0`, `name/1`, ….

import { DEFAULT_PRIORITY, type ThreadKind } from '../../sim/program';
import type { Diagnostics } from '../diagnostics';
import { THREAD_KEYS, THREAD_KINDS } from '../keys';
import { asMap, MapReader, readName } from '../reader';
import type { MDevice, MThread, NameRef } from '../spec';
import { didYouMean } from '../suggest';
import { describe, type LNode } from '../tree';
import { readCpu, type CpuPolicy } from './cpus';
import { namedEntries } from './declarations';

export const MAX_THREAD_INSTANCES = 1024;

export function readThreads(node: Parameters<typeof namedEntries>[0], policy: CpuPolicy, devices: MDevice[], diags: Diagnostics): MThread[] {
  const out: MThread[] = [];
  for (const e of namedEntries(node, 'threads', diags)) {
    const what = `thread ${e.key}`;
    const map = asMap(e.value, what, diags, 'kind:, run:, cpu:, per_cpu:, priority:');
    if (!map) {
      if (e.value.kind === 'scalar' && e.value.value === null) diags.error(e.keyRange, `${what} needs at least run: (the function it runs)`);
      continue;
    }
    const r = new MapReader(map, what, THREAD_KEYS, diags);
    const kind: ThreadKind = r.oneOf('kind', THREAD_KINDS, 'kernel');
    const priority = r.number('priority', DEFAULT_PRIORITY[kind], { integer: true, min: 0, max: 1000 });
    const runNode = r.present('run');
    let entry: NameRef | undefined;
    if (!runNode) diags.error(e.keyRange, `${what} needs run: (the function it runs)`);
    else entry = readName(runNode, `${what}: run`, diags);
    entry ??= { name: '', at: e.keyRange };
    const perCpu = r.bool('per_cpu', false);
    const count = r.number('count', 1, { integer: true, min: 1, max: MAX_THREAD_INSTANCES });
    const cpuNode = r.present('cpu');
    let cpu = -1;
    if (cpuNode && !(cpuNode.kind === 'scalar' && cpuNode.value === 'any')) {
      if (perCpu) diags.error(cpuNode.range, `${what}: per_cpu threads are bound one per CPU; remove cpu:`);
      else if (cpuNode.kind === 'scalar' && typeof cpuNode.value === 'string') diags.error(cpuNode.range, `${what}: cpu should be a CPU number or any, not ${describe(cpuNode)}`);
      else cpu = readCpu(cpuNode, `${what}: cpu`, policy, diags);
    }
    if (perCpu && r.present('count')) diags.error(r.rangeOf('count'), `${what}: use either per_cpu: true or count:, not both`);
    const once = r.bool('once', false);
    const startAsleep = r.bool('asleep', false);
    const base = { group: e.key, at: e.keyRange, kind, priority, entry, once, startAsleep };
    const ringNode = r.present('ring');
    const rings = ringNode ? readRings(ringNode, what, devices, diags) : undefined;
    if (ringNode && (perCpu || r.present('count'))) diags.error(ringNode.range, `${what}: ring: makes one thread per ring; remove ${perCpu ? 'per_cpu' : 'count'}:`);
    if (ringNode && !rings) {
      // a bad ring: (already reported) still makes a ring-bound thread, so its polling steps raise nothing more
      out.push({ ...base, name: e.key, cpu, binding: 'ring', ring: null });
    } else if (rings) {
      // On its ring's CPU unless told otherwise (the ithread follows the vector's affinity).
      const one = rings.single;
      rings.list.forEach((rx, i) => out.push({ ...base, name: one ? e.key : `${e.key}/${i}`, cpu: cpuNode ? cpu : rx.cpu, binding: 'ring', ring: rx.ring }));
    } else if (perCpu) {
      for (let i = 0; i < policy.cpus; i++) out.push({ ...base, name: `${e.key}/${i}`, cpu: i, binding: 'per_cpu', ring: null });
    } else if (r.present('count')) {
      for (let i = 0; i < count; i++) out.push({ ...base, name: `${e.key}/${i}`, cpu, binding: 'count', ring: null });
    } else {
      out.push({ ...base, name: e.key, cpu, binding: 'single', ring: null });
    }
  }
  return out;
}

/** `ring: DEVICE` (every RX ring of it) or `ring: DEVICE.rxN` (that one). */
function readRings(n: LNode, what: string, devices: MDevice[], diags: Diagnostics): { list: MDevice['rx']; single: boolean } | undefined {
  const ref = readName(n, `${what}: ring`, diags);
  if (!ref) return undefined;
  const dev = devices.find((d) => d.name === ref.name);
  if (dev) {
    if (dev.rx.length === 0) {
      diags.error(n.range, `${what}: device ${dev.name} has rx_queues: 0, so it has no ring to poll`);
      return undefined;
    }
    return { list: dev.rx, single: false };
  }
  const all = devices.flatMap((d) => d.rx);
  const rx = all.find((x) => x.ring === ref.name);
  if (rx) return { list: [rx], single: true };
  const names = [...devices.map((d) => d.name), ...all.map((x) => x.ring)];
  diags.error(n.range, `${what}: ring "${ref.name}" is neither a device nor an RX ring${didYouMean(ref.name, names)}${names.length ? `; the rings are ${all.map((x) => x.ring).join(', ') || 'none'}` : '; there is no devices: section'}`);
  return undefined;
}
