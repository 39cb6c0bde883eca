// Run Sweep…: every point of the model's `sweep:` (e.g. CPUs 1, 2, 4, 8), each
// as many times as the design has replications, on the worker pool under one
// progress notification. Only each point's facts are kept, plus the traces of
// the first and last point, which the sweep view compares below its scaling
// curve; any other point's timeline is made again when its point is clicked
// (runs are deterministic). So a sweep of any size shows, and its memory does
// not grow with its points.
import * as vscode from 'vscode';
import type { SweepPoint } from '../core/protocol';
import { log } from './log';
import { baseName, compilerFileName } from './modelFiles';
import { BASE_VARIANT_LABEL, pickVariant } from './modelPicker';
import { sweepOf } from './modelApi';
import { sweepPointOf } from './sweepPoints';
import type { RunDescriptor } from './runRegistry';
import type { ModelRunRecord, RunService } from './runService';

export interface SweepRun {
  /** The first and last point's runs, with their traces (the view compares them). */
  shown: ModelRunRecord[];
  curve: SweepPoint[];
  title: string;
  path: string;
}

/** Every point of the sweep on the pool; undefined when it did not complete (already reported). */
export async function runSweepDesign(runs: RunService, uri: vscode.Uri, text: string, base: RunDescriptor): Promise<SweepRun | undefined> {
  const sweep = sweepOf(text, compilerFileName(uri));
  if ('problem' in sweep) {
    void vscode.window.showWarningMessage(`Cannot sweep ${baseName(uri)}: ${sweep.problem}.`);
    return undefined;
  }
  if (!sweep.points.length) {
    void vscode.window.showWarningMessage(`Cannot sweep ${baseName(uri)}: the sweep has no points.`);
    return undefined;
  }
  const n = sweep.points.length;
  const variant = base.variant ?? BASE_VARIANT_LABEL;
  const items = sweep.points.map((p, i) => ({
    descriptor: { ...base, sweepPoint: i },
    keepTrace: i === 0 || i === n - 1,
    title: `${baseName(uri)} — ${variant} @ ${p.label}`,
  }));
  const got = await runs.runDesign(items, `sweep of ${sweep.path} in ${baseName(uri)} — ${variant} (${n} points)`, { search: true });
  if (!got) return undefined;
  const curve = got.map((r, i) => sweepPointOf(sweep.points[i].label, sweep.points[i].x, r));
  log().info(`sweep ${sweep.path} of ${baseName(uri)}: ${curve.map((c) => `${c.label} → ${Math.round(c.throughput).toLocaleString('en-US')}/s${c.throughputCi ? ` ± ${Math.round(c.throughputCi).toLocaleString('en-US')}` : ''}`).join(', ')}`);
  for (const c of curve) if (c.rfc2544) log().info(`RFC 2544 ${c.label}: zero-loss ${Math.round(c.rfc2544.zeroLossPps).toLocaleString('en-US')} pps (${c.rfc2544.trials} trials)`);
  const shown = [got[0].record, got[n - 1].record].filter((r): r is ModelRunRecord => !!r);
  return { shown: n === 1 ? shown.slice(0, 1) : shown, curve, title: `${baseName(uri)} — sweep of ${sweep.path}`, path: sweep.path };
}

/** Run Sweep…: the variant picked, every point run; undefined when it did not complete (already reported). */
export async function runSweep(uri: vscode.Uri, text: string, runs: RunService): Promise<SweepRun | undefined> {
  const sweep = sweepOf(text, compilerFileName(uri));
  if ('problem' in sweep) {
    void vscode.window.showWarningMessage(`Cannot sweep ${baseName(uri)}: ${sweep.problem}.`);
    return undefined;
  }
  const v = await pickVariant(text, `Sweep ${sweep.path} of ${baseName(uri)}: which variant?`);
  if (!v) return undefined;
  const got = await runSweepDesign(runs, uri, text, { model: uri.toString(), variant: v.variant });
  if (got && !got.shown.length) void vscode.window.showErrorMessage(`SMP Stack Lab: the sweep of ${baseName(uri)} ran, but its traces were not kept; run it again.`);
  return got;
}
