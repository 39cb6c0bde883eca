// The two kinds of line in `perf script` text: an event header
//   "  rm  7094 [000]   391.797935:    lock:contention_begin: 0xffff... (flags=SPIN)"
// (comm may contain spaces; "pid/tid" with -F tid; an optional sample period
// before the event name) and, after a -g capture, its call-chain lines, leaf first:
//   "\tffffffff82203efe __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])"

import type { FrameCache } from './frameCache';

export interface PerfHeader {
  comm: string;
  /** Thread id (the tid when perf printed pid/tid); -1 when perf did not know the task. */
  tid: number;
  /** Process id when perf printed pid/tid (-F pid,tid), else -1. */
  pid: number;
  cpu: number;
  /** Integer nanoseconds. */
  ns: number;
  /** "sched:sched_switch", "cpu-clock:ppp" ... */
  event: string;
  /** The text after "event: " (without a trailing sample address, see `inline`). */
  fields: string;
  /**
   * The sample's address when perf printed it on the header line (no call chain recorded for
   * this event): kept out of `fields`, and not taken for a call chain (it would make every
   * thread look like a kernel thread).
   */
  inline: PerfFrame | null;
}

// comm, pid[/tid], [cpu], sec.frac:, optional period, event:
const HEADER = /^\s*(.*?)\s+(-?\d+)(?:\/(-?\d+))?\s+\[(\d+)\]\s+(?:\S+\s+)?(\d+)\.(\d+):\s+(?:\d+\s+)?(\S+?):(?:\s+(.*))?$/;

/** The header by the regex: the reference the hand-written scanner (headerScan.ts) falls back to and is tested against. */
export function parseHeader(line: string, frames?: FrameCache): PerfHeader | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const frac = m[6];
  const ns = int(m[5]) * 1e9 + (frac.length >= 9 ? int(frac.slice(0, 9)) : int(frac) * POW10[9 - frac.length]);
  return makeHeader(m[1], int(m[3] ?? m[2]), m[3] === undefined ? -1 : int(m[2]), int(m[4]), ns, m[7], m[8] ?? '', frames);
}

/** The header of these parts, with a sample address at the end of the fields split off. */
export function makeHeader(comm: string, tid: number, pid: number, cpu: number, ns: number, event: string, fields: string, frames?: FrameCache): PerfHeader {
  // An event recorded without a call chain in a -g capture (ev/call-graph=no/) gets its
  // sample address on the header line: "... next_prio=0 ffffffff82249848 __schedule+0x628 ([kernel.kallsyms])".
  const at = fields.charCodeAt(fields.length - 1) === 41 /* ) */ ? inlineAt(fields, frames) : null;
  return {
    comm, tid, pid, cpu, ns, event,
    fields: at ? fields.slice(0, at.cut).trimEnd() : fields,
    inline: at ? at.frame : null,
  };
}

export const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** Number(s) for the "-?digits" the header's groups hold, read by hand up to 15 digits (exact there, and a header has five). */
function int(s: string): number {
  const n = s.length;
  if (n > 15) return Number(s);
  let i = s.charCodeAt(0) === 45 /* - */ ? 1 : 0, v = 0;
  for (; i < n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return s.charCodeAt(0) === 45 ? -v : v;
}

/** Where a sample address at the end of the fields starts (a blank before it), and its frame; null when there is none. */
function inlineAt(fields: string, frames?: FrameCache): { cut: number; frame: PerfFrame } | null {
  // The same address as the last header's (sched_switch is always in __schedule): the same split, without the search.
  const same = frames?.lastInlineText;
  if (same && fields.endsWith(same) && fields.charCodeAt(fields.length - same.length - 1) === 32) {
    return { cut: fields.length - same.length - 1, frame: frames!.lastInlineFrame! };
  }
  // address, symbol, (dso)
  const open = fields.lastIndexOf(' (');
  const symAt = open > 0 ? fields.lastIndexOf(' ', open - 1) : -1;
  const addrAt = symAt > 0 ? fields.lastIndexOf(' ', symAt - 1) : -1;
  if (addrAt < 0 || symAt - addrAt - 1 < 5 || symAt - addrAt - 1 > 16 || !HEX.test(fields.slice(addrAt + 1, symAt))) return null;
  const frame = frames ? frames.inline(fields.slice(addrAt + 1)) : parseFrame('\t' + fields.slice(addrAt + 1));
  return frame ? { cut: addrAt, frame } : null;
}

const HEX = /^[0-9a-f]+$/;

export interface PerfFrame {
  /** Symbol without its +0x offset; "[unknown]" resolved to the object's name when there is one. */
  name: string;
  /** True when the frame is in user space (not the kernel). */
  user: boolean;
  /** The instruction as perf printed it: "get_signal+0xd0", or "[libc.so.6] 0x85f16" without a symbol. */
  site: string;
  /** False when perf could not name the function ([unknown]). */
  symbol: boolean;
}

// A call-chain line: whitespace, address, symbol (may contain spaces and parentheses), "(dso)" at the end.

export function isFrameLine(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 9 /* \t */ || (c === 32 && /^\s+[0-9a-fA-F]+\s/.test(line) && !HEADER.test(line) && !line.includes(' PERF_RECORD_'));
}

/** Parsed by hand, not by regex: call-chain lines are most of a -g capture's text. */
export function parseFrame(line: string): PerfFrame | null {
  const n = line.length;
  let i = 0;
  while (i < n && (line.charCodeAt(i) === 9 || line.charCodeAt(i) === 32)) i++;
  const a0 = i;
  if (a0 === 0) return null;
  while (i < n && isHex(line.charCodeAt(i))) i++;
  if (i === a0 || i >= n || (line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9)) return null;
  const addr = line.slice(a0, i);
  while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  let end = n;
  while (end > i && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  if (end <= i) return null;
  let sym: string, dso = '';
  const open = line.charCodeAt(end - 1) === 41 /* ) */ ? line.lastIndexOf('(', end - 2) : -1;
  if (open >= i && line.indexOf(')', open) === end - 1) {
    dso = line.slice(open + 1, end - 1);
    let se = open;
    while (se > i && (line.charCodeAt(se - 1) === 32 || line.charCodeAt(se - 1) === 9)) se--;
    sym = line.slice(i, se);
  } else {
    sym = line.slice(i, end);
  }
  let site = sym;
  const plus = sym.lastIndexOf('+0x');
  if (plus > 0) sym = sym.slice(0, plus);
  const kernel = dso === '[kernel.kallsyms]' || dso.startsWith('[kernel') || (addr.length >= 16 && /^ffffffff/i.test(addr));
  const symbol = !(sym === '[unknown]' || sym === '');
  if (!symbol) {
    const base = dso.slice(dso.lastIndexOf('/') + 1);
    sym = base && base !== '[unknown]' ? `[${base.replace(/^\[|\]$/g, '')}]` : '[unknown]';
    site = `${sym} 0x${addr}`;
  }
  return { name: sym, user: !kernel, site, symbol };
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
