// One real VS Code for an e2e file: the packaged extension installed into a
// fresh code-server, a workspace folder opened in Debian's Chromium, the
// workbench's explorer populated. Each e2e test file opens one and closes it
// in `after`, whatever step failed; what has started so far is on the object.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findCodeServer, installExtension, startCodeServer, type RunningCodeServer } from './codeServer';
import { CHROMIUM_ARGS, waitForWorkbench } from './workbench';

export class E2eWorkbench {
  server: RunningCodeServer | undefined;
  browser: Browser | undefined;
  page: Page | undefined;

  /** Install `vsix` under `home`, start code-server, open `workspace` in Chromium; the page once the workbench is up. */
  async open(home: string, vsix: string, workspace: string): Promise<Page> {
    const install = findCodeServer();
    assert.ok(install, 'code-server is not installed: run scripts/e2e-setup.sh (or set SMPLAB_E2E=skip)');
    assert.ok(existsSync('/usr/bin/chromium'), 'Debian chromium is not installed (apt-get install chromium)');
    installExtension(install, home, vsix);
    this.server = await startCodeServer(install, home);
    this.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    this.page = await this.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await this.page.goto(`${this.server.url}/?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(this.page);
    return this.page;
  }

  /** The server's data folder (its logs and the extension's storage); only once open. */
  get userDataDir(): string {
    assert.ok(this.server, 'code-server has not started');
    return this.server.userDataDir;
  }

  /** A failure, with the tail of what code-server printed (its extension host's errors land there). */
  failure(e: unknown): Error {
    const tail = this.server ? `\n--- code-server output (tail) ---\n${this.server.output().slice(-3000)}` : '';
    return new Error(`${(e as Error).message}${tail}`);
  }

  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    await this.server?.stop();
  }
}
