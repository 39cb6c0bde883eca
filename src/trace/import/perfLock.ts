// `perf lock contention` output → a trace whose lock table is perf's table.
// Both the text table (times like "6.04 ms") and the -x CSV form (header
// "# output: contended, total wait, ...", times in ns) are read, in any of the
// aggregations: by caller (type, caller), by task (-t: pid, comm) or by lock
// (-l: address, symbol, type); -v adds call stacks (text: tab-indented lines
// under the row; CSV: a last column of "addr sym: addr sym: ...").
//
// perf gives totals, not events, so each row becomes one LockWait span as long
// as its max wait (laid end to end with no CPU) and a TraceMeta.waitTotals
// entry for its other waits as numbers: count, total, max and mean come out
// exactly as perf printed them (to the precision it printed), and a row that
// says 1e9 waits costs what a row of 3 does.
import { DEFAULT_LIMITS } from '../../sim/program';
import { TraceBuilder } from '../builder';
import { TRACE_VERSION, NONE, SpanKind, WaitKind, type LockInfo, type ThreadInfo, type WaitTotal } from '../schema';
import type { ByteSource } from './byteSource';
import { parseSource, parseText } from './lines';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';
import { lockType } from './perf/fields';

/** Thread and lock ids 0 … 65,533 (16-bit, 0xffff for none). */
const MAX_IDS = NONE - 1;
const OTHER_LOCKS = '(other locks)';

type Col = 'contended' | 'total' | 'max' | 'min' | 'avg';
const COLS: [RegExp, Col][] = [[/^contended/, 'contended'], [/^total wait/, 'total'], [/^max wait/, 'max'], [/^min wait/, 'min'], [/^avg wait/, 'avg']];
const UNIT: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

interface Row { line: number; n: Partial<Record<Col, number>>; tail: string[]; frames: string[] }

class PerfLockParser {
  readonly problems = new Problems();
  private cols: Col[] | null = null;
  private tailCols: string[] = [];
  private sep: string | null = null; // CSV separator, null for the text table
  /** The last row read: complete when the next one starts (-v puts its stack on the lines under it). */
  private pending: Row | null = null;
  private rowsRead = 0;
  private ended = false;
  /** The record limit was reached: no more rows are kept, nor read. */
  full = false;
  private started = performance.now();
  // What the rows make, row by row as they are read (a 42 MB table of 1 M rows held every row to the end: 574 MB).
  private readonly b = new TraceBuilder(1024);
  private readonly locks: LockInfo[] = [];
  private readonly threads: ThreadInfo[] = [];
  private readonly lockIds = new Map<string, number>();
  private readonly totals: WaitTotal[] = [];
  private at = 0;

  constructor(private readonly limit: number) {}

