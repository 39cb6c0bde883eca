// Export Trace…: a run of this window to a file — Chrome Trace Event JSON,
// folded stacks (on-CPU, lock wait), the standalone HTML report, or the
// binary trace. The file is made in the simulation worker (RunService.exportRun).
import * as vscode from 'vscode';
import { EXPORT_FORMATS } from '../report/exportFormats';
import { log } from './log';
import type { RunService } from './runService';
import { announceSaved } from './savedFile';
import { writeUriAtomically } from './uriWrite';

export async function exportTrace(runs: RunService): Promise<void> {
  const all = runs.registry.all();
  if (all.length === 0) {
    void vscode.window.showInformationMessage('No run to export yet: run a scenario first.');
    return;
  }
  const run = all.length === 1 ? all[0] : (await vscode.window.showQuickPick(
    all.map((r) => ({ label: r.title, description: `run #${r.runId}`, record: r })),
    { title: 'SMP Stack Lab: Export Trace — which run?' },
  ))?.record;
  if (!run) return;
  const format = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: f.label, description: `.${f.extension}`, detail: f.detail, format: f })),
    { title: `Export ${run.title} as` },
  );
  if (!format) return;
  const { id, extension, label } = format.format;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suffix = id === 'folded-wait' ? '-wait' : id === 'folded-cpu' ? '-cpu' : '';
  const name = `${run.title.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '')}${suffix}.${extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { [label]: [extension] },
    title: 'Export Trace',
  });
  if (!target) return;
  const bytes = await runs.exportRun(run, id);
  if (!bytes) return;
  await writeUriAtomically(target, bytes);
  log().info(`exported run #${run.runId} as ${label} to ${target.toString()} (${bytes.byteLength.toLocaleString('en-US')} bytes)`);
  void announceSaved(`Exported ${run.title} to ${vscode.workspace.asRelativePath(target)}.`, target);
}
