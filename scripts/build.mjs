// One esbuild config producing every bundle (as vscode-hexeditor does):
// the extension host (node/cjs, vscode external), the webview (browser IIFE),
// the CLI and the benchmarks (node/cjs).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--dev');
// The standalone report's decode worker, bundled first and carried inside the webview bundle as text (the page starts
// it from a blob: URL; webview/reportData.ts). In --watch it is built once, at the start.
const worker = await esbuild.build({
  bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify, write: false, logLevel: 'warning',
  entryPoints: ['webview/reportWorker.ts'],
});
const workerText = worker.outputFiles[0].text;
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: true, minify: false, logLevel: 'warning' };
const entries = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/simWorker.ts'], outfile: 'dist/simWorker.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js' },
  { ...node, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' },
  // run as plain JavaScript, as the CLI is: under tsx every worker thread would load tsx too (workers inherit execArgv)
  { ...node, entryPoints: ['scripts/bench-pool.ts'], outfile: 'dist/bench-pool.js' },
  {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify, sourcemap: false,
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js', logLevel: 'warning',
    define: { __SMPLAB_DECODE_WORKER__: JSON.stringify(workerText) },
  },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
}
