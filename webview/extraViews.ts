// The views beside the timeline (lock table, flame graphs, comparison). The
// timeline's shell in webview/main.ts renders one tab per entry and calls
// mount() once with the tab's element and the shared ViewContext; the compare
// tab shows ctx.compare (set from the host's 'compare' message).
import type { ViewContext } from './context';
import { mountCompareTab } from './compare';
import { mountFlame } from './flame';
import { mountLocks } from './locks';

export interface ExtraView {
  name: 'locks' | 'flame' | 'compare';
  title: string;
  mount(el: HTMLElement, ctx: ViewContext): void;
}

export const extraViews: ExtraView[] = [
  { name: 'locks', title: 'Locks', mount: mountLocks },
  { name: 'flame', title: 'Flame graph', mount: mountFlame },
  { name: 'compare', title: 'Compare', mount: mountCompareTab },
];
