// What a timeline tab shows, as a file: a small JSON manifest with the
// `.smptrace` extension naming the run it shows (or the two runs of a
// compare or sweep) by the run ids the host issued, with how to make each
// again, the sweep's curve, Compare's replication intervals and its lock
// matching as the user last edited it. The traces
// themselves are saved beside it by savedRuns.ts. A manifest is what the
// custom editor (runDocuments.ts) opens from the extension's storage, so VS
// Code knows each tab by the manifest's URI and brings it back itself after a
// reload; its file name is the run's title, which is what the tab shows.
// A manifest is read back from disk (and a user may open any file as one), so
// parseManifest keeps only what is well-formed and bounded. Pure: no vscode.
import type { CompareStats, SweepPoint } from '../core/protocol';
import { parseLockMapping, type LockMapping } from '../core/lockMapping';
import { compareStatsOf, type RunFacts } from './runFacts';
import type { RunDescriptor } from './runRegistry';

export const MANIFEST_KIND = 'smplab-runs';
const FORMAT = 1;
const MAX_TITLE = 500;
const MAX_SWEEP_POINTS = 10_000;
const MAX_LOCKS = 10_000;

export interface ManifestRun {
  /** The id the host issued: names the run's saved trace (savedRuns.ts). */
  runId: number;
  title: string;
  /** How to make it again when its saved trace is gone. */
  descriptor: RunDescriptor;
}

export interface RunManifest {
  title: string;
  /** One run, or the two runs a compare or sweep shows side by side. */
  runs: ManifestRun[];
  /** A sweep's curve (small: one point per point of the sweep). */
  sweep?: SweepPoint[];
  /** With replications: each run's lock figures as mean ± 95% half-width (Compare's intervals). */
  stats?: { a: CompareStats; b: CompareStats };
  /** A compare's lock matching as the user last edited it (src/core/lockMapping.ts). */
  lockMapping?: LockMapping;
}

/** A manifest as bytes (JSON; pretty enough to read). */
export function encodeManifest(m: RunManifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ kind: MANIFEST_KIND, format: FORMAT, ...m }, null, 1) + '\n');
}

/**
 * A file that is a run manifest, not a trace or a capture (a binary trace
 * starts with its magic number; a Chrome trace is JSON too, so the manifest's
 * first key is what tells): read from its first bytes only.
 */
export function looksLikeManifest(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 128));
  return new RegExp(`^\\uFEFF?\\s*\\{\\s*"kind"\\s*:\\s*"${MANIFEST_KIND}"`).test(head);
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown, max = MAX_TITLE): x is string => typeof x === 'string' && x.length <= max;

function descriptor(x: unknown): RunDescriptor | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  if (!isStr(o.model, 4096) || !o.model) return undefined;
  const d: RunDescriptor = { model: o.model };
  if (o.imported === true) d.imported = true;
  if (isStr(o.variant)) d.variant = o.variant;
  if (Number.isSafeInteger(o.sweepPoint) && (o.sweepPoint as number) >= 0) d.sweepPoint = o.sweepPoint as number;
  if (Number.isSafeInteger(o.seed)) d.seed = o.seed as number;
  if (isNum(o.durationNs) && o.durationNs > 0) d.durationNs = o.durationNs;
  return d;
}

function run(x: unknown): ManifestRun | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  const d = descriptor(o.descriptor);
  if (!Number.isSafeInteger(o.runId) || (o.runId as number) < 0 || !isStr(o.title) || !d) return undefined;
  return { runId: o.runId as number, title: o.title, descriptor: d };
}

const CPU_STATES = ['user', 'kernel', 'interrupt', 'softint', 'spin', 'idle'] as const;

function sweepPoint(x: unknown): SweepPoint | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  if (!isStr(o.label) || !isNum(o.x) || !isNum(o.throughput)) return undefined;
  const p: SweepPoint = { label: o.label, x: o.x, throughput: o.throughput };
  if (isNum(o.throughputCi)) p.throughputCi = o.throughputCi;
  if (Number.isSafeInteger(o.replications)) p.replications = o.replications as number;
  if (isNum(o.lockWaitNs)) p.lockWaitNs = o.lockWaitNs;
  if (isNum(o.lockWaitCi)) p.lockWaitCi = o.lockWaitCi;
  if (isStr(o.topLock)) p.topLock = o.topLock;
  const c = o.cpuTime as Record<string, unknown> | undefined;
  if (c && typeof c === 'object' && CPU_STATES.every((k) => isNum(c[k]))) {
    p.cpuTime = Object.fromEntries(CPU_STATES.map((k) => [k, c[k] as number])) as SweepPoint['cpuTime'];
  }
  const r = o.rfc2544 as Record<string, unknown> | undefined;
  if (r && typeof r === 'object' && isNum(r.zeroLossPps) && Number.isSafeInteger(r.trials) && isNum(r.fromPps) && isNum(r.toPps)) {
    p.rfc2544 = { zeroLossPps: r.zeroLossPps, trials: r.trials as number, fromPps: r.fromPps, toPps: r.toPps };
  }
  return p;
}

