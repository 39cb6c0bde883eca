// A comparison shows both runs everywhere: the Timeline tab stacks run A's and
// run B's timelines on one time axis — zoom or pan either and the other
// follows to the same window of simulated time, and they share the range
// selection and the highlight — and the Locks and Flame graph tabs have a
// switch between run A and run B. syncedWindow is the pure rule.
import type { ViewContext, RunView } from './context';
import { h } from './common/dom';
import type { TimeBounds } from './timeline/layout/scale';
import { TimelineView, type TimelineOptions } from './timeline/view';

/** The window a follower shows for the leader's: the same simulated times (the follower clamps it to its own run). */
export function syncedWindow(leader: TimeBounds, follower: TimeBounds): TimeBounds | null {
  return leader.start === follower.start && leader.end === follower.end ? null : { ...leader };
}

/** The context of run B for views: its own trace and source links, the same selection and highlight as A. */
export function contextOfB(ctx: ViewContext, b: RunView): ViewContext {
  // B's own replications (or none): never A's lock table on B's trace
  const { replicated: _a, ...shared } = ctx;
  return { ...shared, runId: b.runId, title: b.title, trace: b.trace, openSource: b.openSource, ...(b.replicated ? { replicated: b.replicated } : {}) };
}

export interface PairedTimelines { a: TimelineView; b: TimelineView; dispose(): void }

/** Run A's timeline above run B's, windows kept equal. `optsA` carries A's saved state and hooks. */
export function mountPairedTimelines(el: HTMLElement, ctx: ViewContext, b: RunView, optsA: TimelineOptions): PairedTimelines {
  const top = h('section', 'pair-half pair-a', { 'aria-label': `Run A: ${ctx.title}` }, h('div', 'pair-tag', undefined, h('b', undefined, undefined, 'A'), ` ${ctx.title}`));
  const bottom = h('section', 'pair-half pair-b', { 'aria-label': `Run B: ${b.title}` }, h('div', 'pair-tag', undefined, h('b', undefined, undefined, 'B'), ` ${b.title}`));
  const box = h('div', 'pair-timelines', undefined, top, bottom);
  el.append(box);
  let views: { a?: TimelineView; b?: TimelineView } = {};
  let following = false;
  const follow = (to: 'a' | 'b') => (w: TimeBounds) => {
    const v = views[to];
    if (following || !v) return;
    const next = syncedWindow(w, v.window());
    if (!next) return;
    following = true; // the follower's own move must not echo back
    try { v.setWindow(next); } finally { following = false; }
  };
  const tlA = new TimelineView(top, ctx, { ...optsA, onWindow: follow('b') });
  const tlB = new TimelineView(bottom, contextOfB(ctx, b), { onWindow: follow('a') });
  views = { a: tlA, b: tlB };
  // one legend is enough for both (B's can be shown again from its toolbar)
  bottom.querySelector<HTMLButtonElement>('.tl-legend-toggle')?.click();
  tlB.setWindow(tlA.window());
  return { a: tlA, b: tlB, dispose: () => { tlA.dispose(); tlB.dispose(); box.remove(); } };
}

/** A tab (Locks, Flame graph) with a switch between run A and run B; each run's view is mounted when first shown. */
export function mountWithRunSwitch(el: HTMLElement, ctx: ViewContext, b: RunView, mount: (el: HTMLElement, ctx: ViewContext) => void, what: string): void {
  const bar = h('div', 'pair-switch', { role: 'radiogroup', 'aria-label': `${what} of run` });
  const panes = { a: h('div', 'pair-pane'), b: h('div', 'pair-pane', { hidden: '' }) };
  const mounted = { a: false, b: false };
  const show = (which: 'a' | 'b') => {
    for (const k of ['a', 'b'] as const) {
      panes[k].hidden = k !== which;
      bar.querySelector(`[data-run="${k}"]`)!.setAttribute('aria-checked', String(k === which));
    }
    if (!mounted[which]) {
      mounted[which] = true;
      mount(panes[which], which === 'a' ? ctx : contextOfB(ctx, b));
    }
  };
  for (const [k, title] of [['a', ctx.title], ['b', b.title]] as const) {
    const btn = h('button', 'pair-run', { type: 'button', role: 'radio', 'data-run': k, 'aria-checked': 'false', title: `Show the ${what.toLowerCase()} of run ${k.toUpperCase()}` }, h('b', undefined, undefined, k.toUpperCase()), ` ${title}`);
    btn.addEventListener('click', () => show(k));
    bar.append(btn);
  }
  el.append(bar, panes.a, panes.b);
  el.classList.add('pair-tab');
  show('a');
}
