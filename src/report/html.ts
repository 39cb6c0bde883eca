// The standalone HTML report (`smplab run … --html-out report.html`): one
// offline file that opens in any browser. It holds the webview bundle and its
// CSS inline, each run as the binary trace (src/trace/codec.ts) cut into
// 3 MB pieces, each compressed on its own (raw deflate) and
// written as base64 in one non-executed <script type="application/octet-stream">
// (after an empty one describing the run, written with the others before the
// page's script, the data after it). The Float64 columns of whole
// nanoseconds go as planes (src/trace/columnPlanes.ts, named in the run's
// data-planes): the whole trace deflates about 19-fold where it went tenfold
// (10 M spans: a 25 MB page, was 49 MB), so the browser has half the text to
// parse. Fallback values for the --vscode-* variables (light and dark), and a
// CSP that allows only those exact inline script and style blocks (by hash)
// and workers from blob: (the page's decode worker, made from its own bundle). Written in pieces: no string
// holds the whole report (one did, and failed at about 5 M spans with "Cannot
// create a string longer than 0x1fffffe8 characters"), and the page decodes
// and inflates the chunks straight into the trace's columns (webview/reportData.ts).
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { encodeReportParts } from '../trace/codecStream';
import { LANE_PLAN_VERSION, lanePlan } from '../trace/lanePlan';
import type { Trace } from '../trace/schema';
import { escapeHtml } from '../core/escapeHtml';
import { fallbackCss, referencedVariables } from './themeFallback';
import type { ReplicatedLockTable } from '../trace/analysis/lockColumns';

export interface ReportRun {
  title: string;
  trace: Trace;
  /** With replications: the lock table of all of them (the trace is the first's), written into the run's element as JSON. */
  locks?: ReplicatedLockTable;
}

export interface HtmlReportOptions {
  /** The page title; default: the first run's title. */
  title?: string;
  /** The webview bundle's text; default: dist/webview.js read from disk. */
  script?: string;
  /** The webview CSS; default: dist/webview.css (the bundle's stylesheet) read from disk. */
  css?: string;
  /** Where dist/ lives (only there); default: found from this module's location or the working directory. */
  assetRoot?: string;
}

export class ReportError extends Error {}

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

/**
 * The page in ASCII only: one non-ASCII character anywhere (an en dash in a bundled regex) and Chromium decoded the
 * whole page's bytes on its slow path (1 M spans: 28 ms of the main thread before the data's chunks reach the
 * parser, against 7-12 ms with the same page in ASCII). Each other character is written as an escape of the same
 * meaning where it stands: `escape` gets its code point.
 */
function asciiOnly(text: string, escape: (code: number) => string): string {
  return text.replace(/[^\x00-\x7f]/gu, (c) => escape(c.codePointAt(0)!));
}
/**
 * JavaScript in ASCII only: each other character as UTF-16 \u escapes, the same character in strings, template
 * literals, regular expressions and identifiers. One escaped by a backslash (`\–`, the same character too) loses
 * that backslash, or the \u escape would be read as an escaped backslash and the text "u2013".
 */
function asciiScript(js: string): string {
  return js.replace(/(\\*)([^\x00-\x7f])/gu, (_m, slashes: string, c: string) => {
    const units = c.split('').map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    return slashes.slice(slashes.length % 2) + units;
  });
}
/** In CSS: a hexadecimal escape, ended by a space. */
const cssEscape = (code: number): string => `\\${code.toString(16)} `;
/** In HTML text and attribute values: a character reference. */
const htmlText = (s: string): string => asciiOnly(escapeHtml(s), (code) => `&#x${code.toString(16)};`);

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Bytes of the encoded trace per embedded chunk (before compression). */
export const CHUNK_BYTES = 3 * 1024 * 1024;
/** How each chunk is compressed: the DecompressionStream format the page inflates it with. */
export const CHUNK_ENCODING = 'deflate-raw';

/** The report as one string (small traces and tests; writeHtmlReport for files). */
export function renderHtmlReport(runs: ReportRun[], opts: HtmlReportOptions = {}): string {
  const parts: string[] = [];
  writeHtmlReport(runs, (s) => { parts.push(s); }, opts);
  return parts.join('');
}

/** The report as bytes, for writers that take one buffer (no string of the whole report). */
export function htmlReportBytes(runs: ReportRun[], opts: HtmlReportOptions = {}): Uint8Array {
  const parts: Buffer[] = [];
  writeHtmlReport(runs, (s) => { parts.push(Buffer.from(s, 'utf8')); }, opts);
  return Buffer.concat(parts);
}

