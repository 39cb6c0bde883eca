// Rebuilding a trace from a Chrome JSON file this project exported (otherData
// says generator "smp-stack-lab"): every slice, instant, flow and counter maps
// back to its row, names back to thread / lock / series ids, sf back to the
// same stack of frame names. CPU states come from the nested slices of each
// CPU's stacks track (format 2: the state innermost, its thread the enclosing
// "thread" slice) or from flat X slices with args.thread (format 1, and states
// that overlapped). Source links do not travel (frames come back with source
// 0), as for every imported trace. The metadata is checked before use: a file
// edited by hand gets a located one-line error, not a JavaScript one.
import { TraceBuilder } from '../../builder';
import {
  TRACE_VERSION, CPU_STATE_NAMES, FLOW_KIND_NAMES, HoldFlags, INSTANT_KIND_NAMES, NONE, SpanKind, WaitKind,
  type LockInfo, type SeriesInfo, type ThreadInfo, type Trace, type TraceMeta,
} from '../../schema';
import { cpuOfPid } from '../../export/chromeLayout';
import { checkPackets, SERIES_KINDS } from '../../integrity';
import { ImportError, type Problems } from '../result';
import { ArgType, type EventScanner, type RawEvent } from './eventScanner';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** otherData checked: the tables an export writes, each entry with a string name. */
function checkedTable<T extends { name: string }>(other: Json, key: string, line: number): T[] {
  const v = other[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ImportError(`otherData.${key} is not a list`, line);
  if (v.length >= NONE) throw new ImportError(`otherData.${key} has ${v.length} entries (at most ${NONE - 1})`, line);
  v.forEach((x, i) => {
    if (!isObject(x) || typeof x.name !== 'string') throw new ImportError(`otherData.${key}[${i}] has no "name" string`, line);
  });
  return v as T[];
}

const CPU_STATE: number = SpanKind.CpuState;
const NAMES_CPU = CPU_STATE_NAMES as readonly string[];
const CH_B = 66, CH_E = 69, CH_X = 88, CH_I = 105, CH_II = 73, CH_C = 67, CH_M = 77;

/** One track's open B slices: parallel stacks of category, name, start, sf. */
interface Open { cat: number[]; name: number[]; ts: number[]; sf: number[]; depth: number }

interface FlowHalf { t: number; cpu: number; thread: number; obj: number; stack: number; kind: number }

export class OwnFormatReader {
  readonly b: TraceBuilder;
  private readonly cpus: number;
  private readonly threadsT: ThreadInfo[];
  private readonly locksT: LockInfo[];
  private readonly seriesT: SeriesInfo[];
  private readonly threadByName = new Map<string, number>();
  private readonly lockByName = new Map<string, number>();
  private readonly seriesByName = new Map<string, number>();
  /** String id → thread / lock / series / state / kind index (−1 none, −2 not looked up yet). */
  private readonly cache = { thread: new IdCache(), lock: new IdCache(), series: new IdCache(), state: new IdCache(), instant: new IdCache(), flow: new IdCache() };
  private stacks = new Map<number, number>();
  private frames: Json = {};
  /** How many frames stackFrames has: no chain up them is longer (a longer one has a cycle). */
  private frameCount = 0;
  /** Stacks of frames whose keys are not numbers ("a", "x1"): sf → stack, as `stacks` for numeric keys. */
  private namedStacks = new Map<string, number>();
  private framesLine = 0;
  private readonly flows = new Map<number, { out?: FlowHalf; in?: FlowHalf }>();
  private readonly tracks = new Map<number, Open>();
  private lastKey = NaN;
  private lastTrack: Open | null = null;
  private readonly cat: { cpu: number; run: number; hold: number; wait: number; flow: number; thread: number; frame: number };
  events = 0;

  constructor(private readonly other: Json, private readonly otherLine: number, private readonly scan: EventScanner,
    private readonly problems: Problems, capacity: number) {
    const cpus = other.cpus;
    if (typeof cpus !== 'number' || !Number.isInteger(cpus) || cpus < 1 || cpus >= NONE) {
      throw new ImportError(`otherData.cpus must be a whole number of CPUs from 1 to ${NONE - 1}, not ${JSON.stringify(cpus) ?? 'missing'}`, otherLine);
    }
    this.cpus = cpus;
    this.threadsT = checkedTable<ThreadInfo>(other, 'threads', otherLine);
    this.locksT = checkedTable<LockInfo>(other, 'locks', otherLine);
    this.seriesT = checkedTable<SeriesInfo>(other, 'series', otherLine);
    this.threadsT.forEach((t, i) => { if (!this.threadByName.has(t.name)) this.threadByName.set(t.name, i); });
    this.locksT.forEach((l, i) => { if (!this.lockByName.has(l.name)) this.lockByName.set(l.name, i); });
    this.seriesT.forEach((s, i) => { if (!this.seriesByName.has(s.name)) this.seriesByName.set(s.name, i); });
    const id = (s: string) => scan.strings.idOf(s);
    this.cat = { cpu: id('cpu'), run: id('run'), hold: id('hold'), wait: id('wait'), flow: id('flow'), thread: id('thread'), frame: id('frame') };
    this.b = new TraceBuilder(capacity);
  }

  setFrames(frames: unknown, line: number): void {
    if (!isObject(frames)) throw new ImportError('stackFrames is not an object of frames', line);
    this.frames = frames;
    this.framesLine = line;
    this.frameCount = Object.keys(frames).length;
    this.stacks.clear();
    this.namedStacks.clear();
  }

  private str(id: number): string { return this.scan.strings.list[id]; }
  private thread(nameId: number): number {
    if (nameId < 0) return NONE;
    return this.cache.thread.get(nameId, () => this.threadByName.get(this.str(nameId)) ?? NONE);
  }

  /** The stack an "sf" names, built from stackFrames without recursion (a cycle or a missing parent is a warning, not a crash). */
  private stack(sf: number, line: number): number {
    if (sf === -1) return 0;
    const known = this.stacks.get(sf);
    if (known !== undefined) return known;
    const chain: Json[] = [];
    const keys: string[] = [];
    let key: string | undefined = sf >= 0 ? String(sf) : this.str(-sf - 1);
    let base = 0;
    // (Counted once per stackFrames, not per stack: 20,000 stacks of 20,000 frames took 8 s of CPU.)
    const limit = this.frameCount + 1;
    while (key !== undefined) {
      const cached = /^\d+$/.test(key) ? this.stacks.get(Number(key)) : this.namedStacks.get(key);
      if (cached !== undefined) { base = cached; break; }
      const node: unknown = this.frames[key];
      if (!isObject(node)) {
        this.problems.once(`sf ${key}`, line, `stack frame "${key}" is not in stackFrames${this.framesLine ? ` (line ${this.framesLine})` : ''}; its records have no stack`);
        return this.noStack(sf, keys);
      }
      if (chain.length >= limit) {
        this.problems.once(`sf cycle ${keys[0]}`, line, `stackFrames: frame "${keys[0]}" is its own ancestor; its records have no stack`);
        return this.noStack(sf, keys);
      }
      chain.push(node);
      keys.push(key);
      const p: unknown = node.parent;
      key = p === undefined || p === null ? undefined : typeof p === 'string' || typeof p === 'number' ? String(p) : undefined;
    }
    let s = base;
    for (let k = chain.length - 1; k >= 0; k--) {
      const name = chain[k].name;
      s = this.b.stack(s, this.b.frame(typeof name === 'string' ? name : '?', 0));
      this.keyed(keys[k], s);
    }
    return this.remember(sf, s);
  }
  private remember(sf: number, s: number): number { this.stacks.set(sf, s); return s; }
  private keyed(key: string, s: number): void {
    if (/^\d+$/.test(key)) this.stacks.set(Number(key), s);
    else this.namedStacks.set(key, s);
  }
  /** A chain that ends at a missing frame or goes round: every frame on it has no stack (walked once, not per record). */
  private noStack(sf: number, keys: string[]): number {
    for (const k of keys) this.keyed(k, 0);
    return this.remember(sf, 0);
  }

  private track(pid: number, tid: number): Open {
    const key = pid * 4294967296 + tid;
    if (key === this.lastKey) return this.lastTrack!;
    let t = this.tracks.get(key);
    if (!t) this.tracks.set(key, (t = { cat: [], name: [], ts: [], sf: [], depth: 0 }));
    this.lastKey = key;
    this.lastTrack = t;
    return t;
  }

  private argStr(e: RawEvent, key: number): number {
    const k = e.arg(key);
    return k >= 0 && e.argType[k] === ArgType.String ? e.argStr[k] : -1;
  }
  private argNum(e: RawEvent, key: number): number {
    const k = e.arg(key);
    return k >= 0 && e.argType[k] !== ArgType.String && e.argType[k] !== ArgType.Other ? e.argNum[k] : NaN;
  }

  event(e: RawEvent): void {
    this.events++;
    const line = e.line;
    const cpu = cpuOfPid(e.pid, this.cpus);
    const keys = this.scan.keys;
    const ph = e.ph, ts = e.ts;
    if (ph === CH_B || ph === CH_E) {
      const t = this.track(e.pid, e.tid);
      if (ph === CH_B) {
        const d = t.depth++;
        t.cat[d] = e.cat; t.name[d] = e.name; t.ts[d] = ts; t.sf[d] = e.sf;
        return;
      }
      if (t.depth === 0) return this.problems.bad(line, `"E" event with no open "B" on pid ${e.pid} tid ${e.tid}`);
      const d = --t.depth;
      if (t.cat[d] !== this.cat.cpu) return;
      const sub = this.cache.state.get(t.name[d], () => NAMES_CPU.indexOf(this.str(t.name[d])));
      if (sub < 0) return this.problems.bad(line, `unknown CPU state "${this.str(t.name[d])}"`);
      let thread = NONE;
      for (let k = d - 1; k >= 0; k--) if (t.cat[k] === this.cat.thread) { thread = this.thread(t.name[k]); break; }
      this.b.span(t.ts[d], ts - t.ts[d], CPU_STATE, sub, cpu, thread, NONE, 0, this.stack(t.sf[d], line));
      return;
    }
    if (ph === CH_X) {
      const dur = e.dur === e.dur ? e.dur : 0;
      const cat = e.cat;
      if (cat === this.cat.cpu) {
        const sub = this.cache.state.get(e.name, () => NAMES_CPU.indexOf(this.str(e.name)));
        if (sub < 0) return this.problems.bad(line, `unknown CPU state "${this.str(e.name) ?? ''}"`);
        let thread = this.thread(this.argStr(e, keys.thread));
        if (thread === NONE) {
          const t = this.track(e.pid, e.tid);
          for (let k = t.depth - 1; k >= 0; k--) if (t.cat[k] === this.cat.thread) { thread = this.thread(t.name[k]); break; }
        }
        this.b.span(ts, dur, CPU_STATE, sub, cpu, thread, NONE, 0, this.stack(e.sf, line));
        return;
      }
      if (cat === this.cat.run) {
        this.b.span(ts, dur, SpanKind.ThreadRun, 0, cpu, this.thread(e.name), NONE, 0, this.stack(e.sf, line));
        return;
      }
      if (cat === this.cat.hold || cat === this.cat.wait) {
        const lock = this.cache.lock.get(e.name, () => this.lockByName.get(this.str(e.name)) ?? -1);
        if (lock < 0) return this.problems.bad(line, `lock "${this.str(e.name) ?? ''}" is not in otherData.locks`);
        const hold = cat === this.cat.hold;
        let sub: number;
        if (hold) sub = (this.argNum(e, keys.read) > 0 ? HoldFlags.Read : 0) | (this.argNum(e, keys.contended) > 0 ? HoldFlags.Contended : 0);
        else {
          const w = this.argStr(e, keys.wait);
          sub = (w >= 0 && this.str(w) === 'sleep' ? WaitKind.Sleep : WaitKind.Spin) | (this.argNum(e, keys.continued) > 0 ? WaitKind.Continued : 0)
            | (this.argNum(e, keys.read) > 0 ? WaitKind.Read : 0) | (this.argNum(e, keys.unfinished) > 0 ? WaitKind.Unfinished : 0);
        }
        let holder = NONE;
        if (!hold) {
          const hs = this.argStr(e, keys.holder);
          if (hs >= 0) holder = this.thread(hs);
          else {
            const hn = this.argNum(e, keys.holder);
            if (Number.isInteger(hn) && hn >= 0 && hn < NONE) holder = hn;
          }
        }
        this.b.span(ts, dur, hold ? SpanKind.LockHold : SpanKind.LockWait, sub, cpu, this.thread(this.argStr(e, keys.thread)), lock,
          hold || holder === NONE ? 0 : holder + 1, this.stack(e.sf, line));
        return;
      }
      if (cat === this.cat.flow) return this.flowHalf(e, ts, cpu);
    } else if (ph === CH_I || ph === CH_II) {
      const kind = this.cache.instant.get(e.name, () => (INSTANT_KIND_NAMES as readonly string[]).indexOf(this.str(e.name)));
      if (kind < 0) return this.problems.bad(line, `unknown instant "${this.str(e.name) ?? ''}"`);
      const obj = this.argNum(e, keys.obj), aux = this.argNum(e, keys.aux);
      this.b.instant(ts, kind, cpu, this.thread(this.argStr(e, keys.thread)), Number.isInteger(obj) && obj >= 0 && obj < NONE ? obj : NONE,
        Number.isInteger(aux) && aux >= 0 ? aux : 0, this.stack(e.sf, line));
      return;
    } else if (ph === CH_C) {
      const s = this.cache.series.get(e.name, () => this.seriesByName.get(this.str(e.name)) ?? -1);
      if (s < 0) return this.problems.bad(line, `counter "${this.str(e.name) ?? ''}" is not in otherData.series`);
      const v = this.argNum(e, keys.value);
      if (v !== v) return this.problems.bad(line, `counter "${this.str(e.name)}" has no numeric args.value`);
      this.b.counter(ts, s, v, this.stack(e.sf, line));
      return;
    } else if (ph === CH_M) {
      return;
    }
    const phText = ph > 0 ? String.fromCharCode(ph) : '?';
    const catText = e.cat >= 0 ? this.str(e.cat) : '';
    this.problems.once(`ph ${phText} ${catText}`, line, `event ph "${phText}" cat "${catText}" not expected in an SMP Stack Lab export; skipped`);
  }

  private flowHalf(e: RawEvent, ts: number, cpu: number): void {
    const kind = this.cache.flow.get(e.name, () => (FLOW_KIND_NAMES as readonly string[]).indexOf(this.str(e.name)));
    if (kind < 0 || e.bind !== e.bind) return this.problems.bad(e.line, `flow slice "${this.str(e.name) ?? ''}" without a known kind or bind_id`);
    const obj = this.argNum(e, this.scan.keys.obj);
    const half: FlowHalf = {
      t: ts, cpu, thread: this.thread(this.argStr(e, this.scan.keys.thread)), obj: Number.isInteger(obj) && obj >= 0 && obj < NONE ? obj : NONE,
      stack: this.stack(e.sf, e.line), kind,
    };
    let f = this.flows.get(e.bind);
    if (!f) this.flows.set(e.bind, (f = {}));
    if (e.flowOut) f.out = half; else f.in = half;
    if (f.out && f.in) {
      const o = f.out, i = f.in;
      this.b.flow(o.t, i.t, o.kind, o.cpu, i.cpu, o.thread, i.thread, o.obj, o.stack);
      this.flows.delete(e.bind);
    }
  }

  finish(wallMs: number): Trace {
    if (this.flows.size) this.problems.warn(0, `${this.flows.size} flows had only one end; dropped`);
    let open = 0;
    for (const t of this.tracks.values()) open += t.depth;
    if (open) this.problems.warn(0, `${open} "B" slices never ended; their CPU states are left out`);
    const o = this.other;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const totals: Record<string, number[]> = {};
    if (isObject(o.counterTotals)) {
      for (const [k, v] of Object.entries(o.counterTotals)) if (Array.isArray(v) && v.every((x) => typeof x === 'number')) totals[k] = v;
    }
    let packets: TraceMeta['packets'];
    if (o.packets !== undefined) {
      try {
        checkPackets(o.packets, 'otherData.packets');
        packets = o.packets as unknown as TraceMeta['packets'];
      } catch (e) {
        this.problems.warn(this.otherLine, `${(e as Error).message.replace(/^corrupt trace: /, '')}: the packet figures are left out`);
      }
    }
    const meta: Omit<TraceMeta, 'strings' | 'frameName' | 'frameSrc' | 'stackParent' | 'stackFrame'> = {
      version: TRACE_VERSION, name: String(o.name ?? 'trace'), variant: String(o.variant ?? ''), seed: num(o.seed), cpus: this.cpus,
      startNs: num(o.startNs), endNs: num(o.endNs), warmupNs: num(o.warmupNs), stopReason: 'imported',
      stopDetail: `Chrome JSON exported by SMP Stack Lab (the run: ${String(o.stopReason ?? '?')}${o.stopDetail ? `, ${String(o.stopDetail)}` : ''})`,
      events: num(o.events), wallMs,
      threads: this.threadsT.map((t) => ({ name: t.name, kind: String(t.kind ?? 'kernel'), priority: num(t.priority), cpu: num(t.cpu), src: 0 })),
      locks: this.locksT.map((l) => ({ name: l.name, kind: String(l.kind ?? 'mutex'), wait: String(l.wait ?? 'sleep'), src: 0 })),
      series: this.seriesT.map((s, i) => {
        const known = SERIES_KINDS.has(s.kind);
        if (!known) this.problems.warn(this.otherLine, `otherData.series[${i}].kind is ${JSON.stringify(s.kind) ?? 'missing'}: read as a counter`);
        return { name: s.name, kind: known ? s.kind : 'counter', ...(typeof s.scope === 'string' ? { scope: s.scope } : {}), src: 0 };
      }),
      sources: [{ file: '', line: 0, column: 0, endLine: 0, endColumn: 0 }],
      counterTotals: totals,
      ...(packets ? { packets } : {}),
      files: [],
    };
    return this.b.finish(meta);
  }
}

/** Per string id, a looked-up index (computed once). */
class IdCache {
  private v = new Int32Array(256).fill(-2);
  get(id: number, compute: () => number): number {
    if (id < 0) return -1;
    if (id >= this.v.length) {
      const n = new Int32Array(Math.max(this.v.length * 2, id + 1)).fill(-2);
      n.set(this.v);
      this.v = n;
    }
    let x = this.v[id];
    if (x === -2) this.v[id] = x = compute();
    return x;
  }
}
