// The folders that hold the documents of open tabs (run manifests,
// runStore.ts) and the saved runs they name (savedRuns.ts), through
// vscode.workspace.fs so it works wherever the extension host runs:
// `documents` and `saved-runs` folders in the workspace's storage
// (context.storageUri); in a window with no folder open, which has no
// workspace storage, a folder of this window's own in the global storage
// (noFolderStorage.ts says why one per window), its documents in a
// subfolder. Either way the same cap and eviction apply (runStore.ts).
import * as vscode from 'vscode';
import { abandonedFolders, isWindowKey, newWindowKey, NO_FOLDER_KEY, NO_FOLDER_ROOT, type WindowFolder } from './noFolderStorage';
import type { StorageFolder } from './savedRuns';
import { writeUriAtomically } from './uriWrite';

export interface SavedRunsStorage {
  folder: StorageFolder;
  /** Which storage: for the log. */
  kind: 'workspace' | 'global';
  uri: vscode.Uri;
  /** The folder of the run manifests (one subfolder per document). */
  documents: vscode.Uri;
  /** Global storage only: delete the folders of no-folder windows long gone; resolves to how many. */
  sweep(): Promise<number>;
}

function folderAt(dir: vscode.Uri): StorageFolder {
  const file = (name: string) => vscode.Uri.joinPath(dir, name);
  let made = false;
  return {
    read: (name) => Promise.resolve(vscode.workspace.fs.readFile(file(name))),
    async write(name, bytes) {
      if (!made) {
        await vscode.workspace.fs.createDirectory(dir);
        made = true;
      }
      await writeUriAtomically(file(name), bytes);
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

/** The folders of no-folder windows under `root`, with the time each was last written. */
async function windowFolders(root: vscode.Uri): Promise<WindowFolder[]> {
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(root);
  } catch {
    return [];
  }
  const out: WindowFolder[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory) continue;
    const dir = vscode.Uri.joinPath(root, name);
    let newestMs = 0;
    try {
      newestMs = (await vscode.workspace.fs.stat(dir)).mtime;
      for (const [f] of await vscode.workspace.fs.readDirectory(dir)) {
        newestMs = Math.max(newestMs, (await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, f))).mtime);
      }
    } catch { /* changed meanwhile: judged by what was read */ }
    out.push({ name, newestMs });
  }
  return out;
}

/** Where this window's saved runs go; undefined only when the extension has no storage at all. */
export function savedRunsStorage(context: vscode.ExtensionContext): SavedRunsStorage | undefined {
  if (context.storageUri) {
    const uri = vscode.Uri.joinPath(context.storageUri, 'saved-runs');
    return { folder: folderAt(uri), kind: 'workspace', uri, documents: vscode.Uri.joinPath(context.storageUri, 'documents'), sweep: async () => 0 };
  }
  if (!context.globalStorageUri) return undefined;
  const kept = context.workspaceState.get<unknown>(NO_FOLDER_KEY);
  const own = isWindowKey(kept) ? kept : newWindowKey();
  if (own !== kept) void context.workspaceState.update(NO_FOLDER_KEY, own);
  const root = vscode.Uri.joinPath(context.globalStorageUri, NO_FOLDER_ROOT);
  const uri = vscode.Uri.joinPath(root, own);
  return {
    folder: folderAt(uri),
    kind: 'global',
    uri,
    documents: vscode.Uri.joinPath(uri, 'documents'),
    async sweep() {
      const gone = abandonedFolders(await windowFolders(root), own, Date.now());
      for (const name of gone) {
        await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, name), { recursive: true, useTrash: false });
      }
      return gone.length;
    },
  };
}
