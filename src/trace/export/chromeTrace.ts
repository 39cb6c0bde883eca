// Trace → Chrome Trace Event JSON (object form), read by Perfetto,
// chrome://tracing and speedscope. Layout: see chromeLayout.ts.
//   X slices      CPU states, thread runs, lock holds / waits (cat = cpu / run / hold / wait)
//   i instants    interrupts, switches, wake-ups, IPIs, drops, preemptions (cat = instant)
//   flows v2      a zero-length X slice at each end with bind_id + flow_out / flow_in (cat = flow)
//   C counters    one series per counter / queue (args.value)
//   M metadata    process / thread names and sort order
//   stackFrames   every stack id as a frame node {name, parent}; records point at theirs with sf
//   otherData     run facts and the thread / lock / series tables, so our importer rebuilds the
//                 trace exactly (spans, stacks, lock table)
//   systemTraceEvents  ftrace sched_switch text of the thread runs: Perfetto and chrome://tracing
//                 show it as real per-CPU scheduling tracks (µs resolution there; the X slices are exact)
// Times are fractional microseconds written exactly to the nanosecond.
import {
  CPU_STATE_NAMES, FLOW_KIND_NAMES, HoldFlags, INSTANT_KIND_NAMES, NONE, SpanKind, WaitKind, frameLabel, type Trace,
} from '../schema';
import { GENERATOR, LANE_EVENTS, LANE_LOCKS, LANE_STATE, LANE_THREADS, pidOfCpu, tidOf } from './chromeLayout';
import { packNested } from './lanes';
import { systraceText } from './systrace';
import { durText, usText } from './timeFormat';

export interface ChromeExportOptions {
  /** Include the ftrace text form of the scheduling (default true). */
  systrace?: boolean;
}

export function exportChromeTrace(trace: Trace, opts: ChromeExportOptions = {}): string {
  const parts: string[] = [];
  writeChromeTrace(trace, (s) => parts.push(s), opts);
  return parts.join('');
}

