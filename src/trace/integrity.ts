// Is a trace that came from outside (a `.smptrace` file, the standalone
// report's embedded runs, a message to the webview) self-consistent? Every
// analysis indexes the meta tables with the ids in the columns: a stack id
// past the stack table, or a stack whose parent is not older than itself (a
// cycle, or an empty stackParent), used to send a walk up the stack round
// forever, growing until Node died ("Fatal JavaScript invalid size error")
// or the webview said "Invalid array length". Checked here once, in one
// typed-array pass per column (a few ms for a million spans), so everything
// after may trust the ids. A problem is one line: "corrupt trace: span 1234
// has stack id 9999 of 120".
import { FLOW_KIND_NAMES, NONE as NONE_ID, SpanKind, TRACE_VERSION, type SeriesKind, type Trace, type TraceMeta } from './schema';
import { waitHolder } from './columns';

/** Flow kinds 0 … FLOW_KINDS - 1 (handoff, wakeup, ipi, transfer). */
const FLOW_KINDS = FLOW_KIND_NAMES.length;

// Plain module constants, read in the loops below: an imported binding can be a getter per read (tsx, tests).
const NONE = NONE_ID;
const HOLD = SpanKind.LockHold;
const WAIT = SpanKind.LockWait;

/** A trace that is not one (bad magic, truncated, …): codec.ts throws it, and so does checkTrace. */
export class TraceFormatError extends Error {}

/** One that decodes but whose ids or lengths do not fit its tables. */
export class CorruptTraceError extends TraceFormatError {
  constructor(what: string) {
    super(`corrupt trace: ${what}`);
  }
}

const isInt = (x: unknown): x is number => Number.isSafeInteger(x);

/** `list` is an array of whole numbers each below `limit`. */
function idList(list: unknown, what: string, limit: number, of: string): number[] {
  if (!Array.isArray(list)) throw new CorruptTraceError(`${what} is not a list`);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isInt(v) || v < 0 || v >= limit) throw new CorruptTraceError(`${what}[${i}] is ${JSON.stringify(v)}, not an id of ${limit} ${of}`);
  }
  return list;
}

type Fields = Record<string, unknown>;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isObj = (x: unknown): x is Fields => !!x && typeof x === 'object' && !Array.isArray(x);

/** What each field of a meta entry must be: 's' a string, 'n' a finite number, 'b' a boolean; '?' after: may be absent. */
type FieldKinds = Record<string, 's' | 'n' | 'b' | 's?' | 'b?'>;
const FIELD_OK = {
  s: (v: unknown) => typeof v === 'string',
  n: isNum,
  b: (v: unknown) => typeof v === 'boolean',
} as const;

/** `o` (called `what`) has each field of `kinds` of its kind. */
function fields(o: unknown, what: string, kinds: FieldKinds): Fields {
  if (!isObj(o)) throw new CorruptTraceError(`${what} is not an object`);
  for (const [key, kind] of Object.entries(kinds)) {
    const v = o[key];
    if (kind.endsWith('?') && v === undefined) continue;
    if (!FIELD_OK[kind[0] as 's' | 'n' | 'b'](v)) throw new CorruptTraceError(`${what}.${key} is ${JSON.stringify(v) ?? 'missing'}`);
  }
  return o;
}

/** An optional list (absent is fine) of entries checked by `each`. */
function optionalList(list: unknown, what: string, each: (o: unknown, at: string) => void): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new CorruptTraceError(`${what} is not a list`);
  for (let i = 0; i < list.length; i++) each(list[i], `${what}[${i}]`);
}

const ENTRY_FIELDS: Record<'threads' | 'locks' | 'series', FieldKinds> = {
  threads: { name: 's', kind: 's', priority: 'n', cpu: 'n' },
  locks: { name: 's', kind: 's', wait: 's', algorithm: 's?' },
  series: { name: 's', kind: 's', scope: 's?' },  // kind: one of SERIES_KINDS, checked in namedList
};

