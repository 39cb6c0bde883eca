// The thread runs as ftrace text (the "systemTraceEvents" of a Chrome JSON
// trace): one sched_switch line wherever a CPU changes thread, so Perfetto and
// chrome://tracing draw their own per-CPU scheduling tracks and thread states.
// ftrace prints microseconds; that is this form's resolution. The text is
// written into the JSON string as it is made (lines of all CPUs merged in time
// order), never held whole: at ten million records it is hundreds of MB.
import { NONE, SpanKind, type Trace } from '../schema';
import { utf8, type ByteWriter } from './byteWriter';
import { groupSpans, sortGroupsByStart } from './spanGroups';

const TID_BASE = 10000; // clear of the per-CPU track tids (pid*100 + lane)
const RUN: number = SpanKind.ThreadRun;

/** Bytes of `s` as they go inside a JSON string. */
const inJson = (s: string) => utf8(JSON.stringify(s).slice(1, -1));

interface Switches { t: Float64Array; prev: Int32Array; next: Int32Array; n: number }

/** Writes `,"systemTraceEvents":"…"` when the trace has thread runs on CPUs; returns whether it did. */
export function writeSystrace(trace: Trace, names: string[], w: ByteWriter): boolean {
  const sp = trace.tables.spans;
  const cpus = trace.meta.cpus;
  const g = groupSpans(trace.length.spans, cpus, (i) =>
    sp.kind[i] === RUN && sp.thread[i] !== NONE && sp.cpu[i] < cpus ? sp.cpu[i] : -1);
  if (g.order.length === 0) return false;
  sortGroupsByStart(g, sp.start, sp.dur);

  // Per CPU, the switches in time order: (time, prev thread, next thread), NONE for idle.
  const perCpu: Switches[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    const from = g.offsets[cpu], to = g.offsets[cpu + 1];
    const cap = 2 * (to - from) + 1;
    const s: Switches = { t: new Float64Array(cap), prev: new Int32Array(cap), next: new Int32Array(cap), n: 0 };
    const add = (t: number, prev: number, next: number) => { s.t[s.n] = t; s.prev[s.n] = prev; s.next[s.n] = next; s.n++; };
    let prevEnd = -1, prevThread = NONE;
    for (let j = from; j < to; j++) {
      const i = g.order[j];
      const start = sp.start[i], th = sp.thread[i];
      if (prevThread !== NONE && prevEnd !== start) add(prevEnd, prevThread, NONE); // went idle in between
      add(start, prevEnd === start ? prevThread : NONE, th);
      prevEnd = start + sp.dur[i];
      prevThread = th;
    }
    if (prevThread !== NONE && prevEnd < trace.meta.endNs) add(prevEnd, prevThread, NONE);
    perCpu.push(s);
  }

  const comm = names.map((n) => n.replace(/\s+/g, '_').slice(0, 15));
  const commBytes = comm.map(inJson);
  const commPadded = comm.map((c) => inJson(c.padStart(16)));
  const idlePadded = inJson('swapper/0'.padStart(16));
  const swapper = Array.from({ length: cpus }, (_, c) => utf8(`swapper/${c}`));
  const cpuText = Array.from({ length: cpus }, (_, c) => utf8(` [${String(c).padStart(3, '0')}] d..3 `));
  const ascii = (s: string) => utf8(s);
  const SWITCH = ascii(': sched_switch: prev_comm='), PREV_PID = ascii(' prev_pid='), PRIO_STATE = ascii(' prev_prio=120 prev_state=');
  const ARROW = ascii(' ==> next_comm='), NEXT_PID = ascii(' next_pid='), END = ascii(' next_prio=120\\n');
  const pid = (t: number) => (t === NONE ? 0 : TID_BASE + t);

  w.ascii(',"systemTraceEvents":"# tracer: nop\\n#\\n');
  const at = new Int32Array(cpus);
  for (;;) {
    let best = -1, bestT = Infinity;
    for (let c = 0; c < cpus; c++) if (at[c] < perCpu[c].n && perCpu[c].t[at[c]] < bestT) { bestT = perCpu[c].t[at[c]]; best = c; }
    if (best < 0) break;
    const s = perCpu[best], k = at[best]++;
    const prev = s.prev[k], next = s.next[k];
    w.bytes(prev === NONE ? idlePadded : commPadded[prev] ?? idlePadded);
    w.byte(45); w.uint(pid(prev));
    w.bytes(cpuText[best]);
    const us = Math.round(bestT / 1000);
    const sec = Math.floor(us / 1e6), frac = us - sec * 1e6;
    w.uint(sec); w.byte(46);
    for (let d = 100000; d >= 1; d /= 10) w.byte(48 + (Math.floor(frac / d) % 10));
    w.bytes(SWITCH); w.bytes(prev === NONE ? swapper[best] : commBytes[prev] ?? swapper[best]);
    w.bytes(PREV_PID); w.uint(pid(prev));
    w.bytes(PRIO_STATE); w.byte(prev === NONE ? 82 : 83);
    w.bytes(ARROW); w.bytes(next === NONE ? swapper[best] : commBytes[next] ?? swapper[best]);
    w.bytes(NEXT_PID); w.uint(pid(next));
    w.bytes(END);
    w.maybeFlush();
  }
  w.byte(34);
  return true;
}
