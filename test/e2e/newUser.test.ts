// What a new user hit in VS Code (issue 17), end to end in a real VS Code
// (code-server, see vscode.test.ts and ../shared/E2E.md), for the parts that
// live in the workbench rather than in the webview (those have browser tests
// under test/webview): a run of a model whose second thread never gets a CPU
// leaves a warning in the Problems view beside the checker's own (a lock
// nobody takes) and in the log, and the status bar item shows the last result; Rerun Last (palette,
// then its key Ctrl+Alt+Shift+Enter) shows the new run in the same tab, no
// new tab or editor group; Run Sweep… on an 8-point sweep (more than the six
// traces the run registry keeps) opens the sweep view with every point, and a
// point opens its own timeline. Screenshots go to test-output/e2e/.
//
// Needs scripts/e2e-setup.sh to have run; SMPLAB_E2E=skip skips it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findCodeServer, installExtension, makeRunHome, removeRunHome, startCodeServer, type RunningCodeServer } from './codeServer';
import { eventually, extensionLog } from './extensionFiles';
import { packageVsix, REPO } from './vsix';
import { CHROMIUM_ARGS, pickQuickItem, runCommand, waitForWorkbench, webviewFrame } from './workbench';
import { twoBusyModel } from '../fixtures/twoBusy';

const SHOTS = join(REPO, 'test-output', 'e2e');
const skip = process.env.SMPLAB_E2E === 'skip';
/** Two equal-priority busy threads on one CPU without time slices: b never runs. And a lock nobody takes (a checker warning). */
const BUSY = twoBusyModel('{ cpus: 1 }', { unusedLock: true });
const TITLE = 'busy — base';

let home = '';
let server: RunningCodeServer | undefined;
let browser: Browser | undefined;
let page: Page | undefined;

async function shot(name: string): Promise<void> {
  if (page) await page.screenshot({ path: join(SHOTS, `issue17-${name}.png`) });
}

before(() => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  home = makeRunHome();
});

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (home) removeRunHome(home);
});

/** The run id the visible timeline shows, once it shows one. */
async function shownRunId(p: Page): Promise<number> {
  const view = webviewFrame(p);
  await view.locator('.tl-stage').waitFor({ state: 'visible', timeout: 60_000 });
  return (await view.locator('body').evaluate('new Promise((r) => { const t = () => (window.__smplab.ctx ? r(window.__smplab.ctx.runId) : setTimeout(t, 100)); t(); })')) as number;
}

/** Wait until the visible timeline shows a run other than `runId`; its id. */
async function nextRun(p: Page, runId: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const id = await shownRunId(p).catch(() => runId);
    if (id !== runId) return id;
    if (Date.now() > deadline) throw new Error(`the tab still shows run #${runId}`);
    await p.waitForTimeout(250);
  }
}

/** [errors, warnings] from the status bar's Problems item. */
async function problemCounts(p: Page): Promise<number[]> {
  return ((await p.locator('[id="status.problems"]').innerText()).match(/\d+/g) ?? []).map(Number);
}

