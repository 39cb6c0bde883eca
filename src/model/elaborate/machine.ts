// machine: CPUs, hyperthreads, preemption, the timecounter and the cost table.

import { DEFAULT_COSTS, DEFAULT_HZ, DEFAULT_SLICE_NS, TIMECOUNTERS, type Costs } from '../../sim/program';
import type { Diagnostics } from '../diagnostics';
import { COST_KEYS, MACHINE_KEYS, SCHEDULERS, TIMECOUNTER_KEYS } from '../keys';
import { asMap, MapReader, readQuantity } from '../reader';
import type { MSpec } from '../spec';
import { didYouMean } from '../suggest';
import { describe, type LNode } from '../tree';
import { parseDuration } from '../units';

export const MAX_CPUS = 256;
/** Network stacks (each per_stack lock and queue is that many locks and queues: the trace tables' limit is 65534). */
export const MAX_STACKS = 4096;
export const DEFAULT_HTT_SLOWDOWN = 1.3;

export function readMachine(node: LNode | undefined, diags: Diagnostics): MSpec['machine'] {
  const machine: MSpec['machine'] = {
    cpus: 1,
    htt: false,
    httSlowdown: DEFAULT_HTT_SLOWDOWN,
    preemptOnWakeup: true,
    scheduler: 'ule',
    sliceNs: DEFAULT_SLICE_NS.ule,
    hz: DEFAULT_HZ,
    ipiWakeup: true,
    stacks: 1,
    timecounter: { name: 'tsc', readNs: TIMECOUNTERS.tsc },
    costs: { ...DEFAULT_COSTS },
  };
  const map = asMap(node, 'machine', diags, 'cpus:, htt:, preempt:, scheduler:, slice:, hz:, ipiwakeup:, stacks:, timecounter:, costs:');
  if (!map) return machine;
  const r = new MapReader(map, 'machine', MACHINE_KEYS, diags);
  machine.cpus = r.number('cpus', 1, { integer: true, min: 1, max: MAX_CPUS });
  machine.htt = r.bool('htt', false);
  machine.httSlowdown = r.number('htt_slowdown', DEFAULT_HTT_SLOWDOWN, { min: 1, max: 10 });
  const cpusNode = r.present('cpus');
  const cpusValid = !cpusNode || (cpusNode.kind === 'scalar' && cpusNode.value === machine.cpus);
  if (machine.htt && cpusValid && machine.cpus % 2 !== 0) diags.error(r.rangeOf('htt'), `machine: htt pairs CPUs 2k and 2k+1, so cpus must be even (it is ${machine.cpus})`);
  machine.preemptOnWakeup = r.bool('preempt', true);
  machine.scheduler = r.oneOf('scheduler', SCHEDULERS, 'ule');
  if (r.present('scheduler')) machine.schedulerAt = r.rangeOf('scheduler');
  machine.sliceNs = Math.round(r.duration('slice', DEFAULT_SLICE_NS[machine.scheduler], { min: 1_000, max: 10e9 }));
  machine.hz = r.number('hz', DEFAULT_HZ, { integer: true, min: 1, max: 100_000 });
  machine.ipiWakeup = r.bool('ipiwakeup', true);
  machine.stacks = r.number('stacks', 1, { integer: true, min: 1, max: MAX_STACKS });
  const tc = r.present('timecounter');
  if (tc) machine.timecounter = readTimecounter(tc, diags);
  const costs = r.present('costs');
  if (costs) machine.costs = readCosts(costs, diags);
  return machine;
}

function readTimecounter(n: LNode, diags: Diagnostics): { name: string; readNs: number } {
  const known = Object.keys(TIMECOUNTERS);
  const fallback = { name: 'tsc', readNs: TIMECOUNTERS.tsc };
  if (n.kind === 'scalar') {
    const v = n.value;
    if (typeof v === 'string' && v in TIMECOUNTERS) return { name: v, readNs: TIMECOUNTERS[v] };
    // A bare duration is a custom clock with that read cost.
    const d = parseDuration(v);
    if (d.ok) return { name: 'custom', readNs: wholeNs(d.value, 'machine: timecounter', n, diags) };
    diags.error(n.range, `machine: timecounter should be ${known.join(', ')} or a read cost such as 300ns, not ${describe(n)}${typeof v === 'string' ? didYouMean(v, known) : ''}`);
    return fallback;
  }
  if (n.kind !== 'map') {
    diags.error(n.range, `machine: timecounter should be a name (${known.join(', ')}) or { name:, read: }, not a list`);
    return fallback;
  }
  const r = new MapReader(n, 'machine: timecounter', TIMECOUNTER_KEYS, diags);
  const name = r.string('name', 'custom');
  const readNode = r.present('read');
  if (readNode) return { name, readNs: wholeNs(readQuantity(readNode, 'machine: timecounter: read', 0, parseDuration, {}, diags), 'machine: timecounter: read', readNode, diags) };
  if (name in TIMECOUNTERS) return { name, readNs: TIMECOUNTERS[name] };
  diags.error(r.rangeOf('name'), `machine: timecounter "${name}" is not one of ${known.join(', ')}${didYouMean(name, known)}; give its cost with read: (e.g. read: 300ns)`);
  return fallback;
}

function readCosts(n: LNode, diags: Diagnostics): Costs {
  const costs = { ...DEFAULT_COSTS };
  if (n.kind === 'scalar' && n.value === 'zero') {
    for (const k of Object.keys(costs) as (keyof Costs)[]) costs[k] = 0;
    return costs;
  }
  const map = asMap(n, 'machine: costs', diags, `zero, or a map of ${Object.keys(COST_KEYS).join(', ')}`);
  if (!map) return costs;
  const r = new MapReader(map, 'machine: costs', Object.keys(COST_KEYS), diags);
  for (const [key, field] of Object.entries(COST_KEYS)) {
    costs[field] = wholeNs(r.duration(key, DEFAULT_COSTS[field]), `machine: costs: ${key}`, r.present(key), diags);
  }
  return costs;
}

/**
 * The machine's clock counts whole nanoseconds: a cost given finer runs
 * rounded, and the checker says so with the value that runs (keeping
 * fractions would change the time of every event after the first one).
 */
function wholeNs(ns: number, what: string, node: LNode | undefined, diags: Diagnostics): number {
  const whole = Math.round(ns);
  if (node && whole !== ns) diags.warning(node.range, `${what}: ${+ns.toFixed(3)} ns runs as ${whole} ns — the simulated clock counts whole nanoseconds`);
  return whole;
}
