// The kinds of event on the future event list; each carries two integers (a, b).
export const enum Ev {
  /** CPU a's op in progress ends; b = the CPU's generation when scheduled (stale ones are skipped). */
  Cpu,
  /** Traffic source a delivers its next packet. */
  Arrival,
  /** A coalesced interrupt vector a fires. */
  Irq,
  /** Timer a ticks. */
  Timer,
  /** Thread a's timed sleep ends; b = its sleep generation. */
  SleepWake,
  /** TX ring b of device a finishes sending a frame. */
  Tx,
  /** Counters and queue depths are sampled. */
  Sample,
  /** An IPI from CPU b reaches CPU a. */
  Ipi,
  /** The time slice of CPU a's run number b ends. */
  Slice,
}