const STAT_KEYS = ['waitTotalNs', 'acquisitions', 'holdTotalNs', 'utilization'] as const;

function compareStats(x: unknown): CompareStats | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  if (!Number.isSafeInteger(o.replications) || (o.replications as number) < 2 || !o.locks || typeof o.locks !== 'object') return undefined;
  const entries = Object.entries(o.locks as Record<string, unknown>);
  if (entries.length > MAX_LOCKS) return undefined;
  const locks: CompareStats['locks'] = {};
  for (const [name, v] of entries) {
    if (!isStr(name) || !v || typeof v !== 'object') return undefined;
    const row: CompareStats['locks'][string] = {};
    for (const k of STAT_KEYS) {
      const mh = (v as Record<string, unknown>)[k];
      if (Array.isArray(mh) && mh.length === 2 && isNum(mh[0]) && isNum(mh[1])) row[k] = [mh[0], mh[1]];
    }
    locks[name] = row;
  }
  return { replications: o.replications as number, locks };
}

/** The manifest in `bytes`, or why it is not one. */
export function parseManifest(bytes: Uint8Array): RunManifest | { problem: string } {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return { problem: 'not a trace, and not a run manifest (JSON)' };
  }
  if (!o || typeof o !== 'object' || o.kind !== MANIFEST_KIND) return { problem: 'JSON, but not an SMP Stack Lab run manifest' };
  if (o.format !== FORMAT) return { problem: `a run manifest of another version (format ${String(o.format)})` };
  const runs = Array.isArray(o.runs) ? o.runs.map(run) : [];
  if (!isStr(o.title) || runs.length < 1 || runs.length > 2 || runs.some((r) => !r)) return { problem: 'an incomplete run manifest' };
  const m: RunManifest = { title: o.title, runs: runs as ManifestRun[] };
  if (Array.isArray(o.sweep) && o.sweep.length <= MAX_SWEEP_POINTS) {
    const points = o.sweep.map(sweepPoint);
    if (points.every((p) => p)) m.sweep = points as SweepPoint[];
  }
  const s = o.stats as Record<string, unknown> | undefined;
  const a = s && typeof s === 'object' ? compareStats(s.a) : undefined;
  const b = s && typeof s === 'object' ? compareStats(s.b) : undefined;
  if (a && b) m.stats = { a, b };
  const lockMapping = m.runs.length === 2 ? parseLockMapping(o.lockMapping) : undefined;
  if (lockMapping) m.lockMapping = lockMapping;
  return m;
}

/** The manifest's file name: the title (what its tab shows), with what no file system takes replaced. */
export function manifestFileName(title: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 120).trim();
  return `${base || 'run'}.smptrace`;
}

/** The run ids a manifest names: the saved traces to keep while it is open. */
export function manifestRunIds(m: RunManifest): number[] {
  return m.runs.map((r) => r.runId);
}

/** What a manifest is made of: a tab's runs (as the host keeps them) and what is shown beside them. */
export interface ManifestContent extends Omit<RunManifest, 'runs'> {
  records: readonly (ManifestRun & { facts: RunFacts })[];
}

/** The manifest of what a tab shows. */
export function manifestOf(s: ManifestContent): RunManifest {
  return {
    title: s.title,
    runs: s.records.map((r) => ({ runId: r.runId, title: r.title, descriptor: r.descriptor })),
    ...(s.sweep ? { sweep: s.sweep } : {}),
    ...(s.stats ? { stats: s.stats } : {}),
    ...(s.lockMapping && s.records.length === 2 ? { lockMapping: s.lockMapping } : {}),
  };
}

/** Compare's intervals, when both runs have replications. */
export function statsOf(records: ManifestContent['records']): RunManifest['stats'] {
  if (records.length !== 2) return undefined;
  const a = compareStatsOf(records[0].facts), b = compareStatsOf(records[1].facts);
  return a && b ? { a, b } : undefined;
}
