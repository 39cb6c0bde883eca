// functions: lists of steps. Each step is a one-key map naming the action
// (`- lock: Giant`, `- work: { exp: 150ns }`), with a few actions taking extra
// keys beside it (`do:` for a block's body, `by:` for count, `if_empty:` for
// dequeue); the argument-less ones may be a bare word (`- timestamp`).

import type { Dist } from '../../sim/program';
import type { Diagnostics, Range } from '../diagnostics';
import { BARE_OPS, BRANCH_ARM_KEYS, DEQUEUE_EMPTY, FUNCTION_KEYS, IRQ_ACTIONS, LOOP_KEYS, PACKET_KEYS, STEP_MODIFIERS, STEP_OPS, WORK_KEYS, type StepKey } from '../keys';
import { asList, asMap, MapReader, readChoice, readName, readNumber, readQuantity } from '../reader';
import type { MFunction, MStep, NameRef } from '../spec';
import { didYouMean } from '../suggest';
import { describe, entry, type LEntry, type LMap, type LNode } from '../tree';
import { parseDuration, parseProbability } from '../units';
import { namedEntries } from './declarations';

/** Deeper nesting than this is refused (and keeps a hostile file from exhausting the stack). */
const MAX_DEPTH = 64;

type LoopDepth = 0 | 1 | 2;

export function readFunctions(node: LNode | undefined, diags: Diagnostics): MFunction[] {
  return namedEntries(node, 'functions', diags).map((e) => {
    const fn: MFunction = { name: e.key, at: e.keyRange, mode: undefined, steps: [] };
    const v = e.value;
    let body: LNode | undefined = v;
    if (v.kind === 'map') {
      const r = new MapReader(v, `function ${e.key}`, FUNCTION_KEYS, diags);
      const m = r.present('mode');
      if (m) fn.mode = readChoice(m, `function ${e.key}: mode`, ['user', 'kernel'] as const, 'kernel', diags);
      body = r.node('steps');
      if (!body) diags.error(e.keyRange, `function ${e.key} needs steps: (its list of steps)`);
    }
    const items = asList(body, `function ${e.key}`, diags, 'its steps: - work: 100ns, - lock: NAME, …');
    if (items) fn.steps = new StepReader(e.key, diags).list(items, 0, 0);
    return fn;
  });
}

class StepReader {
  constructor(
    readonly fn: string,
    readonly diags: Diagnostics,
  ) {}

  /** inLoop: 0 outside loops, 1 inside only `forever` loops, 2 inside a counted or quota loop (where a dequeue
   *  that finds its queue empty leaves the loop by default). */
  list(items: LNode[], depth: number, inLoop: LoopDepth): MStep[] {
    const out: MStep[] = [];
    for (const it of items) {
      const s = this.step(it, depth, inLoop);
      if (s) out.push(s);
    }
    return out;
  }

  step(n: LNode, depth: number, inLoop: LoopDepth): MStep | undefined {
    if (depth > MAX_DEPTH) {
      this.diags.error(n.range, `steps nest more than ${MAX_DEPTH} deep in ${this.fn}`);
      return undefined;
    }
    if (n.kind === 'scalar') return this.bare(n);
    if (n.kind === 'seq') {
      this.diags.error(n.range, `a step is a map such as - work: 100ns, not a list (an extra "- " or bracket?)`);
      return undefined;
    }
    const ops = n.entries.filter((e) => (STEP_OPS as readonly string[]).includes(e.key));
    if (ops.length === 0) {
      const first = n.entries[0];
      if (!first) this.diags.error(n.range, `empty step in ${this.fn}`);
      else this.diags.error(first.keyRange, `unknown step "${first.key}"${didYouMean(first.key, STEP_OPS)}; a step is one of ${STEP_OPS.join(', ')}`);
      return undefined;
    }
    if (ops.length > 1) {
      this.diags.error(ops[1].keyRange, `a step does one thing: put "${ops[0].key}" and "${ops[1].key}" in separate list items (start each with "- ")`);
      return undefined;
    }
    const op = ops[0];
    const key = op.key as StepKey;
    const allowed = STEP_MODIFIERS[key] ?? [];
    for (const e of n.entries) {
      if (e === op || allowed.includes(e.key)) continue;
      const hint = allowed.length ? `; beside ${key} only ${allowed.join(', ')} may appear` : `; ${key} takes no other keys`;
      this.diags.error(e.keyRange, `unknown key "${e.key}" in a ${key} step${didYouMean(e.key, allowed)}${hint}`);
    }
    return this.action(key, op, n, depth, inLoop);
  }

