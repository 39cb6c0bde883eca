// Problems in model files, as you type: the model checker runs on the open
// document's text after a pause in typing (debounced per document), and the
// problems a refused run found are shown the same way. What a finished run
// found (a thread that never ran or was starved) is shown beside the
// checker's problems, not instead of them, until the next run or edit.
import * as vscode from 'vscode';
import { isModelDocument, compilerFileName } from './modelFiles';
import { shownProblems } from './runWarnings';
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
  /** Per document: the checker's problems (as typed, or from a refused run), and what its last run found. */
  private readonly checked = new Map<string, ModelProblem[]>();
  private readonly found = new Map<string, ModelProblem[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  /** The checker is loaded on the first check (the model language is not needed to activate). */
  constructor(private readonly loadChecker: () => Promise<ModelChecker>) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        // an edit: the last run no longer describes this text
        if (e.contentChanges.length && this.found.delete(e.document.uri.toString())) this.render(e.document.uri);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        // Problems of a closed file stay only when they came from a run of it.
        if (d.uri.scheme !== 'file') {
          this.checked.delete(d.uri.toString());
          this.found.delete(d.uri.toString());
          this.collection.delete(d.uri);
        }
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

  /** The checker's problems of a model (as typed, or those that refused a run). */
  publish(uri: vscode.Uri, problems: ModelProblem[]): void {
    this.checked.set(uri.toString(), problems);
    this.render(uri);
  }

  /** What a finished run of the model found (replaces the previous run's; the checker's problems stay). */
  publishRunFindings(uri: vscode.Uri, problems: ModelProblem[]): void {
    this.found.set(uri.toString(), problems);
    this.render(uri);
  }

  private render(uri: vscode.Uri): void {
    const key = uri.toString();
    this.collection.set(uri, shownProblems(this.checked.get(key) ?? [], this.found.get(key) ?? [], compilerFileName(uri)).map(toDiagnostic));
  }
}
