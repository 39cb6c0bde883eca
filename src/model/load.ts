// loadModel: text → diagnostics, and the Model when there are no errors.
// Checks the file as written, every variant, and every sweep point (also under
// each variant), so a model that loads always compiles.

import { checkSpec } from './check/index';
import { Diagnostics, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics';
import { elaborate } from './elaborate/elaborate';
import type { Model } from './model';
import { parseText } from './parse';
import { clone, type LMap } from './tree';
import { applyVariant, readSweep, readVariants, setPath, type SweepDef } from './variants';

/** Variant × sweep-point combinations checked at load; beyond this only each alone is checked. */
const MAX_COMBINATIONS = 64;

export function isCpuSweep(sweep: SweepDef | undefined): boolean {
  return !!sweep && sweep.path.replace(/\s/g, '') === 'machine.cpus';
}

export interface LoadOptions {
  /**
   * Check at most this many sweep points at load (default: all). Checking
   * costs a compile per point; a run of a long sweep checks each point where
   * it compiles it (a worker), so its host need not check 10,000 first.
   */
  sweepPointsToCheck?: number;
}

export function loadModel(text: string, file: string, opts: LoadOptions = {}): { model?: Model; diagnostics: Diagnostic[] } {
  const diags = new Diagnostics(file);
  const { root } = parseText(text, diags);
  if (!root) return { diagnostics: sortDiagnostics(diags.list) };

  const variantDefs = readVariants(root, diags);
  const sweepDef = readSweep(root, diags);
  const spec = elaborate(root, diags);
  checkSpec(spec, diags, { warnUnused: true, cpusOverridden: false });

  const trees: { label: string; tree: LMap; cpus: boolean }[] = [{ label: '', tree: root, cpus: false }];
  for (const v of variantDefs) {
    diags.prefix = `variant ${v.name}: `;
    const tree = applyVariant(root, v, diags);
    const vs = elaborate(tree, diags, { cpusOverridden: v.setsCpus });
    checkSpec(vs, diags, { warnUnused: false, cpusOverridden: v.setsCpus });
    trees.push({ label: ` (variant ${v.name})`, tree, cpus: v.setsCpus });
  }
  // Sweep points are checked once the file and its variants are clean: an error there would
  // repeat at every point, and this keeps checking a broken file fast.
  if (sweepDef && diags.errorCount === 0) {
    const cpuSweep = isCpuSweep(sweepDef);
    let budget = MAX_COMBINATIONS;
    const points = sweepDef.points.slice(0, opts.sweepPointsToCheck ?? sweepDef.points.length);
    for (const { label, tree, cpus } of trees) {
      for (const p of points) {
        if (label && --budget < 0) break;
        diags.prefix = `sweep point ${p.label}${label}: `;
        const t = clone(tree);
        if (!setPath(t, sweepDef.path, p.value, p.value.range, diags)) break;
        const ps = elaborate(t, diags, { cpusOverridden: cpuSweep || cpus });
        checkSpec(ps, diags, { warnUnused: false, cpusOverridden: cpuSweep || cpus });
      }
    }
  }
  diags.prefix = '';
  const diagnostics = sortDiagnostics(diags.list);
  if (hasErrors(diagnostics)) return { diagnostics };
  const model: Model = {
    file,
    name: spec.name,
    description: spec.description,
    source: spec.source,
    spec,
    variants: variantDefs.map((v) => ({ name: v.name, description: v.description, at: v.at })),
    sweep: sweepDef ? { path: sweepDef.path, at: sweepDef.at, points: sweepDef.points.map((p) => ({ label: p.label, x: p.x })) } : undefined,
    search: spec.search ? { kind: 'rfc2544', traffic: spec.search.traffic, fromPps: spec.search.fromPps, toPps: spec.search.toPps, resolution: spec.search.resolution, at: spec.search.at } : undefined,
    tree: root,
    variantDefs,
    sweepDef,
  };
  return { model, diagnostics };
}
