// A run is a document. Each timeline tab is a read-only custom editor on a
// file: a run manifest in the extension's storage (runStore.ts), which names
// the run it shows (or the two runs of a compare or sweep), or a trace or
// capture file of the user's opened from the explorer or Open Trace…. VS Code
// knows each tab by its file's URI and brings tabs back after a reload itself
// — background tabs when they are shown — each webview with its own state
// (zoom, rows, view: vscode.getState in the webview). A new run is written to
// storage and opened with `vscode.openWith`; rerunning the same model and
// variant points that run's document at the new run (the same tab), and a
// document no tab shows any more is deleted with its saved traces.
import * as vscode from 'vscode';
import type { LockMapping } from '../core/lockMapping';
import type { HostToWebview, RunPayload, SweepPoint, ViewName } from '../core/protocol';
import { toWire } from '../trace/codec';
import { CAPTURE_VIEW_TYPE, RUN_VIEW_TYPE } from './ids';
import { log } from './log';
import { baseName } from './modelFiles';
import { newPanelColumn, panelIdentity } from './panelPlacement';
import { RunEditor, type EditorHost } from './runEditor';
import { manifestFileName, manifestOf, statsOf, type RunManifest } from './runManifest';
import type { ModelRunRecord, RunService } from './runService';
import { RunStore, type Shown } from './runStore';
import { reusePanel } from './settings';

/** After a tab closes, wait this long before deleting its files: a window that is closing never gets there. */
const PRUNE_DELAY_MS = 1500;

export class RunDocument implements vscode.CustomDocument {
  readonly editors = new Set<RunEditor>();
  /** What it shows, once loaded (undefined when it could not be: reported). */
  shown: Shown | undefined;
  loading: Promise<Shown | undefined> = Promise.resolve(undefined);

  constructor(readonly uri: vscode.Uri, private readonly onDispose: (d: RunDocument) => void) {}

  dispose(): void {
    this.onDispose(this);
  }
}

/** A tab of ours, live or waiting for VS Code to revive it. */
interface OurTab { uri: vscode.Uri; tab: vscode.Tab }

function ourTabs(): OurTab[] {
  const out: OurTab[] = [];
  const groups = [vscode.window.tabGroups.activeTabGroup, ...vscode.window.tabGroups.all.filter((g) => g !== vscode.window.tabGroups.activeTabGroup)];
  for (const g of groups) {
    for (const tab of g.tabs) {
      if (tab.input instanceof vscode.TabInputCustom && (tab.input.viewType === RUN_VIEW_TYPE || tab.input.viewType === CAPTURE_VIEW_TYPE)) out.push({ uri: tab.input.uri, tab });
    }
  }
  return out;
}

function payload(r: ModelRunRecord): RunPayload | undefined {
  if (!r.trace) return undefined;
  const locks = r.facts.replicatedLocks; // with replications (kept in the run's saved facts, so it survives a reload)
  return { runId: r.runId, title: r.title, trace: toWire(r.trace), ...(locks ? { locks } : {}) };
}

/** The message that shows `shown` in a webview (`view`: the view to switch to; else the webview keeps its own). */
function contentMessage(shown: Shown, view?: ViewName): HostToWebview | undefined {
  const [a, b] = shown.records.map(payload);
  if (!a || (shown.records.length > 1 && !b)) return undefined;
  if (!b) return { type: 'load', run: a, view, stale: shown.stale };
  return { type: 'compare', a, b, sweep: shown.sweep, view, stats: shown.stats, stale: shown.stale, ...(shown.lockMapping ? { lockMapping: shown.lockMapping } : {}) };
}

const identityOf = (runs: readonly { descriptor: ModelRunRecord['descriptor'] }[]) => panelIdentity(runs.map((r) => r.descriptor));

