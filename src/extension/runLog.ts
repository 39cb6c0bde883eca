// A finished run's facts as output-channel lines: what ran, how far, how fast,
// and where the time went (busiest locks, packets). Pure.
import { formatCount, formatDuration, formatMegabytes, formatShare } from '../core/format';
import { lockContentionLine } from './hoverText';
import type { RunFacts } from './runFacts';
import { statsRangeText } from '../trace/analysis/range';

export function describeFacts(runId: number, title: string, f: RunFacts): string[] {
  const lines = [
    `run #${runId} ${title}: ${f.stopReason}; seed ${f.seed}; ${formatDuration(f.simulatedNs)} simulated on ${f.cpus} CPU(s) ` +
      `in ${formatCount(f.wallMs)} ms (${formatCount(f.events)} events, ${formatCount(f.records)} records, ${formatMegabytes(f.bytes)})`,
  ];
  if (f.rangeNs) lines.push(`  statistics ${statsRangeText(f.rangeNs)}`);
  if (f.packets) {
    const p = f.packets;
    const dropped = Object.entries(p.dropped).map(([where, n]) => `${where} ${formatCount(n)}`).join(', ') || 'none';
    lines.push(`  packets: offered ${formatCount(p.offered)}, delivered ${formatCount(p.delivered)}, dropped ${dropped}; ` +
      `latency mean ${formatDuration(p.latencyNs.mean)}, p99 ${formatDuration(p.latencyNs.p99)}, max ${formatDuration(p.latencyNs.max)}`);
  }
  const locks = [...f.locks].sort((a, b) => b.waitTotalNs - a.waitTotalNs).slice(0, 5);
  for (const l of locks) lines.push(`  lock ${l.name} (${l.type}): ${lockContentionLine(l, f.ci95?.locks?.[f.locks.indexOf(l)])}`);
  if (f.locks.length > locks.length) lines.push(`  … ${f.locks.length - locks.length} more lock(s)`);
  const top = Object.entries(f.functions).sort((a, b) => b[1].onCpuNs - a[1].onCpuNs).slice(0, 3);
  if (top.length) lines.push(`  on CPU: ${top.map(([n, s]) => `${n} ${formatShare(s.share)}`).join(', ')}`);
  return lines;
}
