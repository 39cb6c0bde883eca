// CPU numbers written in a model (thread binding, IRQ affinity, timers).
// Against the file's own `machine.cpus` a number out of range is an error; when
// the CPU count comes from a sweep point or a command-line override, numbers
// wrap modulo the CPU count so one file serves every point of a scaling curve.

import type { Diagnostics } from '../diagnostics';
import { describe, type LNode } from '../tree';

export interface CpuPolicy {
  cpus: number;
  /** True when cpus was overridden from outside the file (sweep, --cpus). */
  wrap: boolean;
}

export function readCpu(n: LNode, what: string, policy: CpuPolicy, diags: Diagnostics): number {
  if (n.kind !== 'scalar' || typeof n.value !== 'number' || !Number.isInteger(n.value) || n.value < 0) {
    diags.error(n.range, `${what} should be a CPU number (0, 1, …), not ${describe(n)}`);
    return 0;
  }
  return placeCpu(n, n.value, what, policy, diags);
}

export function placeCpu(n: LNode, cpu: number, what: string, policy: CpuPolicy, diags: Diagnostics): number {
  if (cpu < policy.cpus) return cpu;
  if (policy.wrap) return cpu % policy.cpus;
  diags.error(n.range, `${what}: CPU ${cpu} does not exist; the machine has ${policy.cpus} CPU${policy.cpus === 1 ? '' : 's'} (0–${policy.cpus - 1})`);
  return 0;
}
