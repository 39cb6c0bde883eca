// What brings a timeline panel back after a window reload: one entry per
// panel in workspaceState, keyed by the first run id it shows (the id its
// webview keeps with setState), naming the runs and how to run them again.
// VS Code brings a panel that was in a background tab back only when the tab
// is shown, so the host matches entries to the open timeline tabs itself:
// an entry whose tab is open but not yet revived is "pending" (its run is
// known and can be shown at once), an entry whose tab is gone is dropped with
// its saved traces. Tabs carry only a label, so entries are matched by it.
// Pure: no vscode.
import type { SweepPoint, ViewName } from '../core/protocol';
import type { RunDescriptor } from './runRegistry';

export interface PanelRestore {
  /** The runs' title (the tab's label, unless stale). */
  title: string;
  runs: RunDescriptor[];
  /** The ids of `runs`, naming their saved traces; absent in entries written before traces were saved. */
  runIds?: number[];
  view?: ViewName;
  /** A sweep's curve (small: one point per run of the sweep). */
  sweep?: SweepPoint[];
  /** The model changed since these runs were made: the tab says so. */
  stale?: boolean;
}

export type RestoreTable = Record<string, PanelRestore>;

export const MAX_RESTORE_ENTRIES = 50;
export const STALE_SUFFIX = ' (model changed)';

/** The label of the entry's tab. */
export function tabLabel(e: Pick<PanelRestore, 'title' | 'stale'>): string {
  return e.stale ? `${e.title}${STALE_SUFFIX}` : e.title;
}

/** A tab of one of our panels: VS Code reports a panel's view type as given or as `mainThreadWebview-<viewType>`. */
export function isOurWebviewTab(tabViewType: string, viewType: string): boolean {
  return tabViewType === viewType || tabViewType.endsWith(`-${viewType}`);
}

/** The table with `entry` under `key`, the oldest entries dropped beyond `max`. */
export function withEntry(table: RestoreTable, key: number, entry: PanelRestore, max = MAX_RESTORE_ENTRIES): RestoreTable {
  const out: RestoreTable = { ...table, [key]: entry };
  const keys = Object.keys(out).map(Number).sort((x, y) => x - y);
  for (const k of keys.slice(0, Math.max(0, keys.length - max))) delete out[k];
  return out;
}

export function withoutEntry(table: RestoreTable, key: number | string): RestoreTable {
  const out: RestoreTable = { ...table };
  delete out[key];
  return out;
}

/** The run ids an entry shows (none for an entry of the old shape). */
export function runIdsOf(e: PanelRestore): number[] {
  return Array.isArray(e.runIds) && e.runIds.length === e.runs.length && e.runIds.every(Number.isSafeInteger) ? e.runIds : [];
}

/** Every run id the entries show: the saved runs to keep. */
export function referencedRunIds(table: RestoreTable): Set<number> {
  return new Set(Object.values(table).flatMap(runIdsOf));
}

export interface TabRef {
  label: string;
  /** The editor group's column. */
  column: number;
}

export interface LivePanelRef extends TabRef {
  /** The restore key of what it shows, if any. */
  key?: string;
}

export interface Reconciled {
  /** Entries whose panel is an open tab VS Code has not revived yet, newest first, with the index of that tab. */
  pending: { key: string; tab: number }[];
  /** Entries with neither a live panel nor a tab. */
  gone: string[];
}

/**
 * Match the entries of panels that are not live against the open timeline
 * tabs. A live panel takes its own tab (same label, same column first); the
 * newest entry takes a remaining tab with its label.
 */
export function reconcile(table: RestoreTable, tabs: readonly TabRef[], live: readonly LivePanelRef[]): Reconciled {
  const free = tabs.map(() => true);
  const take = (label: string, column?: number): number => {
    let i = tabs.findIndex((t, j) => free[j] && t.label === label && (column === undefined || t.column === column));
    if (i < 0 && column !== undefined) i = tabs.findIndex((t, j) => free[j] && t.label === label);
    if (i >= 0) free[i] = false;
    return i;
  };
  for (const p of live) take(p.label, p.column);
  const liveKeys = new Set(live.map((p) => p.key).filter((k): k is string => k !== undefined));
  const pending: Reconciled['pending'] = [];
  const gone: string[] = [];
  for (const key of Object.keys(table).sort((a, b) => Number(b) - Number(a))) {
    if (liveKeys.has(key)) continue;
    const tab = take(tabLabel(table[key]));
    if (tab >= 0) pending.push({ key, tab });
    else gone.push(key);
  }
  return { pending, gone };
}
