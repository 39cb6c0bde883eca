// One timeline tab's webview: the bundle under a strict CSP (panelHtml.ts),
// messages queued until the webview says it is ready, and what a webview may
// ask for. Only ids the host issued cross: "open source id N of run R",
// "open sweep point I of run R", "save this picture of run R", "compare R
// matches these locks"; each is
// checked against the runs this tab shows before anything happens.
import * as vscode from 'vscode';
import type { LockMapping } from '../core/lockMapping';
import { parseWebviewMessage, type HostToWebview, type WebviewToHost } from '../core/protocol';
import { log } from './log';
import { LogLimit } from './logLimit';
import { panelHtml } from './panelHtml';
import type { RunService } from './runService';
import type { Shown } from './runStore';
import { announceSaved } from './savedFile';
import { writeUriAtomically } from './uriWrite';

/** The webview options of every timeline tab: scripts, no command links, only the bundle's own folders. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

let styleUris: Promise<vscode.Uri[]> | undefined;

/** Stylesheets the webview bundle ships: dist/webview.css (esbuild's CSS output) and media/*.css (looked up once). */
function stylesheets(extensionUri: vscode.Uri): Promise<vscode.Uri[]> {
  return (styleUris ??= (async () => {
    const out: vscode.Uri[] = [];
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css');
    if (await vscode.workspace.fs.stat(dist).then(() => true, () => false)) out.push(dist);
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(media)).catch(() => [] as [string, vscode.FileType][]);
    for (const [name, type] of entries) if (type === vscode.FileType.File && name.endsWith('.css')) out.push(vscode.Uri.joinPath(media, name));
    return out;
  })());
}

/** What a tab's editor needs of the documents around it. */
export interface EditorHost {
  readonly runs: RunService;
  readonly extensionUri: vscode.Uri;
  /** A point of the sweep this tab shows, made again and opened in a tab of its own. */
  openSweepPoint(shown: Shown, index: number): Promise<void>;
  /** The compare this tab shows has a new lock matching (checked: this tab's compare). */
  keepLockMapping(shown: Shown, mapping: LockMapping): Promise<void>;
}

export class RunEditor {
  private ready = false;
  private pending: HostToWebview[] = [];
  private readonly limit = new LogLimit();
  /** A Save Picture dialog is open (savePicture). */
  private savingPicture = false;
  /** What the tab shows (its document's runs); undefined while they load. */
  shown: Shown | undefined;

  constructor(readonly panel: vscode.WebviewPanel, private readonly host: EditorHost) {}

  /** The page, and the message handler (the caller disposes the panel's subscriptions with it). */
  async attach(title: string): Promise<void> {
    const webview = this.panel.webview;
    webview.options = webviewOptions(this.host.extensionUri);
    const styles = await stylesheets(this.host.extensionUri);
    webview.onDidReceiveMessage((raw) => this.onMessage(raw));
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'webview.js')).toString(),
      styleUris: styles.map((u) => webview.asWebviewUri(u).toString()),
      title,
    });
  }

  post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending.push(message);
  }

  /** The run ids this tab shows: the only ones a message from its webview may name. */
  private shows(runId: number): boolean {
    return !!this.shown?.records.some((r) => r.runId === runId);
  }

  /**
   * A log line a message from the webview caused (its own `log` messages, and the notes that a message was
   * ignored): rate-limited per tab (logLimit.ts), so a page posting in a loop cannot flood the output channel.
   */
  private webviewLog(level: 'info' | 'warn' | 'error', text: string): void {
    const d = this.limit.admit(Date.now());
    const per = `${this.limit.perWindow} per ${this.limit.windowMs / 1000} s`;
    if (d.droppedBefore) log().warn(`webview: ${d.droppedBefore} messages were dropped (at most ${per})`);
    if (d.firstDropped) log().warn(`webview: more than ${per}; dropping the rest until the next ${this.limit.windowMs / 1000} s`);
    if (d.log) log()[level](text);
  }

  private onMessage(raw: unknown): void {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.webviewLog('warn', 'ignored a malformed message from a timeline webview');
      return;
    }
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.pending;
        this.pending = [];
        for (const q of queued) void this.panel.webview.postMessage(q);
        return;
      }
      case 'openSource':
        void this.openSource(m.runId, m.src);
        return;
      case 'log':
        this.webviewLog(m.level, `webview: ${m.message}`);
        return;
      case 'openSweepPoint': {
        const shown = this.shown;
        if (!shown || shown.records[0]?.runId !== m.runId || !shown.sweep || m.index >= shown.sweep.length || shown.records[0].descriptor.sweepPoint === undefined) {
          this.webviewLog('warn', `webview asked for sweep point ${m.index} of run ${m.runId}, which this tab does not show; ignored`);
          return;
        }
        void this.host.openSweepPoint(shown, m.index);
        return;
      }
      case 'savePicture':
        void this.savePicture(m);
        return;
      case 'lockMapping':
        if (this.shown?.records.length !== 2 || this.shown.records[0].runId !== m.runId) {
          this.webviewLog('info', `ignored a lock matching for run ${m.runId}, which is not run A of a compare this tab shows`);
          return;
        }
        void this.host.keepLockMapping(this.shown, m.mapping);
        return;
    }
  }

  /** Save a picture the webview drew of its view (already checked by parseWebviewMessage), for a run this tab shows. */
  private async savePicture(m: Extract<WebviewToHost, { type: 'savePicture' }>): Promise<void> {
    if (!this.shows(m.runId)) {
      this.webviewLog('warn', `ignored a picture for run ${m.runId}, which this tab does not show`);
      return;
    }
    // One save dialog at a time: a page posting pictures in a loop cannot stack dialogs up.
    if (this.savingPicture) {
      this.webviewLog('info', `ignored a picture for run ${m.runId}: the save dialog of another is open`);
      return;
    }
    this.savingPicture = true;
    try {
      await this.savePictureAs(m);
    } finally {
      this.savingPicture = false;
    }
  }

  private async savePictureAs(m: Extract<WebviewToHost, { type: 'savePicture' }>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const base = (this.shown?.title ?? '').replace(/[^\w.-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'smp-stack-lab';
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

  private async openSource(runId: number, src: number): Promise<void> {
    if (!this.shows(runId)) {
      this.webviewLog('warn', `webview asked for run ${runId}, which this tab does not show; ignored`);
      return;
    }
    const resolved = this.host.runs.registry.resolve(runId, src);
    if (!resolved) {
      this.webviewLog('warn', `source ${src} of run ${runId} is not in that run's model files; ignored`);
      return;
    }
    const doc = await vscode.workspace.openTextDocument(resolved.file);
    const s = resolved.selection;
    const range = doc.validateRange(new vscode.Range(s.line, s.character, s.endLine, s.endCharacter));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
    const tabColumn = this.panel.viewColumn;
    const column = visible?.viewColumn
      ?? (tabColumn !== undefined && tabColumn > vscode.ViewColumn.One ? tabColumn - 1 : vscode.ViewColumn.Beside);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false, preview: true });
    // Cursor on the step's first line (a block's range can span many lines).
    editor.selection = new vscode.Selection(range.end, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}
