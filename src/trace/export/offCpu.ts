// Off-CPU folded stacks (Gregg's offcputime layout: "thread;frames... ns"):
// for every thread, the time between one run ending and its next run starting,
// weighted onto the stack it switched out with (the ContextSwitch instant at
// that moment carries it; perf imports record it from sched_switch's call
// chain). Time before a thread's first run or after its last is not known to
// be off-CPU and is left out.
import { InstantKind, SpanKind, frameLabel, stackFrames, type Trace } from '../schema';
import { instantPeer } from '../columns';

export function exportOffCpuFolded(trace: Trace): string {
  const { meta } = trace;
  const ins = trace.tables.instants;
  const switchStack = new Map<string, number>();
  for (let i = 0; i < trace.length.instants; i++) {
    const from = instantPeer(ins, i);
    if (ins.kind[i] === InstantKind.ContextSwitch && from >= 0) switchStack.set(`${ins.time[i]}/${ins.cpu[i]}/${from}`, ins.stack[i]);
  }
  const sp = trace.tables.spans;
  const runs = new Map<number, number[]>();
  for (let i = 0; i < trace.length.spans; i++) {
    if (sp.kind[i] !== SpanKind.ThreadRun || sp.thread[i] >= meta.threads.length) continue;
    let l = runs.get(sp.thread[i]);
    if (!l) runs.set(sp.thread[i], (l = []));
    l.push(i);
  }
  const weights = new Map<string, number>();
  for (const [thread, idx] of runs) {
    idx.sort((a, b) => sp.start[a] - sp.start[b]);
    for (let k = 0; k + 1 < idx.length; k++) {
      const a = idx[k], b = idx[k + 1];
      const end = sp.start[a] + sp.dur[a];
      const gap = sp.start[b] - end;
      if (gap <= 0) continue;
      const stack = switchStack.get(`${end}/${sp.cpu[a]}/${thread}`) ?? 0;
      const frames = stackFrames(meta, stack).map((f) => frameLabel(meta, f).replace(/;/g, ':'));
      const key = [meta.threads[thread].name.replace(/;/g, ':'), ...frames].join(';');
      weights.set(key, (weights.get(key) ?? 0) + gap);
    }
  }
  const lines = [...weights].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([k, w]) => `${k} ${Math.round(w)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}
