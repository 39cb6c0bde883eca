// The model's RFC 2544 search (`search: { rfc2544 }`) run the way a pool
// worker needs it: each trial polls the cancel flag between engine slices, so
// Ctrl-C or Stop is seen within milliseconds even inside a long trial, and
// progress names each trial. The search itself is src/sim/rfc2544.ts's
// zeroLossSearch; only the driving of its trials differs from runRfc2544
// (src/model/search.ts), and a test (test/cli/search.test.ts) compares the two.

import { ModelError, rfc2544Plan, type Model, type Rfc2544Report } from '../model/index';
import { trialOf, zeroLossSearch, type Rfc2544Trial } from '../sim/rfc2544';
import type { Program } from '../sim/program';
import { simulate } from '../sim/simulate';

export interface SearchHooks {
  /** Polled during every trial; true ends the search (the result is then undefined). */
  shouldCancel: () => boolean;
  /** Within trial number `trial` (from 1): the fraction of it done, and the most trials the search can take. */
  onProgress?: (trial: number, fraction: number, maxTrials: number) => void;
}

/**
 * The most trials a search of [from, to] can take: the two ends, then one per
 * halving until the bracket is within `resolution` of its upper end, which is
 * never below `from`. (The usual count is a few less: the upper end falls.)
 */
export function maxTrials(fromPps: number, toPps: number, resolution: number): number {
  return 2 + Math.max(0, Math.ceil(Math.log2((toPps - fromPps) / (resolution * fromPps))));
}

/** The search for one program; undefined when the model asks for none or the search was cancelled. */
export function searchRfc2544(model: Model, program: Program, hooks: SearchHooks): Rfc2544Report | undefined {
  const plan = rfc2544Plan(model, program);
  if (!plan) return undefined;
  const trials: Rfc2544Trial[] = [];
  const most = maxTrials(plan.fromPps, plan.toPps, plan.resolution);
  const search = zeroLossSearch(plan.fromPps, plan.toPps, plan.resolution);
  let step = search.next();
  while (!step.done) {
    const pps = step.value;
    const n = trials.length + 1;
    const onProgress = hooks.onProgress && ((simNs: number, totalNs: number) => hooks.onProgress!(n, totalNs > 0 ? Math.min(1, simNs / totalNs) : 1, most));
    hooks.onProgress?.(n, 0, most); // a trial shorter than the engine's progress period still counts
    const t = simulate(plan.at(pps), { shouldCancel: hooks.shouldCancel, onProgress });
    if (t.meta.stopReason === 'cancelled') return undefined;
    const r = trialOf(pps, t);
    if (!r) throw new ModelError(`${model.file}: search: rfc2544 needs traffic, and this run has none`);
    trials.push(r);
    step = search.next(r.lost === 0);
  }
  const best = step.value;
  const atZeroLoss = trials.find((t) => t.pps === best && t.lost === 0);
  return { zeroLossPps: best, trials, fromPps: plan.fromPps, toPps: plan.toPps, resolution: plan.resolution, atZeroLoss };
}
