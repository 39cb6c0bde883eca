// Reading a model to run: the open editor's text when there is one (so unsaved
// edits run), else the file. Also the name the compiler writes into every
// source range, from which the host later resolves clicks back to this URI.
import * as vscode from 'vscode';
import type { BuiltinScenarios } from './builtinScenarios';
import { BUILTIN_SCHEME, LANGUAGE_ID } from './ids';

export function isModelDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === LANGUAGE_ID || doc.uri.path.endsWith('.smp.yaml');
}

/** A readable, stable name for a model file: its path on disk, else its URI. */
export function compilerFileName(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export function baseName(uri: vscode.Uri): string {
  const last = uri.path.split('/').pop() ?? uri.path;
  return last.replace(/\.smp\.yaml$/, '');
}

export async function readModelText(uri: vscode.Uri, builtins: BuiltinScenarios): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  if (uri.scheme === BUILTIN_SCHEME) return builtins.read(uri);
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}
