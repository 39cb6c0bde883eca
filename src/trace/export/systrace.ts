// The thread runs as ftrace text (the "systemTraceEvents" of a Chrome JSON
// trace): one sched_switch line wherever a CPU changes thread, so Perfetto and
// chrome://tracing draw their own per-CPU scheduling tracks and thread states.
// ftrace prints microseconds; that is this form's resolution.
import { NONE, SpanKind, type Trace } from '../schema';

const TID_BASE = 10000; // clear of the per-CPU track tids (pid*100 + lane)

export function systraceText(trace: Trace, names: string[]): string {
  const sp = trace.tables.spans;
  const perCpu = new Map<number, number[]>();
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] !== SpanKind.ThreadRun || sp.thread[i] === NONE || sp.cpu[i] >= trace.meta.cpus) continue;
    let l = perCpu.get(sp.cpu[i]);
    if (!l) perCpu.set(sp.cpu[i], (l = []));
    l.push(i);
  }
  if (!perCpu.size) return '';
  const comm = (t: number) => (t === NONE ? `swapper/0` : (names[t] ?? `thread${t}`).replace(/\s+/g, '_').slice(0, 15));
  const pid = (t: number) => (t === NONE ? 0 : TID_BASE + t);
  const lines: { t: number; s: string }[] = [];
  for (const [cpu, idx] of perCpu) {
    idx.sort((a, b) => sp.start[a] - sp.start[b]);
    const cpuText = String(cpu).padStart(3, '0');
    const line = (t: number, prev: number, next: number) => {
      const ts = (t / 1e9).toFixed(6);
      lines.push({ t, s: `${comm(prev).padStart(16)}-${pid(prev)} [${cpuText}] d..3 ${ts}: sched_switch: prev_comm=${prev === NONE ? `swapper/${cpu}` : comm(prev)} prev_pid=${pid(prev)} prev_prio=120 prev_state=${prev === NONE ? 'R' : 'S'} ==> next_comm=${next === NONE ? `swapper/${cpu}` : comm(next)} next_pid=${pid(next)} next_prio=120` });
    };
    let prevEnd = -1, prevThread = NONE;
    for (const i of idx) {
      const s = sp.start[i], th = sp.thread[i];
      if (prevThread !== NONE && prevEnd !== s) line(prevEnd, prevThread, NONE); // went idle in between
      line(s, prevEnd === s ? prevThread : NONE, th);
      prevEnd = s + sp.dur[i];
      prevThread = th;
    }
    if (prevThread !== NONE && prevEnd < trace.meta.endNs) line(prevEnd, prevThread, NONE);
  }
  lines.sort((a, b) => a.t - b.t);
  return '# tracer: nop\n#\n' + lines.map((l) => l.s).join('\n') + '\n';
}
