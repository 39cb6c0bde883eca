// Which locks are held at each step, on every path through a function.
// A state is one possible list of held locks; branches fork states and loop
// exits (a `dequeue` that breaks) add states, so "can return holding a lock"
// and "unlock without lock" are exact for the paths the model can take.
// The acquisition sites found here feed the lock-order check (lockorder.ts).

import type { Diagnostics, Range } from '../diagnostics';
import type { MFunction, MLock, MStep } from '../spec';
import type { Tables } from './tables';
import { dispatchTarget } from './calls';

interface Held {
  lock: string;
  mode: 'read' | 'exclusive';
  at: Range;
  /** Taken by a read/write block, which releases it itself. */
  section: boolean;
  /**
   * Times a recursive lock is held through `lock:` steps (1 but for recursion). One entry per lock, not one per
   * re-take, and a re-take refused as a self-deadlock adds nothing: a state's size is bounded by the locks a
   * model declares, not by its steps (20,000 repeated `lock:` steps used to make the check quadratic).
   */
  depth: number;
  /** A re-take of this hold was reported as a self-deadlock: later ones are the same fault, not reported again. */
  reported?: boolean;
}
type State = Held[];

const MAX_STATES = 64;

/** A lock taken at a step while others were (possibly) held. */
export interface Acquisition {
  lock: string;
  mode: 'read' | 'exclusive';
  at: Range;
  /** Locks possibly held at that moment, with where each was taken. */
  held: Map<string, Held>;
}

export interface CallSite {
  fn: string;
  at: Range;
  held: Map<string, Held>;
}

export interface FunctionLocks {
  fn: string;
  acquisitions: Acquisition[];
  calls: CallSite[];
  /** Sleeps, yields, blocks on a queue or waits for a grace period itself. */
  sleepsAt: Range | undefined;
}

const sig = (s: State): string => s.map((h) => `${h.lock}:${h.mode}:${h.section ? 1 : 0}:${h.depth}`).join(',');

function dedupe(states: State[]): State[] {
  const seen = new Set<string>();
  const out: State[] = [];
  for (const s of states) {
    const k = sig(s);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(s);
    if (out.length >= MAX_STATES) break;
  }
  return out;
}

function union(states: State[]): Map<string, Held> {
  const m = new Map<string, Held>();
  for (const s of states) for (const h of s) if (!m.has(h.lock)) m.set(h.lock, h);
  return m;
}