/** Streams the report to `write` in pieces (each at most a few MB). */
export function writeHtmlReport(runs: ReportRun[], write: (text: string) => void, opts: HtmlReportOptions = {}): void {
  if (!runs.length) throw new ReportError('a report needs at least one run');
  const script = asciiScript(scriptSafe(opts.script ?? readAsset(join('dist', 'webview.js'), opts.assetRoot)));
  const viewCss = opts.css ?? readAsset(join('dist', 'webview.css'), opts.assetRoot);
  const css = asciiOnly(`${fallbackCss(referencedVariables(viewCss, script))}\n${viewCss.replace(/<\/(style)/gi, '<\\/$1')}`, cssEscape);
  const title = opts.title ?? runs[0].title;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(css)}`,
    'img-src data: blob:',
    'font-src data:',
    // The page's decode worker, started from its own bundle (webview/reportWorker.ts): nothing else may run.
    'worker-src blob:',
  ].join('; ');
  write(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlText(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="SMP Stack Lab">
<title>${htmlText(title)}</title>
<style>${css}</style>
</head>
<body data-host="report">
<div id="app"></div>
`);
  // The runs' descriptions, then the script, then their data: the script starts while the browser still parses the
  // data, and decodes each chunk (in a worker) as soon as it is parsed.
  const written = runs.map((r, k) => describeRun(r, k + 1, write));
  // The first run's lanes for the timeline (the view shown first), read by the page's script when it starts.
  writeLanePlan(runs[0], 1, write);
  write(`<script>${script}</script>\n`);
  written.forEach((w, k) => writeChunks(w, k + 1, write));
  write(`</body>
</html>
`);
}

/** One run's descriptor element; returns its encoded parts for writeChunks. */
function describeRun(r: ReportRun, runId: number, write: (text: string) => void): Iterable<Uint8Array> {
  const { parts, size, planes } = encodeReportParts(r.trace);
  const chunks = Math.ceil(size / CHUNK_BYTES);
  const planeList = Object.entries(planes).map(([col, coding]) => `${col}=${coding}`).join(' ');
  const locks = r.locks ? ` data-locks="${htmlText(JSON.stringify(r.locks, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)))}"` : '';
  write(`<script type="application/octet-stream" data-smplab-run data-run-id="${runId}" data-title="${htmlText(r.title)}" data-bytes="${size}" data-chunks="${chunks}" data-encoding="${CHUNK_ENCODING}" data-planes="${planeList}"${locks}></script>\n`);
  return parts;
}

/**
 * The run's plan of the timeline's lanes (src/trace/lanePlan.ts): the counts as JSON in data-counts, each CPU lock
 * span's lane as bytes (raw deflate, base64) in the element. About 1% of the report's size.
 */
function writeLanePlan(r: ReportRun, runId: number, write: (text: string) => void): void {
  const { counts, lanes } = lanePlan(r.trace.meta, r.trace.tables.spans, r.trace.length.spans);
  write(`<script type="application/octet-stream" data-smplab-lane-plan="${LANE_PLAN_VERSION}" data-run-id="${runId}" data-counts="${htmlText(JSON.stringify(counts))}">`);
  write(deflateRawSync(lanes, { level: 6 }).toString('base64'));
  write('</script>\n');
}

/** One run's bytes in base64 chunks. */
function writeChunks(parts: Iterable<Uint8Array>, runId: number, write: (text: string) => void): void {
  const stage = new Uint8Array(CHUNK_BYTES);
  let fill = 0;
  const flush = () => {
    write(`<script type="application/octet-stream" data-smplab-chunk data-run-id="${runId}">`);
    // Level 2: most of the gain (about tenfold on engine traces) at a fraction of the default level's time. Level 1
    // was no faster to write and its output 6% larger (52.7 against 49.4 MB at 10 M spans; Node's inflate was also
    // slower on it, Chromium's about the same).
    write(deflateRawSync(stage.subarray(0, fill), { level: 2 }).toString('base64'));
    write('</script>\n');
    fill = 0;
  };
  for (const p of parts) {
    for (let at = 0; at < p.length;) {
      const k = Math.min(CHUNK_BYTES - fill, p.length - at);
      stage.set(p.subarray(at, at + k), fill);
      fill += k;
      at += k;
      if (fill === CHUNK_BYTES) flush();
    }
  }
  if (fill) flush();
}
