// The model's `search: { rfc2544: … }` applied to one compiled run: which
// traffic source's rate to vary and between which rates, and the search
// itself (src/sim/rfc2544.ts: a binary search over trial runs, each the same
// program with only that rate changed).

import type { Program } from '../sim/program';
import { rfc2544, type Rfc2544Result, type Rfc2544Trial } from '../sim/rfc2544';
import type { Model } from './model';
import { ModelError } from './programs';
import { lineRatePps } from './units';

export interface Rfc2544Plan {
  traffic: number;
  fromPps: number;
  /** The upper rate, never above the receiving device's line rate for the frame size. */
  toPps: number;
  resolution: number;
  /** The program with the searched traffic source at `pps`. */
  at: (pps: number) => Program;
}

/** The search the model asks for, fitted to one compiled program (a variant, a sweep point); undefined without `search:`. */
export function rfc2544Plan(model: Model, program: Program): Rfc2544Plan | undefined {
  const s = model.search;
  if (!s) return undefined;
  const t = program.traffic[s.traffic];
  if (!t) throw new ModelError(`${model.file}: search: rfc2544 varies traffic[${s.traffic}], which this run does not have`);
  const line = lineRatePps(program.devices[t.device].lineRateBps, t.size);
  const toPps = s.toPps === 'line' ? line : Math.min(s.toPps, line);
  if (s.fromPps >= toPps) {
    throw new ModelError(`${model.file}: search: rfc2544 from (${Math.round(s.fromPps)} pps) is not below the upper rate (${Math.round(toPps)} pps${toPps === line ? ', the line rate' : ''})`);
  }
  const at = (pps: number): Program => ({ ...program, traffic: program.traffic.map((x, i) => (i === s.traffic ? { ...x, pps } : x)) });
  return { traffic: s.traffic, fromPps: s.fromPps, toPps, resolution: s.resolution, at };
}

export interface Rfc2544Report extends Rfc2544Result {
  fromPps: number;
  toPps: number;
  resolution: number;
  /** The trial at the zero-loss rate (latency and reordering there), if any passed. */
  atZeroLoss?: Rfc2544Trial;
}

/** Run the model's RFC 2544 search for one program; undefined when the model asks for none. */
export function runRfc2544(model: Model, program: Program, onTrial?: (t: Rfc2544Trial) => void): Rfc2544Report | undefined {
  const plan = rfc2544Plan(model, program);
  if (!plan) return undefined;
  const r = rfc2544(plan.at, plan.fromPps, plan.toPps, plan.resolution, onTrial);
  const atZeroLoss = r.trials.find((t) => t.pps === r.zeroLossPps && t.lost === 0);
  return { ...r, fromPps: plan.fromPps, toPps: plan.toPps, resolution: plan.resolution, atZeroLoss };
}
