// Run summaries as text for a terminal: one run in full, a sweep as a table.
// With replications each figure is the mean, printed `value ± half-width`
// (the 95% Student-t interval, src/core/stats.ts).

import type { RunSummary } from '../trace/summary';
import type { SourceInfo } from '../trace/schema';
import { formatCount, formatDuration, formatMegabytes, formatShare, withHalfWidth } from '../core/format';
import { statsRangeText } from '../trace/analysis/range';
import { printable } from './terminal';

// the numbers as the VS Code views and hovers write them (src/core/format.ts)
const pct = (f: number) => (Number.isFinite(f) ? formatShare(f) : '-');
const num = (n: number) => (Number.isFinite(n) ? formatCount(Math.round(n)) : '-');
const dur = (ns: number) => (Number.isFinite(ns) ? formatDuration(Math.round(ns)) : '-');

/** The half-widths of a summary's numbers (stats.aggregate's `ci95`), by the same paths; undefined with one replication. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SummaryCi = any;

/** `text ± half` when there is an interval to show (a figure every replication agreed on prints alone, as in VS Code). */
function pm(text: string, half: unknown, fmt: (v: number) => string): string {
  return text !== '-' ? withHalfWidth(text, typeof half === 'number' ? half : undefined, fmt) : text;
}

function table(head: string[], rows: string[][], alignLeft = 1): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [fmt(head), ...rows.map(fmt)];
}

function stopLine(s: RunSummary): string {
  const how = s.stopReason === 'completed' ? 'completed' : `stopped (${s.stopReason}${s.stopDetail ? `: ${s.stopDetail}` : ''})`;
  return `${printable(how)}: ${dur(s.simulatedNs)} simulated, ${num(s.events)} events in ${num(s.wallMs)} ms, ${num(s.records)} trace records (${formatMegabytes(s.bytes)})`;
}

function packetLine(s: RunSummary, ci?: SummaryCi): string | undefined {
  const p = s.packets;
  if (!p) return undefined;
  const drops = Object.entries(p.dropped);
  const dropped = drops.length ? drops.map(([k, v]) => `${printable(k)} ${pm(num(v), ci?.dropped?.[k], num)}`).join(', ') : 'none';
  const share = p.offered ? ` (${pct(p.delivered / p.offered)})` : '';
  const l = p.latencyNs;
  const lc = ci?.latencyNs;
  return `packets: offered ${pm(num(p.offered), ci?.offered, num)}, delivered ${pm(num(p.delivered), ci?.delivered, num)}${share}, dropped ${dropped}; ` +
    `latency min ${pm(dur(l.min), lc?.min, dur)}, mean ${pm(dur(l.mean), lc?.mean, dur)}, p99 ${pm(dur(l.p99), lc?.p99, dur)}, max ${pm(dur(l.max), lc?.max, dur)}; reordered ${pm(num(p.reordered), ci?.reordered, num)}`;
}

