// The rows of the timeline, top to bottom, and their vertical layout. A row is
// a label plus stacked lanes; CPU rows expand into per-thread and per-lock
// rows for that CPU, and two groups list every lock's own track (who holds,
// who waits) and every counter series. Pure: built from a TimelineIndex.
import type { TimelineIndex } from '../data/traceIndex';
import type { LaneSpec } from '../lanes/track';
import { emptyLane } from '../data/lane';
import { counterSpec, laneSpec as lane, lazyLaneSpec } from '../lanes/tracks';

export type { LaneSpec } from '../lanes/track';

export type RowKind = 'cpu' | 'cpuThread' | 'cpuLock' | 'group' | 'lock' | 'series';

export interface RowSpec {
  /** Stable id, kept in the saved state: "cpu:0", "cpu:0/thread:3", "cpu:0/lock:1", "group:locks", "lock:1", "series:2". */
  id: string;
  kind: RowKind;
  label: string;
  /** Secondary text (thread kind, lock type, series kind). */
  detail: string;
  depth: number;
  expandable: boolean;
  expanded: boolean;
  cpu?: number;
  thread?: number;
  lock?: number;
  series?: number;
  lanes: LaneSpec[];
}

export interface RowBox extends RowSpec {
  y: number;
  h: number;
  /** Top of each lane, absolute. */
  laneY: number[];
}

export interface Layout {
  rows: RowBox[];
  height: number;
}

export const GROUP_HEIGHT = 20;
export const ROW_PAD = 3;

/** Rows expanded when nothing was saved: both groups open, CPUs closed. */
export const DEFAULT_EXPANDED = ['group:locks', 'group:counters'];

export function buildRows(index: TimelineIndex, expanded: ReadonlySet<string>): RowSpec[] {
  const { meta } = index.trace;
  const rows: RowSpec[] = [];

  for (let c = 0; c < index.cpus.length; c++) {
    const cpu = index.cpus[c];
    const id = `cpu:${c}`;
    const open = expanded.has(id);
    const subCount = index.threadsOnCpu[c].length + index.locksOnCpu[c].length;
    rows.push({
      id, kind: 'cpu', label: `CPU ${c}`, detail: '', depth: 0, expandable: subCount > 0, expanded: open && subCount > 0, cpu: c,
      // The thread lane is left out when nothing ran as a thread (interrupt-context-only models).
      lanes: [
        lane('marks', cpu.marks), ...(index.hasThreadRuns ? [lane('threads', cpu.threads)] : []), lane('states', cpu.states),
        ...cpu.locks.map((l) => lane('locks', l)),
      ],
    });
    if (!open) continue;
    for (const t of index.threadsOnCpu[c]) {
      const { runs, locks } = index.threadOnCpu(c, t);
      const info = meta.threads[t];
      rows.push({
        id: `${id}/thread:${t}`, kind: 'cpuThread', label: info?.name ?? `thread ${t}`, detail: info?.kind ?? '', depth: 1,
        expandable: false, expanded: false, cpu: c, thread: t,
        lanes: [lane('threads', runs), ...locks.map((l) => lane('locks', l))],
      });
    }
    for (const l of index.locksOnCpu[c]) {
      const info = meta.locks[l];
      rows.push({
        id: `${id}/lock:${l}`, kind: 'cpuLock', label: info?.name ?? `lock ${l}`, detail: info?.kind ?? '', depth: 1,
        expandable: false, expanded: false, cpu: c, lock: l,
        lanes: index.lockOnCpu(c, l).map((x) => lane('locks', x)),
      });
    }
  }

  if (meta.locks.length > 0) {
    const open = expanded.has('group:locks');
    rows.push({ id: 'group:locks', kind: 'group', label: 'Locks', detail: `${meta.locks.length}`, depth: 0, expandable: true, expanded: open, lanes: [] });
    if (open) {
      for (let l = 0; l < meta.locks.length; l++) {
        // Laid out from the lane counts; the lanes themselves are built when first drawn (most of these rows start below the fold).
        const { holds, waits } = index.lockLaneCounts(l);
        if (holds === 0 && waits === 0) continue;
        const info = meta.locks[l];
        const built = (k: number, of: 'holds' | 'waits') => () => index.lock(l)[of][k] ?? emptyLane();
        rows.push({
          id: `lock:${l}`, kind: 'lock', label: info.name, detail: `${info.kind}${info.wait ? ` · ${info.wait}` : ''}`, depth: 1,
          expandable: false, expanded: false, lock: l,
          lanes: [
            ...Array.from({ length: holds }, (_, k) => lazyLaneSpec('holds', built(k, 'holds'))),
            ...Array.from({ length: waits }, (_, k) => lazyLaneSpec('waits', built(k, 'waits'))),
          ],
        });
      }
    }
  }

  const withSamples = index.series.filter((s) => s.n > 0);
  if (withSamples.length > 0) {
    const open = expanded.has('group:counters');
    rows.push({ id: 'group:counters', kind: 'group', label: 'Counters', detail: `${withSamples.length}`, depth: 0, expandable: true, expanded: open, lanes: [] });
    if (open) {
      for (const s of withSamples) {
        const info = meta.series[s.series];
        rows.push({
          id: `series:${s.series}`, kind: 'series', label: info?.name ?? `series ${s.series}`,
          detail: info ? `${info.kind}${info.scope ? ` · ${info.scope}` : ''}` : '', depth: 1,
          expandable: false, expanded: false, series: s.series,
          lanes: [counterSpec(s.series)],
        });
      }
    }
  }
  return rows;
}

/** Stack rows top to bottom; a row is its lanes plus padding, a group header a fixed height. */
export function layoutRows(specs: RowSpec[], pad = ROW_PAD): Layout {
  let y = 0;
  const rows: RowBox[] = [];
  for (const spec of specs) {
    const laneY: number[] = [];
    let h: number;
    if (spec.kind === 'group') {
      h = GROUP_HEIGHT;
    } else {
      let ly = y + pad;
      for (const l of spec.lanes) {
        laneY.push(ly);
        ly += l.height;
      }
      h = Math.max(ly + pad - y, GROUP_HEIGHT);
    }
    rows.push({ ...spec, y, h, laneY });
    y += h;
  }
  return { rows, height: y };
}

/** The row at y and the lane within it (nearest lane inside the row; -1 for a group header). */
export function rowAt(layout: Layout, y: number): { row: number; lane: number } | null {
  const { rows } = layout;
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0 || y < 0 || y >= layout.height) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (rows[mid].y <= y) lo = mid;
    else hi = mid - 1;
  }
  const r = rows[lo];
  if (r.lanes.length === 0) return { row: lo, lane: -1 };
  let lane = 0;
  for (let k = 0; k < r.lanes.length; k++) if (y >= r.laneY[k]) lane = k;
  return { row: lo, lane };
}
