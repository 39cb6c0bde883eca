// What the extension leaves on disk inside a code-server run's user-data
// folder: its saved runs (workspaceStorage/<workspace>/<extension>/saved-runs)
// and its output channel's log files (logs/…/SMP Stack Lab.log). Read from
// the test process, so a check does not depend on what the workbench renders.
// The extension writes these files while the test reads them: a file may
// vanish between a listing and its stat (a temporary file renamed over its
// target), and a log line may be half written. Readers here either skip what
// vanished or throw, and eventually() retries a check that throws until its
// time is up, so no poll fails on a state the extension was passing through.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir: string, visit: (path: string, isDir: boolean) => void): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // not there (yet), or deleted meanwhile
  }
  for (const name of names) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue; // gone since the listing
    const isDir = st.isDirectory();
    visit(p, isDir);
    if (isDir) walk(p, visit);
  }
}

/** The saved-runs folders of every workspace (one here). */
export function savedRunsFolders(userDataDir: string): string[] {
  const out: string[] = [];
  walk(join(userDataDir, 'User', 'workspaceStorage'), (p, isDir) => {
    if (isDir && p.endsWith('/saved-runs')) out.push(p);
  });
  return out;
}

/** The files in the saved-runs folders, sorted (a write under way shows as a `.run-N….tmp` file: src/atomicWrite.ts). */
export function savedRunFiles(userDataDir: string): string[] {
  return savedRunsFolders(userDataDir).flatMap((d) => (existsSync(d) ? readdirSync(d) : [])).sort();
}

/** Everything the extension's output channel wrote, in every session of this run. */
export function extensionLog(userDataDir: string): string {
  const files: string[] = [];
  walk(join(userDataDir, 'logs'), (p, isDir) => {
    if (!isDir && p.endsWith('SMP Stack Lab.log')) files.push(p);
  });
  return files.sort().map((f) => readFileSync(f, 'utf8')).join('\n');
}

/**
 * Poll until `check` holds (it returns a value) or the time is up. A check that throws (a file missing or
 * half written, JSON that does not parse yet) is tried again; its last error is in the timeout's message.
 */
export async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = check();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (last try: ${lastError instanceof Error ? lastError.message : String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