  private bare(n: LNode & { kind: 'scalar' }): MStep | undefined {
    const w = n.value;
    if (typeof w === 'string' && (BARE_OPS as readonly string[]).includes(w)) {
      if (w === 'timestamp') return { op: 'timestamp', at: n.range };
      if (w === 'yield') return { op: 'yield', at: n.range };
      if (w === 'poll_done') return { op: 'poll_done', at: n.range };
      return { op: 'sleep', dist: null, at: n.range };
    }
    if (typeof w === 'string' && (STEP_OPS as readonly string[]).includes(w)) {
      this.diags.error(n.range, `${w} needs a value: write - ${w}: …`);
      return undefined;
    }
    const word = w === null ? '' : String(w);
    this.diags.error(n.range, w === null ? `empty step in ${this.fn}` : `unknown step "${word}"${didYouMean(word, STEP_OPS)}; a step is one of ${STEP_OPS.join(', ')}`);
    return undefined;
  }

  private name(v: LNode, what: string): NameRef {
    return readName(v, what, this.diags) ?? { name: '', at: v.range };
  }

  private body(step: LMap, key: string, depth: number, at: Range, inLoop: LoopDepth): MStep[] {
    const d = entry(step, 'do');
    if (!d) {
      this.diags.error(at, `${key} needs do: with the steps inside it`);
      return [];
    }
    const items = asList(d.value, `${key}: do`, this.diags, 'the steps of the block');
    return items ? this.list(items, depth + 1, inLoop) : [];
  }

