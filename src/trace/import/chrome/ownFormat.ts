// Rebuilding a trace from a Chrome JSON file this project exported (otherData
// says generator "smp-stack-lab"): every slice, instant, flow and counter maps
// back to its row, names back to thread / lock / series ids, sf back to the
// same stack of frame names. Source links do not travel (frames come back with
// source 0), as for every imported trace.
import { TraceBuilder } from '../../builder';
import {
  CPU_STATE_NAMES, FLOW_KIND_NAMES, HoldFlags, INSTANT_KIND_NAMES, NONE, SpanKind, WaitKind,
  type LockInfo, type SeriesInfo, type ThreadInfo, type Trace, type TraceMeta,
} from '../../schema';
import { cpuOfPid } from '../../export/chromeLayout';
import { nsOfUs } from '../../export/timeFormat';
import type { Problems } from '../result';
import type { ChromeEvent, StackFrames } from './events';

interface FlowHalf { t: number; cpu: number; thread: number; obj: number; stack: number; kind: number }

export class OwnFormatReader {
  private b = new TraceBuilder(4096);
  private threads = new Map<string, number>();
  private locks = new Map<string, number>();
  private series = new Map<string, number>();
  private stacks = new Map<string, number>();
  private flows = new Map<string, { out?: FlowHalf; in?: FlowHalf }>();
  private cpus: number;
  events = 0;

  constructor(private other: Record<string, unknown>, private frames: StackFrames, private problems: Problems) {
    this.cpus = Number(other.cpus) || 0;
    (other.threads as ThreadInfo[] ?? []).forEach((t, i) => { if (!this.threads.has(t.name)) this.threads.set(t.name, i); });
    (other.locks as LockInfo[] ?? []).forEach((l, i) => { if (!this.locks.has(l.name)) this.locks.set(l.name, i); });
    (other.series as SeriesInfo[] ?? []).forEach((s, i) => { if (!this.series.has(s.name)) this.series.set(s.name, i); });
  }

  setFrames(frames: StackFrames): void { this.frames = frames; }

  private stack(sf: string | undefined, depth = 0): number {
    if (!sf) return 0;
    let id = this.stacks.get(sf);
    if (id !== undefined) return id;
    const node = this.frames[sf];
    if (!node || depth > 10000) return 0;
    const parent = node.parent === undefined ? 0 : this.stack(String(node.parent), depth + 1);
    id = this.b.stack(parent, this.b.frame(String(node.name ?? '?'), 0));
    this.stacks.set(sf, id);
    return id;
  }

  private thread(name: unknown): number {
    if (typeof name !== 'string') return NONE;
    return this.threads.get(name) ?? NONE;
  }