export class RunDocuments implements vscode.CustomReadonlyEditorProvider<RunDocument>, EditorHost, vscode.Disposable {
  readonly store: RunStore;
  readonly extensionUri: vscode.Uri;
  private readonly docs = new Map<string, RunDocument>();
  /** Documents just written, until VS Code opens them: what they show, already in memory. */
  private readonly fresh = new Map<string, Shown>();
  /** Messages for the next editor of a document (a view to show, a name to reveal). */
  private readonly queued = new Map<string, HostToWebview[]>();
  /** The manifests of tabs VS Code has not revived yet, read at startup. */
  private readonly waiting = new Map<string, RunManifest>();
  private lastActive: RunEditor | undefined;
  private pruneTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tabWatch: vscode.Disposable;
  private disposed = false;
  /** The window's startup: the manifests of open tabs read, their runs known. */
  readonly ready: Promise<void>;

  constructor(context: vscode.ExtensionContext, readonly runs: RunService) {
    this.extensionUri = context.extensionUri;
    this.store = new RunStore(runs, context);
    // A background tab closed before VS Code revived it: its document is never coming back.
    this.tabWatch = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (e.closed.length) this.schedulePrune();
    });
    // The restore table of versions before runs were documents.
    void context.workspaceState.update('smpStackLab.panels', undefined);
    this.ready = this.startup().catch((e) => log().error(`reading the runs of open tabs: ${(e as Error).message}`));
    // Documents of tabs closed while the window was closing (their deletion never came), after the tabs are read.
    void this.ready.then(() => this.prune()).catch((e) => log().warn(`deleting saved runs: ${(e as Error).message}`));
  }

  dispose(): void {
    // Documents are left to VS Code: after a reload it opens them again, and their files must be there.
    this.disposed = true;
    this.tabWatch.dispose();
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
  }

  private async startup(): Promise<void> {
    this.store.describe();
    for (const t of ourTabs().filter((t) => this.store.owns(t.uri))) {
      const m = await this.store.readManifest(t.uri);
      if (typeof m === 'object' && !('problem' in m)) this.waiting.set(t.uri.toString(), m);
    }
    await this.store.know([...this.waiting.values()]);
    if (this.waiting.size) log().info(`${this.waiting.size} timeline tab(s) of the last session; their runs are known before their tabs are shown`);
  }

  // ---- the custom editor ----

  openCustomDocument(uri: vscode.Uri): RunDocument {
    const doc = new RunDocument(uri, (d) => this.closed(d));
    this.docs.set(uri.toString(), doc);
    doc.loading = this.load(doc).then((s) => (doc.shown = s), (e) => {
      log().error(`${baseName(uri)}: ${(e as Error).message}`);
      return undefined;
    });
    return doc;
  }

  async resolveCustomEditor(doc: RunDocument, panel: vscode.WebviewPanel): Promise<void> {
    const ed = new RunEditor(panel, this);
    doc.editors.add(ed);
    this.lastActive = ed;
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.lastActive = ed;
    });
    panel.onDidDispose(() => {
      doc.editors.delete(ed);
      if (this.lastActive === ed) this.lastActive = undefined;
    });
    await ed.attach(doc.shown?.title ?? baseName(doc.uri));
    const shown = await doc.loading;
    const key = doc.uri.toString();
    const then = this.queued.get(key) ?? [];
    this.queued.delete(key);
    const message = shown && contentMessage(shown);
    if (!shown || !message) {
      if (shown) log().error(`${shown.title}: a run lost its trace before it could be shown`);
      ed.post({ type: 'problem', message: `${doc.uri.path.split('/').pop()} could not be shown (the notification and the SMP Stack Lab output say why).` });
      return;
    }
    ed.shown = shown;
    ed.post(message);
    for (const m of then) ed.post(m);
  }

  private closed(doc: RunDocument): void {
    if (this.docs.get(doc.uri.toString()) === doc) this.docs.delete(doc.uri.toString());
    this.schedulePrune();
  }

  /** What a document shows: just made (in memory), a manifest's runs, or a trace or capture read by the importers. */
  private async load(doc: RunDocument): Promise<Shown | undefined> {
    const key = doc.uri.toString();
    const fresh = this.fresh.get(key);
    if (fresh) {
      this.fresh.delete(key);
      return fresh;
    }
    await this.ready;
    const m = this.waiting.get(key) ?? (await this.store.readManifest(doc.uri));
    this.waiting.delete(key);
    if (m === 'trace') {
      const record = await this.runs.openTrace(doc.uri);
      return record && { title: record.title, records: [record] };
    }
    const cannotOpen = (problem: string): undefined => {
      log().error(`cannot open ${baseName(doc.uri)}: ${problem}`);
      void vscode.window.showErrorMessage(`SMP Stack Lab: cannot open ${doc.uri.path.split('/').pop()}: ${problem}`);
      return undefined;
    };
    if ('problem' in m) return cannotOpen(m.problem);
    // A manifest names model files and captures to read and runs to make again: honoured only from our own storage
    // (tabs the extension made), never from a file that came from elsewhere. A run the user saves is a binary trace.
    if (!this.store.owns(doc.uri)) return cannotOpen('a run manifest opens only from SMP Stack Lab\'s own storage (save a run with Export Trace… as .smptrace to keep or share it)');
    const shown = await this.store.load(m);
    if (!shown) return undefined;
    if (shown.remade) {
      // Some runs were made again: the document names them from now on. It shows them before their traces are
      // saved, so a prune running meanwhile keeps those traces (it asks the open documents when it deletes).
      doc.shown = shown;
      await this.store.write(doc.uri, { ...shown, remade: undefined }, shown.remade);
      this.schedulePrune();
    }
    if (shown.stale) {
      log().warn(`${shown.title}: ${shown.stale}; the tab shows the run from before the reload`);
      void vscode.window
        .showWarningMessage(`${shown.title}: ${shown.stale}. The panel shows the run from before the reload.`, 'Re-run')
        .then((choice) => choice && this.rerun(doc));
    }
    return shown;
  }

  /** The "Re-run" of a document whose model changed: its runs made again from the model as it is now, in the same tab. */
  private async rerun(doc: RunDocument): Promise<void> {
    if (!doc.shown) return;
    const got = await this.store.rerun(manifestOf(doc.shown));
    if (!got) return;
    await this.repoint(doc.uri, got);
  }

  // ---- what the commands call ----

  /** Show one run in a tab (`view`: the view to show in it). */
  async show(record: ModelRunRecord, view?: ViewName, then: HostToWebview[] = []): Promise<void> {
    if (!record.trace) {
      void vscode.window.showWarningMessage(`The trace of "${record.title}" is no longer kept; run it again.`);
      return;
    }
    await this.present({ title: record.title, records: [record] }, view, identityOf([record]), then);
  }

  /** Two runs side by side; `sweep` adds the scaling curve. */
  async compare(a: ModelRunRecord, b: ModelRunRecord, sweep?: SweepPoint[], title?: string, lockMapping?: LockMapping): Promise<void> {
    const lost = [a, b].filter((r) => !r.trace).map((r) => `"${r.title}"`);
    if (lost.length) {
      // never silence: a comparison that cannot show says which run is missing
      log().warn(`cannot compare: the trace of ${lost.join(' and ')} is no longer kept`);
      void vscode.window.showWarningMessage(`SMP Stack Lab: cannot compare: the trace of ${lost.join(' and ')} is no longer kept; run it again.`);
      return;
    }
    await this.present({ title: title ?? `${a.title} vs ${b.title}`, records: [a, b], sweep, stats: statsOf([a, b]), lockMapping }, 'compare', undefined, []);
  }

  /** A compare's edited lock matching, kept in its document (so it comes back with the tab). */
  async keepLockMapping(shown: Shown, mapping: LockMapping): Promise<void> {
    shown.lockMapping = mapping;
    const doc = [...this.docs.values()].find((d) => d.shown === shown);
    if (doc && this.store.owns(doc.uri)) await this.store.write(doc.uri, shown, []);
  }

  /**
   * Switch the most recently active tab to a view; else bring a tab still
   * waiting in the background to the front, in that view. False when there is neither.
   */
  showView(view: ViewName): boolean {
    const ed = this.lastActive ?? this.liveEditors().pop();
    if (ed) {
      ed.panel.reveal(ed.panel.viewColumn, false);
      ed.post({ type: 'show', view });
      return true;
    }
    const tab = ourTabs()[0];
    if (!tab) return false;
    void this.bringBack(tab, [{ type: 'show', view }]);
    return true;
  }

  /** Highlight a lock/counter/function in the tab showing `runId` (reopening it when it was closed). */
  async reveal(runId: number, what: 'lock' | 'counter' | 'function' | 'thread', name: string): Promise<void> {
    const then: HostToWebview[] = [{ type: 'show', view: 'timeline' }, { type: 'reveal', what, name }];
    const ed = this.liveEditors().find((e) => e.shown?.records.some((r) => r.runId === runId));
    if (ed) {
      ed.panel.reveal(ed.panel.viewColumn, false);
      for (const m of then) ed.post(m);
      return;
    }
    const tab = ourTabs().find((t) => this.waiting.get(t.uri.toString())?.runs.some((r) => r.runId === runId));
    if (tab) {
      await this.bringBack(tab, then);
      return;
    }
    const record = this.runs.registry.get(runId);
    if (!record?.trace) {
      void vscode.window.showInformationMessage('That run is no longer kept; run the model again to see it in the timeline.');
      return;
    }
    await this.show(record, 'timeline', then.slice(1));
  }

  /** A point of a sweep, made again (deterministic: the same trace) and opened in a tab of its own. */
  async openSweepPoint(shown: Shown, index: number): Promise<void> {
    const first = shown.records[0];
    const point = shown.sweep![index];
    const title = first.title.replace(/ @ [^@]*$/, '') + ` @ ${point.label}`;
    // the first replication, which is the one a timeline shows
    const record = await this.runs.execute({ ...first.descriptor, sweepPoint: index }, title, undefined, { single: true });
    if (record) await this.show(record);
  }

  // ---- placing ----

  private liveEditors(): RunEditor[] {
    return [...this.docs.values()].flatMap((d) => [...d.editors]);
  }

  /** A waiting tab to the front (VS Code revives it), with messages for its editor once it is up. */
  private async bringBack(tab: OurTab, then: HostToWebview[]): Promise<void> {
    this.queue(tab.uri, then);
    await vscode.commands.executeCommand('vscode.openWith', tab.uri, (tab.tab.input as vscode.TabInputCustom).viewType,
      { viewColumn: tab.tab.group.viewColumn, preserveFocus: false, preview: false });
  }

  private queue(uri: vscode.Uri, messages: HostToWebview[]): void {
    if (!messages.length) return;
    const key = uri.toString();
    this.queued.set(key, [...(this.queued.get(key) ?? []), ...messages]);
  }

  /**
   * Show `shown`: the same model and variant again goes into the tab of its
   * earlier run (whatever the reuse setting), else into the last active tab
   * when tabs are reused, else into a new document in the group of the
   * extension's other tabs.
   */
  private async present(shown: Shown, view: ViewName | undefined, identity: string | undefined, then: HostToWebview[]): Promise<void> {
    const same = identity === undefined ? undefined
      : [...this.docs.values()].find((d) => d.shown && identityOf(d.shown.records) === identity)?.uri
        ?? ourTabs().find((t) => { const m = this.waiting.get(t.uri.toString()); return m && identityOf(m.runs) === identity; })?.uri;
    const reused = !same && reusePanel() ? this.lastActive : undefined;
    const into = same ?? [...this.docs.values()].find((d) => reused && d.editors.has(reused))?.uri;
    const messages = [...(view ? [{ type: 'show' as const, view }] : []), ...then];
    if (into && this.store.owns(into) && into.path.endsWith(`/${manifestFileName(shown.title)}`)) {
      await this.repoint(into, shown, messages);
      return;
    }
    const uri = await this.store.create(shown);
    if (!uri) {
      void vscode.window.showErrorMessage('SMP Stack Lab: the extension has no storage to keep the run in, so it cannot open it.');
      return;
    }
    this.fresh.set(uri.toString(), shown);
    this.queue(uri, messages);
    const live = this.liveEditors();
    const where = newPanelColumn(this.lastActive?.panel.viewColumn, live.map((e) => e.panel.viewColumn ?? 0), vscode.window.activeTextEditor?.viewColumn);
    const viewColumn = where === 'beside' ? vscode.ViewColumn.Beside : where === 'active' ? vscode.ViewColumn.Active : where;
    await vscode.commands.executeCommand('vscode.openWith', uri, RUN_VIEW_TYPE, { viewColumn, preserveFocus: false, preview: false });
    if (into) {
      // The reused tab had another title: the new run took its place.
      const old = ourTabs().filter((t) => t.uri.toString() === into.toString()).map((t) => t.tab);
      await vscode.window.tabGroups.close(old, true).then(undefined, () => undefined);
    }
  }

  /** Point the document at `uri` at what it shows now (a rerun), in every tab showing it. */
  private async repoint(uri: vscode.Uri, shown: Shown, messages: HostToWebview[] = []): Promise<void> {
    await this.store.write(uri, shown);
    const doc = this.docs.get(uri.toString());
    this.waiting.delete(uri.toString());
    this.schedulePrune(); // the runs it showed before
    if (!doc) {
      // A tab not revived yet: it opens onto the new runs.
      this.fresh.set(uri.toString(), shown);
      const tab = ourTabs().find((t) => t.uri.toString() === uri.toString());
      if (tab) await this.bringBack(tab, messages);
      return;
    }
    doc.shown = shown;
    doc.loading = Promise.resolve(shown);
    const message = contentMessage(shown);
    if (!message) {
      log().error(`${shown.title}: a run lost its trace before it could be shown`);
      void vscode.window.showErrorMessage(`SMP Stack Lab: ${shown.title} could not be shown: its trace is no longer kept; run it again.`);
      return;
    }
    const editors = [...doc.editors];
    for (const ed of editors) {
      ed.shown = shown;
      ed.post(message);
      for (const m of messages) ed.post(m);
    }
    // In its own group: a reveal without one would open a second editor of the document in the active group.
    const front = editors.find((e) => e === this.lastActive) ?? editors[0];
    front?.panel.reveal(front.panel.viewColumn, true);
  }

  // ---- files no tab shows ----

  private schedulePrune(): void {
    if (this.disposed) return; // the window is closing: what is open now must come back
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = undefined;
      void this.prune().catch((e) => log().warn(`deleting saved runs: ${(e as Error).message}`));
    }, PRUNE_DELAY_MS);
  }

  private async prune(): Promise<void> {
    if (this.disposed) return;
    const open = new Set([...ourTabs().map((t) => t.uri.toString()), ...this.docs.keys(), ...this.fresh.keys()]);
    // the runs open tabs show, asked for again when the traces are deleted (a rerun may finish meanwhile)
    const live = () => [
      ...[...this.docs.values()].flatMap((d) => d.shown?.records.map((r) => r.runId) ?? []),
      ...[...this.fresh.values()].flatMap((s) => s.records.map((r) => r.runId)),
    ];
    const gone = await this.store.prune(open, live);
    if (gone) log().info(`deleted ${gone} document(s) of closed timeline tabs`);
  }
}
