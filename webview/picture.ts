// A picture of the view being shown, for "Save picture": the timeline as the
// user sees it (track names, time axis, both canvases) composed onto one
// canvas; a flame graph's canvas; in Compare the differential flame graph, or
// the scaling chart as SVG. PNG through canvas.toBlob; SVG by serialising the
// chart with its computed colours inlined (the file is read outside the panel,
// where the theme's CSS variables do not exist), or, for the timeline, the PNG
// embedded with the names and tick labels as SVG text. Nothing here trusts the
// host or reaches it: main.ts posts the bytes, the host checks them.
import type { ViewName } from '../src/core/protocol';
import type { PictureFormat } from '../src/core/picture';
import { escapeHtml } from '../src/core/escapeHtml';

/** The formats the view can give; empty when it has no picture (the lock table is text). */
export function pictureFormats(view: ViewName, panel: HTMLElement): PictureFormat[] {
  if (view === 'timeline') return panel.querySelector('.tl-canvas') ? ['png', 'svg'] : [];
  if (view === 'flame') return visibleCanvas(panel) ? ['png'] : [];
  if (view === 'compare') return [...(visibleCanvas(panel) ? ['png' as const] : []), ...(panel.querySelector('.smp-scaling svg') ? ['svg' as const] : [])];
  return [];
}

export async function pictureOf(view: ViewName, panel: HTMLElement, format: PictureFormat): Promise<Uint8Array> {
  if (view === 'compare' && format === 'svg') return utf8(chartSvg(panel.querySelector<SVGSVGElement>('.smp-scaling svg')!));
  const canvas = view === 'timeline' ? timelineCanvas(panel) : visibleCanvas(panel);
  if (!canvas) throw new Error('nothing to draw in this view');
  const png = await pngOf(canvas);
  if (format === 'png') return png;
  return utf8(timelineSvg(panel, canvas, png));
}

function visibleCanvas(panel: HTMLElement): HTMLCanvasElement | null {
  for (const c of panel.querySelectorAll<HTMLCanvasElement>('canvas')) if (c.offsetParent !== null && c.width > 0 && c.height > 0) return c;
  return null;
}

function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => {
    if (!b) { reject(new Error('the canvas gave no image')); return; }
    void b.arrayBuffer().then((a) => resolve(new Uint8Array(a)), reject);
  }, 'image/png'));
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Track names, axis and both canvases of the visible part of the timeline, at device resolution. */
function timelineCanvas(panel: HTMLElement): HTMLCanvasElement | null {
  const root = panel.querySelector<HTMLElement>('.tl-root');
  const base = panel.querySelector<HTMLCanvasElement>('.tl-canvas:not(.tl-overlay)');
  const overlay = panel.querySelector<HTMLCanvasElement>('.tl-overlay');
  const axis = panel.querySelector<HTMLElement>('.tl-axis');
  const labels = panel.querySelector<HTMLElement>('.tl-labels');
  if (!root || !base || !axis || !labels) return null;
  const dpr = base.width / Math.max(1, base.clientWidth);
  const stageBox = base.getBoundingClientRect();
  const axisBox = axis.getBoundingClientRect();
  const left = labels.getBoundingClientRect().left;
  const top = axisBox.top;
  const width = stageBox.right - left, height = stageBox.bottom - top;
  const out = document.createElement('canvas');
  out.width = Math.round(width * dpr);
  out.height = Math.round(height * dpr);
  const g = out.getContext('2d')!;
  g.scale(dpr, dpr);
  const cs = getComputedStyle(root);
  g.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || cs.backgroundColor || '#fff';
  g.fillRect(0, 0, width, height);
  g.drawImage(base, stageBox.left - left, stageBox.top - top, stageBox.width, stageBox.height);
  if (overlay) g.drawImage(overlay, stageBox.left - left, stageBox.top - top, stageBox.width, stageBox.height);
  for (const t of texts(panel, left, top, stageBox.top, stageBox.bottom)) {
    g.font = t.font;
    g.fillStyle = t.color;
    g.textBaseline = 'middle';
    g.textAlign = t.anchor === 'end' ? 'right' : t.anchor === 'middle' ? 'center' : 'left';
    g.fillText(t.text, t.x, t.y, t.maxWidth);
  }
  return out;
}

interface PlacedText { text: string; x: number; y: number; font: string; color: string; anchor: 'start' | 'middle' | 'end'; maxWidth?: number }

/** Track names (those on screen) and axis tick labels, in the picture's coordinates. */
function texts(panel: HTMLElement, left: number, top: number, clipTop: number, clipBottom: number): PlacedText[] {
  const out: PlacedText[] = [];
  const labelsRight = panel.querySelector('.tl-labels')!.getBoundingClientRect().right;
  for (const name of panel.querySelectorAll<HTMLElement>('.tl-row-name')) {
    const r = name.getBoundingClientRect();
    const mid = r.top + r.height / 2;
    if (mid < clipTop || mid > clipBottom) continue;
    const cs = getComputedStyle(name);
    out.push({ text: name.textContent ?? '', x: r.left - left, y: mid - top, font: `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`, color: cs.color, anchor: 'start', maxWidth: labelsRight - r.left - 4 });
  }
  for (const t of panel.querySelectorAll<SVGTextElement>('.tl-axis-svg .tick text')) {
    const r = t.getBoundingClientRect();
    const cs = getComputedStyle(t);
    out.push({ text: t.textContent ?? '', x: r.left + r.width / 2 - left, y: r.top + r.height / 2 - top, font: `${cs.fontSize} ${cs.fontFamily}`, color: cs.fill, anchor: 'middle' });
  }
  return out;
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The timeline as SVG: the composed picture embedded, with the names and tick labels also as (selectable) text. */
function timelineSvg(panel: HTMLElement, canvas: HTMLCanvasElement, png: Uint8Array): string {
  const stage = panel.querySelector<HTMLCanvasElement>('.tl-canvas')!;
  const dpr = stage.width / Math.max(1, stage.clientWidth) || 1;
  const w = canvas.width / dpr, h = canvas.height / dpr;
  const labels = panel.querySelector('.tl-labels')!.getBoundingClientRect();
  const axis = panel.querySelector('.tl-axis')!.getBoundingClientRect();
  const base = panel.querySelector('.tl-canvas')!.getBoundingClientRect();
  const t = texts(panel, labels.left, axis.top, base.top, base.bottom);
  // the text is also in the image; here it is invisible but selectable and searchable
  const words = t.map((x) => `<text x="${x.x.toFixed(1)}" y="${x.y.toFixed(1)}" text-anchor="${x.anchor}" dominant-baseline="middle" fill-opacity="0" font-size="11">${escapeHtml(x.text)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w.toFixed(0)}" height="${h.toFixed(0)}" viewBox="0 0 ${w.toFixed(1)} ${h.toFixed(1)}">`
    + `<image width="${w.toFixed(1)}" height="${h.toFixed(1)}" href="data:image/png;base64,${base64(png)}"/>${words}</svg>`;
}

/** A chart's SVG with every element's computed fill, stroke and font written in. */
function chartSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const t = to[i] as SVGElement;
    for (const p of ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-size', 'font-family']) {
      const v = cs.getPropertyValue(p);
      if (v) t.setAttribute(p, v);
    }
    t.removeAttribute('class');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const r = svg.getBoundingClientRect();
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(Math.round(r.width)));
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(Math.round(r.height)));
  return new XMLSerializer().serializeToString(copy);
}
