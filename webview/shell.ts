// The tab shell: Timeline | Locks | Flame | Compare (the last three from
// webview/extraViews.ts, each mounted the first time its tab is shown). Tabs
// follow the WAI-ARIA pattern: arrow keys move between them.
import type { ViewName } from '../src/core/protocol';
import { clear, h } from './common/dom';

export interface TabSpec {
  name: ViewName;
  title: string;
  /** Called once, the first time the tab is shown. */
  mount(el: HTMLElement): void;
}

export class Shell {
  readonly root: HTMLElement;
  private readonly tabList: HTMLElement;
  private readonly panels: HTMLElement;
  private readonly extra: HTMLElement;
  private readonly toastEl: HTMLElement;
  private readonly noticeEl: HTMLElement;
  private tabs: { spec: TabSpec; tab: HTMLButtonElement; panel: HTMLElement; mounted: boolean }[] = [];
  private current: ViewName = 'timeline';
  private toastTimer = 0;
  onShow?: (view: ViewName) => void;

  constructor(host: HTMLElement) {
    this.tabList = h('div', 'shell-tabs', { role: 'tablist', 'aria-label': 'Views' });
    this.extra = h('div', 'shell-extra');
    this.panels = h('div', 'shell-panels');
    this.toastEl = h('div', 'shell-toast', { role: 'status', hidden: '' });
    this.noticeEl = h('div', 'shell-notice', { role: 'note', hidden: '' });
    this.root = h('div', 'shell', undefined, h('div', 'shell-header', undefined, this.tabList, this.extra), this.noticeEl, this.panels, this.toastEl);
    host.append(this.root);
    this.tabList.addEventListener('keydown', (e) => {
      const k = this.tabs.findIndex((t) => t.spec.name === this.current);
      let next = -1;
      if (e.key === 'ArrowRight') next = (k + 1) % this.tabs.length;
      else if (e.key === 'ArrowLeft') next = (k - 1 + this.tabs.length) % this.tabs.length;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = this.tabs.length - 1;
      if (next < 0) return;
      e.preventDefault();
      this.show(this.tabs[next].spec.name);
      this.tabs[next].tab.focus();
    });
  }

  /** Replace every tab (a new run arrived). */
  setTabs(specs: TabSpec[], show: ViewName): void {
    clear(this.tabList);
    clear(this.panels);
    this.tabs = specs.map((spec) => {
      const tab = h('button', 'shell-tab', {
        type: 'button', role: 'tab', id: `tab-${spec.name}`, 'aria-controls': `panel-${spec.name}`, 'data-view': spec.name,
      }, spec.title);
      const panel = h('div', `shell-panel shell-panel-${spec.name}`, { role: 'tabpanel', id: `panel-${spec.name}`, 'aria-labelledby': `tab-${spec.name}` });
      tab.addEventListener('click', () => this.show(spec.name));
      this.tabList.append(tab);
      this.panels.append(panel);
      return { spec, tab, panel, mounted: false };
    });
    this.show(this.tabs.some((t) => t.spec.name === show) ? show : 'timeline');
  }

  /** Extra header content (run title, run picker). */
  setExtra(...nodes: (Node | string)[]): void {
    clear(this.extra);
    this.extra.append(...nodes);
  }

  show(view: ViewName): void {
    const target = this.tabs.find((t) => t.spec.name === view);
    if (!target) return;
    this.current = view;
    for (const t of this.tabs) {
      const on = t === target;
      t.tab.setAttribute('aria-selected', String(on));
      t.tab.tabIndex = on ? 0 : -1;
      t.panel.hidden = !on;
    }
    if (!target.mounted) {
      target.mounted = true;
      try {
        target.spec.mount(target.panel);
      } catch (err) {
        target.panel.append(h('div', 'shell-error', undefined, `This view failed to open: ${(err as Error).message}`));
      }
    }
    this.onShow?.(view);
  }

  get view(): ViewName {
    return this.current;
  }

  /** The element of the tab being shown (what a picture of the view is taken from). */
  get currentPanel(): HTMLElement | undefined {
    return this.tabs.find((t) => t.spec.name === this.current)?.panel;
  }

  showMessage(text: string, kind: 'info' | 'error' = 'info'): void {
    clear(this.panels);
    clear(this.tabList);
    this.tabs = [];
    this.panels.append(h('div', kind === 'error' ? 'shell-error' : 'shell-message', undefined, text));
  }

  /** A standing line above the views about the run shown (e.g. it stopped at a limit); none when undefined. */
  notice(text: string | undefined): void {
    this.noticeEl.textContent = text ?? '';
    this.noticeEl.hidden = !text;
  }

  toast(text: string): void {
    this.toastEl.textContent = text;
    this.toastEl.hidden = false;
    window.clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => { this.toastEl.hidden = true; }, 4000);
  }
}
