// After a file is written for the user (Export Trace…, Save Picture…): a
// notification that names it, with Open (in VS Code: an editor, the image
// preview, or — for a .smptrace — the timeline) and Reveal (in the Explorer
// when it is in the workspace, else in the OS file manager). openActionFor is
// pure.
import * as vscode from 'vscode';
import { CMD } from './ids';

export type OpenAction = 'editor' | 'trace';

/** How Open shows a file of this name: a trace opens in the timeline, anything else in VS Code's own editor or preview. */
export function openActionFor(fileName: string): OpenAction {
  return /\.smptrace$/i.test(fileName) ? 'trace' : 'editor';
}

export async function announceSaved(message: string, target: vscode.Uri): Promise<void> {
  const choice = await vscode.window.showInformationMessage(message, 'Open', 'Reveal');
  if (choice === 'Open') {
    if (openActionFor(target.path) === 'trace') await vscode.commands.executeCommand(CMD.openTrace, target);
    else await vscode.commands.executeCommand('vscode.open', target);
  } else if (choice === 'Reveal') {
    const inWorkspace = vscode.workspace.getWorkspaceFolder(target) !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', target);
  }
}
