import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../src/extension/panelHtml';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUris: ['https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.css'],
  title: 'fwd <Giant> & "mpsafe"',
  nonce: 'N0nce_abc',
};

test('the CSP allows nothing but nonce scripts and resources from the extension', () => {
  const csp = contentSecurityPolicy(input.cspSource, 'N0nce_abc');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'none'"]);
  assert.deepEqual(directives['script-src'], ["'nonce-N0nce_abc'"]);
  assert.deepEqual(directives['style-src'], [input.cspSource]);
  assert.ok(!csp.includes('unsafe-eval') && !csp.includes('unsafe-inline'));
  assert.ok(!('connect-src' in directives));
});

test('the document has exactly one script: the bundle, by nonce, with no inline code', () => {
  const html = panelHtml(input);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="N0nce_abc"/);
  assert.match(scripts[0][1], /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
  assert.equal(scripts[0][2].trim(), '');
  assert.ok(!/\son\w+=/.test(html), 'no inline event handlers');
  assert.ok(!/<style/.test(html) && !/style="/.test(html), 'no inline style');
  assert.match(html, /<link rel="stylesheet" href="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.css">/);
  assert.match(html, /<title>fwd &lt;Giant&gt; &amp; &quot;mpsafe&quot;<\/title>/);
  assert.match(html, /http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
});

test('nonces are fresh and URL-safe', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.match(a, /^[A-Za-z0-9_-]{24}$/);
  assert.notEqual(panelHtml({ ...input, nonce: undefined }), panelHtml({ ...input, nonce: undefined }));
});
