// Problems in model files, as you type: the model checker runs on the open
// document's text after a pause in typing (debounced per document), and the
// problems a refused run found are shown the same way.
import * as vscode from 'vscode';
import { isModelDocument, compilerFileName } from './modelFiles';
import type { ModelProblem } from './workerProtocol';

export const DEBOUNCE_MS = 300;

export type ModelChecker = (text: string, file: string) => ModelProblem[];

function toDiagnostic(p: ModelProblem): vscode.Diagnostic {
  const line = Math.max(0, p.line - 1);
  const col = Math.max(0, p.column - 1);
  const endLine = Math.max(line, p.endLine - 1);
  const endCol = endLine === line ? Math.max(col + 1, p.endColumn - 1) : Math.max(0, p.endColumn - 1);
  const d = new vscode.Diagnostic(
    new vscode.Range(line, col, endLine, endCol),
    p.message,
    p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  d.source = 'smp-model';
  return d;
}

export class ModelDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('smp-model');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** The checker is loaded on the first check (the model language is not needed to activate). */
  constructor(private readonly loadChecker: () => Promise<ModelChecker>) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        // Problems of a closed file stay only when they came from a refused run of it.
        if (d.uri.scheme !== 'file') this.collection.delete(d.uri);
      }),
    );
    // Documents open before activation: checked after activation returns, not during it.
    setTimeout(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d)), 0);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isModelDocument(doc)) return;
    this.cancel(doc.uri);
    const key = doc.uri.toString();
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.checkNow(doc);
    }, DEBOUNCE_MS));
  }

  async checkNow(doc: vscode.TextDocument): Promise<void> {
    const check = await this.loadChecker();
    if (doc.isClosed) return;
    const version = doc.version;
    const file = compilerFileName(doc.uri);
    let problems: ModelProblem[];
    try {
      problems = check(doc.getText(), file);
    } catch (e) {
      // The checker promises never to throw; if it does, say so in the file rather than lose it.
      problems = [{ file, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', message: `internal error in the model checker: ${(e as Error).message}` }];
    }
    // A newer edit has its own check scheduled; its result wins.
    if (doc.version === version) this.publish(doc.uri, problems);
  }

  publish(uri: vscode.Uri, problems: ModelProblem[]): void {
    const file = compilerFileName(uri);
    this.collection.set(uri, problems.filter((p) => p.file === file || p.file === '').map(toDiagnostic));
  }
}
