// Located tree → elaborated model (MSpec): every section read, typed and
// defaulted, every fault reported. Always returns a complete MSpec, so the
// checker can look at everything in one pass.

import type { Diagnostics } from '../diagnostics';
import { RUN_KEYS, TOP_KEYS } from '../keys';
import { asMap, MapReader } from '../reader';
import type { MSpec } from '../spec';
import type { LMap } from '../tree';
import type { CpuPolicy } from './cpus';
import { readCounters, readLocks, readQueues } from './declarations';
import { readDevices, readTimers, readTraffic } from './devices';
import { readMachine } from './machine';
import { readNetisrs } from './netisrs';
import { readSearch } from './search';
import { readFunctions } from './steps';
import { readThreads } from './threads';

export const DEFAULT_DURATION_NS = 10e6;
const MAX_DURATION_NS = 3600e9;
/** More replications than this is a mistake, not a design (the CLI caps runs per invocation too). */
export const MAX_REPLICATIONS = 1000;

export interface ElaborateOptions {
  /** The CPU count came from outside the file (sweep point, --cpus): wrap CPU numbers instead of rejecting them. */
  cpusOverridden?: boolean;
  /** Run on this many CPUs whatever the file says (implies cpusOverridden). */
  cpus?: number;
}

export function elaborate(root: LMap, diags: Diagnostics, opts: ElaborateOptions = {}): MSpec {
  const top = new MapReader(root, 'the model', TOP_KEYS, diags);
  const machine = readMachine(top.node('machine'), diags);
  if (opts.cpus !== undefined) machine.cpus = opts.cpus;
  const policy: CpuPolicy = { cpus: machine.cpus, wrap: !!opts.cpusOverridden || opts.cpus !== undefined };
  const name = top.string('name', '');
  if (!top.present('name')) diags.warning({ line: 1, column: 1, endLine: 1, endColumn: 2 }, 'the model has no name: (shown in run lists and reports)');
  const devices = readDevices(top.node('devices'), policy, diags);
  const traffic = readTraffic(top.node('traffic'), devices, diags);
  return {
    name,
    description: top.string('description', ''),
    source: top.string('source', ''),
    machine,
    locks: readLocks(top.node('locks'), diags),
    counters: readCounters(top.node('counters'), diags),
    queues: readQueues(top.node('queues'), diags),
    threads: readThreads(top.node('threads'), policy, devices, diags),
    netisrs: readNetisrs(top.node('netisrs'), policy, diags),
    devices,
    traffic,
    timers: readTimers(top.node('timers'), policy, diags),
    functions: readFunctions(top.node('functions'), diags),
    run: readRun(top, diags),
    search: readSearch(top.node('search'), traffic, diags),
  };
}

function readRun(top: MapReader, diags: Diagnostics): MSpec['run'] {
  const run: MSpec['run'] = { durationNs: DEFAULT_DURATION_NS, warmupNs: 0, seed: 1, sampleNs: 0 };
  const map = asMap(top.node('run'), 'run', diags, 'duration:, warmup:, seed:, sample:, replications:');
  if (!map) return run;
  const r = new MapReader(map, 'run', RUN_KEYS, diags);
  run.durationNs = Math.round(r.duration('duration', DEFAULT_DURATION_NS, { min: 1, max: MAX_DURATION_NS }));
  run.warmupNs = Math.round(r.duration('warmup', 0));
  if (run.warmupNs >= run.durationNs) diags.error(r.rangeOf('warmup'), `run: warmup (${run.warmupNs}ns) must be shorter than duration (${run.durationNs}ns)`);
  run.seed = r.number('seed', 1, { integer: true, min: 0, max: 2 ** 32 - 1 });
  run.sampleNs = Math.round(r.duration('sample', 0));
  // independent runs with seeds derived from `seed` (src/run/seeds.ts); the host runs them, not the engine
  if (r.present('replications')) run.replications = r.number('replications', 1, { integer: true, min: 1, max: MAX_REPLICATIONS });
  return run;
}
