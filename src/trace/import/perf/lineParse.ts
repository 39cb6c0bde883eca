// The two kinds of line in `perf script` text: an event header
//   "  rm  7094 [000]   391.797935:    lock:contention_begin: 0xffff... (flags=SPIN)"
// (comm may contain spaces; "pid/tid" with -F tid; an optional sample period
// before the event name) and, after a -g capture, its call-chain lines, leaf first:
//   "\tffffffff82203efe __pv_queued_spin_lock_slowpath+0x10e ([kernel.kallsyms])"

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

export function parseHeader(line: string): PerfHeader | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const frac = m[6];
  let fields = m[8] ?? '';
  let inline: PerfFrame | null = null;
  // An event recorded without a call chain in a -g capture (ev/call-graph=no/) gets its
  // sample address on the header line: "... next_prio=0 ffffffff82249848 __schedule+0x628 ([kernel.kallsyms])".
  if (fields.endsWith(')')) {
    const t = INLINE_IP.exec(fields);
    if (t) {
      inline = parseFrame('\t' + t[1]);
      if (inline) fields = fields.slice(0, t.index);
    }
  }
  const ns = Number(m[5]) * 1e9 + Number(frac.length >= 9 ? frac.slice(0, 9) : frac + '000000000'.slice(frac.length));
  return {
    comm: m[1],
    tid: Number(m[3] ?? m[2]),
    pid: m[3] === undefined ? -1 : Number(m[2]),
    cpu: Number(m[4]),
    ns,
    event: m[7],
    fields,
    inline,
  };
}

const INLINE_IP = / {1,2}([0-9a-f]{5,16} \S.*? \([^()]*\))$/;

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

// address, symbol (may contain spaces and parentheses), (dso)
const FRAME = /^\s+([0-9a-fA-F]+)\s+(.*?)\s*\(([^()]*)\)\s*$/;
const FRAME_NO_DSO = /^\s+([0-9a-fA-F]+)\s+(\S.*?)\s*$/;

export function isFrameLine(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 9 /* \t */ || (c === 32 && /^\s+[0-9a-fA-F]+\s/.test(line) && !HEADER.test(line) && !line.includes(' PERF_RECORD_'));
}

export function parseFrame(line: string): PerfFrame | null {
  let m = FRAME.exec(line);
  let sym: string, dso: string;
  if (m) { sym = m[2]; dso = m[3]; } else {
    m = FRAME_NO_DSO.exec(line);
    if (!m) return null;
    sym = m[2]; dso = '';
  }
  let site = sym;
  const plus = sym.lastIndexOf('+0x');
  if (plus > 0) sym = sym.slice(0, plus);
  const kernel = dso === '[kernel.kallsyms]' || dso.startsWith('[kernel') || /^ffffffff/i.test(m[1]) && m[1].length >= 16;
  const symbol = !(sym === '[unknown]' || sym === '');
  if (!symbol) {
    const base = dso.slice(dso.lastIndexOf('/') + 1);
    sym = base && base !== '[unknown]' ? `[${base.replace(/^\[|\]$/g, '')}]` : '[unknown]';
    site = `${sym} 0x${m[1]}`;
  }
  return { name: sym, user: !kernel, site, symbol };
}