export function analyzeFunctionLocks(f: MFunction, t: Tables, diags: Diagnostics): FunctionLocks {
  const out: FunctionLocks = { fn: f.name, acquisitions: [], calls: [], sleepsAt: undefined };
  const lockOf = (name: string): MLock | undefined => t.locks.get(name);
  /** Break states of the loops being walked, innermost last. */
  const breaks: State[][] = [];

  const acquire = (states: State[], name: string, mode: 'read' | 'exclusive', at: Range, section: boolean): State[] => {
    const l = lockOf(name);
    if (!l) return states;
    const held = union(states);
    held.delete(name);
    if (!(l.kind === 'pserialize' && mode === 'read')) out.acquisitions.push({ lock: name, mode, at, held });
    let reported = false;
    return states.map((s) => {
      let k = -1;
      for (let j = s.length - 1; j >= 0; j--) if (s[j].lock === name) { k = j; break; }
      if (k < 0) return [...s, { lock: name, mode, at, section, depth: 1 }];
      const prev = s[k];
      const recursion = l.recursive && mode === 'exclusive' && prev.mode === 'exclusive';
      if (!recursion && !reported && !prev.reported) {
        reported = true;
        const why = l.recursive ? `it is recursive only for exclusive holds` : `it is not recursive (add recursive: true if it should be)`;
        diags.error(at, `${name} is already held here (taken at line ${prev.at.line}) and ${why}: this would deadlock`);
      }
      // A re-take by a lock: step (recursion, or the self-deadlock just reported) counts on the hold it nests in,
      // so the unlocks that follow still pair up; a block's hold stays an entry of its own.
      if (!section && !prev.section && mode === prev.mode) {
        return [...s.slice(0, k), { ...prev, depth: prev.depth + 1, reported: prev.reported || !recursion }, ...s.slice(k + 1)];
      }
      return [...s, { lock: name, mode, at, section, depth: 1 }];
    });
  };

  const release = (states: State[], name: string, at: Range, section: boolean): State[] => {
    if (!lockOf(name)) return states;
    const missing = states.filter((s) => !s.some((h) => h.lock === name));
    if (missing.length && !section) {
      if (missing.length === states.length) diags.error(at, `unlock of ${name}, which is not held here`);
      else diags.error(at, `${name} may not be held here: some path to this unlock does not take it`);
    }
    return states.map((s) => {
      let i = -1;
      for (let k = s.length - 1; k >= 0; k--) if (s[k].lock === name) { i = k; break; }
      if (i < 0) return s;
      if (s[i].section && !section) {
        diags.error(at, `${name} was taken by the ${s[i].mode === 'read' ? 'read' : 'write'} block at line ${s[i].at.line}, which releases it itself; remove this unlock`);
      }
      if (s[i].depth > 1 && !section) return [...s.slice(0, i), { ...s[i], depth: s[i].depth - 1 }, ...s.slice(i + 1)];
      return [...s.slice(0, i), ...s.slice(i + 1)];
    });
  };

  const mayBlock = (states: State[], at: Range, what: string): void => {
    out.sleepsAt ??= at;
    checkSleepUnderLocks(union(states), at, what, t, diags);
  };

  const walk = (steps: MStep[], states: State[]): State[] => {
    for (const s of steps) {
      if (states.length === 0) return states;
      switch (s.op) {
        case 'lock':
          states = acquire(states, s.lock.name, 'exclusive', s.at, false);
          break;
        case 'unlock':
          states = release(states, s.lock.name, s.at, false);
          break;
        case 'section': {
          const mode = s.mode === 'read' ? 'read' : 'exclusive';
          states = acquire(states, s.lock.name, mode, s.at, true);
          states = walk(s.body, states);
          const l = lockOf(s.lock.name);
          if (l && l.kind === 'pserialize' && s.mode === 'write') mayBlock(states, s.at, `waiting for the grace period of ${l.name}`);
          states = release(states, s.lock.name, s.at, true);
          break;
        }
        case 'synchronize': {
          const inOwnRead = states.some((st) => st.some((h) => h.lock === s.lock.name && h.mode === 'read'));
          if (inOwnRead) diags.error(s.at, `synchronize on ${s.lock.name} inside a read section of ${s.lock.name} waits for itself`);
          mayBlock(states, s.at, `waiting for the grace period of ${s.lock.name}`);
          break;
        }
        case 'call':
          out.calls.push({ fn: s.fn.name, at: s.at, held: union(states) });
          break;
        case 'dispatch': {
          // direct and hybrid dispatch run the handler here, under whatever is held
          const h = dispatchTarget(s, t);
          if (h) out.calls.push({ fn: h, at: s.at, held: union(states) });
          break;
        }
        case 'poll_done':
          mayBlock(states, s.at, 'poll_done (which sleeps when the ring is empty)');
          break;
        case 'sleep':
          mayBlock(states, s.at, 'sleeping');
          break;
        case 'yield':
          mayBlock(states, s.at, 'yielding the CPU');
          break;
        case 'dequeue':
          if (s.ifEmpty === 'block' && s.queue) mayBlock(states, s.at, `blocking on an empty ${s.queue.name}`);
          if (s.ifEmpty === 'break' && breaks.length) breaks[breaks.length - 1].push(...states);
          break;
        case 'branch': {
          const next: State[] = [];
          let covered = 0;
          for (const a of s.arms) {
            next.push(...walk(a.body, states));
            covered += a.p;
          }
          if (covered < 1 - 1e-9 || s.arms.length === 0) next.push(...states); // the draw can fall past every arm
          states = dedupe(next);
          break;
        }
        case 'loop': {
          breaks.push([]);
          const after = walk(s.body, states);
          const exits = breaks.pop()!;
          const before = new Set(states.map(sig));
          const leaked = after.find((st) => !before.has(sig(st)));
          if (leaked) {
            const startLocks = new Set(states.flatMap((st) => st.map((h) => h.lock)));
            const extra = leaked.filter((h) => !startLocks.has(h.lock)).map((h) => h.lock);
            const msg = extra.length
              ? `the loop body can end holding ${extra.join(', ')} (taken at line ${leaked.find((h) => h.lock === extra[0])!.at.line}); each pass must release what it takes`
              : 'the loop body can end holding different locks than it started with; each pass must release what it takes';
            diags.error(s.at, msg);
          }
          if (s.quota && exits.length === 0) {
            diags.warning(s.at, 'a quota loop stops early only when a dequeue in it finds its queue empty, and this one has none: it always runs the full quota');
          }
          states = dedupe([...states, ...exits]);
          break;
        }
        default:
          break;
      }
    }
    return states;
  };

  const end = walk(f.steps, [[]]);
  const leaked = new Map<string, Held>();
  for (const st of end) for (const h of st) if (!leaked.has(`${h.lock}@${h.at.line}:${h.at.column}`)) leaked.set(`${h.lock}@${h.at.line}:${h.at.column}`, h);
  for (const h of leaked.values()) {
    if (h.section) continue; // reported where the block's lock went missing
    const always = end.every((st) => st.some((x) => x.lock === h.lock));
    diags.error(h.at, `${f.name} ${always ? 'returns' : 'can return'} holding ${h.lock} (taken here); unlock it on every path before the function ends`);
  }
  return out;
}

/** Sleeping with locks held: never under a spin lock or inside a pserialize read section. */
export function checkSleepUnderLocks(held: Map<string, Held>, at: Range, what: string, t: Tables, diags: Diagnostics, via = ''): void {
  for (const h of held.values()) {
    const l = t.locks.get(h.lock);
    if (!l) continue;
    if (l.kind === 'spin') diags.error(at, `${what}${via} while holding spin lock ${l.name} (taken at line ${h.at.line}); a spin lock holder cannot sleep`);
    else if (l.kind === 'pserialize' && h.mode === 'read') diags.error(at, `${what}${via} inside a pserialize read section of ${l.name} (line ${h.at.line}); read sections cannot sleep`);
  }
}
