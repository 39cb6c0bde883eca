// Webview entry (bundled to dist/webview.js). Receives HostToWebview messages
// (from the extension through window 'message', or from runs embedded in the
// HTML report), turns each WireTrace into a Trace, builds the shared
// ViewContext and the tab shell: the timeline plus the views registered in
// extraViews.ts. Sends 'ready' once listening and 'openSource' (source id
// only) for links; keeps the view state through the host's getState/setState,
// which VS Code keeps with the tab (webview/panelState.ts).
import './styles.css';
import type { HostToWebview, RunPayload, ViewName } from '../src/core/protocol';
import { fromWire } from '../src/trace/codec';
import type { Trace } from '../src/trace/schema';
import { Store, type ComparePair, type Highlight, type TimeRange, type ViewContext } from './context';
import { extraViews } from './extraViews';
import { mountPairedTimelines, mountWithRunSwitch } from './pairedViews';
import { pictureFormats, pictureOf } from './picture';
import type { PictureFormat } from '../src/core/picture';
import { createHost } from './host';
import { savedStateOf, stateToMount, type SavedState } from './panelState';
import { decodedWhere, hasEmbeddedRuns, inflatedHere, readEmbeddedRuns } from './reportData';
import { limitStop } from '../src/trace/limitNote';
import { Shell, type TabSpec } from './shell';
import { h } from './common/dom';
import type { LockMapping } from '../src/core/lockMapping';
import { TimelineView, type SavedTimeline } from './timeline/view';

/** What tests and the benchmark can reach in the page. */
export interface PageHooks {
  timeline?: TimelineView;
  /** Run B's timeline in a comparison. */
  timelineB?: TimelineView;
  ctx?: ViewContext;
  /** performance.now() when the page's script began to run (ms since the page began loading). */
  scriptAt?: number;
  /** performance.now() when the last run's data arrived, when the timeline's index was built, when its first full frame began, and when it was drawn. */
  dataAt?: number;
  indexedAt?: number;
  frameFrom?: number;
  paintAt?: number;
  /** Report only: when reading the embedded runs began and ended (ms since the page began loading). */
  decodeFrom?: number;
  decodedAt?: number;
  /** Report only: where each run was decoded ('worker', or 'page' where no worker could be made). */
  decodedWhere?: string[];
  /** Report only: chunks of each run inflated on the page's thread (the rest by the worker). */
  inflatedHere?: number[];
  /** Messages posted to the host (report mode only records them). */
  posted: unknown[];
  /** The state last given to setState (what VS Code keeps with the tab). */
  savedState?: () => unknown;
}

const hooks: PageHooks = { posted: [], scriptAt: performance.now() };
const host = createHost();
(window as unknown as { __smplab: PageHooks }).__smplab = hooks;

const app = document.getElementById('app') ?? document.body.appendChild(h('div', undefined, { id: 'app' }));
const shell = new Shell(app);
let state: SavedState = savedStateOf(host.getState());
let timeline: TimelineView | undefined;
/** In a comparison, the two timelines go together. */
let disposePair: (() => void) | undefined;
let reportRuns: RunPayload[] = [];
hooks.savedState = () => state;

function saveState(patch: Partial<SavedState>): void {
  state = { ...state, ...patch };
  host.setState(state);
}
shell.onShow = (view) => { saveState({ view }); updatePictureMenu(); };

function post(m: Parameters<typeof host.post>[0]): void {
  hooks.posted.push(m);
  host.post(m);
}

function openSourceFor(runId: number, trace: Trace): (src: number) => void {
  return (src: number) => {
    if (!Number.isSafeInteger(src) || src <= 0) return;
    if (host.kind === 'report') {
      // No editor here: say where the line is.
      const s = trace.meta.sources[src];
      if (s) shell.toast(`${s.fn ? `${s.fn} — ` : ''}${s.file}:${s.line}:${s.column}`);
      post({ type: 'openSource', runId, src });
      return;
    }
    post({ type: 'openSource', runId, src });
  };
}

/**
 * Show a run (and the run it is compared with). The view shown: `view` when
 * asked for, else the one saved for this run, else `defaultView`, else the timeline.
 */
