// Field text of the tracepoints the timeline is built from, in the kernel's
// own print format ("prev_comm=... ==> next_comm=...") and in libtraceevent's
// plugin format ("comm:pid [prio] S ==> comm:pid [prio]"). Each returns null
// when the text does not match, so the caller can count the line as malformed.

export interface SchedSwitch {
  prevComm: string; prevPid: number; prevPrio: number; prevState: string;
  nextComm: string; nextPid: number; nextPrio: number;
}

const SWITCH_KERNEL = /^prev_comm=(.*) prev_pid=(-?\d+) prev_prio=(-?\d+) prev_state=(\S+) ==> next_comm=(.*) next_pid=(-?\d+) next_prio=(-?\d+)\s*$/;
const SWITCH_PLUGIN = /^(.*):(-?\d+) \[(-?\d+)\] (\S+) ==> (.*):(-?\d+) \[(-?\d+)\]\s*$/;

export function parseSwitch(f: string): SchedSwitch | null {
  if (f.startsWith('prev_comm=')) {
    const fast = switchByHand(f);
    if (fast) return fast;
  }
  const m = SWITCH_KERNEL.exec(f) ?? SWITCH_PLUGIN.exec(f);
  if (!m) return null;
  return {
    prevComm: m[1], prevPid: Number(m[2]), prevPrio: Number(m[3]), prevState: m[4],
    nextComm: m[5], nextPid: Number(m[6]), nextPrio: Number(m[7]),
  };
}

/** The kernel format without regex backtracking over the comm (one in every few lines of a capture). */
function switchByHand(f: string): SchedSwitch | null {
  const arrow = f.indexOf(' ==> next_comm=');
  if (arrow < 0) return null;
  // The reading takes the last " prev_pid=" before the arrow and the last " next_pid=" after it
  // (a comm may hold either). The first ones are the last when plain numbers and a state follow
  // them, as nearly always: no other blank is left where one could start. Else the long way.
  const quick = readSwitch(f, arrow, f.indexOf(' prev_pid='), f.indexOf(' next_pid=', arrow + 15), true);
  return quick !== undefined ? quick : readSwitch(f, arrow, lastBefore(f, ' prev_pid=', 0, arrow), lastBefore(f, ' next_pid=', arrow + 15, f.length), false) ?? null;
}

/**
 * The switch with " prev_pid=" at pp and " next_pid=" at np; with `plainOnly`, undefined
 * unless its numbers are plain digits and nothing is odd (then pp and np are the last ones).
 */
function readSwitch(f: string, arrow: number, pp: number, np: number, plainOnly: boolean): SchedSwitch | null | undefined {
  const no = plainOnly ? undefined : null;
  const pr = f.indexOf(' prev_prio=', pp), ps = f.indexOf(' prev_state=', pr);
  const right = arrow + 15;
  const npr = f.indexOf(' next_prio=', np);
  if (pp < 0 || pr < 0 || ps < 0 || ps > arrow || np < right || npr < 0) return no;
  const read = plainOnly ? plainIntOf : intOf;
  const prevPid = read(f, pp + 10, pr), prevPrio = read(f, pr + 11, ps);
  let end = f.length;
  while (end > npr + 11 && isSpace(f.charCodeAt(end - 1))) end--;
  const nextPid = read(f, np + 10, npr), nextPrio = read(f, npr + 11, end);
  if (!Number.isInteger(prevPid) || !Number.isInteger(prevPrio) || !Number.isInteger(nextPid) || !Number.isInteger(nextPrio) || ps + 12 >= arrow) return no;
  for (let i = ps + 12; i < arrow; i++) if (isSpace(f.charCodeAt(i))) return no;
  return { prevComm: f.slice(10, pp), prevPid, prevPrio, prevState: f.slice(ps + 12, arrow), nextComm: f.slice(right, np), nextPid, nextPrio };
}

