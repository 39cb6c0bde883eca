// The smplab command as a user runs it (`node dist/cli.js …` after a build),
// for the tests that drive it from outside: one way to run it, and one setup
// that builds dist/ before a file's tests and gives them a temporary folder.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface CliResult { code: number; out: string; err: string }

/** Runs `smplab args…` from the repository root; `timeoutMs` bounds a run that hangs. */
export function runSmplab(args: string[], timeoutMs = 60_000): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** `smplab args…` with the default timeout. */
export const smplab = (...args: string[]): CliResult => runSmplab(args);

/**
 * Before the file's tests: dist/ built (the CLI the tests run is the one the
 * sources make now) and, with `tempPrefix`, a temporary folder removed when the
 * process exits. Returns a getter for that folder (set once the hook has run).
 */
export function buildCliBefore(tempPrefix?: string): () => string {
  let tmp = '';
  before(() => {
    const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    if (tempPrefix === undefined) return;
    tmp = mkdtempSync(join(tmpdir(), tempPrefix));
    process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
  });
  return () => tmp;
}
