// The runs behind the timeline tabs, on disk. Each tab is a document: a run
// manifest (runManifest.ts) in `documents/<id>/<title>.smptrace` of the
// extension's storage, naming the runs it shows, whose traces and
// descriptions are saved in `saved-runs/` (savedRuns.ts). Loading a manifest
// loads its saved traces, so a tab shows the very trace it showed before a
// reload; a trace that is missing, evicted or unreadable is made again from
// the model (the log says why), and a model that changed since is reported so
// the caller can offer a rerun. Files no open tab names are deleted. The
// storage is the workspace's, or in a window with no folder open, a folder of
// this window's own in the global storage (storageFolder.ts).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../atomicWrite';
import type { SweepPoint } from '../core/protocol';
import type { Trace } from '../trace/schema';
import { BuiltinScenarios } from './builtinScenarios';
import { log } from './log';
import { baseName, readModelText } from './modelFiles';
import { encodeManifest, looksLikeManifest, manifestFileName, manifestOf, manifestRunIds, parseManifest, statsOf, type RunManifest } from './runManifest';
import type { RunDescriptor } from './runRegistry';
import type { ModelRunRecord, RunService } from './runService';
import { modelHash, SavedRuns, type SavedRunInfo } from './savedRuns';
import { savedRunsStorage, type SavedRunsStorage } from './storageFolder';
import { runSweepDesign } from './sweep';
import { writeUriAtomically } from './uriWrite';

/** All saved traces together; beyond it the oldest are evicted (their tabs rerun the model when reopened). */
const SAVED_RUNS_CAP_BYTES = 256 * 1024 * 1024;
/** A manifest names two runs and a sweep's curve: far below this. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** What a tab shows: its runs with their traces, and what the manifest says beside them. */
export interface Shown {
  title: string;
  records: ModelRunRecord[];
  sweep?: SweepPoint[];
  stats?: RunManifest['stats'];
  lockMapping?: RunManifest['lockMapping'];
  /** Why what is shown is not the model as it is now (it changed, or is gone); undefined when current. */
  stale?: string;
  /** Runs made anew (their saved traces were lost): the manifest must name them, and their traces be saved. */
  remade?: ModelRunRecord[];
}

