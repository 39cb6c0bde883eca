// The runs behind the timeline panels, across a window reload. When a panel
// shows runs, their traces are saved (savedRuns.ts) and an entry in
// workspaceState names them (restoreTable.ts). After a reload the host reads
// the entries at once — also those of panels in background tabs, which VS
// Code revives only when shown — and knows their runs (registry, hovers)
// before any webview is visible. Restoring a panel loads its saved traces, so
// it shows the same trace as before; when a trace is missing, evicted or
// unreadable, the model is rerun instead and the log says why; when the
// model changed since, the caller is told so it can offer a rerun. Beside
// the traces, each panel's view state (zoom, rows, view) is kept under its
// first run id, for panels restored into a new webview. The traces go in the
// workspace storage, or in a window with no folder open, the global storage
// (storageFolder.ts); the log says which.
import * as vscode from 'vscode';
import type { PanelViewState } from '../core/views';
import type { SweepPoint } from '../core/protocol';
import type { SourceInfo, Trace } from '../trace/schema';
import { BuiltinScenarios } from './builtinScenarios';
import { log } from './log';
import { baseName, readModelText } from './modelFiles';
import {
  reconcile, referencedRunIds, runIdsOf, withEntry, withoutEntry,
  type LivePanelRef, type PanelRestore, type Reconciled, type RestoreTable, type TabRef,
} from './restoreTable';
import type { RunDescriptor } from './runRegistry';
import type { ModelRunRecord, RunService } from './runService';
import { modelHash, SavedRuns, type SavedRunInfo } from './savedRuns';
import { savedRunsStorage, type SavedRunsStorage } from './storageFolder';
import { runSweepDesign } from './sweep';

const RESTORE_KEY = 'smpStackLab.panels';
/** All saved traces together; beyond it the oldest are evicted (their panels rerun on restore). */
export const SAVED_RUNS_CAP_BYTES = 256 * 1024 * 1024;

/** What a restored (or rerun) panel shows. */
export interface PanelRuns {
  records: ModelRunRecord[];
  /** Why what is shown is not the model as it is now (it changed, or is gone); undefined when current. */
  stale?: string;
  sweep?: SweepPoint[];
  title: string;
}

function infoOf(r: ModelRunRecord): SavedRunInfo {
  return {
    runId: r.runId,
    title: r.title,
    descriptor: r.descriptor,
    request: r.request,
    files: [...r.files].map(([name, uri]) => [name, uri.toString()]),
    sources: r.sources as SourceInfo[],
    facts: r.facts,
    modelHash: r.descriptor.imported ? undefined : modelHash(r.request.text),
  };
}

function recordOf(info: SavedRunInfo, trace?: Trace): ModelRunRecord {
  return {
    runId: info.runId,
    title: info.title,
    descriptor: info.descriptor,
    request: info.request,
    files: new Map(info.files.map(([name, uri]) => [name, vscode.Uri.parse(uri, true)])),
    sources: info.sources,
    facts: info.facts,
    trace,
  };
}

/** A timeline tab as restoreTable.ts matches it, and the tab itself. */
export interface OpenTab extends TabRef {
  tab: vscode.Tab;
}

