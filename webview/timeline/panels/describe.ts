// What the tooltip and the details panel say about a span, a mark, a counter
// sample, a flow or a bucket of flows: a title, label/value rows and the
// stack as frames that link to their model lines. Pure text, so it is tested
// without a browser.
import {
  CPU_STATE_NAMES, CpuState, FlowKind, HoldFlags, INSTANT_KIND_NAMES, InstantKind, NONE, SpanKind, WaitKind,
  stackFrames, type Trace, type TraceMeta,
} from '../../../src/trace/schema';
import { dropWhere, instantPeer, interruptDepth, waitHolder } from '../../../src/trace/columns';
import type { CounterReading } from '../data/counters';
import { kindCounts, pairCpus, type FlowPairs } from '../flows/flowPairs';
import { formatCount, formatDuration, formatRate, formatTime } from '../../../src/core/format';

export interface FrameLink {
  name: string;
  /** Source id (0: none, not a link). */
  src: number;
  /** "file:line" for the title attribute. */
  where: string;
}

export interface Description {
  title: string;
  rows: [string, string][];
  /** Root first: "wm_rxintr > ether_input > ip_input". */
  frames: FrameLink[];
}

export function threadName(meta: TraceMeta, t: number): string {
  if (t === NONE) return 'no thread';
  return meta.threads[t]?.name ?? `thread ${t}`;
}

/** Who did something: the thread, or the CPU when it ran in interrupt context (no thread). */
export function actorName(meta: TraceMeta, t: number, cpu: number): string {
  return t === NONE ? `CPU ${cpu} (interrupt context)` : threadName(meta, t);
}

export function lockName(meta: TraceMeta, l: number): string {
  return meta.locks[l]?.name ?? `lock ${l}`;
}

export function frameLinks(meta: TraceMeta, stack: number): FrameLink[] {
  return stackFrames(meta, stack).map((f) => {
    const src = meta.frameSrc[f] ?? 0;
    const s = src > 0 ? meta.sources[src] : undefined;
    return { name: meta.strings[meta.frameName[f]] ?? '?', src: s ? src : 0, where: s ? `${s.file}:${s.line}:${s.column}` : '' };
  });
}

export function stateName(sub: number): string {
  return CPU_STATE_NAMES[sub] ?? `state ${sub}`;
}

export function waitName(sub: number): string {
  return `${sub & WaitKind.Sleep ? 'sleep' : 'spin'}${sub & WaitKind.Continued ? ', continues' : ''}`;
}

export function describeSpan(trace: Trace, i: number): Description {
  const { meta } = trace;
  const sp = trace.tables.spans;
  const kind = sp.kind[i];
  const sub = sp.sub[i];
  const rows: [string, string][] = [];
  let title: string;
  rows.push(['CPU', String(sp.cpu[i])]);
  const idle = kind === SpanKind.CpuState && sub === CpuState.Idle;
  rows.push(['Thread', sp.thread[i] === NONE ? (idle ? 'idle' : 'interrupt context') : threadName(meta, sp.thread[i])]);
  switch (kind) {
    case SpanKind.CpuState:
      title = `CPU ${stateName(sub)}`;
      break;
    case SpanKind.ThreadRun:
      title = `Running ${threadName(meta, sp.thread[i])}`;
      break;
    case SpanKind.LockHold:
      title = `Hold ${lockName(meta, sp.obj[i])}${sub & HoldFlags.Read ? ' (read)' : ''}${sub & HoldFlags.Contended ? ' — others waited' : ''}`;
      rows.push(['Lock', `${lockName(meta, sp.obj[i])} (${meta.locks[sp.obj[i]]?.kind ?? '?'})`]);
      break;
    case SpanKind.LockWait:
      title = `Wait for ${lockName(meta, sp.obj[i])} (${waitName(sub)})`;
      rows.push(['Lock', `${lockName(meta, sp.obj[i])} (${meta.locks[sp.obj[i]]?.kind ?? '?'})`]);
      if (waitHolder(sp, i) >= 0) rows.push(['Holder', threadName(meta, waitHolder(sp, i))]);
      break;
    default:
      title = `span kind ${kind}`;
  }
  rows.push(['Start', formatTime(sp.start[i])]);
  rows.push(['Duration', formatDuration(sp.dur[i])]);
  return { title, rows, frames: frameLinks(meta, sp.stack[i]) };
}

export function describeInstant(trace: Trace, i: number): Description {
  const { meta } = trace;
  const ins = trace.tables.instants;
  const kind = ins.kind[i];
  const rows: [string, string][] = [['CPU', String(ins.cpu[i])]];
  const peer = instantPeer(ins, i);
  let title: string = INSTANT_KIND_NAMES[kind] ?? `instant ${kind}`;
  switch (kind) {
    case InstantKind.Interrupt:
      title = 'Interrupt';
      rows.push(['Vector', String(ins.obj[i])], ['Handler', threadName(meta, ins.thread[i])], ['Nesting', String(interruptDepth(ins, i))]);
      break;
    case InstantKind.ContextSwitch:
      title = 'Context switch';
      rows.push(['From', peer >= 0 ? threadName(meta, peer) : '—'], ['To', threadName(meta, ins.thread[i])]);
      break;
    case InstantKind.Wakeup:
      title = 'Wakeup';
      rows.push(['Woken', threadName(meta, ins.thread[i])], ['By', peer >= 0 ? threadName(meta, peer) : '—']);
      break;
    case InstantKind.Ipi:
      title = 'IPI sent';
      rows.push(['To CPU', String(ins.obj[i])], ['Thread', threadName(meta, ins.thread[i])]);
      break;
    case InstantKind.Drop:
      title = 'Packet dropped';
      rows.push(['Where', meta.strings[dropWhere(ins, i)] || '—']);
      break;
    case InstantKind.Preempt:
      title = 'Preempted';
      rows.push(['Thread', threadName(meta, ins.thread[i])], ['By', peer >= 0 ? threadName(meta, peer) : '—']);
      break;
  }
  rows.push(['Time', formatTime(ins.time[i])]);
  return { title, rows, frames: frameLinks(meta, ins.stack[i]) };
}

