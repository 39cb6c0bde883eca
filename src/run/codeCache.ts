// V8's code cache for the worker bundle: every pool worker is a new JavaScript
// engine that would otherwise parse dist/simWorker.js (750 KB) and compile to
// bytecode, one by one as they are first called, every function a run uses —
// the model's parser and checker, the engine, the summaries. A worker started
// with a cache directory loads the bundle through vm.Script with the bytecode
// an earlier worker left there: about 70 ms less CPU time per worker started
// (bundle load 23 -> 11 ms, and no lazy compiles in its first run; docs/performance-log.md,
// bench:pool). The first worker without a usable cache writes one after its
// first task, when the functions a run needs have been compiled; V8 itself
// refuses a cache made by another V8 version, other flags or other source
// (the worker then compiles as before and writes a fresh one). A pool closed
// right after that first task lets the write finish (for a bounded time)
// before it terminates the worker: a worker terminated mid-write left a
// half-written temporary and no cache. Only this user's directory is used: a
// code cache is trusted as code.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Cache files kept per bundle name: this build's and the newest of other builds'. */
export const KEPT_CACHES = 4;

/**
 * The worker's first code (eval'd, plain JavaScript): load workerData.boot.bundle
 * as a CommonJS module, with the cache from workerData.boot.dir when there is one.
 * The cache file is named by the bundle's hash (and Node's version): another build
 * never reads it, and the one that writes a new file removes all but the newest
 * KEPT_CACHES.
 */
export const CODE_CACHE_BOOT = `
const { workerData, parentPort, threadId } = require('node:worker_threads');
const fs = require('node:fs'), vm = require('node:vm'), path = require('node:path'), Module = require('node:module'), crypto = require('node:crypto');
const { bundle, dir, pending } = workerData.boot;
const source = fs.readFileSync(bundle, 'utf8');
const stem = path.basename(bundle, '.js') + '-';
const key = crypto.createHash('sha256').update(source).update(process.version + process.arch).digest('hex').slice(0, 16);
const file = path.join(dir, stem + key + '.v8cache');
let cachedData;
try { cachedData = fs.readFileSync(file); } catch {}
const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const mod = { exports: {}, id: bundle, filename: bundle, loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
mod.loaded = true;
if (!cachedData || script.cachedDataRejected) {
  // pending[0] = 1 until the write is over: a pool closing after this worker's first task waits for it (pool.ts)
  const flag = pending && new Int32Array(pending);
  if (flag) Atomics.store(flag, 0, 1);
  // after the bundle's own listener: a job has run by the time this one is called
  parentPort.once('message', () => {
    try {
      const data = script.createCachedData();
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = file + '.' + process.pid + '.' + threadId + '.tmp';
      fs.writeFileSync(tmp, data, { mode: 0o600 });
      fs.renameSync(tmp, file);
      // other builds' caches past the newest few (two builds used in turn, such as two installed versions or the two
      // sides of a benchmark, each deleted the other's and compiled from source on every run), and what a worker
      // terminated while writing left (a minute old: not one being written now)
      const others = [];
      for (const f of fs.readdirSync(dir)) {
        if (!f.startsWith(stem) || f === path.basename(file)) continue;
        try {
          const at = path.join(dir, f), age = Date.now() - fs.statSync(at).mtimeMs;
          if (f.endsWith('.v8cache')) others.push({ at, age });
          else if (f.endsWith('.tmp') && age > 60000) fs.rmSync(at, { force: true });
        } catch {}
      }
      others.sort((a, b) => a.age - b.age);
      for (const o of others.slice(${KEPT_CACHES} - 1)) fs.rmSync(o.at, { force: true });
    } catch {} finally {
      if (flag) { Atomics.store(flag, 0, 0); Atomics.notify(flag, 0); }
    }
  });
}
`;

/** The user's cache directory for the CLI's workers (SMPLAB_CODE_CACHE names another; "off" turns the cache off). */
export function defaultCodeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const set = env.SMPLAB_CODE_CACHE;
  if (set === 'off' || set === '0') return undefined;
  if (set) return set;
  const base = platform === 'win32' ? env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')
    : platform === 'darwin' ? join(homedir(), 'Library', 'Caches')
      : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'smplab', 'code-cache');
}
