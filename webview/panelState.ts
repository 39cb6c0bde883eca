// The tab's state as the webview keeps it (vscode.setState): VS Code keeps it
// with the tab and hands it back when it brings the tab back (after a reload,
// or a background tab when it is shown), so each document's view comes back
// as the user left it. Which state a run mounts with: the saved one when it
// was saved for that run.
import { parsePanelViewState, type PanelViewState } from '../src/core/views';

export interface SavedState extends PanelViewState {
  /** The first run the tab shows: what the saved view state belongs to. */
  runId?: number;
}

/** The view state to mount `runId` with: the webview's own when it was saved for that run. */
export function stateToMount(own: SavedState, runId: number): PanelViewState {
  const mine = own.runId === runId ? own : undefined;
  return { view: mine?.view, timeline: mine?.timeline };
}

/** The state VS Code handed back (written by this webview, or by an older version): only what reads as one. */
export function savedStateOf(raw: unknown): SavedState {
  const runId = (raw as SavedState | undefined)?.runId;
  return { ...parsePanelViewState(raw), ...(Number.isSafeInteger(runId) ? { runId } : {}) };
}
