// perf script text from real captures (test/fixtures/perf) → trace. Expected
// numbers are worked out from the fixture text itself by simple scans, so a
// change in the importer's pairing or tiling logic shows up here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileSource } from '../../../src/trace/import/fileSource';
import { importPerfScript, importPerfScriptText } from '../../../src/trace/import/perfScript';
import {
  CpuState, FlowKind, InstantKind, NONE, SpanKind, WaitKind, stackFrames, stackLabel, frameLabel, type Trace,
} from '../../../src/trace/schema';
import { assertTiles } from './perfTiling';
import { fastestCpuMicros } from '../../cpuTime';

const FIX = join(__dirname, '../../fixtures/perf');
const LOCK = join(FIX, 'lock-contention-g.perf.txt');
const SCHED = join(FIX, 'sched-record.perf.txt');

const HEADER = /^\s*(.*?)\s+(-?\d+)\s+\[(\d+)\]\s+(\d+)\.(\d+):\s+(\S+?):\s+(.*)$/;
interface Ev { line: number; comm: string; pid: number; cpu: number; ns: number; event: string; fields: string; frames: string[]; sites: string[] }
function scan(path: string): Ev[] {
  const out: Ev[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((l, i) => {
    const m = HEADER.exec(l);
    if (m) out.push({ line: i + 1, comm: m[1], pid: +m[2], cpu: +m[3], ns: +m[4] * 1e9 + +m[5].padEnd(9, '0'), event: m[6], fields: m[7], frames: [], sites: [] });
    else if (l.startsWith('\t') && out.length) {
      const site = l.trim().split(/\s+/)[1];
      out[out.length - 1].frames.push(site.replace(/\+0x[0-9a-f]+$/, ''));
      out[out.length - 1].sites.push(site);
    }
  });
  return out;
}

function spansOf(t: Trace, kind: SpanKind): number[] {
  const r: number[] = [];
  for (let i = 0; i < t.length.spans; i++) if (t.tables.spans.kind[i] === kind) r.push(i);
  return r;
}

test('perf -g capture: CPU states tile each CPU from the first event to the last', async () => {
  const { trace: t, malformed } = await importPerfScript(fileSource(LOCK));
  const evs = scan(LOCK);
  assert.equal(malformed, 0);
  assert.equal(t.meta.stopReason, 'imported');
  assert.equal(t.meta.cpus, 2);
  assert.equal(t.meta.endNs, evs[evs.length - 1].ns - evs[0].ns);
  assert.equal(t.meta.sources.length, 1, 'only source 0');
  assertTiles(t);
  // Every frame of an imported stack has no source.
  assert.ok(t.meta.frameSrc.every((s) => s === 0));
});

test('perf -g capture: contention_begin/end paired per thread and lock address, as perf does; spin or sleep by flags', async () => {
  const { trace: t } = await importPerfScript(fileSource(LOCK));
  const evs = scan(LOCK);
  const t0 = evs[0].ns;
  // perf keeps one sequence per (thread, lock address): a begin on another lock inside a wait
  // nests; a second begin on the same lock continues the first.
  const open = new Map<string, Ev>();
  const expected: { start: number; dur: number; addr: string; flags: string; sites: string[] }[] = [];
  for (const e of evs) {
    const addr = /^(\S+)/.exec(e.fields)?.[1] ?? '';
    const key = `${e.pid}:${addr}`;
    if (e.event === 'lock:contention_begin' && !open.has(key)) open.set(key, e);
    if (e.event === 'lock:contention_end') {
      const b = open.get(key);
      if (!b) continue;
      open.delete(key);
      const flags = /\(flags=(\S+)\)/.exec(b.fields)![1];
      expected.push({ start: b.ns - t0, dur: e.ns - b.ns, addr, flags, sites: b.sites });
    }
  }
  const sp = t.tables.spans;
  const waits = spansOf(t, SpanKind.LockWait).filter((i) => !(sp.sub[i] & WaitKind.Unfinished));
  assert.ok(expected.length >= 10, `fixture has waits (${expected.length})`);
  // A continued wait is two spans: compare whole waits.
  const whole = waits.filter((i) => !(sp.sub[i] & WaitKind.Continued));
  assert.equal(whole.length, expected.length);
  for (const x of expected) {
    const i = waits.find((w) => sp.start[w] === x.start && t.meta.locks[sp.obj[w]].name === x.addr);
    assert.ok(i !== undefined, `wait on ${x.addr} at ${x.start}`);
    let end = sp.start[i] + sp.dur[i];
    for (let j = i; sp.sub[j] & WaitKind.Continued;) { j = waits.find((w) => sp.start[w] === end && sp.obj[w] === sp.obj[i])!; end = sp.start[j] + sp.dur[j]; }
    assert.equal(end - sp.start[i], x.dur);
    const spin = x.flags.split('|').includes('SPIN');
    assert.equal(sp.sub[i] & WaitKind.Sleep, spin ? 0 : WaitKind.Sleep, `${x.flags} is ${spin ? 'spin' : 'sleep'}`);
    // The wait's stack is where perf charges it: past the first three frames, locking functions left out.
    const leaf = x.sites.slice(3, 8).find((f) => !/^(_raw_|__pv_queued|schedule|__schedule|rwsem_down|down_|mutex_lock|__mutex_lock)/.test(f));
    const frames = stackFrames(t.meta, sp.stack[i]);
    if (leaf) assert.equal(frameLabel(t.meta, frames[frames.length - 1]), leaf, 'leaf frame is perf\'s caller');
  }
});

test('perf -g capture: a spinning wait is the CPU\'s spin state for exactly its duration', async () => {
  const { trace: t } = await importPerfScript(fileSource(LOCK));
  const sp = t.tables.spans;
  const spinWaits = spansOf(t, SpanKind.LockWait).filter((i) => (sp.sub[i] & WaitKind.Sleep) === 0);
  const spinStates = spansOf(t, SpanKind.CpuState).filter((i) => sp.sub[i] === CpuState.Spin);
  const total = (idx: number[], cpu: number) => idx.filter((i) => sp.cpu[i] === cpu).reduce((a, i) => a + sp.dur[i], 0);
  for (const cpu of [0, 1]) assert.equal(total(spinStates, cpu), total(spinWaits, cpu), `CPU ${cpu} spin time`);
  assert.ok(total(spinWaits, 0) + total(spinWaits, 1) > 0);
});

test('perf -g capture: interrupts and softirqs are layers over the running thread', async () => {
  const { trace: t } = await importPerfScript(fileSource(LOCK));
  const evs = scan(LOCK);
  const t0 = evs[0].ns;
  const sp = t.tables.spans;
  // Hard interrupts: entry → exit on the same CPU, none nested in the fixture.
  let irqNs = 0;
  const entry = new Map<number, number>();
  for (const e of evs) {
    if (e.event === 'irq:irq_handler_entry') entry.set(e.cpu, e.ns);
    if (e.event === 'irq:irq_handler_exit' && entry.has(e.cpu)) { irqNs += e.ns - entry.get(e.cpu)!; entry.delete(e.cpu); }
  }
  const irqState = spansOf(t, SpanKind.CpuState).filter((i) => sp.sub[i] === CpuState.Interrupt).reduce((a, i) => a + sp.dur[i], 0);
  assert.ok(irqNs > 0);
  assert.equal(irqState, irqNs);
  const irqInstants = [...Array(t.length.instants).keys()].filter((i) => t.tables.instants.kind[i] === InstantKind.Interrupt);
  assert.equal(irqInstants.length, evs.filter((e) => e.event === 'irq:irq_handler_entry').length);
  const irqSpan = spansOf(t, SpanKind.CpuState).find((i) => sp.sub[i] === CpuState.Interrupt)!;
  assert.match(stackLabel(t.meta, sp.stack[irqSpan]), /^irq\/\d+ \S+/);
  const soft = spansOf(t, SpanKind.CpuState).find((i) => sp.sub[i] === CpuState.Softint)!;
  assert.match(stackLabel(t.meta, sp.stack[soft]), /^softirq [A-Z_]+$/);
});

test('perf -g capture: wake-ups flow from the waker to the woken thread\'s next switch-in', async () => {
  const { trace: t } = await importPerfScript(fileSource(LOCK));
  const f = t.tables.flows;
  const ins = t.tables.instants;
  assert.ok(t.length.flows > 20);
  const switchIn = new Set<string>();
  const wakes = new Set<string>();
  for (let i = 0; i < t.length.instants; i++) {
    if (ins.kind[i] === InstantKind.ContextSwitch) switchIn.add(`${ins.time[i]}/${ins.cpu[i]}/${ins.thread[i]}`);
    if (ins.kind[i] === InstantKind.Wakeup) wakes.add(`${ins.time[i]}/${ins.cpu[i]}/${ins.thread[i]}`);
  }
  for (let i = 0; i < t.length.flows; i++) {
    assert.equal(f.kind[i], FlowKind.Wakeup);
    assert.ok(f.t1[i] >= f.t0[i]);
    assert.ok(switchIn.has(`${f.t1[i]}/${f.cpu1[i]}/${f.thread1[i]}`), 'ends at a switch to the woken thread');
    assert.ok(wakes.has(`${f.t0[i]}/${f.cpu0[i]}/${f.thread1[i]}`), 'starts at its wake-up');
    if (f.thread0[i] !== NONE) assert.ok(f.stack0[i] !== 0, 'waker stack recorded');
  }
  // Off-CPU stacks: a switch records where the outgoing thread blocked.
  let withStack = 0;
  for (let i = 0; i < t.length.instants; i++) {
    if (ins.kind[i] === InstantKind.ContextSwitch && ins.aux[i] !== 0 && ins.stack[i] !== 0) {
      withStack++;
      assert.match(stackLabel(t.meta, ins.stack[i]), /__schedule$/);
    }
  }
  assert.ok(withStack > 50);
});

test('perf -g capture: threads are named comm-pid; kernel threads are told apart by their stacks', async () => {
  const { trace: t } = await importPerfScript(fileSource(LOCK));
  const byName = new Map(t.meta.threads.map((th) => [th.name, th]));
  assert.equal(byName.get('ksoftirqd/1-22')?.kind, 'kernel');
  const rm = t.meta.threads.find((th) => th.name.startsWith('rm-'));
  assert.equal(rm?.kind, 'user');
  // Running time of a kernel thread is kernel state, of a user thread user state.
  const sp = t.tables.spans;
  for (const i of spansOf(t, SpanKind.CpuState)) {
    if (sp.thread[i] === NONE) continue;
    const kind = t.meta.threads[sp.thread[i]].kind;
    if (sp.sub[i] === CpuState.User) assert.equal(kind, 'user');
    if (sp.sub[i] === CpuState.Kernel) assert.equal(kind, 'kernel');
  }
  // Thread run spans cover exactly the non-idle base time: each CPU's runs + idle = its length.
  const runs = spansOf(t, SpanKind.ThreadRun);
  for (const cpu of [0, 1]) {
    const run = runs.filter((i) => sp.cpu[i] === cpu).reduce((a, i) => a + sp.dur[i], 0);
    const idleBase = baseIdle(t, cpu);
    assert.equal(run + idleBase, t.meta.endNs, `CPU ${cpu}: runs + idle`);
  }
});

/** Time a CPU had no thread (idle, including interrupts taken while idle). */
function baseIdle(t: Trace, cpu: number): number {
  const sp = t.tables.spans;
  let n = 0;
  for (const i of spansOf(t, SpanKind.CpuState)) if (sp.cpu[i] === cpu && sp.thread[i] === NONE) n += sp.dur[i];
  return n;
}

test('perf sched record (no call chains): timeline, switches and wake-ups, no stacks', async () => {
  const { trace: t, malformed, warnings } = await importPerfScript(fileSource(SCHED));
  const evs = scan(SCHED);
  assert.equal(malformed, 0);
  assertTiles(t);
  const switches = evs.filter((e) => e.event === 'sched:sched_switch').length;
  let n = 0;
  for (let i = 0; i < t.length.instants; i++) if (t.tables.instants.kind[i] === InstantKind.ContextSwitch) n++;
  assert.equal(n, switches);
  // Lines with pid -1 (perf did not know the task) are read, not rejected.
  assert.ok(evs.some((e) => e.pid === -1));
  // Events the timeline does not use are reported once each, with a count.
  assert.ok(warnings.some((w) => /\d+ sched:sched_stat_runtime events not used/.test(w.message)));
  // No -g: the only stacks are the one-frame thread / interrupt names.
  for (let s = 1; s < t.meta.stackParent.length; s++) assert.equal(t.meta.stackParent[s], 0);
  assert.equal(t.meta.threads.find((th) => th.name === 'ksoftirqd/0-14')?.kind, 'kernel');
  assert.equal(t.meta.threads.find((th) => th.name.startsWith('esbuild-'))?.kind, 'user');
});

test('malformed lines are counted with their line numbers, never thrown', () => {
  const good = readFileSync(SCHED, 'utf8').split('\n').slice(0, 40);
  good.splice(10, 0, 'garbage that is not perf output');
  good.splice(20, 0, '   bash  99 [000]  1.5: sched:sched_switch: prev_comm=broken');
  const r = importPerfScriptText(good.join('\n'));
  assert.equal(r.malformed, 2);
  assert.deepEqual(r.warnings.filter((w) => /not a perf|unreadable/.test(w.message)).map((w) => w.line), [11, 21]);
  assert.ok(r.trace.length.spans > 0);
});

test('a file with no perf events is a one-line error', () => {
  assert.throws(() => importPerfScriptText('hello\nworld\n'), /no perf script events found \(2 unreadable lines, first at line 1\)/);
});

test('irq_handler_entry without exits: linear in the events, layers stay bounded (issue 16: 100k took 16 s)', () => {
  const text = (n: number, distinct: boolean) => {
    let s = '';
    for (let i = 0; i < n; i++) s += `swapper     0 [000]   ${(100 + i * 1e-5).toFixed(6)}:    irq:irq_handler_entry: irq=${distinct ? i : i % 50} name=x\n`;
    return s;
  };
  for (const distinct of [false, true]) {
    const small = text(5000, distinct), big = text(50000, distinct);
    importPerfScriptText(small);
    // 10x the events: ~10x the time when linear (up to ~30x with a big heap's GC and cache misses), ~100x when quadratic.
    const ratio = fastestCpuMicros(() => importPerfScriptText(big)) / fastestCpuMicros(() => importPerfScriptText(small));
    assert.ok(ratio < 50, `10x the events took ${ratio.toFixed(1)}x the time (${distinct ? 'all irqs distinct' : '50 irqs'})`);
  }
  // 50 irqs in turn: the ninth open handler closes the oldest; one irq again and again: each closes the last.
  const r = importPerfScriptText(text(200, false));
  assert.ok(r.warnings.some((w) => /more than 8 interrupt handlers open/.test(w.message) && w.line === 9), JSON.stringify(r.warnings));
  assertTiles(r.trace);
  const same = importPerfScriptText(text(4, false).replace(/irq=\d+/g, 'irq=0'));
  assert.ok(same.warnings.some((w) => /irq 0 while its handler was open/.test(w.message) && w.line === 2), JSON.stringify(same.warnings));
});
