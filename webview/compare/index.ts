// Two runs side by side (variants of a scenario, or before/after an edit):
// per-CPU time, the lock table with deltas, a differential flame graph (red
// grew, blue shrank), packet throughput and latency, and for a sweep the
// scaling curve with the Universal Scalability Law fitted. Every number
// covers each run after its warm-up, as the CLI summary does.
import type { ComparePair, RunView, ViewContext } from '../context';
import type { CompareStats, SweepPoint } from '../../src/core/protocol';
import { intervalsOverlap } from '../../src/core/stats';
import { cpuBreakdown } from '../../src/trace/analysis/cpuBreakdown';
import { diffFlame, weightsOf } from '../../src/trace/analysis/diffFlame';
import { buildFlame, type FlameKind } from '../../src/trace/analysis/flame';
import { lockStats } from '../../src/trace/analysis/lockstat';
import { defaultMapping, type LockMapping } from '../../src/core/lockMapping';
import { lockMatchControls } from './lockMatch';
import { statsRange } from '../../src/trace/analysis/range';
import type { TimeRange } from '../../src/trace/analysis/range';
import type { Trace } from '../../src/trace/schema';
import { formatCount, formatDuration, formatRate, withHalfWidth } from '../../src/core/format';
import { FlameCanvas } from '../flame/flameCanvas';
import { cpuBars, stateLegend } from './cpuBars';
import { delta, formatDelta, measuredNs, packetRows, type Delta, type LockDelta } from './deltas';
import { sweepSection } from './sweepView';

type Run = Pick<RunView, 'runId' | 'title' | 'trace' | 'openSource'>;

/** The compare tab: mounts the comparison the panel carries, or says how to get one. */
export function mountCompareTab(el: HTMLElement, ctx: ViewContext): void {
  if (ctx.compare) {
    const c = ctx.compare;
    mountCompare(el, c.a, c.b, c.sweep, c.openPoint, c.stats, { mapping: c.lockMapping, save: c.saveLockMapping });
    return;
  }
  const p = document.createElement('p');
  p.className = 'smp-compare note';
  p.textContent = 'This panel shows one run. To compare two, use “SMP Stack Lab: Compare Variants…”, “Compare Two Runs…” (a model run beside an imported capture) or “Run Sweep…” from the command palette.';
  el.replaceChildren(p);
}

/** With `sweep`, the sweep view comes first (sweepView.ts), then its first and last point compared. */
export function mountCompare(
  el: HTMLElement, a: Run, b: Run, sweep?: SweepPoint[], openPoint?: (index: number) => void, stats?: ComparePair['stats'],
  lockMatch?: { mapping?: LockMapping; save?(m: LockMapping): void },
): void {
  const root = document.createElement('div');
  root.className = 'smp-compare';
  el.replaceChildren(root);
  const ra = measured(a.trace), rb = measured(b.trace);

  if (sweep && sweep.length) root.append(sweepSection(sweep, openPoint));
  root.append(heading(sweep && sweep.length ? 'Runs: the first and last point' : 'Runs'), runsList(a, b));

  root.append(heading('CPU time'), stateLegend(), cpuBars('A', cpuBreakdown(a.trace, ra)), cpuBars('B', cpuBreakdown(b.trace, rb)));

  root.append(heading('Locks'));
  // runs of different lengths (a model beside a capture): totals do not compare, the mean wait and the rate do
  const la = measuredNs(a.trace.meta), lb = measuredNs(b.trace.meta);
  if (la > 0 && lb > 0 && Math.abs(la - lb) > 0.01 * Math.max(la, lb)) {
    root.append(note(`The runs measured different lengths (A ${formatDuration(la)}, B ${formatDuration(lb)}): compare the mean wait and the waits per second; the totals grow with the length.`));
  }
  if (stats) root.append(note(`Mean ± 95% confidence interval of ${stats.a.replications} (A) and ${stats.b.replications} (B) replications; a change whose intervals overlap is marked “not significant”. The timelines and flame graphs show each run's first replication.`));
  // rows joined by name, or through the mapping the user edits (a model beside a capture: lockMatch.ts)
  const mapping = lockMatch?.mapping ?? defaultMapping(isCapture(a.trace), isCapture(b.trace));
  root.append(lockMatchControls({
    a: lockStats(a.trace, ra), b: lockStats(b.trace, rb), mapping, save: lockMatch?.save,
    // replicated figures are by lock name: they apply where both runs' rows are locks
    show: (rows, m) => locksTable(rows, m.by.a === 'lock' && m.by.b === 'lock' ? stats : undefined),
  }));

  root.append(heading('Flame graph difference'));
  const bar = document.createElement('div');
  bar.className = 'smp-flame-bar';
  const kindSel = select('Graph', [['cpu', 'On-CPU time'], ['wait', 'Lock wait']]);
  const widthSel = select('Widths', [['b', 'run B'], ['a', 'run A']]);
  const legend = document.createElement('span');
  legend.className = 'smp-legend smp-flame-legend';
  legend.append(swatch('grow', 'grew from A to B'), swatch('shrink', 'shrank'));
  bar.append(kindSel.label, widthSel.label, legend);
  const flameBox = document.createElement('div');
  root.append(bar, flameBox);
  let diff = diffFlame(buildFlame(a.trace, 'cpu', ra), buildFlame(b.trace, 'cpu', rb), 'on-CPU');
  const canvas = new FlameCanvas(flameBox, {
    meta: b.trace.meta,
    label: 'Differential flame graph',
    // Source ids belong to their run: B's where the path exists there, else A's.
    open: (src, node) => {
      if (src > 0) b.openSource(src);
      else if (diff.srcA[node] > 0) a.openSource(diff.srcA[node]);
    },
  });
  const drawDiff = () => {
    const tree = weightsOf(diff, widthSel.select.value as 'a' | 'b');
    canvas.setTree(tree, { ...diff, labelA: 'A', labelB: 'B' }, true);
  };
  kindSel.select.addEventListener('change', () => {
    const k = kindSel.select.value as FlameKind;
    diff = diffFlame(buildFlame(a.trace, k, ra), buildFlame(b.trace, k, rb), k === 'cpu' ? 'on-CPU' : 'lock wait');
    drawDiff();
  });
  widthSel.select.addEventListener('change', drawDiff);
  drawDiff();

  root.append(heading('Packets'));
  const packets = packetRows(a.trace.meta, b.trace.meta);
  root.append(packets ? packetsTable(packets) : note('Neither run carried packets.'));

}

