// Headless Debian Chromium through playwright-core, with the flags from
// ../shared/E2E.md, for the webview's browser tests and benchmark; and the
// before/after pair every file of browser tests shares (one Chromium per
// file, closed after its last test).
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.SMPLAB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/**
 * Browser tests run unless SMPLAB_E2E=skip says otherwise (as the VS Code
 * test does): a missing Chromium fails them with the fix, so a CI machine
 * that lost its install cannot pass by skipping them.
 */
export function browserSkip(): string | false {
  return process.env.SMPLAB_E2E === 'skip' ? 'SMPLAB_E2E=skip' : false;
}

export function launch(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), set SMPLAB_CHROMIUM, or SMPLAB_E2E=skip`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * The set-up of a file of browser tests: before the first test, Chromium is
 * launched and `setUp` opens what the tests use (a page, a report); after the
 * last, Chromium closes. Returns `skip` for the tests' options: with
 * SMPLAB_E2E=skip nothing is launched and every test is skipped.
 */
export function browserTests(setUp: (browser: Browser) => Promise<void>, extraArgs: string[] = []): { skip: string | false } {
  const skip = browserSkip();
  let browser: Browser | undefined;
  before(async () => {
    if (skip) return;
    browser = await launch(extraArgs);
    await setUp(browser);
  });
  after(async () => { await browser?.close(); });
  return { skip };
}