function namedList(list: unknown, what: 'threads' | 'locks' | 'series', sources: number): void {
  if (!Array.isArray(list)) throw new CorruptTraceError(`meta.${what} is not a list`);
  for (let i = 0; i < list.length; i++) {
    const o = list[i] as { name?: unknown; src?: unknown } | null;
    if (!o || typeof o !== 'object' || typeof o.name !== 'string') throw new CorruptTraceError(`meta.${what}[${i}] has no name`);
    if (!isInt(o.src) || o.src < 0 || o.src >= sources) throw new CorruptTraceError(`meta.${what}[${i}] has source id ${JSON.stringify(o.src)} of ${sources}`);
    fields(o, `meta.${what}[${i}]`, ENTRY_FIELDS[what]);
    if (what === 'series' && !SERIES_KINDS.has((o as { kind: string }).kind)) throw new CorruptTraceError(`meta.series[${i}].kind is ${JSON.stringify((o as { kind: string }).kind)}`);
  }
}

/** An id field of a meta entry: a whole number below `limit`. */
function idField(o: Fields, key: string, at: string, limit: number, of: string): void {
  const v = o[key];
  if (!isInt(v) || v < 0 || v >= limit) throw new CorruptTraceError(`${at}.${key} is ${JSON.stringify(v) ?? 'missing'}, not an id of ${limit} ${of}`);
}

/** The optional parts of meta: waits known as totals, starved threads, packet figures. */
function checkExtras(meta: TraceMeta, stacks: number): void {
  optionalList(meta.waitTotals, 'meta.waitTotals', (x, at) => {
    const w = fields(x, at, { count: 'n', totalNs: 'n', maxNs: 'n', sleep: 'b', read: 'b?' });
    idField(w, 'lock', at, meta.locks.length, 'locks');
    idField(w, 'stack', at, stacks, 'stacks');
  });
  optionalList(meta.starved, 'meta.starved', (x, at) => {
    idField(fields(x, at, { ranNs: 'n', waitedNs: 'n', longestWaitNs: 'n' }), 'thread', at, meta.threads.length, 'threads');
  });
  if (meta.packets !== undefined) checkPackets(meta.packets, 'meta.packets');
}

/** Packet figures (TraceMeta.packets, called `what`) of the right shape; throws CorruptTraceError. */
export function checkPackets(x: unknown, what: string): void {
  const p = fields(x, what, { offered: 'n', delivered: 'n', reordered: 'n', inFlight: 'n' });
  fields(p.latencyNs, `${what}.latencyNs`, { min: 'n', mean: 'n', p99: 'n', max: 'n' });
  if (!isObj(p.dropped) || !Object.values(p.dropped).every(isNum)) throw new CorruptTraceError(`${what}.dropped is not a map of numbers`);
}

/** What a meta series' kind may be. */
export const SERIES_KINDS: ReadonlySet<string> = new Set<SeriesKind>(['counter', 'queue', 'packets', 'drops']);

