// Paths into a model, as variants and sweeps write them:
//   machine.cpus          locks.Giant.type          traffic[0].rate (or traffic.0.rate)
//   functions.ether_input.lock         the only `lock` step of ether_input
//   functions.ip_input.lock=rtentry    the `lock: rtentry` step
//   functions.ip_input.2               the third step (0-based)
//   functions.f.read.work              a step inside a block (do: is implied)
// Keys may contain dots (counters such as ipstat.ips_forward): the longest key
// that matches wins.

import * as K from './keys';
import { STEP_OPS, TOP_KEYS } from './keys';
import { didYouMean } from './suggest';
import type { LEntry, LMap, LNode, LSeq } from './tree';

export type Target =
  /** A key of a map; entry undefined when the key does not exist yet (set may create it). */
  | { kind: 'key'; map: LMap; key: string; entry: LEntry | undefined }
  /** A key inside a top-level section the model does not have yet. */
  | { kind: 'section'; map: LMap; section: string; key: string }
  /** A list item, chosen by index. */
  | { kind: 'item'; seq: LSeq; index: number }
  /** A step chosen by its action: setting changes the action's value, removing removes the step. */
  | { kind: 'step'; seq: LSeq; index: number; op: LEntry | undefined };

/** Top-level sections whose keys are names (a new name may contain dots). */
const NAMED_SECTIONS = new Set(['locks', 'counters', 'queues', 'threads', 'netisrs', 'devices', 'timers', 'functions']);
/** Words that continue a path into an entry rather than belong to a new name. */
const ENTRY_WORDS = new Set<string>([
  ...K.LOCK_KEYS, ...K.COUNTER_KEYS, ...K.QUEUE_KEYS, ...K.THREAD_KEYS, ...K.DEVICE_KEYS, ...K.TIMER_KEYS,
  ...K.NETISR_KEYS, ...K.FUNCTION_KEYS, ...K.STEP_OPS, ...K.IRQ_KEYS,
]);

export type Resolved = { ok: true; target: Target } | { ok: false; message: string };

export function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((s) => s !== '');
}

function stepOp(n: LNode): LEntry | undefined {
  if (n.kind !== 'map') return undefined;
  return n.entries.find((e) => (STEP_OPS as readonly string[]).includes(e.key));
}

function matchesStep(n: LNode, op: string, arg: string | undefined): boolean {
  if (n.kind === 'scalar') return arg === undefined && n.value === op;
  const e = stepOp(n);
  if (!e || e.key !== op) return false;
  if (arg === undefined) return true;
  return e.value.kind === 'scalar' && String(e.value.value) === arg;
}

export function resolvePath(root: LMap, path: string): Resolved {
  const segs = splitPath(path);
  if (segs.length === 0) return { ok: false, message: 'empty path' };
  let node: LNode = root;
  let i = 0;
  let guard = 0;
  while (i < segs.length) {
    if (++guard > 1000) return { ok: false, message: `path ${path} is too deep` };
    const here = segs.slice(0, i).join('.') || 'the model';
    if (node.kind === 'map') {
      const map: LMap = node;
      let matched = false;
      for (let j = segs.length; j > i; j--) {
        const key = segs.slice(i, j).join('.');
        const e: LEntry | undefined = map.entries.find((x) => x.key === key);
        if (!e) continue;
        if (j === segs.length) return { ok: true, target: { kind: 'key', map, key, entry: e } };
        node = e.value;
        i = j;
        matched = true;
        break;
      }
      if (matched) continue;
      // Implied levels: a step's block body (do:), a function's steps:, a step action's own map.
      const op = stepOp(map);
      if (op && op.value.kind === 'map' && op.value.entries.some((x) => x.key === segs[i])) {
        node = op.value;
        continue;
      }
      const body = map.entries.find((x) => x.key === 'do' || x.key === 'steps');
      if (body && body.value.kind === 'seq') {
        node = body.value;
        continue;
      }
      if (i === segs.length - 1) return { ok: true, target: { kind: 'key', map, key: segs[i], entry: undefined } };
      // A whole section the file does not have yet (counters.drops when there is no counters:):
      // the rest of the path, dots included, is the new entry's key.
      if (i === 0 && (TOP_KEYS as readonly string[]).includes(segs[0])) {
        return { ok: true, target: { kind: 'section', map, section: segs[0], key: segs.slice(1).join('.') } };
      }
      // A new dotted name in a section of names (counters.perip.InSegs: a counter "perip.InSegs"),
      // unless the path goes on into an entry (locks.NewLock.type, functions.f.0).
      if (i === 1 && NAMED_SECTIONS.has(segs[0]) && !segs.slice(i + 1).some((x) => /^\d+$/.test(x) || ENTRY_WORDS.has(x))) {
        return { ok: true, target: { kind: 'key', map, key: segs.slice(i).join('.'), entry: undefined } };
      }
      return { ok: false, message: `${here} has no "${segs[i]}"${didYouMean(segs[i], map.entries.map((e) => e.key))}` };
    }
    if (node.kind === 'seq') {
      const seg = segs[i];
      if (/^\d+$/.test(seg)) {
        const index = Number(seg);
        if (index >= node.items.length) return { ok: false, message: `${here} has ${node.items.length} item${node.items.length === 1 ? '' : 's'}; there is no item ${index} (counting from 0)` };
        if (i === segs.length - 1) return { ok: true, target: { kind: 'item', seq: node, index } };
        node = node.items[index];
        i++;
        continue;
      }
      const eq = seg.indexOf('=');
      const op = eq >= 0 ? seg.slice(0, eq) : seg;
      const arg = eq >= 0 ? seg.slice(eq + 1) : undefined;
      if (!(STEP_OPS as readonly string[]).includes(op)) {
        return { ok: false, message: `${here} is a list: choose an item by number (${here}.0) or a step by its action (lock, lock=NAME, …)${didYouMean(op, STEP_OPS)}` };
      }
      const seq: LSeq = node;
      const hits = seq.items.map((n, k) => ({ n, k })).filter(({ n }) => matchesStep(n, op, arg));
      if (hits.length === 0) return { ok: false, message: `${here} has no ${arg === undefined ? `${op}` : `${op}: ${arg}`} step` };
      if (hits.length > 1) {
        const lines = hits.map(({ n }) => n.range.line).join(', ');
        return { ok: false, message: `${here} has ${hits.length} ${op} steps (lines ${lines}); say which with ${op}=NAME or a number` };
      }
      const { n, k } = hits[0];
      if (i === segs.length - 1) return { ok: true, target: { kind: 'step', seq, index: k, op: stepOp(n) } };
      node = n;
      i++;
      continue;
    }
    return { ok: false, message: `${here} is a single value; there is nothing inside it called "${segs[i]}"` };
  }
  return { ok: false, message: `path ${path} does not name a value` };
}
