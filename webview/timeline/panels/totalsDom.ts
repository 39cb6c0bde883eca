// The range-selection totals as DOM: per CPU a stacked bar of states and the
// numbers behind it, lock waits per lock, counter movement.
import { CPU_STATE_NAMES, CpuState } from '../../../src/trace/schema';
import { h } from '../../common/dom';
import { formatCount, formatDuration, formatPercent, formatRate, formatTime } from '../../../src/core/format';
import type { RangeTotals } from '../data/totals';

export function renderTotals(t: RangeTotals): HTMLElement {
  const len = t.end - t.start;
  const root = h('div', 'tl-totals-body');
  root.append(h('div', 'tl-totals-head', undefined,
    `Selection ${formatTime(t.start)} – ${formatTime(t.end)} (${formatDuration(len)})`));

  const cpuTable = h('table', 'tl-table tl-cpu-totals', { 'aria-label': 'Time by state per CPU' });
  const head = h('tr');
  head.append(h('th', undefined, undefined, 'CPU'), h('th', undefined, undefined, 'states'));
  for (const name of CPU_STATE_NAMES) head.append(h('th', 'num', undefined, name));
  head.append(h('th', 'num', undefined, 'switches'), h('th', 'num', undefined, 'interrupts'));
  cpuTable.append(h('thead', undefined, undefined, head));
  const body = h('tbody');
  for (const c of t.cpus) {
    const tr = h('tr', undefined, { 'data-cpu': String(c.cpu) });
    const bar = h('div', 'tl-state-bar', { 'aria-hidden': 'true' });
    c.ns.forEach((ns, s) => {
      if (ns <= 0) return;
      const seg = h('span', `tl-state st-${CPU_STATE_NAMES[s]}`, { title: `${CPU_STATE_NAMES[s]} ${formatDuration(ns)}` });
      seg.style.width = `${(100 * ns) / Math.max(len, 1)}%`;
      bar.append(seg);
    });
    tr.append(h('td', undefined, undefined, `CPU ${c.cpu}`), h('td', undefined, undefined, bar));
    c.ns.forEach((ns, s) => tr.append(h('td', `num${s === CpuState.Spin && ns > 0 ? ' tl-hot' : ''}`, { title: formatDuration(ns) }, formatPercent(ns, len))));
    tr.append(h('td', 'num', undefined, String(c.switches)), h('td', 'num', undefined, String(c.interrupts)));
    body.append(tr);
  }
  cpuTable.append(body);
  root.append(cpuTable);

  if (t.locks.length) {
    const lt = h('table', 'tl-table tl-lock-totals', { 'aria-label': 'Lock waits in the selection' });
    lt.append(h('thead', undefined, undefined, h('tr', undefined, undefined,
      h('th', undefined, undefined, 'lock'), h('th', 'num', undefined, 'waits'), h('th', 'num', undefined, 'spin'),
      h('th', 'num', undefined, 'sleep'), h('th', 'num', undefined, 'max wait'))));
    const lb = h('tbody');
    for (const l of t.locks) {
      lb.append(h('tr', undefined, { 'data-lock': String(l.lock) },
        h('td', undefined, undefined, l.name), h('td', 'num', undefined, String(l.waits)),
        h('td', 'num', undefined, formatDuration(l.spinNs)), h('td', 'num', undefined, formatDuration(l.sleepNs)),
        h('td', 'num', undefined, formatDuration(l.maxNs))));
    }
    lt.append(lb);
    root.append(lt);
  } else {
    root.append(h('div', 'tl-muted', undefined, 'No lock waits in the selection.'));
  }

  if (t.series.length) {
    const st = h('table', 'tl-table tl-series-totals', { 'aria-label': 'Counters over the selection' });
    st.append(h('thead', undefined, undefined, h('tr', undefined, undefined,
      h('th', undefined, undefined, 'counter'), h('th', 'num', undefined, 'change'), h('th', 'num', undefined, 'rate'), h('th', 'num', undefined, 'max'))));
    const sb = h('tbody');
    for (const s of t.series) {
      sb.append(h('tr', undefined, { 'data-series': String(s.series) },
        h('td', undefined, { title: s.kind }, s.name),
        h('td', 'num', undefined, `${s.delta >= 0 ? '+' : ''}${formatCount(s.delta)}`),
        h('td', 'num', undefined, s.kind === 'queue' ? '—' : formatRate(s.ratePerSec)),
        h('td', 'num', undefined, formatCount(s.max))));
    }
    st.append(sb);
    root.append(st);
  }
  if (t.drops) root.append(h('div', 'tl-muted', undefined, `${t.drops} packet drop${t.drops === 1 ? '' : 's'} marked in the selection.`));
  return root;
}
