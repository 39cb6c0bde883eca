// compileModel / sweepPrograms: a loaded Model (plus a variant, a sweep point
// and command-line overrides) → engine Programs.

import type { Program } from '../sim/program';
import { checkSpec } from './check/index';
import { Diagnostics, formatDiagnostic, hasErrors, type Diagnostic } from './diagnostics';
import { elaborate } from './elaborate/elaborate';
import { MAX_CPUS } from './elaborate/machine';
import { lower } from './compile';
import { isCpuSweep } from './load';
import type { Model } from './model';
import { didYouMean } from './suggest';
import { formatModelDuration } from './units';
import { clone, type LMap } from './tree';
import { applyVariant, setPath } from './variants';

export interface CompileOptions {
  variant?: string;
  seed?: number;
  durationNs?: number;
  cpus?: number;
}

/** A model that cannot be compiled as asked (unknown variant, an override out of range). */
export class ModelError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

function variantTree(model: Model, variant: string | undefined): { tree: LMap; setsCpus: boolean } {
  if (!variant) return { tree: model.tree, setsCpus: false };
  const v = model.variantDefs.find((d) => d.name === variant);
  if (!v) {
    const names = model.variantDefs.map((d) => d.name);
    throw new ModelError(`${model.file}: no variant "${variant}"${didYouMean(variant, names)}; ${names.length ? `the variants are ${names.join(', ')}` : 'the model has no variants'}`);
  }
  return { tree: applyVariant(model.tree, v, new Diagnostics(model.file)), setsCpus: v.setsCpus };
}

function checkOverrides(model: Model, opts: CompileOptions): void {
  if (opts.cpus !== undefined && (!Number.isInteger(opts.cpus) || opts.cpus < 1 || opts.cpus > MAX_CPUS)) {
    throw new ModelError(`cpus must be a whole number from 1 to ${MAX_CPUS}, not ${opts.cpus}`);
  }
  if (opts.seed !== undefined && (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 2 ** 32 - 1)) {
    throw new ModelError(`seed must be a whole number from 0 to ${2 ** 32 - 1}, not ${opts.seed}`);
  }
  if (opts.durationNs !== undefined && !(opts.durationNs > 0 && Number.isFinite(opts.durationNs))) {
    throw new ModelError(`duration must be a positive time, not ${opts.durationNs}ns`);
  }
  void model;
}

function build(model: Model, tree: LMap, opts: CompileOptions, cpusOverridden: boolean): Program {
  const diags = new Diagnostics(model.file);
  const spec = elaborate(tree, diags, { cpus: opts.cpus, cpusOverridden });
  checkSpec(spec, diags, { warnUnused: false, cpusOverridden: cpusOverridden || opts.cpus !== undefined });
  if (hasErrors(diags.list)) {
    const first = diags.list.find((d) => d.severity === 'error')!;
    throw new ModelError(formatDiagnostic(first), diags.list);
  }
  const program = lower(spec, model.file);
  if (opts.seed !== undefined) program.run.seed = opts.seed;
  if (opts.durationNs !== undefined) {
    program.run.durationNs = Math.round(opts.durationNs);
    if (program.run.warmupNs >= program.run.durationNs) {
      throw new ModelError(`duration ${formatModelDuration(opts.durationNs)} is not longer than the model's warm-up (${formatModelDuration(program.run.warmupNs)})`);
    }
  }
  return program;
}

/** The model (or one variant of it) as a Program. Throws ModelError when an option does not fit the model. */
export function compileModel(model: Model, opts: CompileOptions = {}): Program {
  checkOverrides(model, opts);
  const v = variantTree(model, opts.variant);
  return build(model, v.tree, opts, v.setsCpus);
}

/** One Program per sweep point (empty when the model has no sweep). A --cpus override yields to a CPU sweep. */
export function sweepPrograms(model: Model, opts: CompileOptions = {}): { label: string; x: number; program: Program }[] {
  const n = model.sweepDef?.points.length ?? 0;
  return Array.from({ length: n }, (_, i) => sweepPointProgram(model, i, opts)!);
}

/**
 * Sweep point `index` alone (undefined when there is no such point): a sweep
 * of thousands of points is compiled one point at a time, where it runs,
 * never all at once.
 */
export function sweepPointProgram(model: Model, index: number, opts: CompileOptions = {}): { label: string; x: number; program: Program } | undefined {
  const sweep = model.sweepDef;
  const p = sweep?.points[index];
  if (!sweep || !p) return undefined;
  checkOverrides(model, opts);
  const { tree: base, setsCpus } = variantTree(model, opts.variant);
  const cpuSweep = isCpuSweep(sweep);
  const tree = clone(base);
  const diags = new Diagnostics(model.file);
  if (!setPath(tree, sweep.path, p.value, p.value.range, diags)) throw new ModelError(formatDiagnostic(diags.list[0]), diags.list);
  const o = cpuSweep ? { ...opts, cpus: undefined } : opts;
  return { label: p.label, x: p.x, program: build(model, tree, o, cpuSweep || setsCpus) };
}
