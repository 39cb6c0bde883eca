// One CPU's timeline while a perf capture is replayed: the running thread
// (or idle) underneath, interrupt / softirq / spin-wait layers on top. Each
// change of the top layer closes a CpuState span, so the spans tile the CPU
// from the start of the capture to its end with no gap and no overlap.
import { CpuState, NONE, SpanKind } from '../../schema';
import type { TraceBuilder } from '../../builder';

export interface Layer { state: CpuState; stack: number; tag: number }

export class CpuTrack {
  /** Running thread (index into the thread table) or NONE for idle. */
  thread = NONE;
  runStart = 0;
  /** Stack of the running thread's on-CPU time (its name frame). */
  threadStack = 0;
  readonly layers: Layer[] = [];
  /** Open layers per CpuState: depth() in O(1) (it is asked at every interrupt). */
  private open = new Int32Array(8);
  private spanStart: number;
  private spanState: CpuState = CpuState.Idle;
  private spanThread = NONE;
  private spanStack = 0;

  constructor(readonly id: number, start: number, private b: TraceBuilder) {
    this.spanStart = start;
    this.runStart = start;
  }

  /** Re-derive the top state at time t, closing the current span if it changed. */
  update(t: number): void {
    const n = this.layers.length;
    const top = n ? this.layers[n - 1] : undefined; // (index -1 of an empty array is a slow generic lookup)
    const state = top ? top.state : this.thread === NONE ? CpuState.Idle : CpuState.User;
    const stack = top ? top.stack : this.thread === NONE ? 0 : this.threadStack;
    if (state === this.spanState && stack === this.spanStack && this.thread === this.spanThread) return;
    this.close(t);
    this.spanState = state;
    this.spanStack = stack;
    this.spanThread = this.thread;
  }

  close(t: number): void {
    if (t > this.spanStart) {
      this.b.span(this.spanStart, t - this.spanStart, SpanKind.CpuState, this.spanState, this.id, this.spanThread, NONE, 0, this.spanStack);
    }
    this.spanStart = Math.max(this.spanStart, t);
  }

  push(t: number, layer: Layer): void {
    this.layers.push(layer);
    this.open[layer.state]++;
    this.update(t);
  }

  /** Pop the topmost layer with this state and tag; false when there is none (a lost entry event). */
  pop(t: number, state: CpuState, tag: number): boolean {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i];
      if (l.state === state && l.tag === tag) {
        this.layers.splice(i, 1);
        this.open[state]--;
        this.update(t);
        return true;
      }
    }
    return false;
  }

  /** Drop the oldest open layer of this state (its exit was lost); false when there is none. */
  popOldest(t: number, state: CpuState): boolean {
    const i = this.layers.findIndex((l) => l.state === state);
    if (i < 0) return false;
    this.layers.splice(i, 1);
    this.open[state]--;
    this.update(t);
    return true;
  }

  depth(state: CpuState): number {
    return this.open[state];
  }

  /** Close every layer (a sched_switch cannot happen inside one: their exits were lost). */
  clearLayers(): void {
    this.layers.length = 0;
    this.open.fill(0);
  }
}
