// The timeline's legend: what every colour and pattern on the tracks means,
// in the colours of the current theme (so it follows a theme change with the
// canvas). legendEntries is pure; renderLegend draws it as swatches.
import { CpuState, FlowKind, HoldFlags, InstantKind } from '../../../src/trace/schema';
import { h } from '../../common/dom';
import { holdColor, type Theme } from '../draw/theme';

/** How a swatch is drawn, as on the canvas: a block, the thin idle line, stripes (sleep), a tick (marks), an arrow (flows). */
export type SwatchShape = 'block' | 'line' | 'stripes' | 'tick' | 'arrow' | 'shade';

export interface LegendEntry { group: string; label: string; colour: string; shape: SwatchShape; title: string }

export function legendEntries(t: Theme): LegendEntry[] {
  const cpu = (label: string, s: CpuState, title: string, shape: SwatchShape = 'block') => ({ group: 'CPU', label, colour: t.states[s], shape, title });
  return [
    cpu('user', CpuState.User, 'Running thread code in user mode'),
    cpu('kernel', CpuState.Kernel, 'Running kernel code for a thread'),
    cpu('interrupt', CpuState.Interrupt, 'In a hardware interrupt handler'),
    cpu('softint', CpuState.Softint, 'In a soft interrupt (netisr, softclock…)'),
    cpu('spin', CpuState.Spin, 'Busy-waiting for a spin lock (counted as busy)'),
    cpu('idle', CpuState.Idle, 'Idle: nothing to run', 'line'),
    { group: 'Locks', label: 'held', colour: holdColor(t, 0), shape: 'block', title: 'Lock held, nobody waiting' },
    { group: 'Locks', label: 'held, contended', colour: holdColor(t, HoldFlags.Contended), shape: 'block', title: 'Lock held while another CPU or thread waited for it' },
    { group: 'Locks', label: 'read-held', colour: holdColor(t, HoldFlags.Read), shape: 'block', title: 'Held for reading (rwlock, rwsem)' },
    { group: 'Locks', label: 'spin wait', colour: t.wait, shape: 'block', title: 'Waiting for a lock by spinning' },
    { group: 'Locks', label: 'sleep wait', colour: t.wait, shape: 'stripes', title: 'Waiting for a lock asleep (striped)' },
    { group: 'Marks', label: 'interrupt', colour: t.marks[InstantKind.Interrupt], shape: 'tick', title: 'An interrupt arrived' },
    { group: 'Marks', label: 'switch', colour: t.marks[InstantKind.ContextSwitch], shape: 'tick', title: 'Context switch' },
    { group: 'Marks', label: 'preempt', colour: t.marks[InstantKind.Preempt], shape: 'tick', title: 'A thread was preempted' },
    { group: 'Marks', label: 'packet drop', colour: t.marks[InstantKind.Drop], shape: 'tick', title: 'A packet was dropped (queue full, livelock…)' },
    { group: 'Flows', label: 'lock handoff', colour: t.flows[FlowKind.LockHandoff], shape: 'arrow', title: 'A lock passed from the releasing CPU to the next holder' },
    { group: 'Flows', label: 'wakeup', colour: t.flows[FlowKind.Wakeup], shape: 'arrow', title: 'A thread woke another' },
    { group: 'Flows', label: 'IPI', colour: t.flows[FlowKind.Ipi], shape: 'arrow', title: 'Inter-processor interrupt' },
    { group: 'Flows', label: 'line re-read', colour: t.flows[FlowKind.LineTransfer], shape: 'arrow', title: 'A ticket or tas lock released: each spinner re-reads its cache line, one transfer after another' },
    { group: 'Run', label: 'warm-up', colour: t.foreground, shape: 'shade', title: 'Before the warm-up ends: shaded, and left out of every statistic' },
  ];
}

/** Fill `el` with the legend: groups of swatch + label, each with a tooltip; thread colours last. */
export function renderLegend(el: HTMLElement, t: Theme): void {
  const groups = new Map<string, HTMLElement>();
  for (const e of legendEntries(t)) {
    let g = groups.get(e.group);
    if (!g) groups.set(e.group, (g = h('span', 'tl-legend-group', undefined, h('span', 'tl-legend-title', undefined, e.group))));
    g.append(h('span', 'tl-legend-item', { title: e.title }, swatch(e.shape, e.colour), e.label));
  }
  const threads = h('span', 'tl-legend-group', undefined, h('span', 'tl-legend-title', undefined, 'Threads'));
  const strip = h('span', 'tl-legend-item', { title: 'Each thread has its own colour, kept across runs, never one of the colours above' });
  for (const c of t.threads.slice(0, 6)) strip.append(swatch('block', c));
  strip.append(' one per thread');
  threads.append(strip);
  el.replaceChildren(...groups.values(), threads);
}

function swatch(shape: SwatchShape, colour: string): HTMLElement {
  const s = h('i', `tl-swatch tl-swatch-${shape}`, { 'aria-hidden': 'true' });
  // the colour is the theme's, set through the CSSOM (allowed under the panel's CSP)
  s.style.setProperty('--swatch', colour);
  return s;
}
