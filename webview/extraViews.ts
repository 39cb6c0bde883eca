// The views beside the timeline (lock table, flame graphs, compare). The
// timeline's shell in webview/main.ts renders one tab per entry and calls
// mount() once with the tab's element and the shared ViewContext.
import type { ViewContext } from './context';

export interface ExtraView {
  name: 'locks' | 'flame' | 'compare';
  title: string;
  mount(el: HTMLElement, ctx: ViewContext): void;
}

export const extraViews: ExtraView[] = [];
