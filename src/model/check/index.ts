// The checker: names, call graph, locks — over one elaborated model (the file
// itself, a variant, or a sweep point).

import type { Diagnostics } from '../diagnostics';
import type { MSpec } from '../spec';
import { checkCalls, type CallGraph } from './calls';
import { checkLimits } from './limits';
import { checkLocks } from './lockorder';
import { checkNames } from './names';
import { buildTables, type Tables } from './tables';

export interface CheckOptions {
  warnUnused: boolean;
  cpusOverridden: boolean;
}

export function checkSpec(spec: MSpec, diags: Diagnostics, opts: CheckOptions): { tables: Tables; graph: CallGraph } {
  const tables = buildTables(spec, diags);
  checkLimits(spec, diags);
  checkNames(spec, tables, diags, { warnUnused: opts.warnUnused, wrap: opts.cpusOverridden });
  const graph = checkCalls(spec, tables, diags);
  checkLocks(spec, tables, diags);
  return { tables, graph };
}
