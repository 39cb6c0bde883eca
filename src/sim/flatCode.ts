// Every function's instructions laid end to end in parallel typed arrays, so
// the interpreter's hot loop reads numbers by a global program counter instead
// of chasing an instruction object per step. Jump targets are global too; a
// context's pc alone says which instruction (and so which frame) runs next.
import { Op, type CompiledProgram, type Instr } from './bytecode';
import type { Dist } from './program';
import { DistKind } from './rng';

export class FlatCode {
  readonly op: Uint8Array;
  readonly a: Int32Array;
  /** Float: loop counts may be infinite (forever), counter steps fractional. */
  readonly b: Float64Array;
  readonly perCpu: Int32Array;
  readonly perStack: Int32Array;
  /** Global jump target (-1: none). A dequeue without a break target goes to its function's return. */
  readonly target: Int32Array;
  readonly distKind: Uint8Array;
  /** fixed: ns; uniform: min; exp: mean. */
  readonly dist1: Float64Array;
  /** uniform: max. */
  readonly dist2: Float64Array;
  readonly src: Int32Array;
  /** The function each instruction belongs to. */
  readonly fnOf: Int32Array;
  /** Per function: global index of its first instruction, and whether it runs in kernel mode. */
  readonly entry: Int32Array;
  readonly kernel: Uint8Array;
  readonly names: string[];
  /** The instructions themselves, for the rarely used fields (branch tables, drop reasons). Branch targets here are global. */
  readonly instrs: Instr[];

  constructor(compiled: CompiledProgram) {
    const fns = compiled.functions;
    const n = fns.reduce((t, f) => t + f.code.length, 0);
    this.op = new Uint8Array(n);
    this.a = new Int32Array(n);
    this.b = new Float64Array(n);
    this.perCpu = new Int32Array(n);
    this.perStack = new Int32Array(n);
    this.target = new Int32Array(n);
    this.distKind = new Uint8Array(n);
    this.dist1 = new Float64Array(n);
    this.dist2 = new Float64Array(n);
    this.src = new Int32Array(n);
    this.fnOf = new Int32Array(n);
    this.entry = new Int32Array(fns.length);
    this.kernel = new Uint8Array(fns.length);
    this.names = fns.map((f) => f.name);
    this.instrs = [];
    let at = 0;
    fns.forEach((f, fi) => {
      const base = at;
      this.entry[fi] = base;
      this.kernel[fi] = f.mode === 'kernel' ? 1 : 0;
      for (const ins of f.code) {
        this.op[at] = ins.op;
        this.a[at] = ins.a;
        this.b[at] = ins.b;
        this.perCpu[at] = ins.perCpu;
        this.perStack[at] = ins.perStack;
        this.target[at] = ins.target >= 0 ? base + ins.target : ins.op === Op.Dequeue ? base + f.code.length - 1 : -1;
        this.setDist(at, ins.dist);
        this.src[at] = ins.src;
        this.fnOf[at] = fi;
        this.instrs.push(ins.targets ? { ...ins, targets: ins.targets.map((t) => base + t) } : ins);
        at++;
      }
    });
  }

  get length(): number { return this.op.length; }

  private setDist(i: number, d: Dist | null): void {
    if (!d) return;
    switch (d.kind) {
      case 'fixed': this.distKind[i] = DistKind.Fixed; this.dist1[i] = d.ns; break;
      case 'uniform': this.distKind[i] = DistKind.Uniform; this.dist1[i] = d.min; this.dist2[i] = d.max; break;
      case 'exp': this.distKind[i] = DistKind.Exp; this.dist1[i] = d.mean; break;
    }
  }
}
