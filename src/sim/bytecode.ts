// Flattens each function's step tree into a list of instructions with jumps,
// so the interpreter runs loops and branches with a program counter and a
// per-context loop counter, allocating nothing per step.
import type { Dist, FunctionSpec, Program, Step } from './program';

export const enum Op {
  Work, Lock, Unlock, Sync, Count, Call, Enqueue, Dequeue, Wakeup, Branch, Jump,
  LoopInit, LoopTest, LoopNext, Timestamp, Sleep, Yield, Transmit, Drop, Packet, Return, Dispatch, Irq, PollDone, Sum,
}

/** One instruction. Every instruction has the same shape (one hidden class). */
export interface Instr {
  op: Op;
  /** lock / counter / fn / queue / thread / device / loop slot / flow, by op. */
  a: number;
  /** lock mode (1 = read) / count n / ifEmpty (0 block, 1 break, 2 skip) / loop count / packet size / irq enable / wakeup perRing. */
  b: number;
  /** Per-CPU instances of the lock, queue or thread `a` (0: just `a`). */
  perCpu: number;
  /** Per-stack instances of the lock or queue `a`, or of the counter `a` (0: just one). */
  perStack: number;
  /** Jump target: loop exit, break target, jump destination. */
  target: number;
  dist: Dist | null;
  /** Branch: cumulative probabilities and their targets. */
  cum: Float64Array | null;
  targets: Int32Array | null;
  /** Drop reason. */
  text: string;
  src: number;
}

export interface CompiledFunction {
  name: string;
  mode: 'user' | 'kernel';
  code: Instr[];
  src: number;
}

export interface CompiledProgram {
  functions: CompiledFunction[];
  /** Loop slots across all functions: each context keeps one counter per slot (no recursion, so slots never clash). */
  loopSlots: number;
  /** Some function makes packets of its own (a `packet` step): the run counts packets even with no traffic. */
  makesPackets: boolean;
}

function instr(op: Op, src: number, fields: Partial<Instr> = {}): Instr {
  return { op, a: 0, b: 0, perCpu: 0, perStack: 0, target: -1, dist: null, cum: null, targets: null, text: '', src, ...fields };
}

export function compileProgram(p: Program): CompiledProgram {
  let loopSlots = 0;
  let makesPackets = false;
  const functions = p.functions.map((f: FunctionSpec): CompiledFunction => {
    const code: Instr[] = [];
    // Stack of pending `break` instructions per enclosing loop.
    const breaks: Instr[][] = [];

    const emit = (steps: Step[]): void => {
      for (const s of steps) {
        switch (s.op) {
          case 'work': code.push(instr(Op.Work, s.src, { dist: s.dist })); break;
          case 'lock': code.push(instr(Op.Lock, s.src, { a: s.lock, b: s.mode === 'read' ? 1 : 0, perCpu: s.perCpu ?? 0, perStack: s.perStack ?? 0 })); break;
          case 'unlock': code.push(instr(Op.Unlock, s.src, { a: s.lock, perCpu: s.perCpu ?? 0, perStack: s.perStack ?? 0 })); break;
          case 'synchronize': code.push(instr(Op.Sync, s.src, { a: s.lock })); break;
          case 'count': code.push(instr(Op.Count, s.src, { a: s.counter, b: s.n })); break;
          case 'sum': code.push(instr(Op.Sum, s.src, { a: s.counter })); break;
          case 'call': code.push(instr(Op.Call, s.src, { a: s.fn })); break;
          case 'enqueue': code.push(instr(Op.Enqueue, s.src, { a: s.queue, perCpu: s.perCpu ?? 0, perStack: s.perStack ?? 0 })); break;
          case 'dequeue': {
            const i = instr(Op.Dequeue, s.src, { a: s.queue, b: s.ifEmpty === 'block' ? 0 : s.ifEmpty === 'break' ? 1 : 2, perCpu: s.perCpu ?? 0, perStack: s.perStack ?? 0 });
            code.push(i);
            if (s.ifEmpty === 'break' && breaks.length) breaks[breaks.length - 1].push(i);
            break;
          }
          case 'wakeup': code.push(instr(Op.Wakeup, s.src, { a: s.thread, perCpu: s.perCpu ?? 0, b: s.perRing ?? 0 })); break;
          case 'timestamp': code.push(instr(Op.Timestamp, s.src)); break;
          case 'sleep': code.push(instr(Op.Sleep, s.src, { dist: s.dist })); break;
          case 'yield': code.push(instr(Op.Yield, s.src)); break;
          case 'transmit': code.push(instr(Op.Transmit, s.src, { a: s.device })); break;
          case 'drop': code.push(instr(Op.Drop, s.src, { text: s.reason })); break;
          case 'packet': code.push(instr(Op.Packet, s.src, { a: s.flow, b: s.size })); makesPackets = true; break;
          case 'dispatch': code.push(instr(Op.Dispatch, s.src, { a: s.netisr })); break;
          case 'irq': code.push(instr(Op.Irq, s.src, { b: s.enable ? 1 : 0 })); break;
          case 'poll_done': code.push(instr(Op.PollDone, s.src)); break;
          case 'loop': {
            const slot = loopSlots++;
            code.push(instr(Op.LoopInit, s.src, { a: slot, b: s.count }));
            const test = instr(Op.LoopTest, s.src, { a: slot });
            const top = code.length;
            code.push(test);
            breaks.push([]);
            emit(s.body);
            // the back edge tests the count itself (one step per iteration fewer than a jump to the test)
            code.push(instr(Op.LoopNext, s.src, { a: slot, target: top + 1 }));
            const exit = code.length;
            test.target = exit;
            for (const br of breaks.pop()!) br.target = exit;
            break;
          }
          case 'branch': {
            const total = s.arms.reduce((t, a) => t + a.p, 0);
            const cum = new Float64Array(s.arms.length);
            const targets = new Int32Array(s.arms.length);
            const br = instr(Op.Branch, s.src, { cum, targets });
            code.push(br);
            const ends: Instr[] = [];
            // Probabilities summing past 1 are scaled down; below 1, the rest falls through.
            const scale = total > 1 ? total : 1;
            let acc = 0;
            s.arms.forEach((arm, k) => {
              acc += arm.p;
              cum[k] = acc / scale;
              targets[k] = code.length;
              emit(arm.body);
              const j = instr(Op.Jump, s.src);
              code.push(j);
              ends.push(j);
            });
            // A draw past every arm (probabilities summing below 1) falls through to the end.
            for (const j of ends) j.target = code.length;
            br.target = code.length;
            break;
          }
        }
      }
    };
    emit(f.steps);
    code.push(instr(Op.Return, f.src));
    return { name: f.name, mode: f.mode, code, src: f.src };
  });
  return { functions, loopSlots, makesPackets };
}
