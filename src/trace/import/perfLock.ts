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
import { TraceBuilder } from '../builder';
import { TRACE_VERSION, NONE, SpanKind, WaitKind, type LockInfo, type ThreadInfo, type WaitTotal } from '../schema';
import type { ByteSource } from './byteSource';
import { parseSource, parseText } from './lines';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';
import { lockType } from './perf/fields';

type Col = 'contended' | 'total' | 'max' | 'min' | 'avg';
const COLS: [RegExp, Col][] = [[/^contended/, 'contended'], [/^total wait/, 'total'], [/^max wait/, 'max'], [/^min wait/, 'min'], [/^avg wait/, 'avg']];
const UNIT: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

interface Row { line: number; n: Partial<Record<Col, number>>; tail: string[]; frames: string[] }

class PerfLockParser {
  readonly problems = new Problems();
  private cols: Col[] | null = null;
  private tailCols: string[] = [];
  private sep: string | null = null; // CSV separator, null for the text table
  private rows: Row[] = [];
  private ended = false;
  private started = performance.now();

  line(text: string, n: number): void {
    if (this.ended) return;
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed.startsWith('=== output for debug')) { this.ended = true; return; }
    if (trimmed.startsWith('# output:')) return this.csvHeader(trimmed.slice(9).trim(), n);
    if (trimmed.startsWith('#')) return;
    if (!this.cols) {
      if (/^contended\b/.test(trimmed) || /^total wait\b/.test(trimmed)) this.textHeader(trimmed);
      return; // perf's chatter before the table ("Looking at the vmlinux_path", ...)
    }
    if (this.sep === null && text.startsWith('\t') && /^0x[0-9a-f]+(\s|$)/i.test(trimmed) && this.rows.length) {
      this.rows[this.rows.length - 1].frames.push(symbolOf(trimmed));
      return;
    }
    const row = this.sep === null ? this.textRow(trimmed, n) : this.csvRow(trimmed, n);
    if (row) this.rows.push(row);
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

  finish(name: string): ImportResult {
    if (!this.cols) throw new ImportError('no perf lock contention table header ("contended  total wait ..." or "# output: ...")');
    const b = new TraceBuilder(1024);
    const locks: LockInfo[] = [];
    const threads: ThreadInfo[] = [];
    const lockIds = new Map<string, number>();
    const col = (name: string) => this.tailCols.indexOf(name);
    const byTask = col('pid') >= 0;
    let at = 0;
    const totals: WaitTotal[] = [];
    for (const r of this.rows) {
      const count = r.n.contended ?? 1;
      const total = r.n.total ?? (r.n.avg !== undefined ? r.n.avg * count : undefined);
      if (total === undefined || count < 1) { this.problems.bad(r.line, 'row without a count and a total or mean wait'); continue; }
      const max = Math.min(r.n.max ?? Math.ceil(total / count), total);
      const type = col('type') >= 0 ? r.tail[col('type')] : '';
      const kind = perfTypeToKind(type);
      let lockName: string;
      let thread = NONE;
      if (byTask) {
        lockName = '(all locks)';
        thread = threads.length;
        threads.push({ name: `${r.tail[col('comm')] ?? '?'}-${r.tail[col('pid')]}`, kind: 'user', priority: 0, cpu: -1, src: 0 });
      } else if (col('address') >= 0) {
        const sym = r.tail[col('symbol')];
        lockName = sym || `0x${r.tail[col('address')]}`;
      } else {
        lockName = `${r.tail[col('caller')] ?? '?'}${type ? ` (${type})` : ''}`;
      }
      let lock = lockIds.get(lockName);
      if (lock === undefined) {
        lock = locks.length;
        lockIds.set(lockName, lock);
        locks.push({ name: lockName, kind: kind.type, wait: kind.wait, src: 0 });
      }
      const caller = col('caller') >= 0 ? r.tail[col('caller')].replace(/\+0x[0-9a-f]+$/i, '') : '';
      const frames = r.frames.length ? r.frames : caller ? [caller] : [];
      const stack = b.stackOf(frames.slice().reverse().map((f) => ({ name: f })));
      const read = /:R$/.test(type);
      const sub = (kind.wait === 'spin' ? WaitKind.Spin : WaitKind.Sleep) | (read ? WaitKind.Read : 0);
      // The longest wait is drawn; the others are kept as numbers (a row may say 1e9 waits).
      b.span(at, max, SpanKind.LockWait, sub, NONE, thread, lock, 0, stack);
      at += max;
      if (count > 1) totals.push({ lock, stack, count: count - 1, totalNs: total - max, maxNs: Math.min(max, total - max), sleep: kind.wait !== 'spin', read });
    }
    if (!this.rows.length) this.problems.warn(0, 'the table has no rows');
    const trace = b.finish({
      version: TRACE_VERSION, name, variant: '', seed: 0, cpus: 0, startNs: 0, endNs: at, warmupNs: 0, stopReason: 'imported',
      stopDetail: `perf lock contention: ${this.rows.length} rows (totals only, not a timeline: each row's longest wait is drawn, the rest are counted)`,
      events: this.rows.length, wallMs: performance.now() - this.started, threads, locks, series: [],
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
      waitTotals: totals,
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
  return parseSource(source, new PerfLockParser(), opts);
}

export function importPerfLockText(text: string, name = 'perf lock contention'): ImportResult {
  return parseText(text, new PerfLockParser(), name);
}