function mountRun(
  run: RunPayload, view: ViewName | undefined, compare?: { b: RunPayload; sweep?: ComparePair['sweep']; stats?: ComparePair['stats']; lockMapping?: LockMapping },
  defaultView?: ViewName, stale?: string,
): void {
  // A tab showing a run already keeps its view when a new run comes into it (a rerun).
  const shownBefore = hooks.ctx ? shell.view : undefined;
  let trace: Trace;
  let traceB: Trace | undefined;
  try {
    trace = fromWire(run.trace);
    if (compare) traceB = fromWire(compare.b.trace);
  } catch (err) {
    shell.showMessage(`Could not read the trace of "${run.title}": ${(err as Error).message}`, 'error');
    post({ type: 'log', level: 'error', message: `bad trace from host: ${(err as Error).message}` });
    return;
  }
  hooks.dataAt = performance.now();
  hooks.indexedAt = hooks.frameFrom = hooks.paintAt = undefined;
  // A run cut short by a limit says so above every view (the report names the CLI's option, the panel the setting).
  const m = trace.meta;
  // A run from before its model was edited says so too.
  const limit = limitStop({ stopReason: m.stopReason, stopDetail: m.stopDetail, simulatedNs: m.endNs },
    document.body.dataset.host === 'report' ? 'cli' : 'vscode')?.message;
  shell.notice([stale && `${stale}: this is the run from before.`, limit].filter(Boolean).join(' ') || undefined);
  if (disposePair) disposePair();
  else timeline?.dispose();
  disposePair = undefined;
  timeline = undefined;
  hooks.timelineB = undefined;

  const ctx: ViewContext = {
    runId: run.runId,
    title: run.title,
    trace,
    ...(run.locks ? { replicated: run.locks } : {}),
    selection: new Store<TimeRange | null>(null),
    highlight: new Store<Highlight>(null),
    openSource: openSourceFor(run.runId, trace),
    showView: (v) => shell.show(v),
  };
  if (compare && traceB) {
    ctx.compare = {
      a: { runId: run.runId, title: run.title, trace, openSource: ctx.openSource },
      b: { runId: compare.b.runId, title: compare.b.title, trace: traceB, openSource: openSourceFor(compare.b.runId, traceB), ...(compare.b.locks ? { replicated: compare.b.locks } : {}) },
      sweep: compare.sweep,
      stats: compare.stats,
      ...(compare.sweep && host.kind === 'vscode' ? { openPoint: (index: number) => post({ type: 'openSweepPoint', runId: run.runId, index }) } : {}),
      ...(compare.lockMapping ? { lockMapping: compare.lockMapping } : {}),
      ...(host.kind === 'vscode' ? { saveLockMapping: (mapping: LockMapping) => post({ type: 'lockMapping', runId: run.runId, mapping }) } : {}),
    };
  }
  hooks.ctx = ctx;
  // Read before anything is shown: showing the first tab saves the view it shows.
  const saved = stateToMount(state, run.runId);
  const tabs: TabSpec[] = [
    {
      name: 'timeline',
      title: 'Timeline',
      mount: (el) => {
        const opts = {
          // Restored only onto the same trace (the saved key names it), e.g. after a window reload.
          saved: saved.timeline,
          onSave: (s: SavedTimeline) => saveState({ timeline: s }),
          onIndexed: () => { hooks.indexedAt = performance.now(); },
          onFirstFrame: () => { hooks.frameFrom = performance.now(); },
          onFirstPaint: () => { hooks.paintAt = performance.now(); },
        };
        if (ctx.compare) {
          // both runs on one time axis (pairedViews.ts); A's state is the one saved
          const pair = mountPairedTimelines(el, ctx, ctx.compare.b, opts);
          timeline = pair.a;
          hooks.timelineB = pair.b;
          disposePair = pair.dispose;
        } else {
          timeline = new TimelineView(el, ctx, opts);
        }
        hooks.timeline = timeline;
      },
    },
    ...extraViews.map((v) => ({
      name: v.name, title: v.title,
      mount: (el: HTMLElement) => (ctx.compare && v.name !== 'compare' ? mountWithRunSwitch(el, ctx, ctx.compare.b, v.mount, v.title) : v.mount(el, ctx)),
    })),
  ];
  state = { runId: run.runId, view: saved.view, timeline: saved.timeline };
  host.setState(state);
  const picker = reportPicker(run.runId);
  shell.setExtra(...(picker ? [picker] : []), pictureMenu(run.runId), h('span', 'shell-title', { title: run.title }, run.title));
  // The timeline always mounts first (other tabs mount when first shown), so its first paint is not delayed.
  shell.setTabs(tabs, 'timeline');
  const want = view ?? saved.view ?? shownBefore ?? defaultView;
  if (want && want !== 'timeline') shell.show(want);
}

let pictureSelect: HTMLSelectElement | undefined;

