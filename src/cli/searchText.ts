// The RFC 2544 search result (a model's `search: { rfc2544 }`) as text lines.

import type { Rfc2544Report } from '../model/index';
import { formatCount, formatDuration } from '../core/format';
import { printable } from './terminal';

const num = (n: number) => formatCount(Math.round(n));
const dur = (ns: number) => formatDuration(Math.round(ns));

/** One line: the zero-loss rate, the bracket searched, and latency and reordering at that rate. */
export function rfc2544Line(r: Rfc2544Report, label?: string): string {
  const head = `RFC 2544${label ? ` ${printable(label)}` : ''}: zero-loss ${num(r.zeroLossPps)} pps`;
  const how = `(${r.trials.length} trials between ${num(r.fromPps)} and ${num(r.toPps)} pps, resolution ${(r.resolution * 100).toFixed(1)}%)`;
  const z = r.atZeroLoss;
  if (!z) return `${head} ${how}: even the lowest rate lost packets`;
  const l = z.latencyNs;
  return `${head} ${how}; at that rate latency min ${dur(l.min)}, mean ${dur(l.mean)}, max ${dur(l.max)}, reordered ${num(z.reordered)}`;
}