  line(text: string, n: number): void {
    if (this.ended) return;
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed.startsWith('=== output for debug')) { this.ended = true; return; }
    if (trimmed.startsWith('# output:')) { this.flush(); return this.csvHeader(trimmed.slice(9).trim(), n); }
    if (trimmed.startsWith('#')) return;
    if (!this.cols) {
      if (/^contended\b/.test(trimmed) || /^total wait\b/.test(trimmed)) this.textHeader(trimmed);
      return; // perf's chatter before the table ("Looking at the vmlinux_path", ...)
    }
    if (this.sep === null && text.startsWith('\t') && /^0x[0-9a-f]+(\s|$)/i.test(trimmed) && this.pending) {
      this.pending.frames.push(symbolOf(trimmed));
      return;
    }
    const row = this.sep === null ? this.textRow(trimmed, n) : this.csvRow(trimmed, n);
    if (!row) return;
    this.flush();
    this.pending = row;
    this.rowsRead++;
  }

  private textHeader(h: string): void {
    const cols: Col[] = [];
    let rest = h;
    for (;;) {
      const hit = COLS.find(([re]) => re.test(rest));
      if (!hit) break;
      cols.push(hit[1]);
      rest = rest.replace(hit[0], '').replace(/^[a-z]*\s*/, '').trimStart();
    }
    this.cols = cols;
    this.tailCols = rest.split(/\s+/).filter(Boolean);
    this.sep = null;
  }

  private csvHeader(h: string, n: number): void {
    const m = /^contended(\S*?)\s|^total wait(\S*?)\s/.exec(h + ' ');
    const sep = m ? (m[1] ?? m[2]) : '';
    if (!sep) return this.problems.bad(n, `cannot tell the CSV separator from "${h}"`);
    const names = h.split(sep).map((s) => s.trim());
    this.cols = [];
    this.tailCols = [];
    for (const name of names) {
      const hit = COLS.find(([re]) => re.test(name));
      if (hit && !this.tailCols.length) this.cols.push(hit[1]);
      else this.tailCols.push(name);
    }
    this.sep = sep;
  }

  private textRow(t: string, line: number): Row | null {
    const parts = t.split(/\s+/);
    const n: Row['n'] = {};
    let i = 0;
    for (const c of this.cols!) {
      if (c === 'contended') { n.contended = Number(parts[i++]); continue; }
      const v = Number(parts[i++]), unit = UNIT[parts[i++]];
      if (!Number.isFinite(v) || unit === undefined) { this.problems.bad(line, `unreadable row: ${t.slice(0, 120)}`); return null; }
      n[c] = Math.round(v * unit);
    }
    if (n.contended !== undefined && !Number.isInteger(n.contended)) { this.problems.bad(line, `unreadable row: ${t.slice(0, 120)}`); return null; }
    // The last tail column takes the rest of the line (a comm may contain spaces).
    const tail = parts.slice(i, i + this.tailCols.length - 1);
    tail.push(parts.slice(i + this.tailCols.length - 1).join(' '));
    return { line, n, tail, frames: [] };
  }

  private csvRow(t: string, line: number): Row | null {
    const parts = t.split(this.sep!).map((s) => s.trim());
    const n: Row['n'] = {};
    for (let i = 0; i < this.cols!.length; i++) {
      const v = Number(parts[i]);
      if (!Number.isFinite(v) || parts[i] === '') { this.problems.bad(line, `unreadable CSV row: ${t.slice(0, 120)}`); return null; }
      n[this.cols![i]] = v;
    }
    const tail = parts.slice(this.cols!.length, this.cols!.length + this.tailCols.length);
    const st = this.tailCols.indexOf('stacktrace');
    const frames = st >= 0 && tail[st] ? tail[st].split(/:\s+/).map((s) => symbolOf(s.trim())).filter(Boolean) : [];
    return { line, n, tail, frames };
  }

  private flush(): void {
    const r = this.pending;
    this.pending = null;
    if (!r || this.full) return;
    const col = (name: string) => this.tailCols.indexOf(name);
    const count = r.n.contended ?? 1;
    const total = r.n.total ?? (r.n.avg !== undefined ? r.n.avg * count : undefined);
    if (total === undefined || count < 1) { this.problems.bad(r.line, 'row without a count and a total or mean wait'); return; }
    const max = Math.min(r.n.max ?? Math.ceil(total / count), total);
    // Numbers past 2^53 (a count, or ns: 104 days) are no table perf printed; added up they became an infinite run.
    if (!(count <= Number.MAX_SAFE_INTEGER && total <= Number.MAX_SAFE_INTEGER && this.at + max <= Number.MAX_SAFE_INTEGER)) {
      this.problems.bad(r.line, 'row with a count or wait beyond what the table can add up to');
      return;
    }
    const type = col('type') >= 0 ? r.tail[col('type')] : '';
    const kind = perfTypeToKind(type);
    let lockName: string;
    let thread = NONE;
    if (col('pid') >= 0) {
      lockName = '(all locks)';
      thread = this.threads.length;
      this.threads.push({ name: `${r.tail[col('comm')] ?? '?'}-${r.tail[col('pid')]}`, kind: 'user', priority: 0, cpu: -1, src: 0 });
    } else if (col('address') >= 0) {
      const sym = r.tail[col('symbol')];
      lockName = sym || `0x${r.tail[col('address')]}`;
    } else {
      lockName = `${r.tail[col('caller')] ?? '?'}${type ? ` (${type})` : ''}`;
    }
    if (thread === MAX_IDS) {
      // Thread ids are 16-bit in the trace: the tasks past the last id are kept as numbers, unnamed.
      thread = NONE;
      this.threads.pop();
      this.problems.once('threads', r.line, `more than ${MAX_IDS} tasks: the rest are counted without a thread`);
    }
    let lock = this.lockIds.get(lockName);
    if (lock === undefined && this.locks.length >= MAX_IDS - 1) {
      // So are lock ids: the rows past the last one are counted under one lock (their call stacks stay apart).
      lockName = OTHER_LOCKS;
      lock = this.lockIds.get(lockName);
      this.problems.once('locks', r.line, `more than ${MAX_IDS - 1} locks: the rest are counted together as "${OTHER_LOCKS}"`);
    }
    if (lock === undefined) {
      lock = this.locks.length;
      this.lockIds.set(lockName, lock);
      this.locks.push({ name: lockName, kind: kind.type, wait: kind.wait, src: 0 });
    }
    const caller = col('caller') >= 0 ? r.tail[col('caller')].replace(/\+0x[0-9a-f]+$/i, '') : '';
    const frames = r.frames.length ? r.frames : caller ? [caller] : [];
    const stack = this.b.stackOf(frames.slice().reverse().map((f) => ({ name: f })));
    const read = /:R$/.test(type);
    const sub = (kind.wait === 'spin' ? WaitKind.Spin : WaitKind.Sleep) | (read ? WaitKind.Read : 0);
    // The longest wait is drawn; the others are kept as numbers (a row may say 1e9 waits).
    this.b.span(this.at, max, SpanKind.LockWait, sub, NONE, thread, lock, 0, stack);
    this.at += max;
    if (count > 1) this.totals.push({ lock, stack, count: count - 1, totalNs: total - max, maxNs: Math.min(max, total - max), sleep: kind.wait !== 'spin', read });
    if (this.b.records >= this.limit) {
      // The engine's record limit holds for imports too: a table of a billion rows stops here, not at the memory's end.
      this.ended = this.full = true;
      this.problems.warn(r.line, `record limit of ${this.limit.toLocaleString('en-US')} reached at line ${r.line}: the rest of the table is not imported; raise the limit with --max-records (CLI) or the smpStackLab.trace.recordLimit setting`);
    }
  }

  finish(name: string): ImportResult {
    if (!this.cols) throw new ImportError('no perf lock contention table header ("contended  total wait ..." or "# output: ...")');
    this.flush();
    if (!this.rowsRead) this.problems.warn(0, 'the table has no rows');
    const trace = this.b.finish({
      version: TRACE_VERSION, name, variant: '', seed: 0, cpus: 0, startNs: 0, endNs: this.at, warmupNs: 0, stopReason: 'imported',
      stopDetail: `perf lock contention: ${this.rowsRead} rows (totals only, not a timeline: each row's longest wait is drawn, the rest are counted)`,
      events: this.rowsRead, wallMs: performance.now() - this.started, threads: this.threads, locks: this.locks, series: [],
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
      waitTotals: this.totals,
    });
    return this.problems.result(trace);
  }
}

