// Per-CPU time by state for both runs as stacked bars (DOM, so the theme's
// variables colour them directly), with the busy share beside each.
import type { CpuBreakdown } from '../../src/trace/analysis/cpuBreakdown';
import { CPU_STATE_NAMES } from '../../src/trace/schema';

export function cpuBars(tag: string, rows: CpuBreakdown[]): HTMLElement {
  const box = document.createElement('div');
  for (const r of rows) {
    // Shares of the range, so time no state covers (an imported trace's gaps) stays blank.
    const total = r.rangeNs;
    const row = document.createElement('div');
    row.className = 'smp-cpu-row';
    const name = document.createElement('span');
    name.textContent = `${tag} cpu${r.cpu}`;
    const bar = document.createElement('div');
    bar.className = 'smp-cpu-bar';
    bar.setAttribute('role', 'img');
    const parts: string[] = [];
    CPU_STATE_NAMES.forEach((state, s) => {
      if (!(r.ns[s] > 0) || !(total > 0)) return;
      const seg = document.createElement('span');
      seg.className = `state-${state}`;
      const pct = (100 * r.ns[s]) / total;
      seg.style.width = `${pct}%`;
      seg.title = `${state} ${pct.toFixed(1)}%`;
      bar.append(seg);
      parts.push(`${state} ${pct.toFixed(1)}%`);
    });
    bar.setAttribute('aria-label', `${tag} cpu${r.cpu}: ${parts.join(', ')}`);
    const busy = document.createElement('span');
    busy.textContent = `${(100 * r.busy).toFixed(1)}%`;
    busy.title = 'Busy (not idle)';
    row.append(name, bar, busy);
    box.append(row);
  }
  return box;
}

export function stateLegend(): HTMLElement {
  const l = document.createElement('div');
  l.className = 'smp-legend';
  for (const s of CPU_STATE_NAMES) {
    const item = document.createElement('span');
    const sw = document.createElement('i');
    sw.className = `state-${s}`;
    if (s === 'idle') sw.style.border = '1px solid currentColor';
    item.append(sw, document.createTextNode(s));
    l.append(item);
  }
  return l;
}
