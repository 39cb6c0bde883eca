// Hovers on counter, lock and function names in a model file: numbers from the
// last run of that model, per variant. The Markdown is trusted for this
// extension's own commands only ("Show in timeline", "Run ▸").
import * as vscode from 'vscode';
import { hoverMarkdown, TRUSTED_HOVER_COMMANDS } from './hoverText';
import { symbolAt } from '../model/index';
import { outlineOf } from './outlineCache';
import type { LastRuns } from './runFacts';

export function provideModelHover(doc: vscode.TextDocument, position: vscode.Position, lastRuns: LastRuns): vscode.Hover | undefined {
  const outline = outlineOf(doc);
  const symbol = symbolAt(outline, doc.offsetAt(position));
  if (!symbol) return undefined;
  const key = doc.uri.toString();
  const text = hoverMarkdown({ symbol, runs: lastRuns.forModel(key), modelKey: key });
  if (!text) return undefined;
  const md = new vscode.MarkdownString(text);
  md.isTrusted = { enabledCommands: TRUSTED_HOVER_COMMANDS };
  md.supportThemeIcons = false;
  return new vscode.Hover(md, new vscode.Range(doc.positionAt(symbol.start), doc.positionAt(symbol.end)));
}