  event(e: ChromeEvent, line: number): void {
    this.events++;
    const cpu = cpuOfPid(e.pid, this.cpus);
    const a = e.args ?? {};
    const ts = nsOfUs(e.ts);
    if (e.ph === 'X') {
      const dur = nsOfUs(e.dur);
      switch (e.cat) {
        case 'cpu': {
          const sub = (CPU_STATE_NAMES as readonly string[]).indexOf(e.name);
          if (sub < 0) return this.problems.bad(line, `unknown CPU state "${e.name}"`);
          this.b.span(ts, dur, SpanKind.CpuState, sub, cpu, this.thread(a.thread), NONE, 0, this.stack(e.sf));
          return;
        }
        case 'run':
          this.b.span(ts, dur, SpanKind.ThreadRun, 0, cpu, this.thread(e.name), NONE, 0, this.stack(e.sf));
          return;
        case 'hold': case 'wait': {
          const lock = this.locks.get(e.name);
          if (lock === undefined) return this.problems.bad(line, `lock "${e.name}" is not in otherData.locks`);
          const hold = e.cat === 'hold';
          const sub = hold
            ? (a.read ? HoldFlags.Read : 0) | (a.contended ? HoldFlags.Contended : 0)
            : (a.wait === 'sleep' ? WaitKind.Sleep : WaitKind.Spin) | (a.continued ? WaitKind.Continued : 0)
              | (a.read ? WaitKind.Read : 0) | (a.unfinished ? WaitKind.Unfinished : 0);
          const holder = typeof a.holder === 'string' ? this.thread(a.holder) : typeof a.holder === 'number' ? a.holder : NONE;
          this.b.span(ts, dur, hold ? SpanKind.LockHold : SpanKind.LockWait, sub, cpu, this.thread(a.thread), lock,
            hold || holder === NONE ? 0 : holder + 1, this.stack(e.sf));
          return;
        }
        case 'flow': return this.flowHalf(e, ts, cpu, line);
      }
    } else if (e.ph === 'i' || e.ph === 'I') {
      const kind = (INSTANT_KIND_NAMES as readonly string[]).indexOf(e.name);
      if (kind < 0) return this.problems.bad(line, `unknown instant "${e.name}"`);
      this.b.instant(ts, kind, cpu, this.thread(a.thread), typeof a.obj === 'number' ? a.obj : NONE, typeof a.aux === 'number' ? a.aux : 0, this.stack(e.sf));
      return;
    } else if (e.ph === 'C') {
      const s = this.series.get(e.name);
      if (s === undefined) return this.problems.bad(line, `counter "${e.name}" is not in otherData.series`);
      this.b.counter(ts, s, Number(a.value), this.stack(e.sf));
      return;
    } else if (e.ph === 'M') {
      return;
    }
    this.problems.once(`ph ${e.ph} ${e.cat}`, line, `event ph "${e.ph}" cat "${e.cat}" not expected in an SMP Stack Lab export; skipped`);
  }

  private flowHalf(e: ChromeEvent, ts: number, cpu: number, line: number): void {
    const kind = (FLOW_KIND_NAMES as readonly string[]).indexOf(e.name);
    if (kind < 0 || e.bind_id === undefined) return this.problems.bad(line, `flow slice "${e.name}" without a known kind or bind_id`);
    const a = e.args ?? {};
    const half: FlowHalf = { t: ts, cpu, thread: this.thread(a.thread), obj: typeof a.obj === 'number' ? a.obj : NONE, stack: this.stack(e.sf), kind };
    let f = this.flows.get(e.bind_id);
    if (!f) this.flows.set(e.bind_id, (f = {}));
    if (e.flow_out) f.out = half; else f.in = half;
    if (f.out && f.in) {
      const o = f.out, i = f.in;
      this.b.flow(o.t, i.t, o.kind, o.cpu, i.cpu, o.thread, i.thread, o.obj, o.stack);
      this.flows.delete(e.bind_id);
    }
  }

  finish(wallMs: number): Trace {
    if (this.flows.size) this.problems.warn(0, `${this.flows.size} flows had only one end; dropped`);
    const o = this.other;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const meta: Omit<TraceMeta, 'strings' | 'frameName' | 'frameSrc' | 'stackParent' | 'stackFrame'> = {
      version: 1, name: String(o.name ?? 'trace'), variant: String(o.variant ?? ''), seed: num(o.seed), cpus: this.cpus,
      startNs: num(o.startNs), endNs: num(o.endNs), warmupNs: num(o.warmupNs), stopReason: 'imported',
      stopDetail: `Chrome JSON exported by SMP Stack Lab (the run: ${String(o.stopReason ?? '?')}${o.stopDetail ? `, ${String(o.stopDetail)}` : ''})`,
      events: num(o.events), wallMs,
      threads: ((o.threads as ThreadInfo[]) ?? []).map((t) => ({ ...t, src: 0 })),
      locks: ((o.locks as LockInfo[]) ?? []).map((l) => ({ ...l, src: 0 })),
      series: ((o.series as SeriesInfo[]) ?? []).map((s) => ({ ...s, src: 0 })),
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }],
      counterTotals: (o.counterTotals as Record<string, number[]>) ?? {},
      ...(o.packets ? { packets: o.packets as TraceMeta['packets'] } : {}),
      files: [],
    };
    return this.b.finish(meta);
  }
}
