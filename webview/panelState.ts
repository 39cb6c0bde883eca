// The panel's state as the webview keeps it (vscode.setState), and which
// state a run mounts with. Two copies exist: the webview's own, which VS Code
// hands back when it revives the panel, and the host's, sent with the run
// when the host restores a panel (src/core/views.ts says why). The own
// copy is the freshest (written at once; the host's is debounced) but exists
// only when VS Code revived this very webview; a webview the host created
// anew for a background tab has none, and gets the host's.
import type { PanelViewState } from '../src/core/views';

export interface SavedState extends PanelViewState {
  /** The first run the panel shows: the host's panel serializer reads this to bring the panel back. */
  runId?: number;
}

/** The view state to mount `runId` with: the webview's own when it was saved for that run, else the host's. */
export function stateToMount(own: SavedState, fromHost: PanelViewState | undefined, runId: number): PanelViewState {
  const mine = own.runId === runId ? own : undefined;
  return {
    view: mine?.view ?? fromHost?.view,
    timeline: mine?.timeline ?? fromHost?.timeline,
  };
}
