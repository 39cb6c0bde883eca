// Where a run's panel goes, so tabs do not pile up: rerunning a model and
// variant replaces that run's panel (the same tab, the new trace), and a new
// panel opens in the editor group that already holds the extension's panels,
// not in a new group beside whatever is active. Pure: no vscode.
import type { RunDescriptor } from './runRegistry';

/**
 * What makes two runs "the same run again": one model file, variant and sweep
 * point. A compare panel or an import has no identity (each stays its own tab).
 */
export function panelIdentity(runs: readonly RunDescriptor[]): string | undefined {
  if (runs.length !== 1) return undefined;
  const d = runs[0];
  if (d.imported) return undefined;
  return JSON.stringify([d.model, d.variant ?? '', d.sweepPoint ?? null]);
}

/**
 * The editor group (view column, 1-based) for a new panel: the group of the
 * most recently active panel, else of any panel, else beside the active text
 * editor (`'beside'`), else the active group (`'active'`).
 */
export function newPanelColumn(lastActivePanelColumn: number | undefined, panelColumns: readonly number[], activeEditorColumn: number | undefined): number | 'beside' | 'active' {
  if (lastActivePanelColumn !== undefined && lastActivePanelColumn > 0) return lastActivePanelColumn;
  const any = panelColumns.find((c) => c > 0);
  if (any !== undefined) return any;
  return activeEditorColumn !== undefined ? 'beside' : 'active';
}
