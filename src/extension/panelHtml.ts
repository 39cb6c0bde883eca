// The timeline panel's HTML: one nonce'd script from dist/, stylesheets from
// dist/ or media/, and a Content-Security-Policy that allows nothing else —
// no inline script, no eval, no inline style, no network. Pure: the host
// passes webview URIs in as strings.
import { randomBytes } from 'node:crypto';
import { escapeHtml } from '../core/escapeHtml';

export interface PanelHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri of dist/webview.js */
  scriptUri: string;
  /** asWebviewUri of each stylesheet, in order. */
  styleUris: string[];
  title: string;
  /** Fresh per HTML document; tests pass a fixed one. */
  nonce?: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function panelHtml(input: PanelHtmlInput): string {
  const nonce = input.nonce ?? makeNonce();
  const csp = contentSecurityPolicy(input.cspSource, nonce);
  const styles = input.styleUris.map((u) => `  <link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>${escapeHtml(input.title)}</title>
</head>
<body data-host="vscode">
  <div id="app"></div>
  <script nonce="${nonce}" src="${escapeHtml(input.scriptUri)}"></script>
</body>
</html>
`;
}