/** "0xffffffff821ffadf  rwsem_down_write_slowpath+0x37f" → "rwsem_down_write_slowpath". */
function symbolOf(s: string): string {
  const m = /^(?:0x)?[0-9a-f]+(?:\s+(\S+))?\s*$/i.exec(s) ?? /^(?:0x)?[0-9a-f]+\s+(\S+)/i.exec(s);
  if (m && !m[1]) return '[unknown]';
  return (m ? m[1] : s).replace(/\+0x[0-9a-f]+$/i, '');
}

/** perf's type column ("spinlock", "rwsem:W", "mutex" ...) in the importer's lock vocabulary. */
function perfTypeToKind(type: string): { type: string; wait: 'spin' | 'sleep' | 'adaptive' } {
  const base = type.split(':')[0];
  const flags: Record<string, string[]> = {
    spinlock: ['SPIN'], rwlock: ['SPIN', 'READ'], rwsem: ['READ'], mutex: ['MUTEX'], 'rt-mutex': ['RT'],
    'rwlock-rt': ['RT', 'READ'], 'pcpu-sem': ['PERCPU', 'READ'], 'percpu-rwsem': ['PERCPU', 'READ'], semaphore: [],
  };
  return base && flags[base] ? lockType(flags[base]) : { type: base || 'lock', wait: 'sleep' };
}

export function importPerfLock(source: ByteSource, opts: ImportOptions = {}): Promise<ImportResult> {
  return parseSource(source, new PerfLockParser(opts.maxRecords ?? DEFAULT_LIMITS.maxRecords), opts);
}

export function importPerfLockText(text: string, name = 'perf lock contention', maxRecords = DEFAULT_LIMITS.maxRecords): ImportResult {
  return parseText(text, new PerfLockParser(maxRecords), name);
}
