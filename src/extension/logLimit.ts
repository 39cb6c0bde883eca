// A webview may post `log` messages (its errors, for the output channel), and
// nothing it sends is trusted: a page in a loop could post millions and flood
// the log, its file and the host. Each panel gets a budget per time window;
// what goes over it is counted and said in one line when the window ends.
// Pure: the clock is passed in.

export interface LogDecision {
  /** Log this message. */
  log: boolean;
  /** Messages dropped in the window before this one, to be said first (0: none). */
  droppedBefore: number;
  /** This is the first message of its window over the budget: say that dropping starts. */
  firstDropped: boolean;
}

export class LogLimit {
  private windowStart = -Infinity;
  private count = 0;
  private dropped = 0;

  constructor(
    /** Messages logged per window. */
    readonly perWindow = 20,
    readonly windowMs = 10_000,
  ) {}

  admit(nowMs: number): LogDecision {
    let droppedBefore = 0;
    if (nowMs - this.windowStart >= this.windowMs) {
      droppedBefore = this.dropped;
      this.windowStart = nowMs;
      this.count = 0;
      this.dropped = 0;
    }
    if (this.count < this.perWindow) {
      this.count++;
      return { log: true, droppedBefore, firstDropped: false };
    }
    this.dropped++;
    return { log: false, droppedBefore, firstDropped: this.dropped === 1 };
  }
}
