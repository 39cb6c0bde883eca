// Painting a laid-out flame graph on a canvas: thin on purpose, all decisions
// (positions, colours, what matches) are made by pure code elsewhere.
import type { FlameTree } from '../../src/trace/analysis/flameTree';
import type { FillStyle, Palette } from './colors';
import type { FlameLayout } from './layout';

export interface DrawOptions {
  palette: Palette;
  fill(node: number): FillStyle;
  /** Matching frames (search / highlighted function); others are dimmed. */
  match?: Uint8Array | null;
  hoverRect: number;
  selectedNode: number;
}

export function drawFlame(g: CanvasRenderingContext2D, l: FlameLayout, tree: FlameTree, o: DrawOptions): void {
  const p = o.palette;
  const rh = l.rowHeight;
  g.save();
  g.fillStyle = p.background;
  g.globalAlpha = 1;
  g.fillRect(0, 0, l.width, l.rows * rh);
  g.font = p.font;
  g.textBaseline = 'middle';
  const charW = Math.max(4, g.measureText('m').width);
  for (let i = 0; i < l.count; i++) {
    const n = l.node[i];
    const x = l.x[i], w = l.w[i], y = l.depth[i] * rh;
    if (n < 0) {
      g.globalAlpha = 0.35;
      g.fillStyle = p.muted;
    } else {
      const f = o.fill(n);
      g.globalAlpha = o.match && !o.match[n] ? f.alpha * 0.3 : f.alpha;
      g.fillStyle = o.match && o.match[n] ? p.match : f.color;
    }
    g.fillRect(x + 0.5, y + 0.5, Math.max(1, w - 1), rh - 1);
    if (n >= 0 && w > 3 * charW) {
      const name = tree.names[tree.name[n]];
      const fit = Math.floor((w - 6) / charW);
      g.globalAlpha = 1;
      g.fillStyle = p.foreground;
      g.fillText(name.length > fit ? `${name.slice(0, Math.max(1, fit - 1))}…` : name, x + 3, y + rh / 2);
    }
  }
  const outline = (i: number, width: number) => {
    if (i < 0) return;
    g.globalAlpha = 1;
    g.strokeStyle = p.focus;
    g.lineWidth = width;
    g.strokeRect(l.x[i] + 1, l.depth[i] * rh + 1, Math.max(1, l.w[i] - 2), rh - 2);
  };
  if (o.selectedNode >= 0) for (let i = 0; i < l.count; i++) if (l.node[i] === o.selectedNode) outline(i, 2);
  outline(o.hoverRect, 1);
  g.restore();
}
