// Run summaries as text for a terminal: one run in full, a sweep as a table.

import type { RunSummary } from '../trace/summary';
import type { SourceInfo } from '../trace/schema';
import { formatCount, formatDuration, formatShare } from '../format';
import { statsRangeText } from '../trace/analysis/range';
import { printable } from './terminal';

// the numbers as the VS Code views and hovers write them (src/format.ts)
const pct = (f: number) => (Number.isFinite(f) ? formatShare(f) : '-');
const num = (n: number) => (Number.isFinite(n) ? formatCount(Math.round(n)) : '-');
const dur = (ns: number) => (Number.isFinite(ns) ? formatDuration(Math.round(ns)) : '-');

function table(head: string[], rows: string[][], alignLeft = 1): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

function stopLine(s: RunSummary): string {
  const how = s.stopReason === 'completed' ? 'completed' : `stopped (${s.stopReason}${s.stopDetail ? `: ${s.stopDetail}` : ''})`;
  return `${printable(how)}: ${dur(s.simulatedNs)} simulated, ${num(s.events)} events in ${num(s.wallMs)} ms, ${num(s.records)} trace records (${(s.bytes / 1048576).toFixed(1)} MB)`;
}

function packetLine(s: RunSummary): string | undefined {
  const p = s.packets;
  if (!p) return undefined;
  const drops = Object.entries(p.dropped);
  const dropped = drops.length ? drops.map(([k, v]) => `${printable(k)} ${num(v)}`).join(', ') : 'none';
  const share = p.offered ? ` (${pct(p.delivered / p.offered)})` : '';
  const l = p.latencyNs;
  return `packets: offered ${num(p.offered)}, delivered ${num(p.delivered)}${share}, dropped ${dropped}; latency min ${dur(l.min)}, mean ${dur(l.mean)}, p99 ${dur(l.p99)}, max ${dur(l.max)}; reordered ${num(p.reordered)}`;
}

/** `limitNote`: the plain sentence for a run that stopped at a limit (src/trace/limitNote.ts), put right under the stop line. */
export function runText(s: RunSummary, file: string, limitNote?: string): string {
  const out: string[] = [];
  out.push(`${printable(s.model || file)}${s.variant ? `  [variant ${printable(s.variant)}]` : ''}  seed ${s.seed}  (${printable(file)})`);
  out.push(stopLine(s));
  if (limitNote) out.push(`NOTE: ${limitNote}`);
  out.push(`statistics ${statsRangeText(s.rangeNs)}`);
  out.push('');
  out.push(...table(
    ['cpu', 'busy', 'user', 'kernel', 'intr', 'softint', 'spin', 'idle', 'switches', 'interrupts'],
    s.cpus.map((c) => [String(c.id), pct(c.busy), pct(c.user), pct(c.kernel), pct(c.interrupt), pct(c.softint), pct(c.spin), pct(c.idle), num(c.contextSwitches), num(c.interrupts)]),
  ));
  if (s.locks.length) {
    out.push('');
    out.push(...table(
      ['lock', 'type', 'acquired', 'contended', 'wait total', 'wait mean', 'wait max', 'hand-off', 'hold mean', 'held'],
      s.locks.map((l) => [printable(l.name), printable(l.algorithm ? `${l.type} ${l.algorithm}` : l.type), num(l.acquisitions), num(l.contended), dur(l.waitTotalNs), dur(l.waitMeanNs), dur(l.waitMaxNs), dur(l.handoffMeanNs), dur(l.holdMeanNs), pct(l.utilization)]),
      2,
    ));
  }
  const counters = Object.entries(s.counters);
  if (counters.length) {
    out.push('');
    out.push(...table(['counter', 'total', 'per CPU'], counters.map(([k, c]) => [printable(k), num(c.total), c.perCpu.map(num).join(' ')])));
  }
  const p = packetLine(s);
  if (p) out.push('', p);
  return out.join('\n') + '\n';
}

export function sweepText(points: { label: string; summary: RunSummary }[], file: string, path: string): string {
  const first = points[0]?.summary;
  const out: string[] = [];
  out.push(`${printable(first?.model || file)}${first?.variant ? `  [variant ${printable(first.variant)}]` : ''}  seed ${first?.seed ?? '-'}  sweep ${printable(path)}  (${printable(file)})`);
  const hasPackets = points.some((p) => p.summary.packets);
  const head = ['point', 'stop', 'busy', 'spin', 'top lock', 'held', 'wait mean'];
  if (hasPackets) head.push('delivered', 'dropped', 'latency mean', 'p99');
  head.push('wall');
  const rows = points.map(({ label, summary: s }) => {
    const busy = s.cpus.reduce((a, c) => a + c.busy, 0) / Math.max(1, s.cpus.length);
    const spin = s.cpus.reduce((a, c) => a + c.spin, 0) / Math.max(1, s.cpus.length);
    const top = [...s.locks].sort((a, b) => b.waitTotalNs - a.waitTotalNs || b.utilization - a.utilization)[0];
    const row = [printable(label), s.stopReason, pct(busy), pct(spin), top ? printable(top.name) : '-', top ? pct(top.utilization) : '-', top ? dur(top.waitMeanNs) : '-'];
    if (hasPackets) {
      const p = s.packets;
      const dropped = p ? Object.values(p.dropped).reduce((a, b) => a + b, 0) : NaN;
      row.push(p ? `${num(p.delivered)}/${num(p.offered)}` : '-', num(dropped), p ? dur(p.latencyNs.mean) : '-', p ? dur(p.latencyNs.p99) : '-');
    }
    row.push(`${num(s.wallMs)} ms`);
    return row;
  });
  out.push(...table(head, rows, 2));
  out.push('(busy and spin are means over CPUs; --json gives every number of every point)');
  return out.join('\n') + '\n';
}

/** Warnings for threads the run starved, compiler-style at each thread's declaration (`file:line:col: warning: …`). */
export function starvedLines(s: RunSummary, sources: SourceInfo[], label?: string): string[] {
  return (s.starved ?? []).map((w) => {
    const at = sources[w.src];
    const where = at && w.src > 0 ? `${at.file}:${at.line}:${at.column}` : s.model || 'model';
    return `${where}: warning: ${label ? `${label}: ` : ''}${w.message}`;
  });
}
