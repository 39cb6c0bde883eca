// The timeline panels: one per run (or one reused, by setting), each loading
// the webview bundle under a strict CSP and receiving its run as a WireTrace.
// The only thing a webview can ask for is "open source id N of run R"; the
// host checks that this panel shows run R and resolves N against that run's
// own model files. Panels come back after a reload through the serializer:
// the webview keeps its run id with setState, the host keeps how to rerun it
// (runs are deterministic: same model, variant and seed, same trace).
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostToWebview, type RunPayload, type SweepPoint, type ViewName } from '../protocol';
import { toWire } from '../trace/codec';
import { VIEW_TYPE } from './ids';
import { log } from './log';
import { panelHtml } from './panelHtml';
import type { RunDescriptor } from './runRegistry';
import type { ModelRunRecord, RunService } from './runService';
import { reusePanel } from './settings';

/** How to bring a panel back after a reload, keyed by its first run id. */
interface PanelRestore {
  title: string;
  runs: RunDescriptor[];
  view?: ViewName;
  /** A sweep's curve (small: one point per run of the sweep). */
  sweep?: SweepPoint[];
}
const RESTORE_KEY = 'smpStackLab.panels';
const MAX_RESTORE_ENTRIES = 50;

class RunPanel {
  runIds: number[] = [];
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

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly runs: RunService,
  ) {}

  dispose(): void {
    // Panels are left to VS Code: on a window reload they are serialised and come back through
    // deserializeWebviewPanel, which needs their restore entries intact.
    this.panels.clear();
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
      this.panels.delete(rp);
      if (this.lastActive === rp) this.lastActive = undefined;
      // The restore entry stays: a window closing disposes its panels too, and they must come back.
      // Entries are consumed on restore and capped at MAX_RESTORE_ENTRIES.
    });
    return rp;
  }

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
      case 'log':
        if (m.level === 'error') log().error(`webview: ${m.message}`);
        else log().info(`webview: ${m.message}`);
        return;
    }
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

  private async open(title: string): Promise<RunPanel> {
    const reuse = this.reusable();
    if (reuse) {
      reuse.panel.title = title;
      reuse.panel.reveal(undefined, true);
      if (reuse.runIds.length) void this.forgetRestore(reuse.runIds[0]);
      return reuse;
    }
    const active = vscode.window.activeTextEditor?.viewColumn;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: active ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: false }, this.webviewOptions());
    return this.attach(panel, title);
  }

  /** Show one run. */
  async show(record: ModelRunRecord, view?: ViewName): Promise<void> {
    const run = this.payload(record);
    if (!run) {
      void vscode.window.showWarningMessage(`The trace of "${record.title}" is no longer kept; run it again.`);
      return;
    }
    const rp = await this.open(record.title);
    rp.runIds = [record.runId];
    rp.post({ type: 'load', run, view });
    await this.remember(record.runId, { title: record.title, runs: [record.descriptor], view });
  }

  /** Two runs side by side; `sweep` adds the scaling curve. */
  async compare(a: ModelRunRecord, b: ModelRunRecord, sweep?: SweepPoint[], title?: string): Promise<void> {
    const pa = this.payload(a);
    const pb = this.payload(b);
    if (!pa || !pb) return;
    const t = title ?? `${a.title} vs ${b.title}`;
    const rp = await this.open(t);
    rp.runIds = [a.runId, b.runId];
    rp.post({ type: 'compare', a: pa, b: pb, sweep });
    await this.remember(a.runId, { title: t, runs: [a.descriptor, b.descriptor], view: 'compare', sweep });
  }

  /** Switch the most recently active panel to a view; false when no panel is open. */
  showView(view: ViewName): boolean {
    const rp = this.lastActive ?? [...this.panels].pop();
    if (!rp) return false;
    rp.panel.reveal(undefined, false);
    rp.post({ type: 'show', view });
    return true;
  }

  /** Highlight a lock/counter/function in the panel showing `runId` (reopening it when it was closed). */
  async reveal(runId: number, what: 'lock' | 'counter' | 'function' | 'thread', name: string): Promise<void> {
    let rp = [...this.panels].find((p) => p.runIds.includes(runId));
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

  private restoreTable(): Record<string, PanelRestore> {
    return this.context.workspaceState.get<Record<string, PanelRestore>>(RESTORE_KEY, {});
  }

  private async remember(runId: number, r: PanelRestore): Promise<void> {
    const table: Record<string, PanelRestore> = { ...this.restoreTable(), [runId]: r };
    const keys = Object.keys(table).map(Number).sort((x, y) => x - y);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_RESTORE_ENTRIES))) delete table[k];
    await this.context.workspaceState.update(RESTORE_KEY, table);
  }

  private async forgetRestore(runId: number): Promise<void> {
    const table: Record<string, PanelRestore> = { ...this.restoreTable() };
    delete table[runId];
    await this.context.workspaceState.update(RESTORE_KEY, table);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const runId = (state as { runId?: unknown } | undefined)?.runId;
    const restore = typeof runId === 'number' ? this.restoreTable()[runId] : undefined;
    if (!restore || restore.runs.length === 0) {
      log().info('a timeline panel from the last session had nothing to restore; closed it');
      panel.dispose();
      return;
    }
    await this.forgetRestore(runId as number);
    const rp = await this.attach(panel, restore.title);
    panel.title = restore.title;
    const records: ModelRunRecord[] = [];
    for (const d of restore.runs) {
      const r = d.imported ? await this.runs.openTrace(vscode.Uri.parse(d.model, true)) : await this.runs.execute(d);
      if (!r) {
        panel.dispose();
        return;
      }
      records.push(r);
    }
    if (records.length === 1) {
      rp.runIds = [records[0].runId];
      rp.post({ type: 'load', run: this.payload(records[0])!, view: restore.view });
      await this.remember(records[0].runId, { ...restore, runs: [records[0].descriptor] });
    } else {
      rp.runIds = records.map((r) => r.runId);
      rp.post({ type: 'compare', a: this.payload(records[0])!, b: this.payload(records[1])!, sweep: restore.sweep });
      await this.remember(records[0].runId, { ...restore, runs: records.map((r) => r.descriptor) });
    }
  }
}
