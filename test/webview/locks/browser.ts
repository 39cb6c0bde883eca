// Node side of the view tests: bundles harness.ts (and the webview's
// stylesheet it imports) with esbuild and opens it, in a Chromium the test
// file launched (../browser.ts: flags from E2E.md), in a page that defines the
// --vscode-* theme variables the views read.
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';

let bundle: { js: string; css: string } | undefined;

async function harnessBundle(): Promise<{ js: string; css: string }> {
  if (bundle) return bundle;
  const r = await esbuild.build({
    entryPoints: [join(__dirname, 'harness.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2022', logLevel: 'silent', outfile: join(__dirname, 'harness.out.js'),
  });
  const text = (ext: string) => r.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  bundle = { js: text('.js'), css: text('.css') };
  return bundle;
}

export const THEME = `
:root {
  --vscode-font-family: sans-serif; --vscode-font-size: 12px;
  --vscode-foreground: rgb(204, 204, 204); --vscode-editor-foreground: rgb(212, 212, 212);
  --vscode-editor-background: rgb(0, 0, 0); --vscode-descriptionForeground: rgb(150, 150, 150);
  --vscode-focusBorder: rgb(0, 127, 212);
  --vscode-charts-red: rgb(255, 0, 0); --vscode-charts-orange: rgb(255, 0, 0); --vscode-charts-yellow: rgb(255, 0, 0);
  --vscode-charts-blue: rgb(0, 0, 255); --vscode-charts-green: rgb(0, 255, 0); --vscode-charts-purple: rgb(255, 0, 255);
  --vscode-editorWidget-border: rgb(80, 80, 80);
}
body { margin: 0; background: var(--vscode-editor-background); color: var(--vscode-foreground); }
#app { width: 1000px; height: 700px; }
`;

/** Opens a page of the harness showing one view (`extra` goes onto window before the script runs). */
export interface Harness { open(view: string, extra?: Record<string, unknown>): Promise<Page> }

export async function harness(browser: Browser): Promise<Harness> {
  const { js: script, css } = await harnessBundle();
  return {
    async open(view, extra = {}) {
      const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent(`<!doctype html><html><head><style>${css}</style><style>${THEME}</style></head><body><div id="app"></div></body></html>`);
      await page.evaluate(([v, x]) => {
        const w = window as unknown as Record<string, unknown>;
        w.__view = v;
        Object.assign(w, x);
      }, [view, extra] as const);
      await page.addScriptTag({ content: script });
      await page.waitForFunction(() => (window as unknown as { __h?: unknown }).__h !== undefined || document.body.dataset.failed);
      if (errors.length) throw new Error(`page errors: ${errors.join('\n')}`);
      return page;
    },
  };
}
