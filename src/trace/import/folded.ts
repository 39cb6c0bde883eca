// Folded stacks ("a;b;c 123" per line, '#' comments; the two-column diff form
// "a;b;c 12 34" reads its second column) → a trace whose on-CPU flame graph
// is exactly the file: one CpuState span per line, laid end to end on one row,
// weight = duration in ns (as exportFolded writes them). Folded files carry no
// time, so the timeline of such a trace is not a timeline.
import { DEFAULT_LIMITS } from '../../sim/program';
import { TraceBuilder } from '../builder';
import { TRACE_VERSION, CpuState, NONE, SpanKind } from '../schema';
import type { ByteSource } from './byteSource';
import { parseSource, parseText } from './lines';
import { ImportError, Problems, type ImportOptions, type ImportResult } from './result';

const LINE = /^(.*\S)\s+(\d+(?:\.\d+)?)(?:\s+(\d+(?:\.\d+)?))?\s*$/;

class FoldedParser {
  readonly problems = new Problems();
  private b = new TraceBuilder(1024);
  private at = 0;
  private lines = 0;
  /** The record limit was reached: no more lines are read. */
  full = false;
  private started = performance.now();

  constructor(private readonly limit: number) {}

  line(text: string, n: number): void {
    if (this.full || !text.trim() || text.startsWith('#')) return;
    const m = LINE.exec(text);
    if (!m) return this.problems.bad(n, `not "frame;frame;... count": ${text.slice(0, 120)}`);
    const w = Number(m[3] ?? m[2]);
    if (w <= 0) return;
    // A count of hundreds of digits is no weight a flame graph can add up (it made an infinite span).
    if (!(w + this.at <= Number.MAX_SAFE_INTEGER)) return this.problems.bad(n, `count of ${(m[3] ?? m[2]).length} digits is beyond what the stacks can add up to: ${text.slice(0, 120)}`);
    const stack = this.b.stackOf(m[1].split(';').map((name) => ({ name })));
    this.b.span(this.at, w, SpanKind.CpuState, CpuState.User, 0, NONE, NONE, 0, stack);
    this.at += w;
    this.lines++;
    if (this.b.records >= this.limit) {
      // The engine's record limit holds for imports too (one span a line).
      this.full = true;
      this.problems.warn(n, `record limit of ${this.limit.toLocaleString('en-US')} reached at line ${n}: the rest of the file is not imported; raise the limit with --max-records (CLI) or the smpStackLab.trace.recordLimit setting`);
    }
  }

  finish(name: string): ImportResult {
    if (!this.lines) throw new ImportError(this.problems.malformed ? `no folded stack lines (first unreadable at line ${this.problems.warnings[0]?.line})` : 'no folded stack lines');
    const trace = this.b.finish({
      version: TRACE_VERSION, name, variant: '', seed: 0, cpus: 1, startNs: 0, endNs: this.at, warmupNs: 0, stopReason: 'imported',
      stopDetail: `folded stacks: ${this.lines} ${this.lines === 1 ? 'stack' : 'stacks'} laid end to end (no timing in this format)`,
      events: this.lines, wallMs: performance.now() - this.started, threads: [], locks: [], series: [],
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
    });
    return this.problems.result(trace);
  }
}

export function importFolded(source: ByteSource, opts: ImportOptions = {}): Promise<ImportResult> {
  return parseSource(source, new FoldedParser(opts.maxRecords ?? DEFAULT_LIMITS.maxRecords), opts);
}

export function importFoldedText(text: string, name = 'folded', maxRecords = DEFAULT_LIMITS.maxRecords): ImportResult {
  return parseText(text, new FoldedParser(maxRecords), name);
}
