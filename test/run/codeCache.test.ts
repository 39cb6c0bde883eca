// V8's code cache of the worker bundle (src/run/codeCache.ts): the first worker
// writes it, later workers load from it (V8 accepts it: it is not written
// again), a cache V8 refuses is replaced, other builds' caches past the newest
// few and a stale half-written one are removed, closing the pool lets a worker
// finish writing it, and the outcomes are the same with or without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../src/run/pool';
import { defaultCodeCacheDir, KEPT_CACHES } from '../../src/run/codeCache';
import { replicationSeed } from '../../src/run/seeds';
import type { PointOutcome } from '../../src/run/pointJob';

const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'simWorker.js');
const FILE = 'scenarios/queueing-lock.smp.yaml';
const TEXT = readFileSync(join(ROOT, FILE), 'utf8');
const jobs = [0, 1, 2].map((r) => ({ text: TEXT, file: FILE, seed: replicationSeed(1, r), durationNs: 2e6 }));
const stable = (os: PointOutcome[]) => JSON.stringify(os, (k, v) => (k === 'wallMs' ? 0 : v));

// a generous bound on the wait for a cache write at close(): a loaded machine writes slowly, and this checks that close() waits
const WAIT_MS = 20_000;

async function runAll(codeCache?: string): Promise<PointOutcome[]> {
  const pool = new WorkerPool(WORKER, { size: 2, codeCache, cacheWriteWaitMs: WAIT_MS });
  try {
    return await Promise.all(jobs.map((j) => pool.run(j)));
  } finally {
    await pool.close();
  }
}

const caches = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

test('the first workers write the cache, later ones load it as it is; the outcomes do not change', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'smplab-cc-')), 'nested', 'code-cache');
  try {
    const plain = await runAll();
    assert.ok(plain.every((o) => o.kind === 'done'));
    const first = await runAll(dir);
    assert.equal(stable(first), stable(plain));
    const [file] = caches(dir);
    assert.equal(caches(dir).length, 1, 'one cache file for one bundle');
    assert.match(file, /^simWorker-[0-9a-f]{16}\.v8cache$/);
    assert.ok(statSync(join(dir, file)).size > 100_000, 'the cache holds the compiled functions of a run');
    assert.equal((statSync(dir).mode & 0o777).toString(8), '700', 'a cache is trusted as code: this user\'s only');
    const written = statSync(join(dir, file), { bigint: true });

    const second = await runAll(dir);
    assert.equal(stable(second), stable(plain));
    // written only when there is none or V8 refused it: the same file means V8 took it
    const now = statSync(join(dir, file), { bigint: true });
    assert.deepEqual([now.ino, now.mtimeNs], [written.ino, written.mtimeNs], 'the cache was written again: V8 refused it');
    assert.deepEqual(caches(dir), [file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache V8 refuses is replaced, and other builds\' caches past the newest few are removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smplab-cc-'));
  try {
    await runAll(dir);
    const [file] = caches(dir);
    writeFileSync(join(dir, file), Buffer.alloc(4096, 7)); // not a code cache
    // other builds' caches, written 1 to KEPT_CACHES hours ago: the newest KEPT_CACHES - 1 stay beside this build's
    const others = Array.from({ length: KEPT_CACHES }, (_, h) => `simWorker-${String(h + 1).padStart(16, '0')}.v8cache`);
    others.forEach((f, h) => {
      writeFileSync(join(dir, f), 'another build');
      const at = new Date(Date.now() - (h + 1) * 3_600_000);
      utimesSync(join(dir, f), at, at);
    });
    // what a worker terminated while writing left: gone once a minute old, kept while it may still be written
    writeFileSync(join(dir, `${file}.1.2.tmp`), 'half');
    utimesSync(join(dir, `${file}.1.2.tmp`), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    writeFileSync(join(dir, `${file}.3.4.tmp`), 'being written');
    const out = await runAll(dir);
    assert.ok(out.every((o) => o.kind === 'done'), stable(out).slice(0, 300));
    assert.deepEqual(caches(dir).sort(), [file, ...others.slice(0, KEPT_CACHES - 1)].sort());
    assert.ok(statSync(join(dir, file)).size > 100_000, 'the refused cache was not replaced');
    // The stale one is gone, the fresh one kept, and none of this pool's workers left its own: closing the pool let
    // each finish the write it began after its first job.
    const tmps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(tmps, [`${file}.3.4.tmp`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('closing the pool as soon as the first job is done lets its worker finish writing the cache', async () => {
  // The worker writes its cache after its first job's outcome is posted: a pool closed on that outcome
  // terminated it in the middle (no cache, a half-written temporary left; 1 of 3 fresh-clone CI runs).
  for (let round = 0; round < 3; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'smplab-cc-'));
    try {
      const pool = new WorkerPool(WORKER, { size: 1, codeCache: dir, cacheWriteWaitMs: WAIT_MS });
      const out = await pool.run(jobs[0]);
      await pool.close();
      assert.equal(out.kind, 'done');
      assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.v8cache')), [], 'a temporary file was left');
      assert.equal(caches(dir).length, 1, 'the cache was not written');
      assert.ok(statSync(join(dir, caches(dir)[0])).size > 100_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a cache directory that cannot be made costs nothing but the cache', async () => {
  const out = await runAll(join(WORKER, 'not-a-directory'));
  assert.ok(out.every((o) => o.kind === 'done'), stable(out).slice(0, 300));
});

test('the CLI\'s cache directory: the user\'s cache folder, or SMPLAB_CODE_CACHE, or none', () => {
  assert.equal(defaultCodeCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), join('/x/cache', 'smplab', 'code-cache'));
  assert.match(defaultCodeCacheDir({}, 'linux')!, /\.cache[\\/]smplab[\\/]code-cache$/);
  assert.match(defaultCodeCacheDir({}, 'darwin')!, /Library[\\/]Caches[\\/]smplab[\\/]code-cache$/);
  assert.equal(defaultCodeCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32'), join('C:\\Users\\u\\AppData\\Local', 'smplab', 'code-cache'));
  assert.equal(defaultCodeCacheDir({ SMPLAB_CODE_CACHE: '/elsewhere' }, 'linux'), '/elsewhere');
  assert.equal(defaultCodeCacheDir({ SMPLAB_CODE_CACHE: 'off' }, 'linux'), undefined);
});