function infoOf(r: ModelRunRecord): SavedRunInfo {
  return {
    runId: r.runId,
    title: r.title,
    descriptor: r.descriptor,
    request: r.request,
    files: [...r.files].map(([name, uri]) => [name, uri.toString()]),
    sources: r.sources as SavedRunInfo['sources'],
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

export class RunStore {
  private readonly saved: SavedRuns | undefined;
  private readonly storage: SavedRunsStorage | undefined;
  private readonly builtins: BuiltinScenarios;

  constructor(private readonly runs: RunService, context: vscode.ExtensionContext) {
    this.storage = savedRunsStorage(context);
    this.saved = this.storage ? new SavedRuns(this.storage.folder, SAVED_RUNS_CAP_BYTES) : undefined;
    this.builtins = new BuiltinScenarios(context.extensionUri);
  }

  /** A manifest in our storage (a tab the extension made), not a file of the user's. */
  owns(uri: vscode.Uri): boolean {
    const root = this.storage?.documents;
    return !!root && uri.scheme === root.scheme && uri.authority === root.authority && uri.path.startsWith(root.path + '/');
  }

  /** Once per window: which storage, and the folders of no-folder windows long gone deleted. */
  describe(): void {
    if (!this.storage) {
      log().warn('no extension storage: runs cannot be kept, so they cannot open in a timeline tab');
      return;
    }
    log().info(this.storage.kind === 'workspace'
      ? `saved runs: workspace storage (${this.storage.uri.fsPath})`
      : `saved runs: global storage, as no folder is open (${this.storage.uri.fsPath})`);
    if (this.storage.kind === 'global') {
      void this.storage.sweep().then(
        (n) => n && log().info(`deleted the saved runs of ${n} no-folder window(s) unused for 30 days`),
        (e) => log().warn(`deleting saved runs of old no-folder windows: ${(e as Error).message}`),
      );
    }
  }

  // ---- writing ----

  /** A new document for `shown`: its traces saved (in the background), its manifest written. Undefined without storage. */
  async create(shown: Shown): Promise<vscode.Uri | undefined> {
    const root = this.storage?.documents;
    if (!root) return undefined;
    const uri = vscode.Uri.joinPath(root, String(shown.records[0].runId), manifestFileName(shown.title));
    await this.write(uri, shown);
    return uri;
  }

  /**
   * Point a document at what it shows now (a rerun). On disk through node:fs:
   * vscode.workspace.fs renames over a file by deleting it first, and VS Code
   * closes the editors of a file deleted from within it — the tab itself.
   */
  async write(uri: vscode.Uri, shown: Shown, traces: readonly ModelRunRecord[] = shown.records): Promise<void> {
    this.saveTraces(traces);
    const bytes = encodeManifest(manifestOf(shown));
    if (uri.scheme === 'file') {
      await mkdir(dirname(uri.fsPath), { recursive: true });
      await writeFileAtomic(uri.fsPath, bytes);
      return;
    }
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await writeUriAtomically(uri, bytes);
  }

  /** Save runs' traces (in the background, one after another; the log says when one cannot be). */
  private saveTraces(records: readonly ModelRunRecord[]): void {
    const store = this.saved;
    if (!store) return;
    for (const r of records) {
      if (!r.trace) continue;
      const t0 = Date.now();
      void store.save(infoOf(r), r.trace).then((out) => {
        if (out.evicted.length) {
          log().warn(`saved traces over ${SAVED_RUNS_CAP_BYTES / 1048576} MB: evicted ${out.evicted.map((id) => `#${id}`).join(', ')} (their tabs will rerun the model if reopened)`);
        }
        if (out.saved) log().info(`run #${r.runId}: saved its trace for restoring the panel (${(out.bytes / 1048576).toFixed(1)} MB, ${Date.now() - t0} ms)`);
        else log().warn(`run #${r.runId}: trace not saved, ${out.reason}; after a reload its tab will rerun the model`);
      }, (e) => log().warn(`run #${r.runId}: could not save its trace (${(e as Error).message}); after a reload its tab will rerun the model`));
    }
  }

  // ---- reading ----

  /**
   * The manifest at `uri`, 'trace' when the file is a trace or capture
   * instead, or why it cannot be read. A big file of the user's is a trace
   * (manifests are small): it is not read here, the importers read it.
   */
  async readManifest(uri: vscode.Uri): Promise<RunManifest | 'trace' | { problem: string }> {
    let bytes: Uint8Array;
    try {
      if (!this.owns(uri) && (await vscode.workspace.fs.stat(uri)).size > MAX_MANIFEST_BYTES) return 'trace';
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (e) {
      return { problem: `cannot read ${baseName(uri)} (${(e as Error).message})` };
    }
    return looksLikeManifest(bytes) ? parseManifest(bytes) : 'trace';
  }

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

  /** Make one run again as its file is now. */
  private rerunOne(d: RunDescriptor, title?: string): Promise<ModelRunRecord | undefined> {
    return d.imported ? this.runs.openTrace(vscode.Uri.parse(d.model, true)) : this.runs.execute(d, title);
  }

  /** A manifest's runs: saved traces where there are, else made again. Undefined when a rerun failed (reported). */
  async load(m: RunManifest): Promise<Shown | undefined> {
    const records: ModelRunRecord[] = [];
    let stale: string | undefined;
    const remade: ModelRunRecord[] = [];
    for (const run of m.runs) {
      const got = this.saved ? await this.saved.load(run.runId) : { ok: false as const, reason: 'no storage to save traces in' };
      if (got.ok) {
        const record = this.runs.registry.keepTrace(got.info.runId, got.trace) ?? recordOf(got.info, got.trace);
        if (!this.runs.registry.get(record.runId)) this.runs.registry.add(record);
        stale ??= await this.staleness(got.info);
        log().info(`run #${record.runId} (${record.title}): restored from its saved trace`);
        records.push(record);
        continue;
      }
      const title = got.info?.title ?? run.title;
      log().warn(`${title}: re-ran the model: ${got.reason}`);
      vscode.window.setStatusBarMessage(`SMP Stack Lab: ${title}: re-ran the model (${got.reason})`, 10_000);
      const changed = got.info && (await this.staleness(got.info));
      if (changed) {
        void vscode.window.showWarningMessage(`${title}: the saved trace could not be read (${got.reason}) and ${changed}, so the tab shows a new run of the model as it is now.`);
      }
      const rerun = await this.rerunOne(run.descriptor, title);
      if (!rerun) return undefined;
      records.push(rerun);
      remade.push(rerun);
    }
    return { title: m.title, records, sweep: m.sweep, stats: m.stats ?? statsOf(records), lockMapping: m.lockMapping, stale, remade: remade.length ? remade : undefined };
  }

  /** A manifest's runs made again from the files as they are now; a sweep runs every point again. */
  async rerun(m: RunManifest): Promise<Shown | undefined> {
    const first = m.runs[0].descriptor;
    if (m.sweep && !first.imported && first.sweepPoint !== undefined) {
      const uri = vscode.Uri.parse(first.model, true);
      // the whole sweep on the pool (sweep.ts): facts of every point, traces of the two shown
      const got = await runSweepDesign(this.runs, uri, await readModelText(uri, this.builtins), { ...first, sweepPoint: undefined });
      if (!got) {
        log().warn(`${m.title}: the sweep was not run again`);
        return undefined;
      }
      return { title: got.title, records: got.shown, sweep: got.shown.length >= 2 ? got.curve : undefined, stats: statsOf(got.shown) };
    }
    const records: ModelRunRecord[] = [];
    for (const r of m.runs) {
      const again = await this.rerunOne(r.descriptor, r.title);
      if (!again) return undefined;
      records.push(again);
    }
    return { title: m.title, records, stats: statsOf(records), lockMapping: m.lockMapping };
  }

  /**
   * After a reload, the runs of tabs VS Code has not revived yet (background
   * tabs) are known at once, from their descriptions (small): hovers show
   * their numbers and "Show in timeline" finds them.
   */
  async know(manifests: readonly RunManifest[]): Promise<void> {
    if (!this.saved) return;
    for (const m of manifests) {
      for (const run of m.runs) {
        if (this.runs.registry.get(run.runId)) continue;
        const info = await this.saved.loadInfo(run.runId);
        if ('problem' in info) continue; // reported when the tab is shown
        this.runs.registry.add(recordOf(info));
        if (!info.descriptor.imported && !(await this.staleness(info))) this.runs.lastRuns.record(info.descriptor.model, run.runId, info.facts);
      }
    }
  }

  // ---- deleting ----

  /**
   * Delete the documents no open tab shows (`open`: URI strings, with those
   * being opened) and the saved runs no remaining document names (nor
   * `liveRunIds()`, the runs open tabs show). The live runs are asked for
   * when the saved traces are deleted, not when pruning starts: a tab's rerun
   * that finishes meanwhile (after a reload found its trace gone) saves its
   * new trace, which must stay. Returns how many documents went.
   */
  async prune(open: ReadonlySet<string>, liveRunIds: () => readonly number[]): Promise<number> {
    const root = this.storage?.documents;
    if (!root || !this.saved) return 0;
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(root);
    } catch { /* no documents yet */ }
    const keep = new Set<number>();
    let gone = 0;
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      const dir = vscode.Uri.joinPath(root, name);
      let files: [string, vscode.FileType][] = [];
      try {
        files = await vscode.workspace.fs.readDirectory(dir);
      } catch { continue; }
      const docs = files.filter(([f, t]) => t === vscode.FileType.File && f.endsWith('.smptrace')).map(([f]) => vscode.Uri.joinPath(dir, f));
      const shown = docs.filter((u) => open.has(u.toString()));
      if (!shown.length) {
        await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false }).then(undefined, () => undefined);
        gone++;
        continue;
      }
      for (const u of shown) {
        const m = await this.readManifest(u);
        if (typeof m === 'object' && !('problem' in m)) for (const id of manifestRunIds(m)) keep.add(id);
      }
    }
    const deleted = await this.saved.retainOnly(() => new Set([...keep, ...liveRunIds()]));
    if (deleted.length) log().info(`deleted the saved traces of runs no open tab shows: ${deleted.map((id) => `#${id}`).join(', ')}`);
    return gone;
  }
}