/** "-?digits" of f[a, b) as a number; NaN when it is anything else (or longer than 15 digits). */
function plainIntOf(f: string, a: number, b: number): number {
  let i = a, neg = false;
  if (i < b && f.charCodeAt(i) === 45 /* - */) { neg = true; i++; }
  if (i >= b || b - i > 15) return NaN;
  let v = 0;
  for (; i < b; i++) {
    const c = f.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

/** Where `s` last starts in f at or after `from` and before `to`; -1 when it does not. */
function lastBefore(f: string, s: string, from: number, to: number): number {
  let at = f.indexOf(s, from);
  if (at < 0 || at >= to) return -1;
  for (let next; (next = f.indexOf(s, at + 1)) >= 0 && next < to;) at = next;
  return at;
}

/** Number(f.slice(a, b)), read from the digits where they are plain ("-"? digits), without the slice. */
function intOf(f: string, a: number, b: number): number {
  let i = a, neg = false;
  if (i < b && f.charCodeAt(i) === 45 /* - */) { neg = true; i++; }
  if (i >= b || b - i > 15) return Number(f.slice(a, b));
  let v = 0;
  for (; i < b; i++) {
    const c = f.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number(f.slice(a, b));
    v = v * 10 + c;
  }
  return neg ? -v : v;
}

/** What /\s/ matches, for the characters a field can hold. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

export interface SchedWake { comm: string; pid: number; prio: number; targetCpu: number }

const WAKE_KERNEL = /^comm=(.*) pid=(\d+) prio=(-?\d+)(?: success=\d+)?(?: target_cpu=(\d+))?\s*$/;
const WAKE_PLUGIN = /^(.*):(\d+) \[(-?\d+)\](?: success=\d+)?(?: CPU:(\d+))?\s*$/;

export function parseWake(f: string): SchedWake | null {
  const m = WAKE_KERNEL.exec(f) ?? WAKE_PLUGIN.exec(f);
  if (!m) return null;
  return { comm: m[1], pid: Number(m[2]), prio: Number(m[3]), targetCpu: m[4] === undefined ? -1 : Number(m[4]) };
}

export interface SchedMigrate { comm: string; pid: number; origCpu: number; destCpu: number }
const MIGRATE = /^comm=(.*) pid=(\d+) prio=(-?\d+) orig_cpu=(\d+) dest_cpu=(\d+)/;
export function parseMigrate(f: string): SchedMigrate | null {
  const m = MIGRATE.exec(f);
  return m ? { comm: m[1], pid: Number(m[2]), origCpu: Number(m[4]), destCpu: Number(m[5]) } : null;
}

const EXEC = /filename=(\S+) pid=(\d+)/;
export function parseExec(f: string): { file: string; pid: number } | null {
  const m = EXEC.exec(f);
  return m ? { file: m[1], pid: Number(m[2]) } : null;
}

export interface IrqEntry { irq: number; name: string }
const IRQ_ENTRY = /^irq=(\d+) name=(.*?)\s*$/;
const IRQ_EXIT = /^irq=(\d+)/;
export function parseIrqEntry(f: string): IrqEntry | null {
  const m = IRQ_ENTRY.exec(f);
  return m ? { irq: Number(m[1]), name: m[2] } : null;
}
export function parseIrqExit(f: string): number | null {
  const m = IRQ_EXIT.exec(f);
  return m ? Number(m[1]) : null;
}

export interface Softirq { vec: number; action: string }
const SOFTIRQ = /^vec=(\d+)(?: \[action=(\w+)\])?/;
export function parseSoftirq(f: string): Softirq | null {
  const m = SOFTIRQ.exec(f);
  return m ? { vec: Number(m[1]), action: m[2] ?? `vec ${m[1]}` } : null;
}

/** lock:contention_begin: "0xffff888627d2ba80 (flags=SPIN|READ)"; a symbol may follow the address. */
export interface ContentionBegin { addr: string; symbol: string; flags: string[] }
const BEGIN = /^(?:0x)?([0-9a-fA-F]+)(?:\s+<?([^\s()<>]+)>?)?\s+\(flags=([A-Z_|]*)\)\s*$/;
export function parseContentionBegin(f: string): ContentionBegin | null {
  const m = BEGIN.exec(f);
  if (!m) return null;
  return { addr: m[1].toLowerCase(), symbol: m[2] ?? '', flags: m[3] ? m[3].split('|') : [] };
}

const END = /^(?:0x)?([0-9a-fA-F]+)(?:\s+<?[^\s()<>]+>?)?\s+\(ret=(-?\d+)\)\s*$/;
export function parseContentionEnd(f: string): { addr: string; ret: number } | null {
  const m = END.exec(f);
  return m ? { addr: m[1].toLowerCase(), ret: Number(m[2]) } : null;
}

/**
 * perf's names for contention flags (tools/perf/builtin-lock.c), and how the
 * waiter waits: SPIN is on-CPU, everything else sleeps.
 */
export function lockType(flags: string[]): { type: string; wait: 'spin' | 'sleep' | 'adaptive' } {
  const has = (f: string) => flags.includes(f);
  const spin = has('SPIN');
  if (has('MUTEX')) return { type: 'mutex', wait: 'adaptive' };
  if (has('RT')) return { type: has('READ') || has('WRITE') ? 'rwlock-rt' : 'rt-mutex', wait: 'adaptive' };
  if (has('PERCPU')) return { type: 'percpu-rwsem', wait: 'sleep' };
  if (spin && (has('READ') || has('WRITE'))) return { type: 'rwlock', wait: 'spin' };
  if (spin) return { type: 'spinlock', wait: 'spin' };
  if (has('READ') || has('WRITE')) return { type: 'rwsem', wait: 'sleep' };
  return { type: 'semaphore', wait: 'sleep' };
}