/** Streams the JSON out in pieces (a file writer can take them as they come). */
export function writeChromeTrace(trace: Trace, write: (chunk: string) => void, opts: ChromeExportOptions = {}): void {
  const { meta } = trace;
  const cpus = meta.cpus;
  const names = uniqueNames(meta.threads.map((t) => t.name));
  const threadName = (t: number) => (t === NONE || t >= names.length ? undefined : names[t]);
  const q = JSON.stringify;

  write(`{"displayTimeUnit":"ns","otherData":${q({
    generator: GENERATOR, version: 1, name: meta.name, variant: meta.variant, seed: meta.seed, cpus,
    startNs: meta.startNs, endNs: meta.endNs, warmupNs: meta.warmupNs, stopReason: meta.stopReason, stopDetail: meta.stopDetail,
    events: meta.events, threads: meta.threads.map((t, i) => ({ ...t, name: names[i] })), locks: meta.locks, series: meta.series,
    counterTotals: meta.counterTotals, ...(meta.packets ? { packets: meta.packets } : {}),
  })}`);

  // stackFrames: stack id → its top frame, parent = the stack below.
  write(',"stackFrames":{');
  for (let s = 1; s < meta.stackParent.length; s++) {
    const p = meta.stackParent[s];
    write(`${s > 1 ? ',' : ''}"${s}":{"name":${q(frameLabel(meta, meta.stackFrame[s]))}${p ? `,"parent":"${p}"` : ''}}`);
  }
  write('},"traceEvents":[');
  let first = true;
  const ev = (s: string) => { write(first ? s : ',' + s); first = false; };
  const sf = (stack: number) => (stack ? `,"sf":"${stack}"` : '');

  // Metadata: names and order.
  const lockLanes = lockLaneOf(trace);
  const pids = new Set<number>();
  for (let c = 0; c < cpus; c++) pids.add(c + 1);
  const extraPid = cpus + 1;
  const usedLanes = new Map<number, number>(); // pid → lock lanes used
  for (let i = 0; i < trace.length.spans; i++) {
    if (lockLanes[i] < 0) continue;
    const pid = pidOfCpu(trace.tables.spans.cpu[i], cpus);
    usedLanes.set(pid, Math.max(usedLanes.get(pid) ?? 0, lockLanes[i] + 1));
    pids.add(pid);
  }
  if (trace.length.counters || trace.length.spans && hasNoCpu(trace)) pids.add(extraPid);
  for (const pid of [...pids].sort((a, b) => a - b)) {
    const label = pid <= cpus ? `CPU ${pid - 1}` : 'counters and records without a CPU';
    ev(`{"ph":"M","name":"process_name","pid":${pid},"tid":${tidOf(pid, 0)},"args":{"name":${q(label)}}}`);
    ev(`{"ph":"M","name":"process_sort_index","pid":${pid},"tid":${tidOf(pid, 0)},"args":{"sort_index":${pid}}}`);
    const lanes: [number, string][] = pid <= cpus ? [[LANE_STATE, 'state'], [LANE_THREADS, 'threads'], [LANE_EVENTS, 'events']] : [[LANE_EVENTS, 'events']];
    for (let k = 0; k < (usedLanes.get(pid) ?? 0); k++) lanes.push([LANE_LOCKS + k, `locks ${k}`]);
    for (const [lane, name] of lanes) {
      const tid = tidOf(pid, lane);
      ev(`{"ph":"M","name":"thread_name","pid":${pid},"tid":${tid},"args":{"name":${q(`${label} ${name}`)}}}`);
      ev(`{"ph":"M","name":"thread_sort_index","pid":${pid},"tid":${tid},"args":{"sort_index":${lane}}}`);
    }
  }

  const sp = trace.tables.spans;
  for (let i = 0; i < trace.length.spans; i++) {
    const pid = pidOfCpu(sp.cpu[i], cpus);
    const ts = usText(sp.start[i]);
    const dur = durText(sp.start[i], sp.dur[i]);
    const th = threadName(sp.thread[i]);
    switch (sp.kind[i]) {
      case SpanKind.CpuState: {
        const args = th !== undefined ? `,"args":{"thread":${q(th)}}` : '';
        ev(`{"ph":"X","cat":"cpu","name":"${CPU_STATE_NAMES[sp.sub[i]] ?? 'kernel'}","pid":${pid},"tid":${tidOf(pid, LANE_STATE)},"ts":${ts},"dur":${dur}${sf(sp.stack[i])}${args}}`);
        break;
      }
      case SpanKind.ThreadRun:
        ev(`{"ph":"X","cat":"run","name":${q(th ?? 'idle')},"pid":${pid},"tid":${tidOf(pid, LANE_THREADS)},"ts":${ts},"dur":${dur}${sf(sp.stack[i])}}`);
        break;
      case SpanKind.LockHold: case SpanKind.LockWait: {
        const hold = sp.kind[i] === SpanKind.LockHold;
        const lock = meta.locks[sp.obj[i]]?.name ?? `lock ${sp.obj[i]}`;
        const a: Record<string, unknown> = {};
        if (th !== undefined) a.thread = th;
        if (hold) {
          if (sp.sub[i] & HoldFlags.Read) a.read = true;
          if (sp.sub[i] & HoldFlags.Contended) a.contended = true;
        } else {
          a.wait = sp.sub[i] & WaitKind.Sleep ? 'sleep' : 'spin';
          if (sp.sub[i] & WaitKind.Continued) a.continued = true;
          if (sp.sub[i] & WaitKind.Read) a.read = true;
          if (sp.sub[i] & WaitKind.Unfinished) a.unfinished = true;
          if (sp.aux[i]) a.holder = threadName(sp.aux[i] - 1) ?? sp.aux[i] - 1;
        }
        ev(`{"ph":"X","cat":"${hold ? 'hold' : 'wait'}","name":${q(lock)},"pid":${pid},"tid":${tidOf(pid, LANE_LOCKS + lockLanes[i])},"ts":${ts},"dur":${dur}${sf(sp.stack[i])},"args":${q(a)}}`);
        break;
      }
    }
  }

  const ins = trace.tables.instants;
  for (let i = 0; i < trace.length.instants; i++) {
    const pid = pidOfCpu(ins.cpu[i], cpus);
    const a: Record<string, unknown> = {};
    const th = threadName(ins.thread[i]);
    if (th !== undefined) a.thread = th;
    if (ins.obj[i] !== NONE) a.obj = ins.obj[i];
    if (ins.aux[i]) a.aux = ins.aux[i];
    ev(`{"ph":"i","s":"t","cat":"instant","name":"${INSTANT_KIND_NAMES[ins.kind[i]] ?? 'instant'}","pid":${pid},"tid":${tidOf(pid, LANE_EVENTS)},"ts":${usText(ins.time[i])}${sf(ins.stack[i])},"args":${q(a)}}`);
  }

  const f = trace.tables.flows;
  for (let i = 0; i < trace.length.flows; i++) {
    const name = FLOW_KIND_NAMES[f.kind[i]] ?? 'flow';
    const p0 = pidOfCpu(f.cpu0[i], cpus), p1 = pidOfCpu(f.cpu1[i], cpus);
    const a0: Record<string, unknown> = {}, a1: Record<string, unknown> = {};
    const t0 = threadName(f.thread0[i]), t1 = threadName(f.thread1[i]);
    if (t0 !== undefined) a0.thread = t0;
    if (t1 !== undefined) a1.thread = t1;
    if (f.obj[i] !== NONE) a0.obj = f.obj[i];
    const id = i + 1;
    ev(`{"ph":"X","cat":"flow","name":"${name}","pid":${p0},"tid":${tidOf(p0, LANE_EVENTS)},"ts":${usText(f.t0[i])},"dur":0,"bind_id":${id},"flow_out":true${sf(f.stack0[i])},"args":${q(a0)}}`);
    ev(`{"ph":"X","cat":"flow","name":"${name}","pid":${p1},"tid":${tidOf(p1, LANE_EVENTS)},"ts":${usText(f.t1[i])},"dur":0,"bind_id":${id},"flow_in":true,"args":${q(a1)}}`);
  }

  const c = trace.tables.counters;
  for (let i = 0; i < trace.length.counters; i++) {
    const name = meta.series[c.series[i]]?.name ?? `series ${c.series[i]}`;
    ev(`{"ph":"C","cat":"counter","name":${q(name)},"pid":${extraPid},"tid":${tidOf(extraPid, LANE_EVENTS)},"ts":${usText(c.time[i])}${sf(c.stack[i])},"args":{"value":${c.value[i]}}}`);
  }
  write(']');
  if (opts.systrace !== false && trace.length.spans) {
    const text = systraceText(trace, names);
    if (text) write(`,"systemTraceEvents":${q(text)}`);
  }
  write('}\n');
}

