// Export Trace…: a kept run to a file in one of the interchange formats.
import * as vscode from 'vscode';
import { encodeTrace } from '../trace/codec';
import type { Trace } from '../trace/schema';
import { log } from './log';
import type { RunService } from './runService';

interface ExportFormat {
  label: string;
  detail: string;
  extension: string;
  filterName: string;
  write(trace: Trace): Uint8Array;
}

const FORMATS: ExportFormat[] = [
  {
    label: 'SMP Stack Lab trace',
    detail: 'The whole run, binary and exact (columns and tables as recorded)',
    extension: 'smptrace',
    filterName: 'SMP Stack Lab trace',
    write: encodeTrace,
  },
];

export async function exportTrace(runs: RunService): Promise<void> {
  const kept = runs.registry.all().filter((r) => r.trace);
  if (kept.length === 0) {
    void vscode.window.showInformationMessage('No run to export yet: run a scenario first.');
    return;
  }
  const run = kept.length === 1 ? kept[0] : (await vscode.window.showQuickPick(
    kept.map((r) => ({ label: r.title, description: `run #${r.runId}`, record: r })),
    { title: 'SMP Stack Lab: Export Trace — which run?' },
  ))?.record;
  if (!run?.trace) return;
  const format = await vscode.window.showQuickPick(FORMATS.map((f) => ({ ...f, description: `.${f.extension}` })), { title: 'Export as' });
  if (!format) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${run.title.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-')}.${format.extension}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: { [format.filterName]: [format.extension] },
    title: 'Export Trace',
  });
  if (!target) return;
  const bytes = format.write(run.trace);
  await vscode.workspace.fs.writeFile(target, bytes);
  log().info(`exported run #${run.runId} as ${format.label} to ${target.toString()} (${bytes.byteLength} bytes)`);
  void vscode.window.showInformationMessage(`Exported ${run.title} to ${vscode.workspace.asRelativePath(target)}.`);
}