/** `limitNote`: the plain sentence for a run that stopped at a limit (src/trace/limitNote.ts), put right under the stop line. */
export function runText(s: RunSummary, file: string, limitNote?: string, ci?: SummaryCi, replications = 1): string {
  const out: string[] = [];
  const reps = replications > 1 ? `  ${replications} replications (mean ± 95% CI)` : '';
  out.push(`${printable(s.model || file)}${s.variant ? `  [variant ${printable(s.variant)}]` : ''}  seed ${s.seed}${reps}  (${printable(file)})`);
  out.push(stopLine(s));
  if (limitNote) out.push(`NOTE: ${limitNote}`);
  out.push(`statistics ${statsRangeText(s.rangeNs)}`);
  out.push('');
  const c = (i: number) => ci?.cpus?.[i];
  out.push(...table(
    ['cpu', 'busy', 'user', 'kernel', 'intr', 'softint', 'spin', 'idle', 'switches', 'interrupts'],
    s.cpus.map((x, i) => [String(x.id), pm(pct(x.busy), c(i)?.busy, pct), pm(pct(x.user), c(i)?.user, pct), pm(pct(x.kernel), c(i)?.kernel, pct),
      pm(pct(x.interrupt), c(i)?.interrupt, pct), pm(pct(x.softint), c(i)?.softint, pct), pm(pct(x.spin), c(i)?.spin, pct), pm(pct(x.idle), c(i)?.idle, pct),
      pm(num(x.contextSwitches), c(i)?.contextSwitches, num), pm(num(x.interrupts), c(i)?.interrupts, num)]),
  ));
  if (s.locks.length) {
    out.push('');
    const l = (i: number) => ci?.locks?.[i];
    out.push(...table(
      ['lock', 'type', 'acquired', 'contended', 'wait total', 'wait mean', 'wait max', 'hand-off', 'hold mean', 'held'],
      s.locks.map((x, i) => [printable(x.name), printable(x.algorithm ? `${x.type} ${x.algorithm}` : x.type), pm(num(x.acquisitions), l(i)?.acquisitions, num), pm(num(x.contended), l(i)?.contended, num),
        pm(dur(x.waitTotalNs), l(i)?.waitTotalNs, dur), pm(dur(x.waitMeanNs), l(i)?.waitMeanNs, dur), pm(dur(x.waitMaxNs), l(i)?.waitMaxNs, dur),
        pm(dur(x.handoffMeanNs), l(i)?.handoffMeanNs, dur), pm(dur(x.holdMeanNs), l(i)?.holdMeanNs, dur), pm(pct(x.utilization), l(i)?.utilization, pct)]),
      2,
    ));
  }
  const counters = Object.entries(s.counters);
  if (counters.length) {
    out.push('');
    out.push(...table(['counter', 'total', 'per CPU'], counters.map(([k, x]) => [printable(k), pm(num(x.total), ci?.counters?.[k]?.total, num), x.perCpu.map(num).join(' ')])));
  }
  const p = packetLine(s, ci?.packets);
  if (p) out.push('', p);
  return out.join('\n') + '\n';
}

export function sweepText(points: { label: string; summary: RunSummary; ci95?: SummaryCi }[], file: string, path: string, replications = 1): string {
  const first = points[0]?.summary;
  const out: string[] = [];
  const reps = replications > 1 ? `  ${replications} replications (mean ± 95% CI)` : '';
  out.push(`${printable(first?.model || file)}${first?.variant ? `  [variant ${printable(first.variant)}]` : ''}  seed ${first?.seed ?? '-'}  sweep ${printable(path)}${reps}  (${printable(file)})`);
  const hasPackets = points.some((p) => p.summary.packets);
  const head = ['point', 'stop', 'busy', 'spin', 'top lock', 'held', 'wait mean'];
  if (hasPackets) head.push('delivered', 'dropped', 'latency mean', 'p99');
  head.push('wall');
  const rows = points.map(({ label, summary: s, ci95: ci }) => {
    const busy = s.cpus.reduce((a, c) => a + c.busy, 0) / Math.max(1, s.cpus.length);
    const spin = s.cpus.reduce((a, c) => a + c.spin, 0) / Math.max(1, s.cpus.length);
    const top = [...s.locks].sort((a, b) => b.waitTotalNs - a.waitTotalNs || b.utilization - a.utilization)[0];
    const tc = top && ci?.locks?.[s.locks.indexOf(top)];
    const row = [printable(label), s.stopReason, pct(busy), pct(spin), top ? printable(top.name) : '-', top ? pm(pct(top.utilization), tc?.utilization, pct) : '-', top ? pm(dur(top.waitMeanNs), tc?.waitMeanNs, dur) : '-'];
    if (hasPackets) {
      const p = s.packets;
      const dropped = p ? Object.values(p.dropped).reduce((a, b) => a + b, 0) : NaN;
      const pc = ci?.packets;
      row.push(p ? `${pm(num(p.delivered), pc?.delivered, num)}/${num(p.offered)}` : '-', num(dropped), p ? pm(dur(p.latencyNs.mean), pc?.latencyNs?.mean, dur) : '-', p ? dur(p.latencyNs.p99) : '-');
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
