// What a new user hit in VS Code (issue 17), end to end in a real VS Code
// (code-server, see vscode.test.ts and ../shared/E2E.md), for the parts that
// live in the workbench rather than in the webview (those have browser tests
// under test/webview): a run of a model whose second thread never gets a CPU
// leaves a warning in the Problems view beside the checker's own (a lock
// nobody takes) and in the log, and the status bar item shows the last result; Rerun Last (palette,
// then its key Ctrl+Alt+Shift+Enter) shows the new run in the same tab, no
// new tab or editor group; Export Trace… writes the file and its notification's
// Open shows a binary trace in its own timeline tab and Reveal selects a
// folded-stacks file in the Explorer; Run Sweep… on an 8-point sweep (more than the six
// traces the run registry keeps) opens the sweep view with every point, and a
// point opens its own timeline. Screenshots go to test-output/e2e/.
//
// Needs scripts/e2e-setup.sh to have run; SMPLAB_E2E=skip skips it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeRunHome, removeRunHome } from './codeServer';
import { E2eWorkbench } from './session';
import { eventually, extensionLog } from './extensionFiles';
import { packageVsix, REPO } from './vsix';
import { pickQuickItem, quickPickRows, runCommand, webviewFrame } from './workbench';
import { twoBusyModel } from '../fixtures/twoBusy';

const SHOTS = join(REPO, 'test-output', 'e2e');
const skip = process.env.SMPLAB_E2E === 'skip';
/** Two equal-priority busy threads on one CPU without time slices: b never runs. And a lock nobody takes (a checker warning). */
const BUSY = twoBusyModel('{ cpus: 1 }', { unusedLock: true });
const TITLE = 'busy — base';

let home = '';
const wb = new E2eWorkbench();

async function shot(name: string): Promise<void> {
  if (wb.page) await wb.page.screenshot({ path: join(SHOTS, `issue17-${name}.png`) });
}

before(() => {
  if (skip) return;
  mkdirSync(SHOTS, { recursive: true });
  home = makeRunHome();
});

after(async () => {
  await wb.close();
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

/**
 * Export Trace… on a run of the model (if it asks which), as `format`, to the name the save dialog offers. The
 * whole command is tried again if one of its quick inputs closes under it (focus moving to the webview as the
 * last run's panel settles); it is over once the save dialog is accepted.
 */
async function exportModelRun(p: Page, format: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  const input = p.locator('.quick-input-widget input');
  for (;;) {
    try {
      await runCommand(p, 'SMP Stack Lab: Export Trace…');
      const rows = await quickPickRows(p);
      if (!rows.includes(format)) await pickQuickItem(p, 'busy', TITLE); // which run? (an opened trace file is one too)
      await pickQuickItem(p, format.split(':')[0], format);
      // code-server's save dialog is a quick input holding the offered path: accept it.
      const until = Date.now() + 30_000;
      while (!/\.(smptrace|folded)$/.test(await input.inputValue({ timeout: 5000 }).catch(() => ''))) {
        if (Date.now() > until) throw new Error(`no save dialog for ${format}`);
        await p.waitForTimeout(250);
      }
      await p.keyboard.press('Enter');
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await p.keyboard.press('Escape');
    }
  }
}

/** Click `button` on the notification that names `text`. */
async function clickNotificationButton(p: Page, text: string, button: string): Promise<void> {
  const toast = p.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout: 60_000 });
  await toast.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).first().click();
}

/** [errors, warnings] from the status bar's Problems item. */
async function problemCounts(p: Page): Promise<number[]> {
  return ((await p.locator('[id="status.problems"]').innerText()).match(/\d+/g) ?? []).map(Number);
}

test('in a real VS Code: starved thread in Problems, status bar, rerun in the same tab, export then Open and Reveal, an 8-point sweep', { skip, timeout: 400_000 }, async () => {
  const ws = join(home, 'workspace');
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(ws, 'busy.smp.yaml'), BUSY);
  const vsix = join(home, 'smp-stack-lab.vsix');
  packageVsix(vsix);
  let p: Page;
  try {
    p = await wb.open(home, vsix, ws);

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
    await eventually('the starved thread in the log', () => /busy\.smp\.yaml:7:\d+: warning: thread b never ran/.test(extensionLog(wb.userDataDir)));
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

    // Export Trace… as the binary trace, then Open in the notification: the file's own timeline tab.
    await exportModelRun(p, 'SMP Stack Lab trace');
    await clickNotificationButton(p, 'busy-base.smptrace', 'Open');
    await p.locator('.tabs-container .tab.active', { hasText: 'busy-base.smptrace' }).first().waitFor({ timeout: 60_000 });
    assert.ok(statSync(join(ws, 'busy-base.smptrace')).size > 0);
    // As on-CPU folded stacks, then Reveal: the Explorer selects the file (it is in the workspace).
    await exportModelRun(p, 'Folded stacks: on-CPU time');
    await clickNotificationButton(p, 'busy-base-cpu.folded', 'Reveal');
    await p.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'busy-base-cpu.folded' }).first().waitFor({ timeout: 30_000 });
    // Both threads' stacks, one "frames weight" line each (the starved thread has none: it never ran).
    assert.match(readFileSync(join(ws, 'busy-base-cpu.folded'), 'utf8'), /^\S.* \d+$/m);
    await shot('03-export-open-reveal');
    // and no export's progress notification stays behind
    await p.locator('.notifications-toasts .notification-toast', { hasText: 'exporting' }).first().waitFor({ state: 'hidden', timeout: 15_000 });

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
    await eventually('the sweep as one design in the log', () => /\(8 points\): 8 runs/.test(extensionLog(wb.userDataDir)));
    await shot('04-sweep-view');

    // A point opens its own timeline (made again: deterministic).
    await view.locator('.smp-sweep-points button.link', { hasText: 'cpus=5' }).first().click();
    await p.locator('.tabs-container .tab', { hasText: 'cpus=5' }).first().waitFor({ timeout: 60_000 });
    await shot('05-sweep-point-timeline');
  } catch (e) {
    await shot('failure');
    throw wb.failure(e);
  }
});