test('in a real VS Code: starved thread in Problems, status bar, rerun in the same tab, an 8-point sweep', { skip, timeout: 400_000 }, async () => {
  const install = findCodeServer();
  assert.ok(install, 'code-server is not installed: run scripts/e2e-setup.sh (or set SMPLAB_E2E=skip)');
  assert.ok(existsSync('/usr/bin/chromium'), 'Debian chromium is not installed (apt-get install chromium)');
  const ws = join(home, 'workspace');
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(ws, 'busy.smp.yaml'), BUSY);
  const vsix = join(home, 'smp-stack-lab.vsix');
  packageVsix(vsix);
  installExtension(install, home, vsix);
  server = await startCodeServer(install, home);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const p = page;
  try {
    await p.goto(`${server.url}/?folder=${encodeURIComponent(ws)}`);
    await waitForWorkbench(p);

    // The model in the editor: the checker warns about the lock nobody takes.
    await p.locator('.explorer-folders-view .monaco-list-row', { hasText: 'busy.smp.yaml' }).first().dblclick();
    await p.waitForFunction(() => {
      const n = (document.querySelector('[id="status.problems"]')?.textContent ?? '').match(/\d+/g)?.map(Number) ?? [];
      return n.length >= 2 && n[1] >= 1;
    }, undefined, { timeout: 30_000 });

    // Run it (no variants: no variant pick).
    await runCommand(p, 'SMP Stack Lab: Run Current Model');
    const first = await shownRunId(p);

    // b never ran: a warning in the log, and in the Problems view beside (not instead of) the checker's warning.
    await eventually('the starved thread in the log', () => /busy\.smp\.yaml:7:\d+: warning: thread b never ran/.test(extensionLog(server!.userDataDir)));
    await p.waitForFunction(() => {
      const n = (document.querySelector('[id="status.problems"]')?.textContent ?? '').match(/\d+/g)?.map(Number) ?? [];
      return n.length >= 2 && n[1] >= 2;
    }, undefined, { timeout: 15_000 });
    const [errors, warnings] = await problemCounts(p);
    assert.equal(errors, 0);
    assert.ok(warnings >= 2, `warnings: ${warnings}`);
    await p.locator('[id="status.problems"]').click(); // opens the Problems panel
    await p.locator('.monaco-list-row', { hasText: 'thread b never ran' }).first().waitFor({ timeout: 15_000 });
    await p.locator('.monaco-list-row', { hasText: 'lock unused is declared but never taken' }).first().waitFor({ timeout: 15_000 });
    // The status bar: the last result.
    const status = p.locator('.statusbar-item', { hasText: TITLE });
    await status.first().waitFor({ timeout: 15_000 });
    await shot('01-starved-thread-problems-status-bar');

    // Rerun Last, from the palette and by its key: the same tab shows each new run; no new tab, no new group.
    const groups = await p.locator('.editor-group-container').count();
    await runCommand(p, 'SMP Stack Lab: Rerun Last');
    const second = await nextRun(p, first);
    await p.locator('.tabs-container .tab', { hasText: 'busy.smp.yaml' }).first().click(); // focus on the workbench, not in the webview
    await p.keyboard.press('Control+Alt+Shift+Enter');
    const third = await nextRun(p, second);
    assert.ok(third > second && second > first, `runs ${first}, ${second}, ${third}`);
    assert.equal(await p.locator('.tabs-container .tab', { hasText: TITLE }).count(), 1, 'one tab for the model and variant');
    assert.equal(await p.locator('.editor-group-container').count(), groups, 'no new editor group');
    await shot('02-rerun-same-tab');

    // One webview at a time (webviewFrame), and no model in the editor (Run Sweep… would take it): close them all.
    await runCommand(p, 'View: Close All Editors');
    await p.waitForFunction(() => document.querySelectorAll('.tabs-container .tab').length === 0, undefined, { timeout: 15_000 });

    // Run Sweep… on the built-in giant-vs-mpsafe: 8 points, one progress notification, the sweep view.
    await runCommand(p, 'SMP Stack Lab: Run Sweep…');
    await p.locator('.quick-input-widget .monaco-list-row .label-description', { hasText: /^built-in$/ }).first().waitFor({ timeout: 30_000 });
    await pickQuickItem(p, 'giant-vs-mpsafe');
    await p.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: /^mpsafe$/ }).first().waitFor({ timeout: 30_000 });
    await pickQuickItem(p, 'base');
    const view = webviewFrame(p);
    await view.locator('.smp-scaling circle.point').nth(7).waitFor({ timeout: 180_000 });
    assert.equal(await view.locator('.smp-scaling circle.point').count(), 8);
    assert.equal(await view.locator('.smp-sweep-points tbody tr').count(), 8);
    await eventually('the sweep as one design in the log', () => /\(8 points\): 8 runs/.test(extensionLog(server!.userDataDir)));
    await shot('03-sweep-view');

    // A point opens its own timeline (made again: deterministic).
    await view.locator('.smp-sweep-points button.link', { hasText: 'cpus=5' }).first().click();
    await p.locator('.tabs-container .tab', { hasText: 'cpus=5' }).first().waitFor({ timeout: 60_000 });
    await shot('04-sweep-point-timeline');
  } catch (e) {
    await shot('failure');
    throw new Error(`${(e as Error).message}\n--- code-server output (tail) ---\n${server.output().slice(-3000)}`);
  }
});
