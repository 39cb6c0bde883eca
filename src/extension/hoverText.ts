// The Markdown of a hover on a counter, lock or function name in a model file:
// the numbers from the last run of that model, one line per variant that ran.
// Command links point only at this extension's own commands; the hover
// provider trusts exactly those (see TRUSTED_HOVER_COMMANDS). Pure.
import { formatCount, formatDuration, formatShare, formatRate, withHalfWidth } from '../core/format';
import type { OutlineSymbol } from '../model/index';
import { statsRangeText } from '../trace/analysis/range';
import { variantLabel, type RunFacts } from './runFacts';

export const REVEAL_COMMAND = 'smpStackLab.revealInTimeline';
export const RUN_MODEL_COMMAND = 'smpStackLab.runModel';
export const TRUSTED_HOVER_COMMANDS = [REVEAL_COMMAND, RUN_MODEL_COMMAND];

/** Per-CPU cells shown before "…" so a 64-CPU machine keeps a readable hover. */
const MAX_CPUS_SHOWN = 16;

export interface RevealArgs { runId: number; what: 'lock' | 'counter' | 'function' | 'thread'; name: string }

export function commandLink(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

/** Markdown table cells must not contain pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export interface HoverInput {
  symbol: OutlineSymbol;
  /** Every variant of this model that ran, most recent first. */
  runs: { runId: number; facts: RunFacts }[];
  /** Argument for the "Run ▸" link when nothing ran yet (the model file's URI string). */
  modelKey: string;
}

/** Markdown for the hover, or undefined when the symbol kind has no numbers (variants, threads). */
export function hoverMarkdown({ symbol, runs, modelKey }: HoverInput): string | undefined {
  const { kind, name } = symbol;
  if (kind !== 'counter' && kind !== 'lock' && kind !== 'function') return undefined;
  const head = `**${kind} ${code(name)}**`;
  if (runs.length === 0) {
    return `${head}\n\nNo run of this model yet. [Run ▸](${commandLink(RUN_MODEL_COMMAND, [modelKey])})`;
  }
  const lines: string[] = [head, ''];
  if (kind === 'counter') lines.push(...counterLines(name, runs));
  else if (kind === 'lock') lines.push(...lockLines(name, runs));
  else lines.push(...functionLines(name, runs));
  // the lock numbers cover the statistics range, as the lock table, log and CLI do: say which
  const range = runs[0].facts.rangeNs;
  if (kind === 'lock' && range) lines.push('', `*Statistics ${statsRangeText(range)}.*`);
  const latest = runs[0];
  const reveal: RevealArgs = { runId: latest.runId, what: kind, name };
  lines.push('', `[Show in timeline](${commandLink(REVEAL_COMMAND, [reveal])})`);
  return lines.join('\n');
}

function seconds(f: RunFacts): number {
  return f.simulatedNs / 1e9;
}


function counterLines(name: string, runs: HoverInput['runs']): string[] {
  const out = ['| variant | total | rate | per CPU |', '|---|--:|--:|---|'];
  const replicated: string[] = [];
  for (const { facts } of runs) {
    const c = facts.counters[name];
    if (!c) {
      out.push(`| ${cell(variantLabel(facts))} | — | — | not counted in this run |`);
      continue;
    }
    // with replications: each figure the mean ± 95% half-width (facts.ci95 by the same path)
    const ci = facts.replications && facts.replications > 1 ? (facts.ci95?.counters?.[name] as { total?: number; perCpu?: (number | null)[] } | undefined) : undefined;
    if (facts.replications && facts.replications > 1) replicated.push(`${code(variantLabel(facts))}: ${facts.replications}`);
    const s = seconds(facts);
    const rate = s > 0 ? withHalfWidth(formatRate(c.total / s), ci?.total !== undefined ? ci.total / s : undefined, formatRate) : '—';
    const per = c.perCpu.slice(0, MAX_CPUS_SHOWN).map((v, i) => `${i}: ${withHalfWidth(formatCount(v), ci?.perCpu?.[i] ?? undefined, formatCount)}`).join(' · ');
    const more = c.perCpu.length > MAX_CPUS_SHOWN ? ` · … (${c.perCpu.length} CPUs)` : '';
    out.push(`| ${cell(variantLabel(facts))} | ${withHalfWidth(formatCount(c.total), ci?.total, formatCount)} | ${rate} | ${cell(per + more)} |`);
  }
  if (replicated.length) out.push('', `*Mean ± 95% confidence interval over the replications (${replicated.join(', ')}).*`);
  return out;
}

/**
 * One `perf lock contention`-style line: what a lock cost in that run. With
 * `ci` (the lock's 95% half-widths over replications) each figure reads `mean ± half`.
 */
export function lockContentionLine(l: RunFacts['locks'][number], ci?: Partial<Record<string, number>>): string {
  const contendedShare = l.acquisitions > 0 ? l.contended / l.acquisitions : 0;
  const pm = (text: string, key: string, fmt: (v: number) => string) => withHalfWidth(text, ci?.[key], fmt);
  return `${pm(formatCount(l.acquisitions), 'acquisitions', formatCount)} acquisitions, ${pm(formatCount(l.contended), 'contended', formatCount)} contended (${formatShare(contendedShare)}); ` +
    `wait ${pm(formatDuration(l.waitTotalNs), 'waitTotalNs', formatDuration)} total, mean ${pm(formatDuration(l.waitMeanNs), 'waitMeanNs', formatDuration)}, max ${pm(formatDuration(l.waitMaxNs), 'waitMaxNs', formatDuration)}; ` +
    `hold ${pm(formatDuration(l.holdTotalNs), 'holdTotalNs', formatDuration)} total, mean ${pm(formatDuration(l.holdMeanNs), 'holdMeanNs', formatDuration)}; utilisation ${pm(formatShare(l.utilization), 'utilization', formatShare)}` +
    // (facts saved before hand-offs were measured have none)
    (l.handoffMeanNs > 0 ? `; hand-off ${pm(formatDuration(l.handoffMeanNs), 'handoffMeanNs', formatDuration)}` : '');
}

function lockLines(name: string, runs: HoverInput['runs']): string[] {
  return runs.map(({ facts }) => {
    const i = facts.locks.findIndex((x) => x.name === name);
    const l = facts.locks[i];
    const reps = facts.replications && facts.replications > 1 ? ` — mean ± 95% CI of ${facts.replications} replications` : '';
    return l
      ? `- ${code(variantLabel(facts))} (${l.type}): ${lockContentionLine(l, facts.ci95?.locks?.[i])}${reps}`
      : `- ${code(variantLabel(facts))}: not taken in this run`;
  });
}

function functionLines(name: string, runs: HoverInput['runs']): string[] {
  return runs.map(({ facts }) => {
    const f = facts.functions[name];
    if (!f) return `- ${code(variantLabel(facts))}: never on a CPU in this run`;
    // Self over the same CPU time as the share (the statistics range's): share = onCpuNs / that time.
    const self = f.onCpuNs > 0 ? (f.selfNs / f.onCpuNs) * f.share : 0;
    return `- ${code(variantLabel(facts))}: ${formatShare(f.share)} of CPU time on the stack (self ${formatShare(self)}), ${formatDuration(f.onCpuNs)} in all`;
  });
}
