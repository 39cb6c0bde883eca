// The details panel under the tracks: the selected span's description and
// stack, and for a lock wait the holders that blocked it (each a button that
// jumps to that hold) and the handoff that ended it.
import { formatDuration, formatTime } from '../../../src/core/format';
import { NONE } from '../../../src/trace/schema';
import type { ViewContext } from '../../context';
import { clear, h } from '../../common/dom';
import { whoBlocked } from '../data/blockers';
import { actorName, describeSpan, lockName } from './describe';
import { renderDescription } from './describeDom';
import type { TimelineIndex } from '../data/traceIndex';

/** Fill `el` for span i (-1: a hint instead); `pick` selects and reveals a blocker's span. */
export function renderDetails(el: HTMLElement, ctx: ViewContext, index: TimelineIndex, i: number, pick: (span: number) => void): void {
  clear(el);
  if (i < 0) {
    el.append(h('div', 'tl-muted', undefined, 'Click a span to see its details and stack; Shift+drag to total a range.'));
    return;
  }
  const trace = ctx.trace;
  const d = describeSpan(trace, i);
  const open = (src: number) => ctx.openSource(src);
  el.append(renderDescription(d, open));
  const b = whoBlocked(index, i);
  if (b) {
    const sp = trace.tables.spans;
    const list = h('div', 'tl-blockers');
    list.append(h('div', 'tl-desc-subtitle', undefined, b.holds.length ? 'Who blocked me' : 'No holder recorded during this wait'));
    for (const hold of b.holds) {
      const item = h('button', 'tl-blocker', { type: 'button', 'data-span': String(hold) },
        `${actorName(trace.meta, sp.thread[hold], sp.cpu[hold])} held ${lockName(trace.meta, sp.obj[hold])}${sp.thread[hold] === NONE ? '' : ` on CPU ${sp.cpu[hold]}`} for ${formatDuration(sp.dur[hold])} (from ${formatTime(sp.start[hold])})`);
      item.addEventListener('click', () => pick(hold));
      list.append(item);
    }
    if (b.handoff >= 0) {
      const fl = trace.tables.flows;
      list.append(h('div', 'tl-muted', undefined, `Handed over at ${formatTime(fl.t1[b.handoff])} by ${actorName(trace.meta, fl.thread0[b.handoff], fl.cpu0[b.handoff])}${fl.thread0[b.handoff] === NONE ? '' : ` on CPU ${fl.cpu0[b.handoff]}`} (${formatDuration(fl.t1[b.handoff] - fl.t0[b.handoff])} handoff)`));
    }
    el.append(list);
  }
}
