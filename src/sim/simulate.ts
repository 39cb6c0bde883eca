// Running a Program: synchronously (tests, the CLI's short runs, workers) or
// in slices that yield to the event loop so a host stays responsive and a
// cancellation is seen within milliseconds.
import { Engine } from './engine';
import { DEFAULT_LIMITS, type Limits, type Program } from './program';
import { validateProgram } from './validate';
import type { Trace } from '../trace/schema';

export interface SimOptions {
  variant?: string;
  limits?: Partial<Limits>;
  /** Polled between slices (a few ms of wall time apart); true stops the run with stopReason 'cancelled'. */
  shouldCancel?: () => boolean;
  onProgress?: (simNs: number, totalNs: number) => void;
}

/** Events per slice: small enough that a slice takes a few ms. */
const SLICE = 16_384;

/** The checked program's engine, and when the run began (wall clock). */
function start(program: Program, opts: SimOptions): { e: Engine; t0: number } {
  validateProgram(program);
  return { t0: performance.now(), e: new Engine(program, { ...DEFAULT_LIMITS, ...opts.limits }) };
}

/** Seal the trace, naming the model files its sources point into. */
function seal(e: Engine, program: Program, opts: SimOptions, t0: number): Trace {
  const files = [...new Set(program.sources.slice(1).map((s) => s.file))].sort();
  return e.finish({ variant: opts.variant ?? '', wallMs: performance.now() - t0, files });
}

export function simulate(program: Program, opts: SimOptions = {}): Trace {
  const { e, t0 } = start(program, opts);
  let lastProgress = t0;
  while (e.runSlice(SLICE)) {
    if (opts.shouldCancel?.()) { e.halt('cancelled', 'cancelled'); break; }
    if (opts.onProgress) {
      const now = performance.now();
      if (now - lastProgress > 50) { lastProgress = now; opts.onProgress(e.now, program.run.durationNs); }
    }
  }
  return seal(e, program, opts, t0);
}

// setImmediate, not setTimeout(0): a timer waits at least 1 ms, a tenth of the run at a yield every 10 ms.
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export async function simulateAsync(program: Program, opts: SimOptions = {}): Promise<Trace> {
  const { e, t0 } = start(program, opts);
  let sliceStart = performance.now();
  while (e.runSlice(SLICE)) {
    const now = performance.now();
    if (now - sliceStart > 10) {
      opts.onProgress?.(e.now, program.run.durationNs);
      await yieldToLoop();
      sliceStart = performance.now();
    }
    if (opts.shouldCancel?.()) { e.halt('cancelled', 'cancelled'); break; }
  }
  opts.onProgress?.(e.now, program.run.durationNs);
  return seal(e, program, opts, t0);
}
