import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CHUNK_BYTES, renderHtmlReport, ReportError, writeHtmlReport } from '../../src/report/html';
import { TraceStreamDecoder } from '../../src/trace/codecStream';
import { inflateRawSync } from 'node:zlib';
import { fallbackValue, referencedVariables } from '../../src/report/themeFallback';
import { planesOf } from '../../webview/reportData';
import { TABLE_LAYOUT, TABLE_NAMES } from '../../src/trace/schema';
import { checkedCounts, LANE_PLAN_VERSION, lanePlan } from '../../src/trace/lanePlan';
import { smallTrace } from './fixtures/smallTrace';
import { syntheticTrace } from './fixtures/syntheticTrace';

function webviewBundle(): string {
  if (!existsSync('dist/webview.js')) spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  return readFileSync('dist/webview.js', 'utf8');
}

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

test('the report is one self-contained file: bundle and CSS inline, nothing fetched, CSP hashes match the inline blocks', () => {
  const { trace } = smallTrace();
  const html = renderHtmlReport([{ title: 'small run', trace }]);
  assert.doesNotMatch(html, /<script[^>]+\bsrc=/i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /url\(\s*['"]?https?:/i);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  // The one executed script (no type, no src): after the runs' descriptions, before their data.
  const main = /<script>([\s\S]*?)<\/script>\n/.exec(html)![1];
  assert.equal([...html.matchAll(/<script>/g)].length, 1);
  assert.ok(html.lastIndexOf('data-smplab-run ') < html.indexOf('<script>') && html.indexOf('<script>') < html.indexOf('data-smplab-chunk'));
  assert.match(csp, /; worker-src blob:(;|$)/, 'workers only from blob: (the page\'s own decode worker)');
  assert.doesNotMatch(csp, /unsafe-(eval|inline)|wasm/);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  assert.ok(main.length > 50_000, 'the webview bundle is inlined');
  assert.ok(csp.includes(`script-src ${hash(main)}`), 'script hash');
  assert.ok(csp.includes(`style-src ${hash(style)}`), 'style hash');
  assert.ok(style.includes('.tl-root'), 'the timeline CSS is inlined');
});

test('each run is embedded as base64 chunks of the binary trace, written in pieces, and decodes to the same columns', () => {
  const a = smallTrace().trace;
  const b = syntheticTrace({ spans: 150_000, cpus: 2 }); // several MB: more than one chunk
  const pieces: string[] = [];
  writeHtmlReport([{ title: 'A <b>&"', trace: a }, { title: 'B', trace: b }], (s) => { pieces.push(s); });
  assert.ok(Math.max(...pieces.map((p) => p.length)) <= (CHUNK_BYTES / 3) * 4 * 1.01, 'no piece longer than one chunk of base64');
  const html = pieces.join('');
  assert.equal(html, renderHtmlReport([{ title: 'A <b>&"', trace: a }, { title: 'B', trace: b }]));
  const blocks = [...html.matchAll(/<script type="application\/octet-stream" data-smplab-run data-run-id="(\d+)" data-title="([^"]*)" data-bytes="(\d+)" data-chunks="(\d+)" data-encoding="deflate-raw" data-planes="([^"]*)"><\/script>/g)];
  assert.equal(blocks.length, 2);
  assert.equal(blocks[0][2], 'A &lt;b&gt;&amp;&quot;', 'titles are escaped');
  assert.equal(Number(blocks[0][4]), 1);
  assert.ok(Number(blocks[1][4]) >= 2, "the larger run spans several chunks");
  assert.match(html, /<title>A &lt;b&gt;&amp;&quot;<\/title>/);
  for (const [k, want] of [a, b].entries()) {
    const chunks = [...html.matchAll(new RegExp(`<script type="application/octet-stream" data-smplab-chunk data-run-id="${k + 1}">([^<]*)</script>`, 'g'))];
    assert.equal(chunks.length, Number(blocks[k][4]));
    // Each chunk is raw deflate of its own 3 MB of the encoded trace (its whole-nanosecond columns as planes).
    const planes = planesOf(blocks[k][5]);
    assert.equal(planes['spans.start'], 'delta');
    const bytes = Buffer.concat(chunks.map((c) => inflateRawSync(Buffer.from(c[1], 'base64'))));
    assert.ok(chunks.every((c, j) => j === chunks.length - 1 || inflateRawSync(Buffer.from(c[1], 'base64')).length === CHUNK_BYTES));
    assert.equal(bytes.length, Number(blocks[k][3]));
    // Read back whole, and through the page's streaming decoder in pieces of odd sizes.
    const whole = new TraceStreamDecoder(planes);
    whole.push(new Uint8Array(bytes));
    const got = whole.finish();
    const dec = new TraceStreamDecoder(planes);
    for (let at = 0; at < bytes.length; at += 65_537) dec.push(new Uint8Array(bytes.subarray(at, at + 65_537)));
    const streamed = dec.finish();
    assert.deepEqual(streamed.length, want.length);
    assert.deepEqual(Array.from(streamed.tables.spans.start), Array.from(want.tables.spans.start));
    assert.deepEqual(got.meta, want.meta);
    assert.deepEqual(got.length, want.length);
    for (const t of TABLE_NAMES) {
      for (const col of Object.keys(TABLE_LAYOUT[t])) {
        const g = (got.tables[t] as unknown as Record<string, ArrayLike<number>>)[col];
        const w = (want.tables[t] as unknown as Record<string, ArrayLike<number>>)[col];
        assert.deepEqual(Array.from(g), Array.from(w), `${t}.${col}`);
      }
    }
  }
});

test('the first run\'s plan of the timeline\'s lanes is written before the page\'s script, and reads back as the plan of its spans', () => {
  const a = syntheticTrace({ spans: 60_000, cpus: 4 });
  const b = smallTrace().trace;
  const html = renderHtmlReport([{ title: 'A', trace: a }, { title: 'B', trace: b }]);
  const plans = [...html.matchAll(/<script type="application\/octet-stream" data-smplab-lane-plan="(\d+)" data-run-id="(\d+)" data-counts="([^"]*)">([^<]*)<\/script>\n/g)];
  assert.equal(plans.length, 1, 'the first run only (the one the page shows first)');
  const [m, version, runId, counts, text] = plans[0];
  assert.equal(Number(version), LANE_PLAN_VERSION);
  assert.equal(runId, '1');
  assert.ok(html.lastIndexOf('data-smplab-run ') < html.indexOf(m) && html.indexOf(m) < html.indexOf('<script>'), 'after the runs\' descriptions, before the script');
  const want = lanePlan(a.meta, a.tables.spans, a.length.spans);
  const read = checkedCounts(JSON.parse(counts.replace(/&quot;/g, '"')), a.meta.cpus, a.meta.locks.length);
  assert.deepEqual(read, want.counts);
  assert.deepEqual(new Uint8Array(inflateRawSync(Buffer.from(text, 'base64'))), want.lanes);
  assert.ok(text.length < html.length / 50, 'a small part of the report');
  assert.equal(checkedCounts({ ...want.counts, states: want.counts.states.slice(1) }, a.meta.cpus, a.meta.locks.length), undefined, 'counts of another shape are not taken');
  assert.equal(checkedCounts({ ...want.counts, holds: want.counts.holds.map(() => -1) }, a.meta.cpus, a.meta.locks.length), undefined);
  assert.equal(checkedCounts({ ...want.counts, holds: want.counts.holds.map((n) => n + 1) }, a.meta.cpus, a.meta.locks.length), undefined, 'holds that are not the sum of their lanes');
});

test('every --vscode-* variable the views use has a light and a dark value in the report', () => {
  const script = webviewBundle();
  const css = readFileSync('dist/webview.css', 'utf8');
  const html = renderHtmlReport([{ title: 't', trace: smallTrace().trace }], { script, css });
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  const [light, dark] = style.split('@media (prefers-color-scheme: dark)');
  const used = referencedVariables(script, css);
  assert.ok(used.includes('charts-red') && used.includes('editor-background'));
  for (const name of used) {
    assert.match(light, new RegExp(`--vscode-${name}: [^;]+;`), `light ${name}`);
    assert.match(dark, new RegExp(`--vscode-${name}: [^;]+;`), `dark ${name}`);
  }
  assert.notEqual(fallbackValue('editor-background', 'light'), fallbackValue('editor-background', 'dark'));
  assert.equal(fallbackValue('someWidget-border', 'dark'), fallbackValue('panel-border', 'dark'), 'unknown names get a value by role');
});

test('inline text cannot close its element early, and bad input gets a clear error', () => {
  const html = renderHtmlReport([{ title: 't', trace: smallTrace().trace }], { script: 'var s = "</script><!-- x";', css: 'a{}' });
  const main = /<script>([\s\S]*?)<\/script>\n/.exec(html)![1];
  assert.equal(main, 'var s = "<\\/script><\\!-- x";');
  assert.equal(new Function(`${main}; return s;`)(), '</script><!-- x', 'the escaped script means the same');
  assert.throws(() => renderHtmlReport([]), ReportError);
  assert.throws(() => renderHtmlReport([{ title: 't', trace: smallTrace().trace }], { assetRoot: '/nonexistent', css: 'a{}' }), (e: Error) => e instanceof ReportError && /dist\/webview\.js is missing .*npm run build/.test(e.message));
});

test('the page is ASCII only (Chromium decodes it on a fast path), every other character escaped with the same meaning', () => {
  const script = 'var s = "a–b\\–c\\\\–😀"; var r = /^(\\d+)(?:\\s*[-–]\\s*(\\d+))?$/.exec("3 – 5"); var t = `x·${s}`; var é = 1;';
  const css = '.a::after{content:"→"}';
  const title = 'Giant ≥ 2 — 😀 <b>';
  const html = renderHtmlReport([{ title, trace: smallTrace().trace }], { script, css });
  assert.ok(!/[^\x00-\x7f]/.test(html), 'no character beyond ASCII');
  const main = /<script>([\s\S]*?)<\/script>\n/.exec(html)![1];
  // eslint-disable-next-line no-new-func
  const ran = new Function(`${main}; return [s, r && r.slice(1), t, é];`)();
  // eslint-disable-next-line no-new-func
  const want = new Function(`${script}; return [s, r && r.slice(1), t, é];`)();
  assert.deepEqual(ran, want, 'the escaped script means the same');
  assert.deepEqual(want, ['a–b–c\\–😀', ['3', '5'], 'x·a–b–c\\–😀', 1]);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
  assert.ok(style.includes('.a::after{content:"\\2192 "}'), 'CSS escape');
  assert.ok(html.includes(hash(style).slice(1, -1)), 'the CSP hashes the style as written');
  assert.ok(html.includes(hash(main).slice(1, -1)), 'the CSP hashes the script as written');
  const unescape = (s: string) => s.replace(/&#x([0-9a-f]+);/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  assert.equal(unescape(/<title>(.*?)<\/title>/.exec(html)![1]), title);
  assert.equal(unescape(/data-title="([^"]*)"/.exec(html)![1]), title);
});
