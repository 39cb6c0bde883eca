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

  /**
   * A straight line `width` CSS px wide from (x0, y0) to (x1, y1) (CSS px),
   * mixed at `alpha` over what is drawn already. For dense flow buckets:
   * thousands of lines cost far less as pixels than as canvas paths.
   */
  line(x0: number, y0: number, x1: number, y1: number, color: number, alpha: number, width: number): void {
    const d = this.dpr;
    const X0 = x0 * d;
    const Y0 = y0 * d;
    const dx = x1 * d - X0;
    const dy = y1 * d - Y0;
    const w = Math.max(1, Math.round(width * d));
    const m = this.mixer(color, alpha);
    if (Math.abs(dy) >= Math.abs(dx)) {
      // Steep (every flow between two rows): a run of w pixels on each row it crosses, blended inline (the hot path).
      const slope = dy !== 0 ? dx / dy : 0;
      const r0 = Math.max(0, Math.round(Math.min(Y0, Y0 + dy)));
      const r1 = Math.min(this.h - 1, Math.round(Math.max(Y0, Y0 + dy)));
      const { r, g, b, keep } = m;
      const px = this.px;
      const W = this.w;
      for (let row = r0; row <= r1; row++) {
        let c0 = Math.round(X0 + (row - Y0) * slope - w / 2);
        let c1 = c0 + w;
        if (c0 < 0) c0 = 0;
        if (c1 > W) c1 = W;
        for (let i = row * W + c0, end = row * W + c1; i < end; i++) {
          const p = px[i];
          px[i] = 0xff000000 | (((b + ((p >>> 16) & 255) * keep) >> 8) << 16) | (((g + ((p >>> 8) & 255) * keep) >> 8) << 8) | ((r + (p & 255) * keep) >> 8);
        }
      }
    } else {
      // Shallow (a flow within one row): a run of w pixels on each column.
      const slope = dy / dx;
      const c0 = Math.max(0, Math.round(Math.min(X0, X0 + dx)));
      const c1 = Math.min(this.w - 1, Math.round(Math.max(X0, X0 + dx)));
      for (let col = c0; col <= c1; col++) this.mixRun(col, Math.round(Y0 + (col - X0) * slope - w / 2), 1, w, m);
    }
  }

  /** An arrowhead (as the canvas arrows': 7 px wide, 6 px long) with its tip at (x, y), pointing down (dir 1) or up (-1), mixed at `alpha`. */
  head(x: number, y: number, dir: number, color: number, alpha: number): void {
    const d = this.dpr;
    const len = Math.max(1, Math.round(6 * d));
    const m = this.mixer(color, alpha);
    const X = x * d;
    const Y = Math.round(y * d);
    for (let j = 0; j < len; j++) {
      const half = (3.5 * d * j) / len;
      const c0 = Math.round(X - half);
      this.mixRun(c0, Y - dir * j, Math.max(1, Math.round(X + half) - c0), 1, m);
    }
  }

  /** A colour premultiplied by alpha (in 256ths) and the weight left for what is under it, once per line. */
  private mixer(color: number, alpha: number): Mixer {
    const a = Math.round(alpha * 256);
    const m = this.mix;
    m.r = (color & 255) * a;
    m.g = ((color >>> 8) & 255) * a;
    m.b = ((color >>> 16) & 255) * a;
    m.keep = 256 - a;
    return m;
  }

  private readonly mix: Mixer = { r: 0, g: 0, b: 0, keep: 256 };

  /** Mix a colour over the pixels of a device-pixel rectangle (clipped). */
  private mixRun(x: number, y: number, w: number, h: number, m: Mixer): void {
    if (y < 0 || y + h > this.h || x < 0 || x + w > this.w) {
      const x0 = x < 0 ? 0 : x;
      const y0 = y < 0 ? 0 : y;
      w = Math.min(this.w, x + w) - x0;
      h = Math.min(this.h, y + h) - y0;
      x = x0;
      y = y0;
      if (w <= 0 || h <= 0) return;
    }
    const px = this.px;
    const W = this.w;
    const { r, g, b, keep } = m;
    for (let row = y * W; row < (y + h) * W; row += W) {
      for (let i = row + x, end = row + x + w; i < end; i++) {
        const p = px[i];
        px[i] = 0xff000000 | (((b + ((p >>> 16) & 255) * keep) >> 8) << 16) | (((g + ((p >>> 8) & 255) * keep) >> 8) << 8) | ((r + (p & 255) * keep) >> 8);
      }
    }
  }

  /** Put the frame on the canvas (ignores the canvas transform: device pixels). */
  end(g: CanvasRenderingContext2D): void {
    if (this.img) g.putImageData(this.img, 0, 0);
  }
}

interface Mixer { r: number; g: number; b: number; keep: number }

/** Mix pixel `c` over `bg` at `alpha` (both little-endian ABGR, opaque result). */
export function blend(c: number, bg: number, alpha: number): number {
  const mix = (shift: number) => Math.round(((c >>> shift) & 255) * alpha + ((bg >>> shift) & 255) * (1 - alpha));
  return (0xff000000 | (mix(16) << 16) | (mix(8) << 8) | mix(0)) >>> 0;
}
