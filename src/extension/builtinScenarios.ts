// The scenarios shipped in the extension's scenarios/ folder, shown read-only
// under the smplab-builtin: scheme (a virtual document cannot be edited; "Copy
// Scenario to Workspace" makes an editable copy).
import * as vscode from 'vscode';
import { BUILTIN_SCHEME } from './ids';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.smp\.yaml$/;

export class BuiltinScenarios implements vscode.TextDocumentContentProvider {
  constructor(private readonly extensionUri: vscode.Uri) {}

  private folder(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'scenarios');
  }

  /** File names of the built-in models, sorted. */
  async list(): Promise<string[]> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.folder());
    } catch {
      return [];
    }
    return entries.filter(([n, t]) => t === vscode.FileType.File && NAME.test(n)).map(([n]) => n).sort();
  }

  uriOf(fileName: string): vscode.Uri {
    return vscode.Uri.from({ scheme: BUILTIN_SCHEME, path: '/' + fileName });
  }

  /** The file under scenarios/ a built-in URI stands for; undefined for anything that is not a plain name there. */
  fileOf(uri: vscode.Uri): vscode.Uri | undefined {
    if (uri.scheme !== BUILTIN_SCHEME) return undefined;
    const name = uri.path.replace(/^\//, '');
    return NAME.test(name) ? vscode.Uri.joinPath(this.folder(), name) : undefined;
  }

  async read(uri: vscode.Uri): Promise<string> {
    const file = this.fileOf(uri);
    if (!file) throw new Error(`not a built-in scenario: ${uri.toString()}`);
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  }

  provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return this.read(uri);
  }
}
