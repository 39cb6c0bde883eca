// One outline per document version: hovers and CodeLens ask often, the text
// changes rarely in between.
import type * as vscode from 'vscode';
import { outlineModel, type ModelOutline } from '../model/index';

const cache = new WeakMap<vscode.TextDocument, { version: number; outline: ModelOutline }>();

export function outlineOf(doc: vscode.TextDocument): ModelOutline {
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version) return hit.outline;
  const outline = outlineModel(doc.getText());
  cache.set(doc, { version: doc.version, outline });
  return outline;
}