/** The meta tables and the links between them (strings ← frames ← stacks). */
function checkMeta(meta: TraceMeta): void {
  if (!meta || typeof meta !== 'object') throw new CorruptTraceError('no meta');
  // (A file of an older layout is converted before it gets here: formatVersion.ts.)
  if (meta.version !== TRACE_VERSION) throw new TraceFormatError(`trace format version ${JSON.stringify(meta.version) ?? 'missing'} (this build reads version ${TRACE_VERSION})`);
  fields(meta, 'meta', { name: 's', variant: 's', stopReason: 's', stopDetail: 's', seed: 'n', events: 'n', wallMs: 'n' });
  if (!isInt(meta.cpus) || meta.cpus < 0 || meta.cpus > NONE) throw new CorruptTraceError(`meta.cpus is ${JSON.stringify(meta.cpus)}`);
  for (const k of ['startNs', 'endNs', 'warmupNs'] as const) {
    if (typeof meta[k] !== 'number' || !Number.isFinite(meta[k])) throw new CorruptTraceError(`meta.${k} is ${typeof meta[k] === 'number' ? meta[k] : JSON.stringify(meta[k])}`);
  }
  if (!Array.isArray(meta.strings) || !meta.strings.every((s) => typeof s === 'string')) throw new CorruptTraceError('meta.strings is not a list of strings');
  if (!Array.isArray(meta.sources) || meta.sources.length === 0) throw new CorruptTraceError('meta.sources is empty');
  for (let i = 0; i < meta.sources.length; i++) {
    const s = meta.sources[i];
    if (!s || typeof s !== 'object' || typeof s.file !== 'string' || !isInt(s.line) || !isInt(s.column)
      || !isInt(s.endLine) || !isInt(s.endColumn) || (s.fn !== undefined && typeof s.fn !== 'string')) throw new CorruptTraceError(`meta.sources[${i}] is not a source location`);
  }
  if (!Array.isArray(meta.files) || !meta.files.every((f) => typeof f === 'string')) throw new CorruptTraceError('meta.files is not a list of strings');
  namedList(meta.threads, 'threads', meta.sources.length);
  namedList(meta.locks, 'locks', meta.sources.length);
  namedList(meta.series, 'series', meta.sources.length);
  if (meta.threads.length > NONE || meta.locks.length > NONE || meta.series.length > NONE) throw new CorruptTraceError('more than 65,535 threads, locks or series');
  const frames = idList(meta.frameName, 'meta.frameName', meta.strings.length, 'strings');
  idList(meta.frameSrc, 'meta.frameSrc', meta.sources.length, 'sources');
  if (frames.length === 0 || meta.frameSrc.length !== frames.length) throw new CorruptTraceError(`meta.frameName has ${frames.length} frames, meta.frameSrc ${meta.frameSrc.length}`);
  const stacks = idList(meta.stackFrame, 'meta.stackFrame', frames.length, 'frames');
  if (stacks.length === 0 || !Array.isArray(meta.stackParent) || meta.stackParent.length !== stacks.length) {
    throw new CorruptTraceError(`meta.stackParent has ${Array.isArray(meta.stackParent) ? meta.stackParent.length : 'no'} stacks, meta.stackFrame ${stacks.length}`);
  }
  // A parent is always an older stack (the builder interns a stack after its parent): no walk up a stack can loop.
  if (meta.stackParent[0] !== 0) throw new CorruptTraceError(`stack 0 (the empty stack) has parent ${JSON.stringify(meta.stackParent[0])}`);
  for (let s = 1; s < stacks.length; s++) {
    const p = meta.stackParent[s];
    if (!isInt(p) || p < 0 || p >= s) throw new CorruptTraceError(`stack ${s} has parent ${JSON.stringify(p)}, not an older stack`);
  }
  if (!meta.counterTotals || typeof meta.counterTotals !== 'object') throw new CorruptTraceError('meta.counterTotals is not a map');
  for (const [name, v] of Object.entries(meta.counterTotals)) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new CorruptTraceError(`meta.counterTotals[${JSON.stringify(name)}] is not a list of numbers`);
  }
  checkExtras(meta, stacks.length);
}

interface Limits { stacks: number; threads: number; locks: number; series: number; cpus: number }

/** An id `v` of a table of `limit` rows, or NONE. */
const bad = (v: number, limit: number) => v >= limit && v !== NONE;

// Each table: a loop that finds the first bad row (every column read once, each access monomorphic: a few ms
// for a million rows), and the reason for that row, worked out only when there is one.

