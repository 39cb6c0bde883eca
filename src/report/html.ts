// The standalone HTML report (`smplab run … --html-out report.html`): one
// offline file that opens in any browser. It holds the webview bundle and its
// CSS inline, each run as base64 of the binary trace (src/trace/codec.ts),
// fallback values for the --vscode-* variables (light and dark), and a CSP
// that allows only those exact inline script and style blocks (by hash).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeTrace } from '../trace/codec';
import type { Trace } from '../trace/schema';
import { fallbackCss, referencedVariables } from './themeFallback';

export interface ReportRun {
  title: string;
  trace: Trace;
}

export interface HtmlReportOptions {
  /** The page title; default: the first run's title. */
  title?: string;
  /** The webview bundle's text; default: dist/webview.js read from disk. */
  script?: string;
  /** The webview CSS; default: media/webview.css read from disk. */
  css?: string;
  /** Where dist/ and media/ live (only there); default: found from this module's location or the working directory. */
  assetRoot?: string;
}

export class ReportError extends Error {}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Candidate roots holding dist/webview.js: bundled CLI (dist/..), source tree (src/report/../..), cwd. */
function assetRoots(explicit?: string): string[] {
  if (explicit) return [explicit];
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  return [resolve(here, '..'), resolve(here, '..', '..'), process.cwd()];
}

function readAsset(rel: string, explicit?: string): string {
  for (const root of assetRoots(explicit)) {
    const p = join(root, rel);
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new ReportError(`${rel} is missing (looked in ${assetRoots(explicit).join(', ')}); build the extension first with "npm run build"`);
}

/** Text safe inside <script>: no "</script" or "<!--" can end or confuse the element (same meaning in JS). */
function scriptSafe(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function renderHtmlReport(runs: ReportRun[], opts: HtmlReportOptions = {}): string {
  if (!runs.length) throw new ReportError('a report needs at least one run');
  const script = scriptSafe(opts.script ?? readAsset(join('dist', 'webview.js'), opts.assetRoot));
  const viewCss = opts.css ?? readAsset(join('media', 'webview.css'), opts.assetRoot);
  const css = `${fallbackCss(referencedVariables(viewCss, script))}\n${viewCss.replace(/<\/(style)/gi, '<\\/$1')}`;
  const title = opts.title ?? runs[0].title;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data: blob:',
    'font-src data:',
  ].join('; ');
  const data = runs.map((r, k) => {
    const b64 = Buffer.from(encodeTrace(r.trace)).toString('base64');
    return `<script type="application/octet-stream" data-smplab-run data-run-id="${k + 1}" data-title="${escapeHtml(r.title)}">${b64}</script>`;
  }).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SMP Stack Lab">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body data-host="report">
<div id="app"></div>
${data}
<script>${script}</script>
</body>
</html>
`;
}
