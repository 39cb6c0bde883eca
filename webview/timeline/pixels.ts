// The span layer as pixels: zoomed out, a frame is tens of thousands of
// one- or two-pixel rectangles, and a canvas call per rectangle costs more
// than writing the pixels. Rectangles are written into one ImageData (device
// pixels) and put on the canvas once; text, lines and curves go on top with
// the canvas API. Colours are CSS strings resolved once through a 1x1 canvas,
// so any theme value works; translucent ones are blended over the background.

export class PixelLayer {
  private img: ImageData | null = null;
  private px = new Uint32Array(0);
  private w = 0;
  private h = 0;
  private dpr = 1;
  private bgKey = '';
  private bg = 0;
  private readonly colors = new Map<string, number>();
  private scratch: CanvasRenderingContext2D | null = null;

  /** Start a frame of `w` x `h` device pixels, cleared to `background`. */
  begin(g: CanvasRenderingContext2D, w: number, h: number, dpr: number, background: string): void {
    if (!this.img || this.w !== w || this.h !== h) {
      this.img = g.createImageData(Math.max(1, w), Math.max(1, h));
      this.px = new Uint32Array(this.img.data.buffer);
      this.w = w;
      this.h = h;
    }
    this.dpr = dpr;
    if (background !== this.bgKey) {
      this.colors.clear();
      this.bgKey = background;
      this.bg = this.resolveOpaque(background, 0xff000000);
    }
    this.px.fill(this.bg);
  }

  /** A colour as a pixel value (little-endian ABGR), blended over the background at `alpha`. */
  color(css: string, alpha = 1): number {
    const key = alpha === 1 ? css : `${css}@${alpha}`;
    let c = this.colors.get(key);
    if (c === undefined) {
      const base = this.resolveOpaque(css, this.bg);
      c = alpha === 1 ? base : blend(base, this.bg, alpha);
      this.colors.set(key, c);
    }
    return c;
  }

  private resolveOpaque(css: string, over: number): number {
    if (!this.scratch) {
      const c = document.createElement('canvas');
      c.width = 1;
      c.height = 1;
      this.scratch = c.getContext('2d', { willReadFrequently: true });
    }
    const g = this.scratch;
    if (!g) return over;
    g.clearRect(0, 0, 1, 1);
    g.fillStyle = '#000000';
    g.fillStyle = css; // an invalid value leaves black
    g.fillRect(0, 0, 1, 1);
    const [r, gr, b, a] = g.getImageData(0, 0, 1, 1).data;
    const rgba = (0xff000000 | (b << 16) | (gr << 8) | r) >>> 0;
    return a === 255 ? rgba : blend(rgba, over, a / 255);
  }

  /** Fill a rectangle given in CSS pixels (at least one device pixel wide and high). */
  rect(x: number, y: number, w: number, h: number, color: number): void {
    const d = this.dpr;
    let x0 = Math.round(x * d);
    let x1 = Math.round((x + w) * d);
    let y0 = Math.round(y * d);
    let y1 = Math.round((y + h) * d);
    if (x1 <= x0) x1 = x0 + 1;
    if (y1 <= y0) y1 = y0 + 1;
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > this.w) x1 = this.w;
    if (y1 > this.h) y1 = this.h;
    if (x0 >= x1 || y0 >= y1) return;
    const px = this.px;
    const W = this.w;
    if (x1 - x0 <= 8) {
      for (let yy = y0; yy < y1; yy++) {
        const row = yy * W;
        for (let xx = x0; xx < x1; xx++) px[row + xx] = color;
      }
    } else {
      for (let yy = y0; yy < y1; yy++) px.fill(color, yy * W + x0, yy * W + x1);
    }
  }

  /**
   * Columns [c0, c1) (CSS px, integers) of a lane whose device rows [y0, y1) were
   * computed once per lane: the hot path of a zoomed-out frame.
   */
  columns(c0: number, c1: number, y0: number, y1: number, color: number): void {
    const d = this.dpr;
    let x0 = d === 1 ? c0 : Math.round(c0 * d);
    let x1 = d === 1 ? c1 : Math.round(c1 * d);
    if (x0 < 0) x0 = 0;
    if (x1 > this.w) x1 = this.w;
    if (x0 >= x1) return;
    const px = this.px;
    const W = this.w;
    if (x1 - x0 <= 8) {
      for (let row = y0 * W; row < y1 * W; row += W) for (let xx = x0; xx < x1; xx++) px[row + xx] = color;
    } else {
      for (let row = y0 * W; row < y1 * W; row += W) px.fill(color, row + x0, row + x1);
    }
  }

  /** Device rows [y0, y1) of a band given in CSS px, clipped to the frame. */
  rows(y: number, h: number): [number, number] {
    const d = this.dpr;
    const y0 = Math.max(0, Math.round(y * d));
    const y1 = Math.min(this.h, Math.max(y0 + 1, Math.round((y + h) * d)));
    return [y0, Math.max(y0, y1)];
  }

  /** Diagonal stripes of `color` over the background (sleep waits). */
  stripes(x: number, y: number, w: number, h: number, color: number): void {
    const d = this.dpr;
    const x0 = Math.max(0, Math.round(x * d));
    const x1 = Math.min(this.w, Math.max(x0 + 1, Math.round((x + w) * d)));
    const y0 = Math.max(0, Math.round(y * d));
    const y1 = Math.min(this.h, Math.max(y0 + 1, Math.round((y + h) * d)));
    const period = Math.max(4, Math.round(6 * d));
    const on = Math.max(2, Math.round(2 * d));
    const px = this.px;
    const W = this.w;
    for (let yy = y0; yy < y1; yy++) {
      const row = yy * W;
      for (let xx = x0; xx < x1; xx++) if ((xx + yy) % period < on) px[row + xx] = color;
    }
  }

  /** Put the frame on the canvas (ignores the canvas transform: device pixels). */
  end(g: CanvasRenderingContext2D): void {
    if (this.img) g.putImageData(this.img, 0, 0);
  }
}

/** Mix pixel `c` over `bg` at `alpha` (both little-endian ABGR, opaque result). */
export function blend(c: number, bg: number, alpha: number): number {
  const mix = (shift: number) => Math.round(((c >>> shift) & 255) * alpha + ((bg >>> shift) & 255) * (1 - alpha));
  return (0xff000000 | (mix(16) << 16) | (mix(8) << 8) | mix(0)) >>> 0;
}