function firstBadSpan(c: Trace['tables']['spans'], n: number, l: Limits): number {
  const { kind, start, dur, stack, thread, cpu, obj, aux } = c;
  const { stacks, threads, cpus, locks } = l;
  for (let i = 0; i < n; i++) {
    const k = kind[i];
    const s = start[i];
    const d = dur[i];
    const th = thread[i];
    const cp = cpu[i];
    if (k > 3 || stack[i] >= stacks || (th >= threads && th !== NONE) || (cp >= cpus && cp !== NONE) || s - s !== 0 || d - d !== 0
      || ((k === HOLD || k === WAIT) && ((obj[i] >= locks && obj[i] !== NONE) || (k === WAIT && aux[i] > threads)))) return i;
  }
  return -1;
}

function badSpan(c: Trace['tables']['spans'], i: number, l: Limits): string {
  const why: [boolean, string][] = [
    [c.kind[i] > 3, `kind ${c.kind[i]} of 4`],
    [c.stack[i] >= l.stacks, `stack id ${c.stack[i]} of ${l.stacks}`],
    [bad(c.thread[i], l.threads), `thread id ${c.thread[i]} of ${l.threads}`],
    [bad(c.cpu[i], l.cpus), `CPU ${c.cpu[i]} of ${l.cpus}`],
    [!Number.isFinite(c.start[i]), `start ${c.start[i]}`],
    [!Number.isFinite(c.dur[i]), `duration ${c.dur[i]}`],
    [bad(c.obj[i], l.locks), `lock id ${c.obj[i]} of ${l.locks}`],
    [true, `holder thread id ${waitHolder(c, i)} of ${l.threads}`],
  ];
  return `span ${i} has ${why.find(([failed]) => failed)![1]}`;
}

function firstBadInstant(c: Trace['tables']['instants'], n: number, l: Limits): number {
  const { kind, time, stack, thread, cpu } = c;
  const { stacks, threads, cpus } = l;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    const th = thread[i];
    const cp = cpu[i];
    if (kind[i] > 5 || stack[i] >= stacks || (th >= threads && th !== NONE) || (cp >= cpus && cp !== NONE) || t - t !== 0) return i;
  }
  return -1;
}

function badInstant(c: Trace['tables']['instants'], i: number, l: Limits): string {
  const why: [boolean, string][] = [
    [c.kind[i] > 5, `kind ${c.kind[i]} of 6`],
    [c.stack[i] >= l.stacks, `stack id ${c.stack[i]} of ${l.stacks}`],
    [bad(c.thread[i], l.threads), `thread id ${c.thread[i]} of ${l.threads}`],
    [bad(c.cpu[i], l.cpus), `CPU ${c.cpu[i]} of ${l.cpus}`],
    [true, `time ${c.time[i]}`],
  ];
  return `instant ${i} has ${why.find(([failed]) => failed)![1]}`;
}

function firstBadFlow(c: Trace['tables']['flows'], n: number, l: Limits): number {
  const { kind, t0, t1, stack0, thread0, thread1, cpu0, cpu1 } = c;
  const { stacks, threads, cpus } = l;
  for (let i = 0; i < n; i++) {
    const a = t0[i];
    const b = t1[i];
    if (kind[i] >= FLOW_KINDS || stack0[i] >= stacks || bad(thread0[i], threads) || bad(thread1[i], threads)
      || bad(cpu0[i], cpus) || bad(cpu1[i], cpus) || a - a !== 0 || b - b !== 0) return i;
  }
  return -1;
}

function badFlow(c: Trace['tables']['flows'], i: number, l: Limits): string {
  const why: [boolean, string][] = [
    [c.kind[i] >= FLOW_KINDS, `kind ${c.kind[i]} of ${FLOW_KINDS}`],
    [c.stack0[i] >= l.stacks, `stack id ${c.stack0[i]} of ${l.stacks}`],
    [bad(c.thread0[i], l.threads), `thread id ${c.thread0[i]} of ${l.threads}`],
    [bad(c.thread1[i], l.threads), `thread id ${c.thread1[i]} of ${l.threads}`],
    [bad(c.cpu0[i], l.cpus), `CPU ${c.cpu0[i]} of ${l.cpus}`],
    [bad(c.cpu1[i], l.cpus), `CPU ${c.cpu1[i]} of ${l.cpus}`],
    [!Number.isFinite(c.t0[i]), `start ${c.t0[i]}`],
    [true, `end ${c.t1[i]}`],
  ];
  return `flow ${i} has ${why.find(([failed]) => failed)![1]}`;
}