/** "Save picture": the formats the current view can give (picture.ts); the host asks where and checks the bytes. */
function pictureMenu(runId: number): HTMLElement {
  const sel = h('select', 'shell-picture', { 'aria-label': 'Save a picture of this view', title: 'Save a picture of this view' });
  sel.append(h('option', undefined, { value: '' }, 'Save picture…'), h('option', undefined, { value: 'png' }, 'PNG'), h('option', undefined, { value: 'svg' }, 'SVG'));
  sel.addEventListener('change', () => {
    const format = sel.value as PictureFormat | '';
    sel.value = '';
    const panel = shell.currentPanel;
    if (!format || !panel) return;
    const view = shell.view;
    pictureOf(view, panel, format).then((data) => {
      if (host.kind === 'vscode') post({ type: 'savePicture', runId, view, format, data });
      else download(`${view}.${format}`, data, format);
    }, (err: Error) => shell.toast(`No picture: ${err.message}`));
  });
  pictureSelect = sel;
  return sel;
}

function updatePictureMenu(): void {
  const sel = pictureSelect;
  const panel = shell.currentPanel;
  if (!sel || !panel) return;
  const formats = pictureFormats(shell.view, panel);
  for (const o of sel.options) if (o.value) o.disabled = !formats.includes(o.value as PictureFormat);
  sel.disabled = formats.length === 0;
  sel.title = formats.length ? 'Save a picture of this view' : 'This view is text: no picture (Export Trace… writes its data)';
}

/** The standalone report has no host: the browser downloads the picture. */
function download(name: string, data: Uint8Array, format: PictureFormat): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(data)], { type: format === 'png' ? 'image/png' : 'image/svg+xml' }));
  const a = h('a', undefined, { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** In a report of several runs, a picker between them. */
function reportPicker(current: number): HTMLElement | null {
  if (reportRuns.length < 2) return null;
  const sel = h('select', 'shell-run-picker', { 'aria-label': 'Run' });
  for (const r of reportRuns) {
    const o = h('option', undefined, { value: String(r.runId) }, r.title);
    o.selected = r.runId === current;
    sel.append(o);
  }
  sel.addEventListener('change', () => {
    const r = reportRuns.find((x) => String(x.runId) === sel.value);
    if (r) showReportRun(r, shell.view);
  });
  return sel;
}

function reveal(what: 'lock' | 'counter' | 'thread' | 'function', name: string): void {
  const ctx = hooks.ctx;
  if (!ctx) return;
  const meta = ctx.trace.meta;
  let hl: Highlight = null;
  if (what === 'lock') {
    const id = meta.locks.findIndex((l) => l.name === name);
    if (id >= 0) hl = { kind: 'lock', id };
  } else if (what === 'thread') {
    const id = meta.threads.findIndex((t) => t.name === name);
    if (id >= 0) hl = { kind: 'thread', id };
  } else if (what === 'counter') {
    const id = meta.series.findIndex((s) => s.name === name);
    if (id >= 0) hl = { kind: 'series', id };
  } else {
    hl = { kind: 'function', name };
  }
  ctx.highlight.set(hl ?? { kind: 'search', text: name });
  shell.show('timeline');
}

function handle(m: HostToWebview): void {
  switch (m.type) {
    case 'load':
      mountRun(m.run, m.view, undefined, undefined, m.stale);
      break;
    case 'compare':
      mountRun(m.a, m.view, { b: m.b, sweep: m.sweep, stats: m.stats, lockMapping: m.lockMapping }, 'compare', m.stale);
      break;
    case 'show':
      shell.show(m.view);
      break;
    case 'reveal':
      reveal(m.what, m.name);
      break;
    case 'problem':
      shell.showMessage(m.message, 'error');
      break;
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as HostToWebview | undefined;
  if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
  handle(m);
});
window.addEventListener('error', (e) => post({ type: 'log', level: 'error', message: String(e.message) }));

post({ type: 'ready' }); // first: mounting a run reports its view state

if (hasEmbeddedRuns()) {
  hooks.decodeFrom = performance.now();
  shell.showMessage('Reading the report…');
  // Inflating the embedded runs is asynchronous (the browser's DecompressionStream).
  readEmbeddedRuns().then((runs) => {
    hooks.decodedAt = performance.now();
    hooks.decodedWhere = decodedWhere;
    hooks.inflatedHere = inflatedHere;
    reportRuns = runs;
    // No view asked for: the one saved for this run (inside VS Code, or a reload of the page) applies.
    if (reportRuns.length) showReportRun(reportRuns[0], undefined);
  }, (err: unknown) => {
    shell.showMessage(`This report's data is damaged: ${(err as Error).message}`, 'error');
  });
} else {
  shell.showMessage('Waiting for a run…');
}

/** A report of several runs shows one in the timeline and pairs it with another for the compare view. */
function showReportRun(run: RunPayload, view: ViewName | undefined): void {
  const other = reportRuns.find((r) => r !== run);
  mountRun(run, view, other ? { b: other } : undefined);
}