/** An imported capture (its rows are best read by call site, as perf shows them). */
function isCapture(t: Trace): boolean {
  return t.meta.stopReason === 'imported';
}

function measured(t: Trace): TimeRange {
  return statsRange(t.meta);
}

function runsList(a: Run, b: Run): HTMLElement {
  const box = document.createElement('div');
  box.className = 'smp-compare-runs';
  for (const [tag, r] of [['A', a], ['B', b]] as const) {
    const t = document.createElement('span');
    t.className = 'tag';
    t.textContent = tag;
    const d = document.createElement('span');
    const m = r.trace.meta;
    d.textContent = `${r.title} — ${m.cpus} CPUs, ${formatDuration(measuredNs(m))} measured${m.warmupNs > m.startNs ? ` after ${formatDuration(m.warmupNs - m.startNs)} warm-up` : ''}`;
    box.append(t, d);
  }
  return box;
}

/**
 * With `stats` (replications), a column that has them shows each run's mean ±
 * half-width, the change between the means, and "not significant" when the
 * two intervals overlap (then it is neither better nor worse).
 */
function locksTable(rows: LockDelta[], stats?: ComparePair['stats']): HTMLElement {
  if (rows.length === 0) return note('Neither run has locks.');
  const pct = (v: number) => `${v.toFixed(1)}%`;
  const pt = (v: number) => `${v.toFixed(1)} pt`;
  // better: which direction of change is good (0: neither, e.g. how often a lock was taken).
  type StatKey = keyof CompareStats['locks'][string];
  // holds: a figure that needs the lock's holds, which a capture does not have (its tracepoints see only contended takes): "—" there, and no change
  const cols: { label: string; get(r: (typeof rows)[number]): Delta; fmt(v: number): string; dfmt?(v: number): string; better: -1 | 0 | 1; title?(r: (typeof rows)[number], run: 'a' | 'b'): string; stat?: StatKey; holds?: boolean }[] = [
    { label: 'Total wait', get: (r) => r.waitNs, fmt: formatDuration, better: -1, stat: 'waitTotalNs',
      title: (r, run) => `spin ${formatDuration(r.spinNs[run])} · sleep ${formatDuration(r.sleepNs[run])}` },
    { label: 'Contended', get: (r) => r.contendedPct, fmt: pct, dfmt: pt, better: -1, holds: true },
    { label: 'Acquired', get: (r) => r.acquisitions, fmt: formatCount, better: 0, stat: 'acquisitions', holds: true },
    { label: 'Hold', get: (r) => r.holdNs, fmt: formatDuration, better: -1, stat: 'holdTotalNs', holds: true },
    { label: 'Util.', get: (r) => r.utilisation, fmt: (v) => pct(100 * v), dfmt: (v) => pt(100 * v), better: -1, stat: 'utilization', holds: true },
    // comparable between runs of different lengths (a model beside a capture)
    { label: 'Mean wait', get: (r) => r.meanWaitNs, fmt: formatDuration, better: -1 },
    { label: 'Waits /s', get: (r) => r.waitsPerSec, fmt: formatRate, better: -1 },
  ];
  const UNKNOWN = 'Unknown in a capture: lock:contention_begin/end fire only when a take has to wait, so its acquisitions and holds are not seen';
  const table = document.createElement('table');
  table.className = 'smp-compare-locks';
  table.setAttribute('aria-label', 'Locks of run A and run B');
  const head = table.createTHead();
  const top = head.insertRow();
  const sub = head.insertRow();
  th(top, 'Lock', 2);
  th(top, 'Type', 2);
  for (const c of cols) {
    const g = th(top, c.label);
    g.colSpan = 3;
    g.className = 'group';
    g.scope = 'colgroup';
    for (const s of ['A', 'B', 'Δ']) th(sub, s);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    rowHeader(tr, r.name);
    tr.insertCell().textContent = r.type;
    for (const c of cols) {
      const sa = c.stat && r.a ? stats?.a.locks[r.nameA]?.[c.stat] : undefined;
      const sb = c.stat && r.b ? stats?.b.locks[r.nameB]?.[c.stat] : undefined;
      // replicated means where both runs have them, else the traces' own figures
      const d = sa && sb ? delta(sa[0], sb[0]) : c.get(r);
      const unknown = (run: 'a' | 'b') => !!(c.holds && r[run] && !r[run]!.acquisitionsKnown);
      for (const run of ['a', 'b'] as const) {
        const v = tr.insertCell();
        const s = run === 'a' ? sa : sb;
        v.textContent = r[run] && !unknown(run) ? (sa && sb && s ? withHalfWidth(c.fmt(s[0]), s[1], c.fmt) : c.fmt(d[run])) : '—';
        if (unknown(run)) v.title = UNKNOWN;
        else if (r[run] && c.title) v.title = c.title(r, run);
      }
      const cell = tr.insertCell();
      if (unknown('a') || unknown('b')) {
        cell.textContent = '—';
        cell.title = UNKNOWN;
        continue;
      }
      const same = !!(sa && sb && intervalsOverlap({ mean: sa[0], half: sa[1] }, { mean: sb[0], half: sb[1] }));
      deltaText(cell, c.dfmt ? formatDelta(d, c.dfmt, false) : formatDelta(d, c.fmt));
      if (same && d.delta !== 0) {
        const ns = document.createElement('span');
        ns.className = 'ns';
        ns.textContent = ' not significant';
        ns.title = 'The two 95% confidence intervals overlap';
        cell.append(ns);
      } else if (d.delta !== 0 && c.better !== 0) cell.className = Math.sign(d.delta) === c.better ? 'better' : 'worse';
    }
  }
  return table;
}

