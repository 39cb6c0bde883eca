// A file the extension writes (saved runs, exported traces, copied scenarios)
// through vscode.workspace.fs, so it works wherever the extension host runs,
// and atomically (src/atomicWrite.ts: a temporary sibling, then a rename).
import * as vscode from 'vscode';
import { writeAtomically, type AtomicFs } from '../atomicWrite';

const uriFs: AtomicFs<vscode.Uri> = {
  write: (uri, bytes) => Promise.resolve(vscode.workspace.fs.writeFile(uri, bytes)),
  rename: (from, to) => Promise.resolve(vscode.workspace.fs.rename(from, to, { overwrite: true })),
  remove: (uri) => Promise.resolve(vscode.workspace.fs.delete(uri, { useTrash: false })).catch(() => undefined),
  sibling: (uri, name) => uri.with({ path: `${uri.path.slice(0, uri.path.lastIndexOf('/'))}/${name}` }),
  base: (uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1),
};

/** Write `bytes` to `uri` whole or not at all. */
export function writeUriAtomically(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  return writeAtomically(uriFs, uri, bytes);
}
