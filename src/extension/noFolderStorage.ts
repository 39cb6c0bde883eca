// Where a window without a folder keeps its saved runs. Such a window has no
// workspace storage (context.storageUri is undefined), but it does have
// workspaceState — the restore table and the run-id counter live there — and
// the global storage every window shares. Its saved runs go in a folder of
// their own under the global storage, named by a key kept in workspaceState:
// run ids are issued per window, so two no-folder windows sharing one folder
// would overwrite each other's runs and delete them when pruning. A folder no
// window has written to for ABANDONED_AFTER_MS belongs to a window that is
// gone (its panels, if that window ever comes back, rerun their model), and
// is deleted, so the global storage does not grow with every closed window.
// Pure: no vscode.
import { randomBytes } from 'node:crypto';

/** The folder under context.globalStorageUri holding one folder per no-folder window. */
export const NO_FOLDER_ROOT = 'saved-runs-no-folder';
/** workspaceState key of this window's folder name. */
export const NO_FOLDER_KEY = 'smpStackLab.noFolderStorageKey';
export const ABANDONED_AFTER_MS = 30 * 24 * 3600 * 1000;

const KEY = /^w-[0-9a-f]{16}$/;

export function isWindowKey(x: unknown): x is string {
  return typeof x === 'string' && KEY.test(x);
}

export function newWindowKey(): string {
  return `w-${randomBytes(8).toString('hex')}`;
}

/** A window's folder under NO_FOLDER_ROOT: its name, and when a file in it was last written (0: empty). */
export interface WindowFolder { name: string; newestMs: number }

/** The folders of other windows that nothing has written to for `maxAgeMs`. Names that are not ours are left alone. */
export function abandonedFolders(folders: readonly WindowFolder[], own: string, nowMs: number, maxAgeMs = ABANDONED_AFTER_MS): string[] {
  return folders.filter((f) => f.name !== own && isWindowKey(f.name) && nowMs - f.newestMs > maxAgeMs).map((f) => f.name);
}
