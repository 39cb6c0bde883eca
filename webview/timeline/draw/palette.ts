// Colours that never collide. The state colours (running, spin, interrupt,
// softint, idle, holds, waits, drops) come from the theme; the thread colours
// are then chosen so that none of them can be mistaken for a state: every
// thread colour keeps at least MIN_STATE_DISTANCE (CIEDE2000 ΔE) from every
// reserved colour, and the picks spread out from each other (farthest-point
// order). Candidates are the theme's terminal colours first (so a theme's own
// look shows through), then a grid of lightness × hue generated for the
// background's brightness. Pure: colours in, colours out.

/** Least ΔE between a thread colour and any state colour: CIEDE2000 calls 2 "just noticeable"; 18 is a different colour at a glance. */
export const MIN_STATE_DISTANCE = 18;
/** Least ΔE between two thread colours. */
export const MIN_THREAD_DISTANCE = 10;
/** How many thread colours a palette holds at most. */
export const THREAD_COLOURS = 10;

export type Rgb = [number, number, number];

export type Lab = [number, number, number];

export function rgbToLab([r, g, b]: Rgb): Lab {
  const lin = (c: number) => { const x = c / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
  const R = lin(r), G = lin(g), B = lin(b);
  const X = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
  const Y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
  const Z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const fx = f(X), fy = f(Y), fz = f(Z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

function labToRgb([L, a, b]: Lab): Rgb | null {
  const fy = (L + 16) / 116, fx = fy + a / 500, fz = fy - b / 200;
  const inv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
  const X = inv(fx) * 0.95047, Y = inv(fy), Z = inv(fz) * 1.08883;
  const R = 3.2406 * X - 1.5372 * Y - 0.4986 * Z;
  const G = -0.9689 * X + 1.8758 * Y + 0.0415 * Z;
  const B = 0.0557 * X - 0.204 * Y + 1.057 * Z;
  const gam = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
  const out = [gam(R), gam(G), gam(B)];
  if (out.some((c) => !(c >= -0.5 && c <= 255.5))) return null;
  return out.map((c) => Math.round(Math.min(255, Math.max(0, c)))) as Rgb;
}

/** CIEDE2000 colour difference of two CSS colours; Infinity when either cannot be read. */
export function colourDistance(a: string, b: string): number {
  const x = parseColor(a), y = parseColor(b);
  if (!x || !y) return Infinity;
  return labDistance(rgbToLab(x), rgbToLab(y));
}

/**
 * CIEDE2000 ΔE: unlike a plain Lab distance it does not call two saturated
 * reds far apart just because their chroma differs.
 */
export function labDistance([L1, a1, b1]: Lab, [L2, a2, b2]: Lab): number {
  const rad = Math.PI / 180;
  const C1 = Math.hypot(a1, b1), C2 = Math.hypot(a2, b2);
  const Cm = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)));
  const A1 = (1 + G) * a1, A2 = (1 + G) * a2;
  const c1 = Math.hypot(A1, b1), c2 = Math.hypot(A2, b2);
  const hue = (b: number, a: number) => { const h = Math.atan2(b, a) / rad; return h < 0 ? h + 360 : h; };
  const h1 = hue(b1, A1), h2 = hue(b2, A2);
  const dL = L2 - L1, dC = c2 - c1;
  let dh = 0;
  if (c1 * c2 !== 0) { dh = h2 - h1; if (dh > 180) dh -= 360; else if (dh < -180) dh += 360; }
  const dH = 2 * Math.sqrt(c1 * c2) * Math.sin((dh / 2) * rad);
  const Lm = (L1 + L2) / 2, cm = (c1 + c2) / 2;
  let hm = h1 + h2;
  if (c1 * c2 !== 0) { hm = Math.abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 + (h1 + h2 < 360 ? 360 : -360)) / 2; }
  const T = 1 - 0.17 * Math.cos((hm - 30) * rad) + 0.24 * Math.cos(2 * hm * rad) + 0.32 * Math.cos((3 * hm + 6) * rad) - 0.2 * Math.cos((4 * hm - 63) * rad);
  const SL = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2);
  const SC = 1 + 0.045 * cm, SH = 1 + 0.015 * cm * T;
  const RT = -2 * Math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)) * Math.sin(60 * Math.exp(-(((hm - 275) / 25) ** 2)) * rad);
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH));
}

