// The folder that holds the saved runs of open panels (savedRuns.ts): a
// `saved-runs` folder in the workspace's storage (context.storageUri), through
// vscode.workspace.fs so it works wherever the extension host runs. A window
// without a folder has no workspace storage; there panels are restored by
// rerunning their model, as the log says.
import * as vscode from 'vscode';
import type { StorageFolder } from './savedRuns';

export function workspaceStorageFolder(context: vscode.ExtensionContext): StorageFolder | undefined {
  if (!context.storageUri) return undefined;
  const dir = vscode.Uri.joinPath(context.storageUri, 'saved-runs');
  const file = (name: string) => vscode.Uri.joinPath(dir, name);
  let made = false;
  return {
    read: (name) => Promise.resolve(vscode.workspace.fs.readFile(file(name))),
    async write(name, bytes) {
      if (!made) {
        await vscode.workspace.fs.createDirectory(dir);
        made = true;
      }
      await vscode.workspace.fs.writeFile(file(name), bytes);
    },
    async delete(name) {
      try {
        await vscode.workspace.fs.delete(file(name), { useTrash: false });
      } catch (e) {
        // Not there is fine; anything else (permissions) is the caller's to report.
        const exists = await vscode.workspace.fs.stat(file(name)).then(() => true, () => false);
        if (exists) throw e;
      }
    },
    async list() {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return [];
      }
      const out: { name: string; size: number }[] = [];
      for (const [name, type] of entries) {
        if (type !== vscode.FileType.File) continue;
        try {
          out.push({ name, size: (await vscode.workspace.fs.stat(file(name))).size });
        } catch { /* deleted meanwhile */ }
      }
      return out;
    },
  };
}
