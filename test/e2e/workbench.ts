// Driving the VS Code workbench (as served by code-server) from playwright:
// the command palette, quick picks, the editor's cursor line, hovers, and
// the webview's inner frame. Only plain DOM the workbench shows a user.
import type { FrameLocator, Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

const QUICK_INPUT = '.quick-input-widget';

export async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
  // The explorer is populated once the remote extension host is connected.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
}

/**
 * Developer: Reload Window. Unlike a bare page reload, the workbench first
 * saves its state (open editors, groups, webview state), so a layout changed
 * just before comes back; a page reload keeps only what the browser storage
 * had flushed by then.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await navigated;
  await waitForWorkbench(page);
}

/**
 * F1 (Ctrl+Shift+P can land in a focused terminal), type the title, pick the
 * exact entry. Retries while the extension's contributions are still loading,
 * and when the palette closes again before it is typed in (focus moving to a
 * webview or a notification as it opens).
 */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator(`${QUICK_INPUT} input`);
    const row = page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: title }).first();
    try {
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      // The palette's fuzzy filter does not match "…"; the row itself shows the full title.
      await input.fill(`>${title.replace(/…$/, '')}`, { timeout: 5000 });
      await row.waitFor({ state: 'visible', timeout: 3000 });
      await row.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no command "${title}" in the palette after ${timeoutMs} ms (${(e as Error).message.split('\n')[0]})`);
    }
  }
}

/** The labels of the rows of the open quick pick. */
export async function quickPickRows(page: Page): Promise<string[]> {
  await page.locator(`${QUICK_INPUT} .monaco-list-row`).first().waitFor({ state: 'visible', timeout: 30_000 });
  // A row's first label is the item's label (a detail line is a second one).
  return page.locator(`${QUICK_INPUT} .monaco-list-row`).evaluateAll((rows) =>
    rows.map((r) => r.querySelector('.label-name')?.textContent ?? ''));
}

/** Filter the open quick pick by `text` and accept the row whose label is exactly `label`. */
export async function pickQuickItem(page: Page, text: string, label = text): Promise<void> {
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const row = page.locator(`${QUICK_INPUT} .monaco-list-row`).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
  }).first();
  await row.waitFor({ state: 'visible', timeout: 30_000 });
  await row.click();
}

/** The inner document of the visible webview (code-server nests two iframes). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** "Ln 14, Col 7" from the status bar, as numbers. */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number }> {
  const text = await page.locator('[id="status.editor.selection"]').innerText();
  const m = /Ln (\d+), Col (\d+)/.exec(text);
  if (!m) throw new Error(`no cursor position in the status bar: "${text}"`);
  return { line: Number(m[1]), column: Number(m[2]) };
}

/** The labels of the active tab of every editor group, the focused group's first. */
export async function activeTabLabels(page: Page): Promise<string[]> {
  const focused = await page.locator('.editor-group-container.active .tabs-container .tab.active').allInnerTexts();
  const all = await page.locator('.tabs-container .tab.active').allInnerTexts();
  // innerText breaks a label into lines around its highlighted parts.
  return [...focused, ...all.filter((t) => !focused.includes(t))].map((t) => t.replace(/\s*\n\s*/g, '').trim());
}

/**
 * Client rectangle of the last visible occurrence of `text` in the focused
 * editor. Monaco splits a line into token spans, so the substring is located
 * with a DOM Range over the line's text nodes. (Passed as text: in-page code
 * must not carry the test transform's helpers.)
 */
async function editorTextRect(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return page.evaluate(`(() => {
    const needle = ${JSON.stringify(text)};
    const lines = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines .view-line')]
      .filter((l) => (l.textContent || '').includes(needle))
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    const line = lines[lines.length - 1];
    if (!line) return null;
    const at = (line.textContent || '').lastIndexOf(needle);
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0, started = false;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const len = n.textContent.length;
      if (!started && at < seen + len) { range.setStart(n, at - seen); started = true; }
      if (started && at + needle.length <= seen + len) { range.setEnd(n, at + needle.length - seen); break; }
      seen += len;
    }
    const r = range.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  })()`);
}

/** Where the last visible occurrence of `text` is in the focused editor (client px). */
export async function editorTextBox(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await editorTextRect(page, text);
  if (!box || box.width === 0) throw new Error(`"${text}" is not visible in the focused editor`);
  return box;
}

/** Hover the last visible occurrence of `text` in the focused editor and return the hover's text. */
export async function hoverEditorText(page: Page, text: string, expectInHover: RegExp): Promise<string> {
  const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: expectInHover });
  for (let attempt = 0; attempt < 5; attempt++) {
    const box = await editorTextBox(page, text);
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.3, y);
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 3 });
    try {
      await hover.first().waitFor({ state: 'visible', timeout: 5000 });
      return await hover.first().innerText();
    } catch {
      await page.mouse.move(0, 0);
    }
  }
  throw new Error(`no hover matching ${expectInHover} over "${text}"`);
}