const hex = ([r, g, b]: Rgb) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/** Lightness × hue candidates that read on this background: lighter ones on a dark theme, darker on a light one. */
function generated(background: string): Rgb[] {
  const dark = luminance(background) < 0.4;
  const out: Rgb[] = [];
  for (const L of dark ? [72, 58, 84, 64] : [42, 56, 30, 48]) {
    for (const C of [55, 40, 25]) {
      for (let hue = 0; hue < 360; hue += 20) {
        const rad = (hue * Math.PI) / 180;
        const rgb = labToRgb([L, C * Math.cos(rad), C * Math.sin(rad)]);
        if (rgb) out.push(rgb);
      }
    }
  }
  return out;
}

/**
 * Thread colours for a theme: at most THREAD_COLOURS, each at least
 * MIN_STATE_DISTANCE from every reserved colour (the states, the background)
 * and MIN_THREAD_DISTANCE from each other, the theme's own `preferred` colours
 * first when they qualify.
 */
export function threadPalette(preferred: readonly string[], reserved: readonly string[], background: string): string[] {
  // a theme's palette is the same every time it is read (each panel, each theme switch back): pick it once
  const key = JSON.stringify([preferred, reserved, background]);
  let got = cache.get(key);
  if (!got) {
    got = pickPalette(preferred, reserved, background);
    if (cache.size > 16) cache.clear();
    cache.set(key, got);
  }
  return [...got];
}

const cache = new Map<string, string[]>();

function pickPalette(preferred: readonly string[], reserved: readonly string[], background: string): string[] {
  const avoid = [...reserved, background].map(parseColor).filter((x): x is Rgb => !!x).map(rgbToLab);
  const pool: { rgb: Rgb; lab: Lab; own: boolean }[] = [];
  for (const c of preferred) { const rgb = parseColor(c); if (rgb) pool.push({ rgb, lab: rgbToLab(rgb), own: true }); }
  for (const rgb of generated(background)) pool.push({ rgb, lab: rgbToLab(rgb), own: false });
  // each candidate's distance to the nearest state colour, then to the nearest state or chosen colour,
  // updated as colours are chosen (one ΔE per candidate and pick, not per candidate, pick and chosen)
  const fromStates = pool.map((p) => Math.min(...avoid.map((a) => labDistance(p.lab, a))));
  const fromChosen = pool.map(() => Infinity);
  const chosen: number[] = [];
  const choose = (i: number) => {
    chosen.push(i);
    pool.forEach((p, k) => { fromChosen[k] = Math.min(fromChosen[k], labDistance(p.lab, pool[i].lab)); });
  };
  const ok = (k: number) => fromStates[k] >= MIN_STATE_DISTANCE && fromChosen[k] >= MIN_THREAD_DISTANCE;
  // the theme's own colours that qualify, in the theme's order
  for (let k = 0; k < pool.length && chosen.length < THREAD_COLOURS; k++) if (pool[k].own && ok(k)) choose(k);
  // then the generated one farthest from everything so far, until full
  while (chosen.length < THREAD_COLOURS) {
    let best = -1, bestD = MIN_THREAD_DISTANCE;
    for (let k = 0; k < pool.length; k++) {
      if (pool[k].own || !ok(k)) continue;
      const d = Math.min(fromStates[k], fromChosen[k]);
      if (d > bestD) { bestD = d; best = k; }
    }
    if (best < 0) break;
    choose(best);
  }
  return chosen.map((k) => hex(pool[k].rgb));
}

/** Parse "#rgb", "#rrggbb(aa)" or "rgb(a)(…)" into [r, g, b] 0..255; null if unknown. */
export function parseColor(s: string): [number, number, number] | null {
  const t = s.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(t);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) return [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
    if (h.length === 6 || h.length === 8) return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
    return null;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  return null;
}

/** Relative luminance (WCAG) of a colour string; 0.5 when unknown. */
export function luminance(s: string): number {
  const rgb = parseColor(s);
  if (!rgb) return 0.5;
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
