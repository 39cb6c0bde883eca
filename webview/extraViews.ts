// The views beside the timeline (lock table, flame graphs). The timeline's
// shell in webview/main.ts renders one tab per entry and calls mount() once
// with the tab's element and the shared ViewContext. Comparing two runs is
// mounted by main.ts on a 'compare' message (mountCompare in ./compare).
import type { ViewContext } from './context';
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
];