/** A row's first cell: a header cell naming the row, for screen readers (long names truncate; the whole one on hover). */
function rowHeader(tr: HTMLTableRowElement, text: string): void {
  const name = document.createElement('th');
  name.scope = 'row';
  name.textContent = text;
  name.title = text;
  tr.append(name);
}

/** "+1.2 µs (+18.8%)" with the relative part free to go to a second line, so the table fits a narrow panel. */
function deltaText(cell: HTMLElement, text: string): void {
  const i = text.indexOf(' (');
  if (i < 0) { cell.textContent = text; return; }
  const part = (t: string) => { const e = document.createElement('span'); e.className = 'ratio'; e.textContent = t; return e; };
  cell.replaceChildren(part(text.slice(0, i)), ' ', part(text.slice(i + 1)));
}

function packetsTable(rows: NonNullable<ReturnType<typeof packetRows>>): HTMLElement {
  const table = document.createElement('table');
  table.setAttribute('aria-label', 'Packets of run A and run B');
  const head = table.createTHead().insertRow();
  for (const s of ['', 'A', 'B', 'Δ']) th(head, s);
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    rowHeader(tr, r.label);
    tr.insertCell().textContent = r.format(r.d.a);
    tr.insertCell().textContent = r.format(r.d.b);
    const cell = tr.insertCell();
    deltaText(cell, formatDelta(r.d, r.format));
    if (r.d.delta !== 0) cell.className = (r.d.delta > 0) === r.higherIsBetter ? 'better' : 'worse';
  }
  return table;
}

function heading(text: string): HTMLElement {
  const h = document.createElement('h2');
  h.textContent = text;
  return h;
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
}

function th(row: HTMLTableRowElement, text: string, rowSpan = 1): HTMLTableCellElement {
  const c = document.createElement('th');
  c.scope = 'col';
  c.textContent = text;
  if (rowSpan > 1) c.rowSpan = rowSpan;
  row.append(c);
  return c;
}

function select(text: string, options: [string, string][]) {
  const sel = document.createElement('select');
  for (const [v, t] of options) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = t;
    sel.append(o);
  }
  const label = document.createElement('label');
  label.append(document.createTextNode(text), sel);
  return { select: sel, label };
}

function swatch(cls: string, text: string): HTMLElement {
  const s = document.createElement('span');
  const i = document.createElement('i');
  i.className = cls;
  s.append(i, document.createTextNode(text));
  return s;
}
