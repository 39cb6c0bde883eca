// Small hand-built traces for the analysis tests. Each test spells out the
// records it adds and works out the right answers by hand in its comments.
import { TraceBuilder } from '../../../src/trace/builder';
import type { LockInfo, ThreadInfo, Trace } from '../../../src/trace/schema';

export interface Fixture {
  b: TraceBuilder;
  /** Stack from "fn@src" names, root first: stack('wm_rxintr@1', 'ether_input@2'). */
  stack(...frames: string[]): number;
  finish(endNs: number): Trace;
}

export function fixture(opts: { cpus: number; threads?: string[]; locks?: [string, string, string][]; name?: string }): Fixture {
  const b = new TraceBuilder(16);
  const threads: ThreadInfo[] = (opts.threads ?? []).map((name, i) => ({ name, kind: 'kernel', priority: 0, cpu: i % opts.cpus, src: 0 }));
  const locks: LockInfo[] = (opts.locks ?? []).map(([name, kind, wait], i) => ({ name, kind, wait, src: 100 + i }));
  return {
    b,
    stack: (...frames) => b.stackOf(frames.map((f) => {
      const [name, src] = f.split('@');
      return { name, src: src ? Number(src) : 0 };
    })),
    finish: (endNs) => b.finish({
      version: 2, name: opts.name ?? 'test', variant: '', seed: 1, cpus: opts.cpus, startNs: 0, endNs, warmupNs: 0,
      stopReason: 'completed', stopDetail: '', events: 0, wallMs: 0, threads, locks, series: [],
      // Source id n is line n of model.smp.yaml, so tests can read links back.
      sources: Array.from({ length: 128 }, (_, i) => ({ file: 'model.smp.yaml', line: i, column: 3, endLine: i, endColumn: 9 })),
      counterTotals: {}, files: [],
    }),
  };
}

/**
 * Two CPUs, threads T0 (cpu 0) and T1 (cpu 1), locks Giant (mutex, adaptive,
 * src 100) and if_snd (spin, src 101). Records are added in the order an
 * engine emits them: a wait when it ends, a hold when it is released.
 *
 *   stack A = wm_rxintr@1 > ether_input@2   (T0's `lock: Giant`)
 *   stack B = netisr@3 > ip_input@4         (T1's `lock: Giant`)
 *   stack C = ip_output@5                   (`lock: if_snd`, both threads)
 *
 *   T0 holds Giant [0,100) on A while T1 waits: flagged Contended.
 *   T1 spins on Giant [20,50) then sleeps [50,100) on B, acquires at 100,
 *      holds [100,130) on B.               Handoff flow T0 → T1 at 100.
 *   T0 holds Giant [150,160) on A, nobody waits.
 *   T1 holds if_snd [180,210) on C, flagged Contended (T0 waits).
 *   T0 spins on if_snd [200,210) on C, holds [210,240) on C.
 *                                           Handoff flow T1 → T0 at 210.
 *   A decoy Wakeup flow to T1 at 100 with stack D = softclock@9 (the
 *   handoff of the same lock must win).
 *   Run ends at 1000.
 */
export function lockScenario(): { trace: Trace; A: number; B: number; C: number; D: number } {
  const f = fixture({ cpus: 2, threads: ['T0', 'T1'], locks: [['Giant', 'mutex', 'adaptive'], ['if_snd', 'spin', 'spin']] });
  const A = f.stack('wm_rxintr@1', 'ether_input@2');
  const B = f.stack('netisr@3', 'ip_input@4');
  const C = f.stack('ip_output@5');
  const D = f.stack('softclock@9');
  const { b } = f;
  // span(start, dur, kind, sub, cpu, thread, obj, aux, stack); kinds: 2 hold, 3 wait; wait sub: 0 spin, 1 sleep, +2 continued
  b.span(20, 30, 3, 2, 1, 1, 0, 1, B); // T1 spins on Giant (sub 2: spin, continued), ends 50
  b.span(50, 50, 3, 1, 1, 1, 0, 1, B); // T1 sleeps on Giant, ends 100
  b.span(0, 100, 2, 1, 0, 0, 0, 0, A); // T0 releases Giant at 100 (contended)
  b.flow(100, 100, 0, 0, 1, 0, 1, 0, A); // handoff Giant T0 → T1
  b.flow(95, 100, 1, 0, 1, 0, 1, 0, D); // decoy wakeup
  b.span(100, 30, 2, 0, 1, 1, 0, 0, B); // T1 releases Giant at 130
  b.span(150, 10, 2, 0, 0, 0, 0, 0, A); // T0 Giant, uncontended
  b.span(200, 10, 3, 0, 0, 0, 1, 2, C); // T0 spins on if_snd, ends 210
  b.span(180, 30, 2, 1, 1, 1, 1, 0, C); // T1 releases if_snd at 210 (contended)
  b.flow(210, 210, 0, 1, 0, 1, 0, 1, C); // handoff if_snd T1 → T0
  b.span(210, 30, 2, 0, 0, 0, 1, 0, C); // T0 releases if_snd at 240
  return { trace: f.finish(1000), A, B, C, D };
}

/**
 * cpu 0: kernel [0,100) on wm_rxintr@1 > ether_input@2, idle [100,150),
 *        interrupt [150,200) on wm_rxintr@1, kernel [200,230) on
 *        wm_rxintr@1 > ether_input@6 (another step of the same function).
 * cpu 1: spin [0,40) on netisr@3 > ip_input@4, softint [40,100) on
 *        netisr@3 > ip_input@4 > ip_output@5, idle [100,230).
 */
export function cpuScenario(): Trace {
  const f = fixture({ cpus: 2, threads: ['T0', 'T1'] });
  const S1 = f.stack('wm_rxintr@1', 'ether_input@2');
  const S2 = f.stack('wm_rxintr@1');
  const S3 = f.stack('wm_rxintr@1', 'ether_input@6');
  const S4 = f.stack('netisr@3', 'ip_input@4');
  const S5 = f.stack('netisr@3', 'ip_input@4', 'ip_output@5');
  // span(start, dur, kind 0 = cpu state, sub = state (1 kernel, 2 intr, 3 softint, 4 spin, 5 idle), cpu, thread, obj, aux, stack)
  f.b.span(0, 100, 0, 1, 0, 0, 0xffff, 0, S1);
  f.b.span(100, 50, 0, 5, 0, 0xffff, 0xffff, 0, 0);
  f.b.span(150, 50, 0, 2, 0, 0xffff, 0xffff, 0, S2);
  f.b.span(200, 30, 0, 1, 0, 0, 0xffff, 0, S3);
  f.b.span(0, 40, 0, 4, 1, 1, 0xffff, 0, S4);
  f.b.span(40, 60, 0, 3, 1, 1, 0xffff, 0, S5);
  f.b.span(100, 130, 0, 5, 1, 0xffff, 0xffff, 0, 0);
  // A lock hold in the same trace must not count as CPU time.
  f.b.span(0, 100, 2, 0, 0, 0, 0, 0, S1);
  return f.finish(230);
}
