// The fields of a Chrome trace event this importer reads, checked once.
export interface ChromeEvent {
  ph: string;
  name: string;
  cat: string;
  pid: number;
  tid: number;
  /** Microseconds. */
  ts: number;
  dur: number;
  sf?: string;
  args?: Record<string, unknown>;
  bind_id?: string;
  flow_in?: boolean;
  flow_out?: boolean;
}

/** null (with a reason) when the value is not a usable event. */
export function asEvent(v: unknown): ChromeEvent | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'event is not an object';
  const o = v as Record<string, unknown>;
  if (typeof o.ph !== 'string') return 'event has no "ph"';
  const ts = o.ts === undefined && o.ph === 'M' ? 0 : Number(o.ts);
  if (!Number.isFinite(ts)) return `event "${String(o.name ?? '')}" has no numeric "ts"`;
  const dur = o.dur === undefined ? 0 : Number(o.dur);
  if (!Number.isFinite(dur) || dur < 0) return `event "${String(o.name ?? '')}" has a bad "dur"`;
  return {
    ph: o.ph,
    name: o.name === undefined ? '' : String(o.name),
    cat: o.cat === undefined ? '' : String(o.cat),
    pid: typeof o.pid === 'number' ? o.pid : Number(o.pid ?? 0) || 0,
    tid: typeof o.tid === 'number' ? o.tid : Number(o.tid ?? 0) || 0,
    ts, dur,
    sf: o.sf === undefined ? undefined : String(o.sf),
    args: o.args && typeof o.args === 'object' ? (o.args as Record<string, unknown>) : undefined,
    bind_id: o.bind_id === undefined ? undefined : String(o.bind_id),
    flow_in: o.flow_in === true,
    flow_out: o.flow_out === true,
  };
}

export type StackFrames = Record<string, { name?: unknown; parent?: unknown }>;
