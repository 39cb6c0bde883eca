// The timeline panels: one per run (or one reused, by setting), each loading
// the webview bundle under a strict CSP and receiving its run as a WireTrace.
// The only thing a webview can ask for is "open source id N of run R"; the
// host checks that this panel shows run R and resolves N against that run's
// own model files. Panels come back after a reload with the same trace
// (restoredRuns.ts: each panel's runs are saved; the webview keeps its first
// run id with setState). A panel VS Code has not revived yet (a background
// tab) is still known: Show Lock Contention / Flame Graph and "Show in
// timeline" replace its tab with a live panel of the same runs at once.
// Such a replacement is a new webview, whose getState() is empty, and VS
// Code offers no way to read the state of a tab it has not revived; so the
// webview also reports its view state (zoom, rows, view) to the host, which
// validates it, keeps it beside the saved traces under the panel's first run
// id, and sends it with the runs whenever it restores a panel.
import { compareStatsOf } from './runFacts';
import * as vscode from 'vscode';
import type { PanelViewState } from '../core/views';
import { parseWebviewMessage, type WebviewToHost, type HostToWebview, type RunPayload, type SweepPoint, type ViewName } from '../core/protocol';
import { toWire } from '../trace/codec';
import { VIEW_TYPE } from './ids';
import { log } from './log';
import { panelHtml } from './panelHtml';
import { newPanelColumn, panelIdentity } from './panelPlacement';
import { announceSaved } from './savedFile';
import { writeUriAtomically } from './uriWrite';
import { RestoredRuns, type OpenTab, type PanelRuns } from './restoredRuns';
import { isOurWebviewTab, runIdsOf, tabLabel, type LivePanelRef, type PanelRestore } from './restoreTable';
import type { ModelRunRecord, RunService } from './runService';
import { reusePanel } from './settings';
import { LogLimit } from './logLimit';

/** After a panel closes or a tab is closed, wait this long before deleting saved traces: a window that is closing never gets there. */
const PRUNE_DELAY_MS = 1500;
/** A webview reports its view state at most every 250 ms while the user zooms; the host writes it this long after the last. */
const VIEW_STATE_WRITE_DELAY_MS = 400;

class RunPanel {
  runIds: number[] = [];
  /** The sweep the panel shows (its first point is runIds[0]): what a click on a point may open. */
  sweep?: SweepPoint[];
  /** The model, variant and sweep point it shows (panelPlacement.ts): a rerun of the same lands here. */
  identity?: string;
  /** While a panel of the last session is being brought back: its restore entry. */
  restoring?: string;
  /** The view state the webview last reported (validated), and its pending write. */
  viewState?: PanelViewState;
  viewWrite?: { timer: ReturnType<typeof setTimeout>; write: () => void };
  private ready = false;
  private pending: HostToWebview[] = [];

  constructor(readonly panel: vscode.WebviewPanel) {}

  post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending.push(message);
  }

  markReady(): void {
    this.ready = true;
    const queued = this.pending;
    this.pending = [];
    for (const m of queued) void this.panel.webview.postMessage(m);
  }
}