  private action(key: StepKey, op: LEntry, step: LMap, depth: number, inLoop: LoopDepth): MStep | undefined {
    const v = op.value;
    const at = op.range;
    const isNull = v.kind === 'scalar' && v.value === null;
    const needs = (what: string): boolean => {
      if (!isNull) return true;
      this.diags.error(at, `${key} needs ${what}`);
      return false;
    };
    switch (key) {
      case 'work':
        return needs('a duration (300ns, { exp: 150ns }, { uniform: [100ns, 200ns] })') ? { op: 'work', dist: this.dist(v, 'work'), at } : undefined;
      case 'lock':
      case 'unlock':
      case 'synchronize':
        return needs('a lock name') ? { op: key, lock: this.name(v, key), at } : undefined;
      case 'read':
      case 'write': {
        if (!needs('a lock name')) return undefined;
        return { op: 'section', mode: key, lock: this.name(v, key), body: this.body(step, key, depth, at, inLoop), at };
      }
      case 'count': {
        if (!needs('a counter name')) return undefined;
        const by = entry(step, 'by');
        const n = by ? readNumber(by.value, 'count: by', 1, { integer: true, min: 1, max: 1e9 }, this.diags) : 1;
        return { op: 'count', counter: this.name(v, 'count'), n, at };
      }
      case 'sum':
        return needs('a counter name') ? { op: 'sum', counter: this.name(v, 'sum'), at } : undefined;
      case 'call':
        return needs('a function name') ? { op: 'call', fn: this.name(v, 'call'), at } : undefined;
      case 'enqueue':
        return needs('a queue name') ? { op: 'enqueue', queue: this.name(v, 'enqueue'), at } : undefined;
      case 'dequeue': {
        if (!needs('a queue name (or rx, the ring that raised the interrupt)')) return undefined;
        const q = v.kind === 'scalar' && v.value === 'rx' ? null : this.name(v, 'dequeue');
        const e = entry(step, 'if_empty');
        // Default: leave a counted or quota loop (a poll draining a ring); otherwise an interrupt's
        // own ring is skipped when empty and a named queue blocks until something is enqueued.
        const def = inLoop === 2 ? 'break' : q === null ? 'skip' : 'block';
        const ifEmpty = e ? readChoice(e.value, 'dequeue: if_empty', DEQUEUE_EMPTY, def, this.diags) : def;
        if (ifEmpty === 'break' && !inLoop) this.diags.error(e?.value.range ?? at, 'if_empty: break leaves a loop, but this dequeue is not inside one');
        return { op: 'dequeue', queue: q, ifEmpty, at };
      }
      case 'wakeup':
        return needs('a thread name') ? { op: 'wakeup', thread: this.name(v, 'wakeup'), at } : undefined;
      case 'branch':
        return this.branch(v, at, depth, inLoop);
      case 'loop':
        return this.loop(v, step, at, depth);
      case 'timestamp':
      case 'yield':
      case 'poll_done':
        if (!isNull) this.diags.error(v.range, `${key} takes no value: write - ${key}`);
        return { op: key, at };
      case 'dispatch':
        return needs('a netisr name (declared under netisrs:)') ? { op: 'dispatch', netisr: this.name(v, 'dispatch'), at } : undefined;
      case 'irq':
        if (!needs('mask or unmask')) return undefined;
        return { op: 'irq', enable: readChoice(v, 'irq', IRQ_ACTIONS, 'mask', this.diags) === 'unmask', at };
      case 'sleep':
        if (isNull || (v.kind === 'scalar' && v.value === 'wakeup')) return { op: 'sleep', dist: null, at };
        return { op: 'sleep', dist: this.dist(v, 'sleep'), at };
      case 'transmit':
        if (!needs('a device name (or local)')) return undefined;
        return { op: 'transmit', device: v.kind === 'scalar' && v.value === 'local' ? null : this.name(v, 'transmit'), at };
      case 'drop':
        return needs('a reason (the name its drops are counted under)') ? { op: 'drop', reason: this.name(v, 'drop').name, at } : undefined;
      case 'packet': {
        if (isNull) return { op: 'packet', flow: 0, size: 64, at };
        const m = asMap(v, 'packet', this.diags, 'flow:, size:');
        if (!m) return undefined;
        const r = new MapReader(m, 'packet', PACKET_KEYS, this.diags);
        return { op: 'packet', flow: r.number('flow', 0, { integer: true, min: 0, max: 65535 }), size: r.size('size', 64, { integer: true, min: 1, max: 65535 }), at };
      }
    }
  }

  /** A duration drawn per execution: `300ns`, `{ fixed: 300ns }`, `{ exp: 150ns }`, `{ uniform: [100ns, 200ns] }`. */
  private dist(v: LNode, what: string): Dist {
    const fixed = (n: LNode, w: string): number => Math.round(readQuantity(n, w, 0, parseDuration, {}, this.diags));
    if (v.kind === 'scalar') return { kind: 'fixed', ns: fixed(v, what) };
    if (v.kind === 'seq') {
      this.diags.error(v.range, `${what} should be a duration or { exp: … } / { uniform: [min, max] }, not a list`);
      return { kind: 'fixed', ns: 0 };
    }
    const r = new MapReader(v, what, WORK_KEYS, this.diags);
    const given = WORK_KEYS.filter((k) => r.node(k));
    if (given.length !== 1) {
      this.diags.error(v.range, `${what} takes one of fixed:, exp:, uniform:`);
      return { kind: 'fixed', ns: 0 };
    }
    const k = given[0];
    const n = r.node(k)!;
    if (k === 'fixed') return { kind: 'fixed', ns: fixed(n, `${what}: fixed`) };
    if (k === 'exp') {
      const mean = readQuantity(n, `${what}: exp`, 0, parseDuration, {}, this.diags);
      return { kind: 'exp', mean };
    }
    if (n.kind !== 'seq' || n.items.length !== 2) {
      this.diags.error(n.range, `${what}: uniform takes [min, max], e.g. uniform: [100ns, 200ns]`);
      return { kind: 'fixed', ns: 0 };
    }
    const min = fixed(n.items[0], `${what}: uniform min`);
    const max = fixed(n.items[1], `${what}: uniform max`);
    if (max < min) this.diags.error(n.range, `${what}: uniform [min, max] has min above max`);
    return { kind: 'uniform', min, max: Math.max(min, max) };
  }