function firstBadCounter(c: Trace['tables']['counters'], n: number, l: Limits): number {
  const { time, series, stack } = c;
  for (let i = 0; i < n; i++) {
    const t = time[i];
    if (series[i] >= l.series || stack[i] >= l.stacks || t - t !== 0) return i;
  }
  return -1;
}

function badCounter(c: Trace['tables']['counters'], i: number, l: Limits): string {
  const why: [boolean, string][] = [
    [c.series[i] >= l.series, `series id ${c.series[i]} of ${l.series}`],
    [c.stack[i] >= l.stacks, `stack id ${c.stack[i]} of ${l.stacks}`],
    [true, `time ${c.time[i]}`],
  ];
  return `counter sample ${i} has ${why.find(([failed]) => failed)![1]}`;
}

const limitsOf = (meta: TraceMeta): Limits => ({
  stacks: meta.stackParent.length, threads: meta.threads.length, locks: meta.locks.length, series: meta.series.length, cpus: meta.cpus,
});

/** Span tables found sound ahead of the rest of their trace (checkSpansAhead), by their start column's buffer. */
const soundSpans = new WeakMap<ArrayBufferLike, { n: number; limits: Limits; columns: ArrayLike<number>[] }>();

/**
 * The span table's check, made while the rest of the trace is still on its way (the report's reader: its span
 * columns come first, and the page would otherwise wait idle for the last chunks): remembered only when it finds
 * nothing, and used by checkTrace only for the same columns (the same buffers, offsets and lengths) checked against
 * the same limits; a bad row is left for checkTrace to find and report as it always does.
 */
export function checkSpansAhead(meta: TraceMeta, spans: Trace['tables']['spans'], n: number): void {
  const limits = limitsOf(meta);
  if (firstBadSpan(spans, n, limits) < 0) soundSpans.set(spans.start.buffer, { n, limits, columns: Object.values(spans) });
}

function checkedAhead(spans: Trace['tables']['spans'], n: number, l: Limits): boolean {
  const ahead = soundSpans.get(spans.start.buffer);
  if (!ahead) return false;
  soundSpans.delete(spans.start.buffer);
  const now = Object.values(spans) as (ArrayLike<number> & ArrayBufferView)[];
  const then = ahead.columns as (ArrayLike<number> & ArrayBufferView)[];
  return ahead.n === n && (Object.keys(l) as (keyof Limits)[]).every((k) => ahead.limits[k] === l[k]) && now.length === then.length
    && now.every((c, k) => c.buffer === then[k].buffer && c.byteOffset === then[k].byteOffset && c.length === then[k].length
      && c.constructor === then[k].constructor);
}

/** Throws CorruptTraceError on the first id or length that does not fit its table. */
export function checkTrace(t: Trace): void {
  const { meta, tables, length } = t;
  checkMeta(meta);
  const l = limitsOf(meta);
  let i = checkedAhead(tables.spans, length.spans, l) ? -1 : firstBadSpan(tables.spans, length.spans, l);
  if (i >= 0) throw new CorruptTraceError(badSpan(tables.spans, i, l));
  i = firstBadInstant(tables.instants, length.instants, l);
  if (i >= 0) throw new CorruptTraceError(badInstant(tables.instants, i, l));
  i = firstBadFlow(tables.flows, length.flows, l);
  if (i >= 0) throw new CorruptTraceError(badFlow(tables.flows, i, l));
  i = firstBadCounter(tables.counters, length.counters, l);
  if (i >= 0) throw new CorruptTraceError(badCounter(tables.counters, i, l));
}
