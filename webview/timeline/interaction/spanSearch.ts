// Search and highlight. Typing in the search box (debounced) or clicking a
// label sets the shared highlight; every view follows it. Here it becomes a
// matcher (which dims what does not match when drawing), marks the matching
// labels, and lets Enter / Shift+Enter step through the matching spans.
import type { Highlight, ViewContext } from '../../context';
import { matcherFor, matchingSpans } from '../data/highlight';
import { markMatchingLabels } from '../panels/labels';
import type { ViewState } from '../viewState';

export interface SearchParts {
  input: HTMLInputElement;
  /** "N spans · 2 threads" or "k / N" while stepping. */
  matchInfo: HTMLElement;
  labels: HTMLElement;
  stage: HTMLElement;
}

export interface SearchActions {
  /** Select and reveal span i. */
  show(i: number): void;
  redrawBase(): void;
  save(): void;
}

export class SpanSearch {
  /** Matching span ids in start order, computed on the first step (a highlight alone does not need them). */
  private matches: Uint32Array | null = null;
  private matchPos = -1;

  constructor(private readonly p: SearchParts, private readonly s: ViewState, private readonly ctx: ViewContext, private readonly on: SearchActions) {
    const input = p.input;
    let searchTimer = 0;
    input.addEventListener('input', () => {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(() => {
        const text = input.value.trim();
        ctx.highlight.set(text ? { kind: 'search', text } : null);
      }, 120);
    });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        window.clearTimeout(searchTimer);
        const text = input.value.trim();
        const cur = ctx.highlight.get();
        if (text && !(cur?.kind === 'search' && cur.text === text)) ctx.highlight.set({ kind: 'search', text });
        this.nextMatch(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        input.value = '';
        ctx.highlight.set(null);
        p.stage.focus();
      }
    });
  }

  /** Follow the shared highlight (from this view or another). */
  onHighlight(hl: Highlight): void {
    const { input, labels } = this.p;
    this.s.matcher = matcherFor(this.ctx.trace.meta, hl);
    this.matches = null;
    this.matchPos = -1;
    if (hl?.kind === 'search') {
      if (input.value.trim() !== hl.text) input.value = hl.text;
    } else if (hl) {
      input.value = '';
    }
    this.updateMatchInfo(hl);
    markMatchingLabels(labels, this.s.layout, this.s.matcher);
    this.on.redrawBase();
    this.on.save();
  }

  /** The rows changed (a filter): mark the matching labels again. */
  onLayout(): void {
    markMatchingLabels(this.p.labels, this.s.layout, this.s.matcher);
  }

  /** Step to the next (dir 1) or previous (-1) matching span after the current window centre. */
  nextMatch(dir: 1 | -1): void {
    const list = this.matchList();
    if (!list.length) return;
    const sp = this.ctx.trace.tables.spans;
    if (this.matchPos < 0) {
      const mid = (this.s.win.start + this.s.win.end) / 2;
      let k = 0;
      while (k < list.length && sp.start[list[k]] < mid) k++;
      this.matchPos = dir > 0 ? k % list.length : (k - 1 + list.length) % list.length;
    } else {
      this.matchPos = (this.matchPos + dir + list.length) % list.length;
    }
    this.on.show(list[this.matchPos]);
    this.p.matchInfo.textContent = `${this.matchPos + 1} / ${list.length.toLocaleString('en-US')}`;
  }

  private matchList(): Uint32Array {
    if (!this.matches) this.matches = this.s.matcher ? matchingSpans(this.ctx.trace, this.s.matcher) : new Uint32Array(0);
    return this.matches;
  }

  private updateMatchInfo(hl: Highlight): void {
    const info = this.p.matchInfo;
    if (!this.s.matcher || !hl) {
      info.textContent = '';
      return;
    }
    const n = this.matchList().length;
    const c = this.s.matcher.counts;
    const parts: string[] = [];
    if (c.threads) parts.push(`${c.threads} thread${c.threads > 1 ? 's' : ''}`);
    if (c.locks) parts.push(`${c.locks} lock${c.locks > 1 ? 's' : ''}`);
    if (c.functions) parts.push(`${c.functions} function${c.functions > 1 ? 's' : ''}`);
    if (c.series) parts.push(`${c.series} counter${c.series > 1 ? 's' : ''}`);
    info.textContent = parts.length ? `${n.toLocaleString('en-US')} spans · ${parts.join(', ')}` : 'no match';
  }
}
