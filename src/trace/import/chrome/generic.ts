// Any other Chrome trace (a browser trace, a tool's --trace output): each
// (pid, tid) track becomes one timeline row ("CPU" in our views) running one
// thread named after the process and thread; its nested B/E and X slices become
// a stack timeline (as speedscope reads them): a CpuState span per stretch with
// the same open slices, their names root first as the stack; gaps are idle.
// Counters (C) become series, one per args key. Instants and flows have no
// place in this mapping and are counted in a warning.
import { TraceBuilder } from '../../builder';
import { CpuState, NONE, SpanKind, type SeriesInfo, type ThreadInfo, type Trace } from '../../schema';
import { nsOfUs } from '../../export/timeFormat';
import type { Problems } from '../result';
import type { ChromeEvent } from './events';

interface Slice { start: number; end: number; name: string; line: number }
interface Track { pid: number; tid: number; slices: Slice[]; open: Slice[] }

export class GenericReader {
  private tracks = new Map<string, Track>();
  private processNames = new Map<number, string>();
  private threadNames = new Map<string, string>();
  private sortIndex = new Map<string, number>();
  private counters: { t: number; name: string; value: number }[] = [];
  private skipped = new Map<string, number>();
  private minTs = Infinity;
  private maxTs = -Infinity;
  events = 0;

  constructor(private problems: Problems) {}

  private track(e: ChromeEvent): Track {
    const key = `${e.pid}:${e.tid}`;
    let t = this.tracks.get(key);
    if (!t) this.tracks.set(key, (t = { pid: e.pid, tid: e.tid, slices: [], open: [] }));
    return t;
  }

  event(e: ChromeEvent, line: number): void {
    this.events++;
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === 'M') {
      const name = e.args?.name;
      if (e.name === 'process_name' && typeof name === 'string') this.processNames.set(e.pid, name);
      else if (e.name === 'thread_name' && typeof name === 'string') this.threadNames.set(key, name);
      else if (e.name === 'thread_sort_index' && typeof e.args?.sort_index === 'number') this.sortIndex.set(key, e.args.sort_index);
      return;
    }
    const ts = nsOfUs(e.ts);
    const seen = (t: number) => { if (t < this.minTs) this.minTs = t; if (t > this.maxTs) this.maxTs = t; };
    switch (e.ph) {
      case 'X': {
        const end = ts + nsOfUs(e.dur);
        this.track(e).slices.push({ start: ts, end, name: e.name, line });
        seen(ts); seen(end);
        return;
      }
      case 'B':
        this.track(e).open.push({ start: ts, end: ts, name: e.name, line });
        seen(ts);
        return;
      case 'E': {
        const t = this.track(e);
        const s = t.open.pop();
        if (!s) return this.problems.bad(line, `"E" event with no open "B" on pid ${e.pid} tid ${e.tid}`);
        s.end = ts;
        t.slices.push(s);
        seen(ts);
        return;
      }
      case 'C':
        for (const [k, v] of Object.entries(e.args ?? {})) {
          const value = Number(v);
          if (!Number.isFinite(value)) continue;
          this.counters.push({ t: ts, name: k === 'value' ? e.name : `${e.name}.${k}`, value });
          seen(ts);
        }
        return;
      default:
        this.skipped.set(e.ph, (this.skipped.get(e.ph) ?? 0) + 1);
    }
  }

  finish(name: string, wallMs: number): Trace {
    const b = new TraceBuilder(4096);
    const origin = Number.isFinite(this.minTs) ? this.minTs : 0;
    const end = Number.isFinite(this.maxTs) ? this.maxTs - origin : 0;
    for (const [ph, n] of this.skipped) this.problems.warn(0, `${n} "${ph}" events have no place in this timeline; skipped`);
    const tracks = [...this.tracks.values()].filter((t) => t.slices.length || t.open.length);
    for (const t of tracks) {
      for (const s of t.open) { s.end = this.maxTs; t.slices.push(s); }
      if (t.open.length) this.problems.warn(t.open[0].line, `${t.open.length} "B" events on pid ${t.pid} tid ${t.tid} never ended; closed at the end`);
      t.open = [];
    }
    tracks.sort((a, b) => a.pid - b.pid || (this.sortIndex.get(`${a.pid}:${a.tid}`) ?? 0) - (this.sortIndex.get(`${b.pid}:${b.tid}`) ?? 0) || a.tid - b.tid);
    if (tracks.length > NONE - 1) this.problems.warn(0, `${tracks.length} tracks: only the first ${NONE - 1} are kept`);
    const kept = tracks.slice(0, NONE - 1);
    const threads: ThreadInfo[] = kept.map((t) => {
      const p = this.processNames.get(t.pid) ?? `pid ${t.pid}`;
      const th = this.threadNames.get(`${t.pid}:${t.tid}`) ?? `tid ${t.tid}`;
      return { name: `${p} / ${th}`, kind: 'user', priority: 0, cpu: -1, src: 0 };
    });
    let nesting = false;
    kept.forEach((t, row) => { nesting = this.flatten(b, t, row, origin, end) || nesting; });
    if (nesting) this.problems.warn(0, 'some slices overlap without nesting (not allowed by the format); each was cut at its parent\'s end');
    const series: SeriesInfo[] = [];
    const seriesIds = new Map<string, number>();
    this.counters.sort((a, b) => a.t - b.t);
    for (const c of this.counters) {
      let s = seriesIds.get(c.name);
      if (s === undefined) { s = series.length; series.push({ name: c.name, kind: 'counter', src: 0 }); seriesIds.set(c.name, s); }
      b.counter(c.t - origin, s, c.value);
    }
    return b.finish({
      version: 1, name, variant: '', seed: 0, cpus: kept.length, startNs: 0, endNs: end, warmupNs: 0,
      stopReason: 'imported', stopDetail: `Chrome trace: ${this.events} events, ${kept.length} tracks (one row each)`,
      events: this.events, wallMs, threads, locks: [], series,
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }], counterTotals: {}, files: [],
    });
  }

  /** One track's slices → tiling CpuState spans with the open slices as stack; returns true if nesting was repaired. */
  private flatten(b: TraceBuilder, t: Track, row: number, origin: number, end: number): boolean {
    const sl = t.slices.sort((x, y) => x.start - y.start || (y.end - y.start) - (x.end - x.start));
    let repaired = false;
    const open: { end: number; stack: number }[] = [];
    let at = 0; // time covered so far (relative)
    let runStart = -1;
    const emit = (upTo: number) => {
      if (upTo <= at) return;
      const top = open[open.length - 1];
      b.span(at, upTo - at, SpanKind.CpuState, top ? CpuState.User : CpuState.Idle, row, top ? row : NONE, NONE, 0, top ? top.stack : 0);
      at = upTo;
    };
    const closeUntil = (time: number) => {
      while (open.length && open[open.length - 1].end <= time) {
        emit(open[open.length - 1].end);
        open.pop();
        if (!open.length && runStart >= 0) { b.span(runStart, at - runStart, SpanKind.ThreadRun, 0, row, row, NONE, 0, 0); runStart = -1; }
      }
    };
    for (const s of sl) {
      const start = s.start - origin;
      let e = s.end - origin;
      closeUntil(start);
      emit(start);
      const parent = open[open.length - 1];
      if (parent && e > parent.end) { e = parent.end; repaired = true; }
      if (!open.length) runStart = start;
      open.push({ end: e, stack: b.stack(parent ? parent.stack : 0, b.frame(s.name, 0)) });
    }
    closeUntil(Infinity);
    emit(end);
    return repaired;
  }
}
