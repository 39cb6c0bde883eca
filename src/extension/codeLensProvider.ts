// "Run ▸" and "Run variant…" on a model file, and "Run ▸ <variant>" on each
// declared variant.
import * as vscode from 'vscode';
import { CMD } from './ids';
import { outlineOf } from './outlineCache';

export function modelCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
  const outline = outlineOf(doc);
  const uri = doc.uri.toString();
  const top = doc.positionAt(outline.firstKeyOffset);
  const topRange = new vscode.Range(top, top);
  const lenses = [
    new vscode.CodeLens(topRange, { title: 'Run ▸', tooltip: 'Run this model (base variant)', command: CMD.runModel, arguments: [uri] }),
  ];
  if (outline.variants.length) {
    lenses.push(new vscode.CodeLens(topRange, { title: 'Run variant…', tooltip: 'Pick a variant of this model and run it', command: CMD.runModelVariant, arguments: [uri] }));
  }
  for (const s of outline.symbols) {
    if (s.kind !== 'variant' || s.role !== 'decl') continue;
    const at = doc.positionAt(s.start);
    lenses.push(new vscode.CodeLens(new vscode.Range(at, at), {
      title: `Run ▸ ${s.name}`, tooltip: `Run variant ${s.name}`, command: CMD.runModel, arguments: [uri, s.name],
    }));
  }
  return lenses;
}
