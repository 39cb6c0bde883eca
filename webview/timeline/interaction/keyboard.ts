// Keyboard input. W/S zoom and A/D pan while held, animated per frame with
// the elapsed time (so the speed does not depend on the key-repeat rate);
// the other keys act once. Keys work wherever focus is in the page (a webview
// often has focus on its body), but not while typing in a field, nor while
// another tab is shown.
import type { ViewState } from '../viewState';

export interface KeyActions {
  zoomBy(factor: number, anchorX?: number): void;
  panBy(fraction: number): void;
  fitAll(): void;
  zoomToSelection(): void;
  focusSearch(): void;
  /** Esc: clear the range and span selection. */
  clearSelection(): void;
  /** Arrow up/down: the focus row. */
  moveFocusRow(dir: number): void;
  moveFocusLane(dir: number): void;
  /** Arrow left/right: the previous/next span in the focus row. */
  stepSpan(dir: number): void;
  /** Enter: the selected span's model line. */
  openSelected(): void;
  /** ] follows the selected span's first outgoing flow to the span it points at; [ its first incoming flow back to its source. */
  followFlow(dir: 1 | -1): void;
}

export class KeyboardInput {
  private readonly pressed = new Set<string>();
  private keyLoop = 0;
  private readonly keydown = (e: KeyboardEvent) => this.onKeyDown(e);
  private readonly keyup = (e: KeyboardEvent) => this.pressed.delete(e.key.toLowerCase());

  constructor(private readonly root: HTMLElement, private readonly stage: HTMLElement, private readonly s: ViewState, private readonly on: KeyActions) {
    document.addEventListener('keydown', this.keydown);
    document.addEventListener('keyup', this.keyup);
    // A key released while focus is elsewhere never sends keyup here: stop the animation.
    stage.addEventListener('blur', () => this.pressed.clear());
  }

  dispose(): void {
    document.removeEventListener('keydown', this.keydown);
    document.removeEventListener('keyup', this.keyup);
  }

  /** Stop the held-key animation. */
  cancel(): void {
    cancelAnimationFrame(this.keyLoop);
  }

  private onKeyDown(e: KeyboardEvent): void {
    const t = e.target as HTMLElement;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    if (!this.root.isConnected || this.root.offsetParent === null) return; // the timeline tab is hidden
    if (t !== document.body && !this.root.contains(t)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.toLowerCase();
    // Arrows and Enter also move focus or activate controls elsewhere: only take them on the stage.
    const onStage = t === this.stage;
    switch (key) {
      case 'w': case 's': case 'a': case 'd':
        e.preventDefault();
        this.pressed.add(key);
        this.startKeyLoop();
        return;
      case '+': case '=': this.on.zoomBy(1.5); break;
      case '-': case '_': this.on.zoomBy(1 / 1.5); break;
      case 'f': case '0': this.on.fitAll(); break;
      case 'z': this.on.zoomToSelection(); break;
      case '/': this.on.focusSearch(); break;
      case ']': this.on.followFlow(1); break;
      case '[': this.on.followFlow(-1); break;
      case 'escape': this.on.clearSelection(); break;
      case 'arrowup': case 'arrowdown':
        if (!onStage) return;
        if (e.shiftKey) this.on.moveFocusLane(key === 'arrowup' ? -1 : 1);
        else this.on.moveFocusRow(key === 'arrowup' ? -1 : 1);
        break;
      case 'arrowleft': case 'arrowright':
        if (!onStage) return;
        this.on.stepSpan(key === 'arrowleft' ? -1 : 1);
        break;
      case 'enter':
        if (!onStage) return;
        this.on.openSelected();
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private startKeyLoop(): void {
    if (this.keyLoop) return;
    let last = performance.now();
    const tick = (now: number) => {
      const dt = Math.min(50, now - last);
      last = now;
      if (!this.pressed.size) {
        this.keyLoop = 0;
        return;
      }
      // Zoom at the pointer when it is on the stage, as the wheel does.
      const anchorX = this.s.hoverX >= 0 ? this.s.hoverX : this.s.width / 2;
      if (this.pressed.has('w')) this.on.zoomBy(Math.exp(dt * 0.004), anchorX);
      if (this.pressed.has('s')) this.on.zoomBy(Math.exp(-dt * 0.004), anchorX);
      if (this.pressed.has('a')) this.on.panBy(-dt * 0.0012);
      if (this.pressed.has('d')) this.on.panBy(dt * 0.0012);
      this.keyLoop = requestAnimationFrame(tick);
    };
    this.keyLoop = requestAnimationFrame(tick);
  }
}
