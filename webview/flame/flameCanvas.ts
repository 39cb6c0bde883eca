// One interactive flame graph on a canvas: hover card, click to open the
// model line, double-click (or Enter) to zoom, Escape to zoom out, arrows to
// walk frames, search highlighting. Used by the flame view (graph, callers,
// callees) and by the compare view (differential graph).
import type { FlameTree } from '../../src/trace/analysis/flameTree';
import type { TraceMeta } from '../../src/trace/schema';
import { sourceText } from '../common/source';
import { watchTheme } from '../common/theme';
import { diffFill, frameFill, readPalette, type FillStyle, type Palette } from './colors';
import { describeFrame, describeMerged, type DiffWeights } from './describe';
import { drawFlame } from './draw';
import { hitTest, layoutFlame, rectOf, type FlameLayout } from './layout';
import { nodeName } from '../../src/trace/analysis/flameTree';

export const ROW_HEIGHT = 18;
export const MIN_FRAME_PX = 2;

export interface FlameCanvasOptions {
  meta: TraceMeta;
  /** Open the model line of a frame (its source id > 0, or a diff's other run's). */
  open(src: number, node: number): void;
  /** A frame was selected (clicked or reached by keyboard). */
  selected?(node: number, name: string): void;
  /** The selection was cleared by the user (Escape). */
  cleared?(): void;
  label: string;
}

export class FlameCanvas {
  readonly el: HTMLElement;
  private canvas: HTMLCanvasElement;
  private card: HTMLElement;
  private live: HTMLElement;
  private tree: FlameTree | null = null;
  private diff: (DiffWeights & { maxAbs: number }) | null = null;
  private layout: FlameLayout | null = null;
  private focus = 0;
  private hover = -1;
  private selectedNode = -1;
  private match: Uint8Array | null = null;
  private palette: Palette;
  private lastOpen = { node: -1, at: 0 };
  private stopTheme: () => void;
  private resize: ResizeObserver;

