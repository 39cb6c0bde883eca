// Run Sweep…: every point of the model's `sweep:` (e.g. CPUs 1, 2, 4, 8), one
// worker run each, then the first and last point side by side with the
// scaling curve (delivered packets per second against the swept value).
import * as vscode from 'vscode';
import type { SweepPoint } from '../protocol';
import { log } from './log';
import { baseName, compilerFileName } from './modelFiles';
import { BASE_VARIANT_LABEL, pickVariant } from './modelPicker';
import { sweepOf } from './modelApi';
import type { TimelinePanels } from './panels';
import type { RunFacts } from './runFacts';
import type { ModelRunRecord, RunService } from './runService';

/** Delivered packets per second of measured time; without traffic, the busiest counter's rate. */
export function throughputOf(f: RunFacts, warmupNs: number): number {
  const seconds = Math.max(1, f.simulatedNs - warmupNs) / 1e9;
  if (f.packets) return f.packets.delivered / seconds;
  const totals = Object.values(f.counters).map((c) => c.total);
  return totals.length ? Math.max(...totals) / (f.simulatedNs / 1e9) : 0;
}

export async function runSweep(uri: vscode.Uri, text: string, runs: RunService, panels: TimelinePanels): Promise<void> {
  const sweep = sweepOf(text, compilerFileName(uri));
  if ('problem' in sweep) {
    void vscode.window.showWarningMessage(`Cannot sweep ${baseName(uri)}: ${sweep.problem}.`);
    return;
  }
  const v = await pickVariant(text, `Sweep ${sweep.path} of ${baseName(uri)}: which variant?`);
  if (!v) return;
  const records: ModelRunRecord[] = [];
  const curve: SweepPoint[] = [];
  for (let i = 0; i < sweep.points.length; i++) {
    const p = sweep.points[i];
    const label = `${baseName(uri)} — ${v.variant ?? BASE_VARIANT_LABEL} @ ${p.label}`;
    const r = await runs.execute({ model: uri.toString(), variant: v.variant, sweepPoint: i }, label, `${i + 1} of ${sweep.points.length}`);
    if (!r) return; // cancelled or failed: reported already
    records.push(r);
    curve.push({ label: p.label, x: p.x, throughput: throughputOf(r.facts, r.trace?.meta.warmupNs ?? 0) });
  }
  log().info(`sweep ${sweep.path} of ${baseName(uri)}: ${curve.map((c) => `${c.label} → ${Math.round(c.throughput).toLocaleString('en-US')}/s`).join(', ')}`);
  if (records.length >= 2) {
    await panels.compare(records[0], records[records.length - 1], curve, `${baseName(uri)} — sweep of ${sweep.path}`);
  } else if (records.length === 1) {
    await panels.show(records[0]);
  }
}
