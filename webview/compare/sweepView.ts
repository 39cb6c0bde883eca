// The sweep view: what a sweep found, on top of the compare tab of its first
// and last point. The scaling curve (error bars with replications, the USL
// fitted by 1/variance), each point a button that opens that point's
// timeline; a table of every point (throughput, lock wait, CPU shares); and
// the RFC 2544 zero-loss rate per point when the model searches for it.
import type { SweepPoint } from '../../src/core/protocol';
import { fitUsl } from '../../src/trace/analysis/usl';
import { formatCount, formatDuration, formatShare, withHalfWidth } from '../../src/core/format';
import { scalingChart } from './scalingChart';
import { sweepAxis } from './scaling';

/** `value ± half` when the half-width is known and not 0. */
const pm = (v: number, half: number | undefined, fmt: (v: number) => string) => withHalfWidth(fmt(v), half, fmt);

export function sweepSection(sweep: SweepPoint[], onOpen?: (index: number) => void): HTMLElement {
  const box = document.createElement('section');
  box.className = 'smp-sweep';
  const reps = Math.max(1, ...sweep.map((p) => p.replications ?? 1));
  const h = document.createElement('h2');
  h.textContent = 'Sweep';
  const what = document.createElement('p');
  what.className = 'note';
  what.textContent = `${sweep.length} point${sweep.length === 1 ? '' : 's'}${reps > 1 ? `, each the mean of ${reps} replications (± 95% confidence interval)` : ''}.` +
    (onOpen ? ' Click a point of the curve, or a row, to open its timeline.' : '');
  const pts = sweep.map((p) => ({ label: p.label, x: p.x, throughput: p.throughput, ci: p.throughputCi }));
  // the USL's N counts parallel units: a sweep of the offered rate gets its points joined, not a fit
  const axis = sweepAxis(sweep);
  const fit = axis.counts ? fitUsl(pts.map((p) => ({ n: p.x, throughput: p.throughput, ci: p.ci }))) : null;
  box.append(h, what, scalingChart(pts, fit, 560, 300, onOpen, axis), pointsTable(sweep, onOpen));
  if (sweep.some((p) => p.rfc2544)) box.append(rfcTable(sweep));
  return box;
}

function pointsTable(sweep: SweepPoint[], onOpen?: (index: number) => void): HTMLElement {
  const table = document.createElement('table');
  table.className = 'smp-sweep-points';
  table.setAttribute('aria-label', 'Sweep points');
  const head = table.createTHead().insertRow();
  for (const c of ['Point', 'Throughput /s', 'Lock wait', 'Most waited', 'User', 'Kernel', 'Intr', 'Softint', 'Spin', 'Idle']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  sweep.forEach((p, i) => {
    const tr = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    if (onOpen) {
      const b = document.createElement('button');
      b.className = 'link';
      b.textContent = p.label;
      b.title = `Open the timeline of ${p.label}`;
      b.addEventListener('click', () => onOpen(i));
      name.append(b);
    } else {
      name.textContent = p.label;
    }
    tr.append(name);
    const cell = (text: string) => { tr.insertCell().textContent = text; };
    cell(pm(p.throughput, p.throughputCi, formatCount));
    cell(p.lockWaitNs !== undefined ? pm(p.lockWaitNs, p.lockWaitCi, formatDuration) : '—');
    cell(p.topLock ?? '—');
    const t = p.cpuTime;
    for (const k of ['user', 'kernel', 'interrupt', 'softint', 'spin', 'idle'] as const) cell(t ? formatShare(t[k]) : '—');
  });
  return table;
}

function rfcTable(sweep: SweepPoint[]): HTMLElement {
  const wrap = document.createElement('div');
  const h = document.createElement('h2');
  h.textContent = 'RFC 2544 throughput';
  const table = document.createElement('table');
  table.className = 'smp-sweep-rfc';
  table.setAttribute('aria-label', 'RFC 2544 zero-loss rate per sweep point');
  const head = table.createTHead().insertRow();
  for (const c of ['Point', 'Zero-loss rate', 'Trials', 'Searched']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  for (const p of sweep) {
    if (!p.rfc2544) continue;
    const tr = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = p.label;
    tr.append(name);
    tr.insertCell().textContent = `${formatCount(p.rfc2544.zeroLossPps)} pps`;
    tr.insertCell().textContent = String(p.rfc2544.trials);
    tr.insertCell().textContent = `${formatCount(p.rfc2544.fromPps)}–${formatCount(p.rfc2544.toPps)} pps`;
  }
  wrap.append(h, table);
  return wrap;
}