  constructor(container: HTMLElement, private o: FlameCanvasOptions) {
    this.el = document.createElement('div');
    this.el.className = 'smp-flame-canvas';
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `${o.label}. Arrow keys walk frames, Enter zooms, Escape zooms out, O opens the model line.`);
    this.card = document.createElement('div');
    this.card.className = 'smp-flame-card';
    this.card.hidden = true;
    this.live = document.createElement('div');
    this.live.className = 'smp-sr-only';
    this.live.setAttribute('aria-live', 'polite');
    this.el.append(this.canvas, this.card, this.live);
    container.append(this.el);
    this.palette = readPalette(this.el);
    this.stopTheme = watchTheme(() => { this.palette = readPalette(this.el); this.draw(); });
    this.resize = new ResizeObserver(() => this.relayout());
    this.resize.observe(this.el);
    this.listen();
  }

  setTree(tree: FlameTree, diff?: DiffWeights | null, keepZoom = false): void {
    const path = keepZoom && this.tree ? this.pathOf(this.tree, this.focus) : null;
    this.tree = tree;
    this.diff = diff ? { ...diff, maxAbs: maxAbsDelta(diff) } : null;
    this.focus = path ? this.nodeAt(path) : 0;
    this.hover = -1;
    this.selectedNode = -1;
    this.card.hidden = true; // it described a frame of the old tree
    this.relayout();
  }

  setMatch(match: Uint8Array | null): void {
    this.match = match;
    this.draw();
  }

  zoom(node: number): void {
    this.focus = node;
    this.hover = -1;
    this.card.hidden = true;
    this.relayout();
  }

  /** Forget the selected frame (a new graph kind, Reset zoom, Escape). */
  clearSelection(): void {
    if (this.selectedNode < 0) return;
    this.selectedNode = -1;
    this.live.textContent = '';
    this.draw();
  }

  get selected(): number { return this.selectedNode; }
  get zoomedNode(): number { return this.focus; }
  get currentLayout(): FlameLayout | null { return this.layout; }
  get currentTree(): FlameTree | null { return this.tree; }

  destroy(): void {
    this.stopTheme();
    this.resize.disconnect();
    this.el.remove();
  }

  private relayout(): void {
    if (!this.tree) return;
    const width = Math.max(100, Math.floor(this.el.clientWidth || 600));
    this.layout = layoutFlame(this.tree, { width, minWidth: MIN_FRAME_PX, rowHeight: ROW_HEIGHT, focus: this.focus });
    const dpr = window.devicePixelRatio || 1;
    const height = this.layout.rows * ROW_HEIGHT;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.draw();
  }

  private draw(): void {
    const l = this.layout, t = this.tree;
    if (!l || !t) return;
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const dpr = window.devicePixelRatio || 1;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    const d = this.diff;
    const p = this.palette;
    const fill = d
      ? (n: number): FillStyle => diffFill(d.totalA[n], d.totalB[n], d.maxAbs, p)
      : (n: number): FillStyle => frameFill(t.names[t.name[n]], p);
    drawFlame(g, l, t, { palette: p, fill, match: this.match, hoverRect: this.hover, selectedNode: this.selectedNode });
  }

  private listen(): void {
    const c = this.canvas;
    const at = (e: MouseEvent) => {
      const r = c.getBoundingClientRect();
      return this.layout ? hitTest(this.layout, e.clientX - r.left, e.clientY - r.top) : -1;
    };
    c.addEventListener('mousemove', (e) => {
      const i = at(e);
      if (i !== this.hover) {
        this.hover = i;
        this.draw();
      }
      this.showCard(i, e);
    });
    c.addEventListener('mouseleave', () => { this.hover = -1; this.card.hidden = true; this.draw(); });
    c.addEventListener('click', (e) => {
      const i = at(e);
      if (i < 0 || !this.layout) return;
      const n = this.layout.node[i];
      if (n < 0) { this.zoom(this.layout.parentOf[i]); return; }
      this.select(n);
      this.openNode(n);
    });
    c.addEventListener('dblclick', (e) => {
      const i = at(e);
      if (i >= 0 && this.layout && this.layout.node[i] >= 0) this.zoom(this.layout.node[i]);
    });
    c.addEventListener('keydown', (e) => this.key(e));
  }

  private key(e: KeyboardEvent): void {
    const l = this.layout, t = this.tree;
    if (!l || !t) return;
    let n = this.selectedNode >= 0 ? this.selectedNode : this.focus;
    const i = rectOf(l, n);
    switch (e.key) {
      case 'Escape':
        // clears the selection (and whatever it highlighted) and steps out of one zoom level
        if (this.focus !== 0) this.zoom(t.parent[this.focus]);
        if (this.selectedNode >= 0) { this.clearSelection(); this.o.cleared?.(); }
        break;
      case 'Enter':
        this.zoom(n);
        break;
      case 'o': case 'O':
        this.openNode(n, true);
        break;
      case 'ArrowUp':
        if (n > 0) n = t.parent[n];
        break;
      case 'ArrowDown': {
        const d = i >= 0 ? l.depth[i] + 1 : l.rows;
        for (let j = l.rowStart[d] ?? 0; d < l.rows && j < l.rowStart[d + 1]; j++) {
          if (l.node[j] >= 0 && t.parent[l.node[j]] === n) { n = l.node[j]; break; }
        }
        break;
      }
      case 'ArrowLeft': case 'ArrowRight': {
        if (i < 0) break;
        const step = e.key === 'ArrowLeft' ? -1 : 1;
        for (let j = i + step; j >= l.rowStart[l.depth[i]] && j < l.rowStart[l.depth[i] + 1]; j += step) {
          if (l.node[j] >= 0) { n = l.node[j]; break; }
        }
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    if (e.key.startsWith('Arrow')) this.select(n);
  }

  private select(n: number): void {
    if (!this.tree) return;
    this.selectedNode = n;
    this.draw();
    const where = sourceText(this.o.meta, this.tree.src[n]);
    this.live.textContent = describeFrame(this.tree, n, where, this.diff).join(', ');
    this.o.selected?.(n, nodeName(this.tree, n));
  }

  /** A double-click sends two clicks: open a frame's line once. */
  private openNode(n: number, force = false): void {
    if (!this.tree) return;
    const now = performance.now();
    if (!force && this.lastOpen.node === n && now - this.lastOpen.at < 600) return;
    this.lastOpen = { node: n, at: now };
    this.o.open(this.tree.src[n], n);
  }

  private showCard(i: number, e: MouseEvent): void {
    const l = this.layout, t = this.tree;
    if (i < 0 || !l || !t) { this.card.hidden = true; return; }
    const n = l.node[i];
    const lines = n >= 0
      ? [...describeFrame(t, n, sourceText(this.o.meta, t.src[n]), this.diff), t.src[n] > 0 ? 'Click: open the model line · double-click: zoom' : 'Double-click: zoom']
      : describeMerged(t, l.merged[i], l.w[i], l.parentOf[i], l.width / Math.max(1e-9, t.total[l.focus]));
    this.card.replaceChildren(...lines.map((s, k) => {
      const div = document.createElement('div');
      div.textContent = s;
      if (k === 0) div.className = 'smp-flame-card-title';
      return div;
    }));
    this.card.hidden = false;
    const box = this.el.getBoundingClientRect();
    const x = e.clientX - box.left + 12, y = e.clientY - box.top + 12;
    this.card.style.left = `${Math.min(x, Math.max(0, box.width - this.card.offsetWidth - 4))}px`;
    this.card.style.top = `${y}px`;
  }

  private pathOf(t: FlameTree, n: number): string[] {
    const out: string[] = [];
    for (let m = n; m > 0; m = t.parent[m]) out.push(nodeName(t, m));
    return out.reverse();
  }

  private nodeAt(path: string[]): number {
    const t = this.tree!;
    let n = 0;
    for (const name of path) {
      let next = -1;
      for (let i = t.childStart[n]; i < t.childStart[n + 1]; i++) if (nodeName(t, t.children[i]) === name) { next = t.children[i]; break; }
      if (next < 0) break;
      n = next;
    }
    return n;
  }
}

function maxAbsDelta(d: DiffWeights): number {
  let m = 0;
  // Skip the root: its change would wash out every frame's shade.
  for (let n = 1; n < d.totalA.length; n++) m = Math.max(m, Math.abs(d.totalB[n] - d.totalA[n]));
  return m;
}