export class RestoredRuns {
  private readonly store: SavedRuns | undefined;
  private readonly storage: SavedRunsStorage | undefined;
  private readonly builtins: BuiltinScenarios;
  /** Entries of panels VS Code has not revived yet, read at startup: their runs are known already. */
  readonly ready: Promise<void>;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: RunService,
    private readonly openTabs: () => OpenTab[],
    live: () => LivePanelRef[],
  ) {
    this.storage = savedRunsStorage(context);
    this.store = this.storage ? new SavedRuns(this.storage.folder, SAVED_RUNS_CAP_BYTES) : undefined;
    this.builtins = new BuiltinScenarios(context.extensionUri);
    this.ready = this.startup(live).catch((e) => log().error(`restoring panels: ${(e as Error).message}`));
  }

  // ---- the table ----

  table(): RestoreTable {
    return this.context.workspaceState.get<RestoreTable>(RESTORE_KEY, {});
  }

  async remember(key: number, entry: PanelRestore): Promise<void> {
    await this.context.workspaceState.update(RESTORE_KEY, withEntry(this.table(), key, entry));
  }

  async forget(key: number | string): Promise<void> {
    await this.context.workspaceState.update(RESTORE_KEY, withoutEntry(this.table(), key));
  }

  /** Entries against the open tabs, as of now. */
  match(live: LivePanelRef[]): Reconciled & { tabs: OpenTab[] } {
    const tabs = this.openTabs();
    return { ...reconcile(this.table(), tabs, live), tabs };
  }

  /**
   * Drop the entries whose panel is gone (closed, or never revived and its
   * tab closed) and every saved run no entry or live panel shows.
   */
  async prune(live: LivePanelRef[], liveRunIds: () => number[]): Promise<void> {
    const { gone } = this.match(live);
    if (gone.length) {
      let table = this.table();
      for (const key of gone) table = withoutEntry(table, key);
      await this.context.workspaceState.update(RESTORE_KEY, table);
    }
    const deleted = await this.store?.retainOnly(() => new Set([...referencedRunIds(this.table()), ...liveRunIds()])) ?? [];
    if (deleted.length) log().info(`deleted the saved traces of runs no open panel shows: ${deleted.map((id) => `#${id}`).join(', ')}`);
  }

  private async startup(live: () => LivePanelRef[]): Promise<void> {
    const { pending } = this.match(live());
    await this.prune(live(), () => []);
    if (!this.store || !this.storage) {
      if (pending.length) log().info('no storage for saved traces: restored panels rerun their model');
      return;
    }
    log().info(this.storage.kind === 'workspace'
      ? `saved traces for restoring panels: workspace storage (${this.storage.uri.fsPath})`
      : `saved traces for restoring panels: global storage, as no folder is open (${this.storage.uri.fsPath})`);
    if (this.storage.kind === 'global') {
      void this.storage.sweep().then(
        (n) => n && log().info(`deleted the saved traces of ${n} no-folder window(s) unused for 30 days`),
        (e) => log().warn(`deleting saved traces of old no-folder windows: ${(e as Error).message}`),
      );
    }
    const table = this.table();
    for (const { key } of pending) {
      for (const runId of runIdsOf(table[key] ?? { title: '', runs: [] })) {
        if (this.runs.registry.get(runId)) continue;
        const info = await this.store.loadInfo(runId);
        if ('problem' in info) continue; // reported when the panel is restored
        this.runs.registry.add(recordOf(info));
        if (!info.descriptor.imported && !(await this.staleness(info))) this.runs.lastRuns.record(info.descriptor.model, runId, info.facts);
      }
    }
    if (pending.length) log().info(`${pending.length} timeline panel(s) of the last session wait in background tabs; their runs are known`);
  }

  // ---- saving ----

  /** Save the runs a panel now shows (in the background; the log says when one cannot be). */
  save(records: ModelRunRecord[]): void {
    const store = this.store;
    if (!store) return;
    for (const r of records) {
      if (!r.trace) continue;
      const t0 = Date.now();
      void store.save(infoOf(r), r.trace).then((out) => {
        if (out.evicted.length) {
          log().warn(`saved traces over ${SAVED_RUNS_CAP_BYTES / 1048576} MB: evicted ${out.evicted.map((id) => `#${id}`).join(', ')} (their panels will rerun the model if restored)`);
        }
        if (out.saved) log().info(`run #${r.runId}: saved its trace for restoring the panel (${(out.bytes / 1048576).toFixed(1)} MB, ${Date.now() - t0} ms)`);
        else log().warn(`run #${r.runId}: trace not saved, ${out.reason}; after a reload its panel will rerun the model`);
      }, (e) => log().warn(`run #${r.runId}: could not save its trace (${(e as Error).message}); after a reload its panel will rerun the model`));
    }
  }

  // ---- view state ----

  /** Keep a panel's view state under its first run id (the caller validated it and checked the id is the panel's). */
  async saveView(key: number, state: PanelViewState): Promise<void> {
    // After startup, as load() is: its prune must not run between a view state and the runs it belongs to.
    await this.ready;
    if (!this.store) return;
    try {
      await this.store.saveView(key, state);
    } catch (e) {
      log().warn(`run #${key}: could not keep its panel's view state (${(e as Error).message})`);
    }
  }

  /** The view state kept for the panel whose first run is `key`. */
  async loadView(key: number): Promise<PanelViewState | undefined> {
    // After startup, as load() is: a command that brings a background tab back can arrive while the
    // window's startup is still under way, and a view state read then came back empty (seen in the e2e
    // test on a fast machine: the restored panel lost its zoom).
    await this.ready;
    return this.store?.loadView(key).catch(() => undefined);
  }

  // ---- restoring ----

  /** Why a saved run no longer matches its model file; undefined when it does (or for a capture). */
  async staleness(info: Pick<SavedRunInfo, 'descriptor' | 'modelHash'>): Promise<string | undefined> {
    if (info.descriptor.imported || !info.modelHash) return undefined;
    const uri = vscode.Uri.parse(info.descriptor.model, true);
    let text: string;
    try {
      text = await readModelText(uri, this.builtins);
    } catch {
      return `${baseName(uri)}.smp.yaml is gone`;
    }
    return modelHash(text) === info.modelHash ? undefined : `${baseName(uri)}.smp.yaml changed since this run`;
  }

  /** Run one descriptor again as its file is now. */
  private rerunOne(d: RunDescriptor, label?: string): Promise<ModelRunRecord | undefined> {
    return d.imported ? this.runs.openTrace(vscode.Uri.parse(d.model, true)) : this.runs.execute(d, label);
  }

  /** The runs of an entry: saved traces where there are, else rerun. Undefined when a rerun failed (reported). */
  async load(entry: PanelRestore): Promise<PanelRuns | undefined> {
    await this.ready;
    const ids = runIdsOf(entry);
    const records: ModelRunRecord[] = [];
    let stale: string | undefined;
    for (let i = 0; i < entry.runs.length; i++) {
      const got = this.store && ids[i] !== undefined
        ? await this.store.load(ids[i])
        : { ok: false as const, reason: this.store ? 'no saved trace (panel from an older version)' : 'no storage to save traces in' };
      if (got.ok) {
        const record = this.runs.registry.keepTrace(got.info.runId, got.trace) ?? recordOf(got.info, got.trace);
        if (!this.runs.registry.get(record.runId)) this.runs.registry.add(record);
        stale ??= await this.staleness(got.info);
        log().info(`run #${record.runId} (${record.title}): restored from its saved trace`);
        records.push(record);
        continue;
      }
      const title = got.info?.title ?? entry.title;
      log().warn(`${title}: re-ran the model: ${got.reason}`);
      vscode.window.setStatusBarMessage(`SMP Stack Lab: ${title}: re-ran the model (${got.reason})`, 10_000);
      const changed = got.info && (await this.staleness(got.info));
      if (changed) {
        void vscode.window.showWarningMessage(`${title}: the saved trace could not be read (${got.reason}) and ${changed}, so the restored panel shows a new run of the model as it is now.`);
      }
      const rerun = await this.rerunOne(entry.runs[i], got.info?.title);
      if (!rerun) return undefined;
      records.push(rerun);
    }
    return { records, stale, sweep: entry.sweep, title: entry.title };
  }

  /** An entry's runs made again from the files as they are now; a sweep runs every point again. */
  async rerun(entry: PanelRestore): Promise<PanelRuns | undefined> {
    const first = entry.runs[0];
    if (entry.sweep && first && !first.imported && first.sweepPoint !== undefined) return this.rerunSweep(first, entry.title);
    const records: ModelRunRecord[] = [];
    for (const d of entry.runs) {
      const r = await this.rerunOne(d);
      if (!r) return undefined;
      records.push(r);
    }
    const title = records.length === 2 ? `${records[0].title} vs ${records[1].title}` : records[0]?.title ?? entry.title;
    return { records, title };
  }

  private async rerunSweep(d: RunDescriptor, oldTitle: string): Promise<PanelRuns | undefined> {
    const uri = vscode.Uri.parse(d.model, true);
    // the whole sweep on the pool (sweep.ts): facts of every point, traces of the two shown
    const got = await runSweepDesign(this.runs, uri, await readModelText(uri, this.builtins), { ...d, sweepPoint: undefined });
    if (!got) {
      log().warn(`${oldTitle}: the sweep was not run again`);
      return undefined;
    }
    return { records: got.shown, sweep: got.shown.length >= 2 ? got.curve : undefined, title: got.title };
  }
}