export function describeCounter(trace: Trace, series: number, r: CounterReading): Description {
  const { meta } = trace;
  const info = meta.series[series];
  const rows: [string, string][] = [
    ['Value', formatCount(r.value)],
    ['Delta', r.dtNs > 0 ? `${r.delta >= 0 ? '+' : ''}${formatCount(r.delta)} in ${formatDuration(r.dtNs)}` : '—'],
    ['Rate', r.dtNs > 0 ? formatRate(r.ratePerSec) : '—'],
    ['At', formatTime(r.time)],
  ];
  if (info?.scope) rows.push(['Scope', info.scope]);
  const s = info && info.src > 0 ? meta.sources[info.src] : undefined;
  const frames: FrameLink[] = s ? [{ name: info!.name, src: info!.src, where: `${s.file}:${s.line}:${s.column}` }] : [];
  return { title: `${info?.name ?? `series ${series}`} (${info?.kind ?? 'counter'})`, rows, frames };
}

/** A flow kind in words, one and many (by FlowKind). */
const FLOW_WORDS: [string, string][] = [];
FLOW_WORDS[FlowKind.LockHandoff] = ['lock handoff', 'lock handoffs'];
FLOW_WORDS[FlowKind.Wakeup] = ['wakeup', 'wakeups'];
FLOW_WORDS[FlowKind.Ipi] = ['IPI', 'IPIs'];
FLOW_WORDS[FlowKind.LineTransfer] = ['lock line re-read', 'lock line re-reads'];

export function flowKindName(kind: number, plural = false): string {
  const w = FLOW_WORDS[kind];
  return w ? w[plural ? 1 : 0] : `flow kind ${kind}`;
}

/** Where one end of a flow is: "irq/wm0 on CPU 0 at 450 ns" (or "CPU 2 (interrupt context) at …"). */
function flowEnd(meta: TraceMeta, thread: number, cpu: number, t: number): string {
  return `${actorName(meta, thread, cpu)}${thread === NONE ? '' : ` on CPU ${cpu}`} at ${formatTime(t)}`;
}

export function describeFlow(trace: Trace, f: number): Description {
  const { meta } = trace;
  const fl = trace.tables.flows;
  const kind = fl.kind[f];
  const rows: [string, string][] = [
    ['From', flowEnd(meta, fl.thread0[f], fl.cpu0[f], fl.t0[f])],
    ['To', flowEnd(meta, fl.thread1[f], fl.cpu1[f], fl.t1[f])],
    ['Latency', formatDuration(fl.t1[f] - fl.t0[f])],
  ];
  if (kind === FlowKind.LockHandoff || kind === FlowKind.LineTransfer) rows.unshift(['Lock', lockName(meta, fl.obj[f])]);
  const name = flowKindName(kind);
  return { title: name.charAt(0).toUpperCase() + name.slice(1), rows, frames: frameLinks(meta, fl.stack0[f]) };
}

/** Many flows drawn as one arrow (FlowPairs positions [a, b) of pair `pair`): how many of each kind, which locks, when, how long. */
export function describeFlowBucket(trace: Trace, pairs: FlowPairs, pair: number, a: number, b: number): Description {
  const { meta } = trace;
  const fl = trace.tables.flows;
  const [c0, c1] = pairCpus(pairs, pair);
  const n = b - a;
  const kinds = kindCounts(pairs, a, b);
  const locks = new Map<number, number>();
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let last = -Infinity;
  for (let k = a; k < b; k++) {
    const f = pairs.ids[k];
    const d = fl.t1[f] - fl.t0[f];
    min = Math.min(min, d);
    max = Math.max(max, d);
    sum += d;
    last = Math.max(last, fl.t0[f]);
    if (fl.kind[f] === FlowKind.LockHandoff || fl.kind[f] === FlowKind.LineTransfer) locks.set(fl.obj[f], (locks.get(fl.obj[f]) ?? 0) + 1);
  }
  const rows: [string, string][] = [
    ['Kinds', kinds.map((c, kind) => (c > 0 ? `${c.toLocaleString('en-US')} ${flowKindName(kind, c !== 1)}` : '')).filter(Boolean).join(', ')],
  ];
  if (locks.size) {
    const top = [...locks].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    rows.push(['Locks', `${top.slice(0, 3).map(([l, c]) => `${lockName(meta, l)} ×${c.toLocaleString('en-US')}`).join(', ')}${top.length > 3 ? ', …' : ''}`]);
  }
  rows.push(
    ['Sent', n === 1 ? formatTime(pairs.t0[a]) : `${formatTime(pairs.t0[a])} to ${formatTime(last)}`],
    ['Latency', n === 1 ? formatDuration(min) : min === max ? `${formatDuration(min)} each` : `${formatDuration(min)} to ${formatDuration(max)}, mean ${formatDuration(sum / n)}`],
    ['Click', 'zoom in to see each flow'],
  );
  return { title: `${n.toLocaleString('en-US')} ${n === 1 ? 'flow' : 'flows'}, CPU ${c0} → CPU ${c1}`, rows, frames: [] };
}

/** One line for a screen reader or the status bar. */
export function describeText(d: Description): string {
  return [d.title, ...d.rows.map(([k, v]) => `${k}: ${v}`), d.frames.length ? `Stack: ${d.frames.map((f) => f.name).join(' > ')}` : ''].filter(Boolean).join('; ');
}
