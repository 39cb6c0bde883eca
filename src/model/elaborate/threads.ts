// threads: who runs which function, where, at what priority. `per_cpu: true`
// makes one bound instance per CPU (so a CPU sweep scales them); `count: N`
// makes N instances. Instances are named `name/0`, `name/1`, ….

import { DEFAULT_PRIORITY, type ThreadKind } from '../../sim/program';
import type { Diagnostics } from '../diagnostics';
import { THREAD_KEYS, THREAD_KINDS } from '../keys';
import { asMap, MapReader, readName } from '../reader';
import type { MThread, NameRef } from '../spec';
import { describe } from '../tree';
import { readCpu, type CpuPolicy } from './cpus';
import { namedEntries } from './declarations';

export const MAX_THREAD_INSTANCES = 1024;

export function readThreads(node: Parameters<typeof namedEntries>[0], policy: CpuPolicy, diags: Diagnostics): MThread[] {
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
    if (perCpu) {
      for (let i = 0; i < policy.cpus; i++) out.push({ ...base, name: `${e.key}/${i}`, cpu: i });
    } else if (r.present('count')) {
      for (let i = 0; i < count; i++) out.push({ ...base, name: `${e.key}/${i}`, cpu });
    } else {
      out.push({ ...base, name: e.key, cpu });
    }
  }
  return out;
}
