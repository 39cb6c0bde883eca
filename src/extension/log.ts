// The "SMP Stack Lab" output channel ({ log: true }: levels and timestamps).
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function initLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('SMP Stack Lab', { log: true });
  context.subscriptions.push(channel);
  return channel;
}

export function log(): vscode.LogOutputChannel {
  if (!channel) throw new Error('SMP Stack Lab log used before activation');
  return channel;
}