function hasNoCpu(trace: Trace): boolean {
  const cpu = trace.tables.spans.cpu;
  for (let i = 0; i < trace.length.spans; i++) if (cpu[i] >= trace.meta.cpus) return true;
  return false;
}

/** Lock-lane index per span (−1 for spans that are not lock holds / waits), per CPU. */
function lockLaneOf(trace: Trace): Int32Array {
  const sp = trace.tables.spans;
  const out = new Int32Array(trace.length.spans).fill(-1);
  const byCpu = new Map<number, number[]>();
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] !== SpanKind.LockHold && sp.kind[i] !== SpanKind.LockWait) continue;
    const cpu = sp.cpu[i];
    let l = byCpu.get(cpu);
    if (!l) byCpu.set(cpu, (l = []));
    l.push(i);
  }
  const ends = new Float64Array(trace.length.spans);
  for (let i = 0; i < trace.length.spans; i++) ends[i] = sp.start[i] + sp.dur[i];
  for (const idx of byCpu.values()) {
    idx.sort((a, b) => sp.start[a] - sp.start[b] || sp.dur[b] - sp.dur[a] || a - b);
    const lanes = packNested(sp.start, ends, idx);
    for (const i of idx) out[i] = lanes[i];
  }
  return out;
}

/** Thread names made unique (Chrome tracks and our importer key threads by name). */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n} #${k + 1}`;
  });
}