  private branch(v: LNode, at: Range, depth: number, inLoop: LoopDepth): MStep | undefined {
    const items = asList(v, 'branch', this.diags, 'arms such as - { p: 0.9, do: [ … ] }');
    if (!items) return undefined;
    if (items.length === 0) this.diags.error(at, 'branch needs at least one arm: - { p: 0.5, do: [ … ] }');
    const arms: { p: number; body: MStep[]; at: Range }[] = [];
    let total = 0;
    let rest: { p: number; body: MStep[]; at: Range } | undefined;
    items.forEach((it, i) => {
      const m = asMap(it, `branch arm ${i + 1}`, this.diags, 'p:, do:');
      if (!m) return;
      const r = new MapReader(m, `branch arm ${i + 1}`, BRANCH_ARM_KEYS, this.diags);
      const d = r.node('do');
      const body = d ? (asList(d, `branch arm ${i + 1}: do`, this.diags) ?? []) : [];
      if (!d) this.diags.error(m.range, `branch arm ${i + 1} needs do: with its steps`);
      const arm = { p: 0, body: this.list(body, depth + 1, inLoop), at: m.range };
      const pn = r.present('p');
      if (pn) {
        arm.p = readQuantity(pn, `branch arm ${i + 1}: p`, 0, parseProbability, {}, this.diags);
        total += arm.p;
      } else if (i === items.length - 1) {
        rest = arm; // the last arm without p takes what is left
      } else {
        this.diags.error(m.range, `branch arm ${i + 1} needs p: (only the last arm may leave it out and take the rest)`);
      }
      arms.push(arm);
    });
    if (total > 1 + 1e-9) this.diags.error(at, `branch probabilities add up to ${Number(total.toFixed(6))}, more than 1`);
    if (rest) rest.p = Math.max(0, 1 - total);
    return { op: 'branch', arms, at };
  }

  private loop(v: LNode, step: LMap, at: Range, depth: number): MStep | undefined {
    let count = 1;
    let quota = false;
    if (v.kind === 'scalar' && v.value === 'forever') count = Infinity;
    else if (v.kind === 'scalar') count = readNumber(v, 'loop', 1, { integer: true, min: 1, max: 1e9 }, this.diags);
    else if (v.kind === 'map') {
      const r = new MapReader(v, 'loop', LOOP_KEYS, this.diags);
      if (r.node('count') && r.node('quota')) this.diags.error(v.range, 'loop takes count: or quota:, not both');
      if (r.node('quota')) {
        quota = true;
        count = r.number('quota', 1, { integer: true, min: 1, max: 1e9 });
      } else if (r.node('count')) count = r.number('count', 1, { integer: true, min: 1, max: 1e9 });
      else this.diags.error(v.range, 'loop needs a count (loop: 8), forever, or { quota: 64 }');
    } else {
      this.diags.error(v.range, `loop should be a count, forever or { quota: N }, not ${describe(v)}`);
    }
    return { op: 'loop', count, quota, body: this.body(step, 'loop', depth, at, count === Infinity ? 1 : 2), at };
  }
}
