// The hover tooltip: the description of what is under the pointer, with its
// stack as links to the model. It lingers briefly after the pointer leaves so
// the pointer can travel into it and click a frame.
import { SpanKind } from '../../../src/trace/schema';
import type { ViewContext } from '../../context';
import { clear, h } from '../../common/dom';
import { whoBlocked } from '../data/blockers';
import { actorName, lockName } from './describe';
import { renderDescription } from './describeDom';
import { describeHit, type Hit } from '../interaction/hitTest';
import type { TimelineIndex } from '../data/traceIndex';

export class Tooltip {
  private hideTimer = 0;

  /** `el` is positioned inside `root` (absolutely), near the pointer. */
  constructor(private readonly el: HTMLElement, private readonly root: HTMLElement, private readonly ctx: ViewContext, private readonly index: TimelineIndex) {
    el.addEventListener('pointerenter', () => window.clearTimeout(this.hideTimer));
    el.addEventListener('pointerleave', () => this.hide());
  }

  get hidden(): boolean {
    return this.el.hidden;
  }

  show(hit: Hit, cx: number, cy: number): void {
    window.clearTimeout(this.hideTimer);
    const d = describeHit(this.ctx.trace, this.index, hit);
    if (!d) {
      this.hideTimer = window.setTimeout(() => this.hide(), 250);
      return;
    }
    clear(this.el);
    this.el.append(renderDescription(d, (src) => this.ctx.openSource(src)));
    // A lock wait says who it waited for: the answer people hover it for.
    if (hit?.kind === 'span' && this.ctx.trace.tables.spans.kind[hit.i] === SpanKind.LockWait) {
      const b = whoBlocked(this.index, hit.i);
      if (b && b.holds.length) {
        const sp = this.ctx.trace.tables.spans;
        const names = [...new Set(b.holds.map((x) => actorName(this.ctx.trace.meta, sp.thread[x], sp.cpu[x])))];
        this.el.append(h('div', 'tl-desc-note', undefined, `Blocked by ${names.join(', ')} holding ${lockName(this.ctx.trace.meta, sp.obj[hit.i])}. Click to show.`));
      }
    }
    this.el.hidden = false;
    this.place(cx, cy);
  }

  /** Beside the pointer, flipped to the other side where it would leave the view. */
  place(cx: number, cy: number): void {
    const rr = this.root.getBoundingClientRect();
    const tw = this.el.offsetWidth;
    const th = this.el.offsetHeight;
    let x = cx - rr.left + 14;
    let y = cy - rr.top + 14;
    if (x + tw > rr.width - 4) x = Math.max(4, cx - rr.left - tw - 14);
    if (y + th > rr.height - 4) y = Math.max(4, cy - rr.top - th - 14);
    this.el.style.left = `${x}px`;
    this.el.style.top = `${y}px`;
  }

  hide(): void {
    window.clearTimeout(this.hideTimer);
    this.el.hidden = true;
  }

  /** Hide after a grace period, so the pointer can travel into the tooltip and click a frame. */
  hideSoon(ms: number): void {
    window.clearTimeout(this.hideTimer);
    this.hideTimer = window.setTimeout(() => this.hide(), ms);
  }
}