export class TimelinePanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Set<RunPanel>();
  private lastActive: RunPanel | undefined;
  private styleUris: vscode.Uri[] | undefined;
  private readonly restored: RestoredRuns;
  private pruneTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tabWatch: vscode.Disposable;
  private disposed = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: RunService,
  ) {
    this.restored = new RestoredRuns(context, runs, openTimelineTabs, () => this.live());
    // A background tab closed before VS Code revived it: its runs are never coming back.
    this.tabWatch = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if (e.closed.length) this.schedulePrune();
    });
  }

  dispose(): void {
    // Panels are left to VS Code: on a window reload they are serialised and come back through
    // deserializeWebviewPanel, which needs their restore entries and saved runs intact.
    this.disposed = true;
    // View states still waiting to be written: write them now (best effort, the host may be going away).
    for (const rp of this.panels) this.flushViewState(rp);
    this.panels.clear();
    this.tabWatch.dispose();
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
  }

  /** The live panels as restoreTable.ts matches them against tabs. */
  private live(): LivePanelRef[] {
    return [...this.panels].map((rp) => ({
      label: rp.panel.title,
      column: rp.panel.viewColumn ?? 0,
      key: rp.restoring ?? (rp.runIds.length ? String(rp.runIds[0]) : undefined),
    }));
  }

  private schedulePrune(): void {
    if (this.disposed) return; // the window is closing: what is open now must come back
    if (this.pruneTimer) clearTimeout(this.pruneTimer);
    this.pruneTimer = setTimeout(() => {
      this.pruneTimer = undefined;
      void this.restored.prune(this.live(), () => [...this.panels].flatMap((p) => p.runIds))
        .catch((e) => log().warn(`deleting saved traces: ${(e as Error).message}`));
    }, PRUNE_DELAY_MS);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.context.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.context.extensionUri, 'media'),
      ],
    };
  }

  /** Stylesheets the webview bundle ships: dist/webview.css (esbuild's CSS output) and media/*.css. */
  private async stylesheets(): Promise<vscode.Uri[]> {
    if (this.styleUris) return this.styleUris;
    const out: vscode.Uri[] = [];
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.css');
    try {
      await vscode.workspace.fs.stat(dist);
      out.push(dist);
    } catch { /* the bundle has no CSS */ }
    try {
      const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
      for (const [name, type] of await vscode.workspace.fs.readDirectory(media)) {
        if (type === vscode.FileType.File && name.endsWith('.css')) out.push(vscode.Uri.joinPath(media, name));
      }
    } catch { /* no media folder */ }
    return (this.styleUris = out);
  }

  private async attach(panel: vscode.WebviewPanel, title: string): Promise<RunPanel> {
    panel.webview.options = this.webviewOptions();
    const webview = panel.webview;
    const styles = await this.stylesheets();
    const rp = new RunPanel(panel);
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js')).toString(),
      styleUris: styles.map((u) => webview.asWebviewUri(u).toString()),
      title,
    });
    this.panels.add(rp);
    this.lastActive = rp;
    webview.onDidReceiveMessage((raw) => this.onMessage(rp, raw), undefined, this.context.subscriptions);
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.lastActive = rp;
    });
    panel.onDidDispose(() => {
      // Written before the prune below runs (one queue): kept if its tab stays to be restored, else deleted.
      this.flushViewState(rp);
      this.panels.delete(rp);
      if (this.lastActive === rp) this.lastActive = undefined;
      // Its entry and saved runs go once its tab is gone too (restoreTable.reconcile): when a window
      // closes, its panels may be disposed while their tabs stay to be restored.
      this.schedulePrune();
    });
    return rp;
  }

  private readonly logLimits = new WeakMap<RunPanel, LogLimit>();

  private onMessage(rp: RunPanel, raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      log().warn('ignored a malformed message from a timeline webview');
      return;
    }
    switch (m.type) {
      case 'ready':
        rp.markReady();
        return;
      case 'openSource':
        void this.openSource(rp, m.runId, m.src);
        return;
      case 'log': {
        // Rate-limited per panel (logLimit.ts): a webview cannot flood the output channel.
        let limit = this.logLimits.get(rp);
        if (!limit) this.logLimits.set(rp, (limit = new LogLimit()));
        const d = limit.admit(Date.now());
        if (d.droppedBefore) log().warn(`webview: ${d.droppedBefore} messages were dropped (at most ${limit.perWindow} per ${limit.windowMs / 1000} s)`);
        if (d.firstDropped) log().warn(`webview: more than ${limit.perWindow} messages in ${limit.windowMs / 1000} s; dropping the rest until the next ${limit.windowMs / 1000} s`);
        if (!d.log) return;
        if (m.level === 'error') log().error(`webview: ${m.message}`);
        else log().info(`webview: ${m.message}`);
        return;
      }
      case 'viewState':
        this.keepViewState(rp, m.runId, m.state);
        return;
      case 'openSweepPoint':
        void this.openSweepPoint(rp, m.runId, m.index);
        return;
      case 'savePicture':
        void this.savePicture(rp, m);
        return;
    }
  }

  /** Save a picture the webview drew of its view (already checked by parseWebviewMessage), for a run this panel shows. */
  private async savePicture(rp: RunPanel, m: Extract<WebviewToHost, { type: 'savePicture' }>): Promise<void> {
    if (!rp.runIds.includes(m.runId)) {
      log().warn(`ignored a picture for run ${m.runId}, which this panel does not show`);
      return;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = rp.panel.title.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'smp-stack-lab';
    const name = `${base}-${m.view}.${m.format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: m.format === 'png' ? { 'PNG image': ['png'] } : { 'SVG image': ['svg'] },
      title: 'Save Picture',
    });
    if (!target) return;
    try {
      await writeUriAtomically(target, m.data);
    } catch (e) {
      void vscode.window.showErrorMessage(`Could not save the picture: ${(e as Error).message}`);
      return;
    }
    log().info(`saved a ${m.format.toUpperCase()} picture of the ${m.view} view of run #${m.runId} to ${target.toString()} (${m.data.byteLength.toLocaleString('en-US')} bytes)`);
    void announceSaved(`Saved the ${m.view} picture to ${vscode.workspace.asRelativePath(target)}.`, target);
  }

  /** Keep what the webview reported, under the panel's first run id: only an id this panel shows is accepted. */
  private keepViewState(rp: RunPanel, runId: number, state: PanelViewState): void {
    if (runId !== rp.runIds[0]) {
      // Late reports of runs the panel showed before (a reused panel) land here too: not an error.
      log().info(`ignored a view state for run ${runId}, which is not the first run this panel shows`);
      return;
    }
    rp.viewState = state;
    if (rp.viewWrite) clearTimeout(rp.viewWrite.timer);
    const write = () => {
      rp.viewWrite = undefined;
      void this.restored.saveView(runId, state);
    };
    rp.viewWrite = { timer: setTimeout(write, VIEW_STATE_WRITE_DELAY_MS), write };
  }

  private flushViewState(rp: RunPanel): void {
    if (!rp.viewWrite) return;
    clearTimeout(rp.viewWrite.timer);
    rp.viewWrite.write();
  }

  /** A point of the sweep this panel shows, run again (deterministic: the same trace) and opened in a timeline. */
  private async openSweepPoint(rp: RunPanel, runId: number, index: number): Promise<void> {
    const first = this.runs.registry.get(runId);
    if (runId !== rp.runIds[0] || !rp.sweep || index >= rp.sweep.length || !first || first.descriptor.sweepPoint === undefined) {
      log().warn(`webview asked for sweep point ${index} of run ${runId}, which this panel does not show; ignored`);
      return;
    }
    const point = rp.sweep[index];
    const title = first.title.replace(/ @ [^@]*$/, '') + ` @ ${point.label}`;
    // the first replication, which is the one a timeline shows
    const record = await this.runs.execute({ ...first.descriptor, sweepPoint: index }, title, undefined, { single: true });
    if (record) await this.show(record);
  }

  private async openSource(rp: RunPanel, runId: number, src: number): Promise<void> {
    if (!rp.runIds.includes(runId)) {
      log().warn(`webview asked for run ${runId}, which this panel does not show; ignored`);
      return;
    }
    const resolved = this.runs.registry.resolve(runId, src);
    if (!resolved) {
      log().warn(`source ${src} of run ${runId} is not in that run's model files; ignored`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(resolved.file);
    const s = resolved.selection;
    const range = doc.validateRange(new vscode.Range(s.line, s.character, s.endLine, s.endCharacter));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
    const panelColumn = rp.panel.viewColumn;
    const column = visible?.viewColumn
      ?? (panelColumn !== undefined && panelColumn > vscode.ViewColumn.One ? panelColumn - 1 : vscode.ViewColumn.Beside);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false, preview: true });
    // Cursor on the step's first line (a block's range can span many lines).
    editor.selection = new vscode.Selection(range.end, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private payload(r: ModelRunRecord): RunPayload | undefined {
    if (!r.trace) return undefined;
    return { runId: r.runId, title: r.title, trace: toWire(r.trace) };
  }

  private reusable(): RunPanel | undefined {
    if (!reusePanel()) return undefined;
    return this.lastActive ?? [...this.panels].pop();
  }

  private async open(title: string, identity?: string): Promise<RunPanel> {
    // the same model and variant again: its own panel, whatever the reuse setting
    const same = identity !== undefined ? [...this.panels].find((p) => p.identity === identity) : undefined;
    const reuse = same ?? this.reusable();
    if (reuse) {
      reuse.panel.title = title;
      reuse.panel.reveal(undefined, true);
      if (reuse.runIds.length) {
        void this.restored.forget(reuse.runIds[0]);
        this.schedulePrune(); // its old runs' saved traces
      }
      return reuse;
    }
    const where = newPanelColumn(this.lastActive?.panel.viewColumn, [...this.panels].map((p) => p.panel.viewColumn ?? 0), vscode.window.activeTextEditor?.viewColumn);
    const viewColumn = where === 'beside' ? vscode.ViewColumn.Beside : where === 'active' ? vscode.ViewColumn.Active : where;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn, preserveFocus: false }, this.webviewOptions());
    return this.attach(panel, title);
  }

  /** Show one run. */
  async show(record: ModelRunRecord, view?: ViewName): Promise<void> {
    const run = this.payload(record);
    if (!run) {
      void vscode.window.showWarningMessage(`The trace of "${record.title}" is no longer kept; run it again.`);
      return;
    }
    const identity = panelIdentity([record.descriptor]);
    const rp = await this.open(record.title, identity);
    rp.runIds = [record.runId];
    rp.sweep = undefined;
    rp.identity = identity;
    rp.viewState = undefined; // a new run: what was kept of the old one's view does not apply
    rp.post({ type: 'load', run, view });
    await this.restored.remember(record.runId, { title: record.title, runs: [record.descriptor], runIds: [record.runId], view });
    this.restored.save([record]);
  }

  /** Two runs side by side; `sweep` adds the scaling curve. */
  async compare(a: ModelRunRecord, b: ModelRunRecord, sweep?: SweepPoint[], title?: string): Promise<void> {
    const pa = this.payload(a);
    const pb = this.payload(b);
    if (!pa || !pb) return;
    const t = title ?? `${a.title} vs ${b.title}`;
    const rp = await this.open(t);
    rp.runIds = [a.runId, b.runId];
    rp.sweep = sweep;
    rp.identity = undefined;
    rp.viewState = undefined;
    const sa = compareStatsOf(a.facts), sb = compareStatsOf(b.facts);
    rp.post({ type: 'compare', a: pa, b: pb, sweep, view: 'compare', ...(sa && sb ? { stats: { a: sa, b: sb } } : {}) });
    await this.restored.remember(a.runId, { title: t, runs: [a.descriptor, b.descriptor], runIds: [a.runId, b.runId], view: 'compare', sweep });
    this.restored.save([a, b]);
  }

  /**
   * Switch the most recently active panel to a view; else bring back a panel
   * of the last session still waiting in a background tab, in that view.
   * False when there is neither.
   */
  showView(view: ViewName): boolean {
    const rp = this.lastActive ?? [...this.panels].pop();
    if (rp) {
      rp.panel.reveal(undefined, false);
      rp.post({ type: 'show', view });
      return true;
    }
    const waiting = this.waitingTab();
    if (!waiting) return false;
    void this.adopt(waiting.key, waiting.tab, view);
    return true;
  }

  /** The newest panel of the last session still in a tab VS Code has not revived (optionally: one showing `runId`). */
  private waitingTab(runId?: number): { key: string; tab: vscode.Tab } | undefined {
    const { pending, tabs } = this.restored.match(this.live());
    const table = this.restored.table();
    const hit = pending.find((p) => runId === undefined || runIdsOf(table[p.key]).includes(runId));
    return hit && { key: hit.key, tab: tabs[hit.tab].tab };
  }

  /**
   * Replace a not-yet-revived tab with a live panel of the same runs: VS Code
   * revives a background webview only when its tab is shown, and offers no way
   * to show a tab, so the panel is opened anew in the tab's group.
   */
  private async adopt(key: string, tab: vscode.Tab, view?: ViewName): Promise<RunPanel | undefined> {
    const entry = this.restored.table()[key];
    if (!entry) return undefined;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, tabLabel(entry), { viewColumn: tab.group.viewColumn, preserveFocus: false }, this.webviewOptions());
    const rp = await this.attach(panel, entry.title);
    rp.runIds = runIdsOf(entry);
    rp.restoring = key;
    try {
      await vscode.window.tabGroups.close(tab, true);
    } catch { /* closed meanwhile */ }
    log().info(`${entry.title}: brought back from its background tab`);
    await this.restoreInto(rp, key, entry, view);
    return rp;
  }

  /** Highlight a lock/counter/function in the panel showing `runId` (reopening it when it was closed). */
  async reveal(runId: number, what: 'lock' | 'counter' | 'function' | 'thread', name: string): Promise<void> {
    let rp = [...this.panels].find((p) => p.runIds.includes(runId));
    const waiting = rp ? undefined : this.waitingTab(runId);
    if (waiting) rp = await this.adopt(waiting.key, waiting.tab, 'timeline');
    if (!rp) {
      const record = this.runs.registry.get(runId);
      if (!record?.trace) {
        void vscode.window.showInformationMessage('That run is no longer kept; run the model again to see it in the timeline.');
        return;
      }
      await this.show(record, 'timeline');
      rp = [...this.panels].find((p) => p.runIds.includes(runId));
    }
    if (!rp) return;
    rp.panel.reveal(undefined, false);
    rp.post({ type: 'show', view: 'timeline' });
    rp.post({ type: 'reveal', what, name });
  }

  // ---- restore after reload ----

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const runId = (state as { runId?: unknown } | undefined)?.runId;
    const key = typeof runId === 'number' ? String(runId) : undefined;
    const entry = key !== undefined ? this.restored.table()[key] : undefined;
    if (!key || !entry || entry.runs.length === 0) {
      log().info('a timeline panel from the last session had nothing to restore; closed it');
      panel.dispose();
      return;
    }
    if ([...this.panels].some((p) => p.restoring === key || String(p.runIds[0]) === key)) {
      log().info(`${entry.title}: already brought back in another tab; closed the revived one`);
      panel.dispose();
      return;
    }
    const rp = await this.attach(panel, entry.title);
    panel.title = tabLabel(entry);
    rp.runIds = runIdsOf(entry);
    rp.restoring = key;
    // No view: the webview's own saved state (view, zoom) applies to the same trace, else the host's copy.
    await this.restoreInto(rp, key, entry, undefined);
  }

  /**
   * Load an entry's runs (saved, else rerun) into a panel, with the view state
   * kept for it; offer a rerun when its model changed since.
   */
  private async restoreInto(rp: RunPanel, key: string, entry: PanelRestore, view: ViewName | undefined): Promise<void> {
    const [got, saved] = await Promise.all([this.restored.load(entry), this.restored.loadView(Number(key))]);
    if (!this.panels.has(rp)) return; // closed while loading
    if (!got) {
      await this.restored.forget(key);
      rp.panel.dispose();
      return;
    }
    if (saved) log().info(`${got.title}: view state kept by the host: ${describeViewState(saved)}`);
    await this.present(rp, got, view, Number(key), saved);
    rp.restoring = undefined;
    if (got.stale) {
      log().warn(`${got.title}: ${got.stale}; the panel shows the run from before the reload`);
      void vscode.window
        .showWarningMessage(`${got.title}: ${got.stale}. The panel shows the run from before the reload.`, 'Re-run')
        .then((choice) => choice && this.rerunPanel(rp));
    }
  }

  /**
   * Show `got` in `rp` (with `saved`, the view state to apply when the webview
   * has none of its own), and make it what comes back after the next reload.
   */
  private async present(rp: RunPanel, got: PanelRuns, view: ViewName | undefined, oldKey?: number, saved?: PanelViewState): Promise<void> {
    const payloads = got.records.map((r) => this.payload(r));
    if (payloads.some((p) => !p)) {
      log().error(`${got.title}: a run lost its trace before it could be shown`);
      return;
    }
    const ids = got.records.map((r) => r.runId);
    const fresh = got.records.filter((r) => !rp.runIds.includes(r.runId)); // made anew (not loaded from disk): save them
    rp.runIds = ids;
    rp.sweep = payloads.length === 1 ? undefined : got.sweep;
    rp.identity = panelIdentity(got.records.map((r) => r.descriptor));
    rp.panel.title = tabLabel({ title: got.title, stale: !!got.stale });
    if (payloads.length === 1) rp.post({ type: 'load', run: payloads[0]!, view, saved });
    else rp.post({ type: 'compare', a: payloads[0]!, b: payloads[1]!, sweep: got.sweep, view, saved });
    if (oldKey !== undefined && oldKey !== ids[0]) {
      await this.restored.forget(oldKey);
      // The view state moves to the new first run (a rerun): the old one's is deleted with its runs.
      if (saved) await this.restored.saveView(ids[0], saved);
    }
    await this.restored.remember(ids[0], {
      title: got.title,
      runs: got.records.map((r) => r.descriptor),
      runIds: ids,
      view: payloads.length === 1 ? view : 'compare',
      sweep: got.sweep,
      stale: got.stale ? true : undefined,
    });
    this.restored.save(fresh);
    this.schedulePrune(); // runs this panel no longer shows
  }

  /** The "Re-run" of a stale panel: its runs made again from the model as it is now, in the same panel. */
  private async rerunPanel(rp: RunPanel): Promise<void> {
    const key = rp.runIds[0];
    const entry = key !== undefined ? this.restored.table()[key] : undefined;
    if (!entry || !this.panels.has(rp)) return;
    const got = await this.restored.rerun(entry);
    if (!got || !this.panels.has(rp)) return;
    this.flushViewState(rp);
    // The view (and, when the trace is the same, the zoom) the user had carries over to the rerun.
    await this.present(rp, got, undefined, key, rp.viewState);
  }
}

/** A short account of a view state for the log. */
function describeViewState(s: PanelViewState): string {
  const t = s.timeline;
  const parts = [`view ${s.view ?? 'timeline'}`];
  if (t?.window) parts.push(`window ${Math.round(t.window.start)}-${Math.round(t.window.end)} ns`);
  if (t?.expanded) parts.push(`${t.expanded.length} expanded row(s)`);
  if (t?.range) parts.push('a range selection');
  return parts.join(', ');
}

/** The open tabs of timeline panels, live or waiting to be revived. */
function openTimelineTabs(): OpenTab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs
    .filter((t) => t.input instanceof vscode.TabInputWebview && isOurWebviewTab(t.input.viewType, VIEW_TYPE))
    .map((tab) => ({ tab, label: tab.label, column: g.viewColumn })));
}
