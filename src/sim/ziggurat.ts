// Exponential variates by the ziggurat method (Marsaglia & Tsang, "The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8),
// 2000): 256 boxes of equal area under e^-x, so about 99% of draws are one
// 32-bit random number, a table look-up and a multiply, where -log(u) costs a
// call into the C library every time (most of the engine's work is drawing
// exponential op durations). The low 8 bits pick the box and the high 24 bits
// place the point in it, so the two are independent. The sampler is Rng.exp;
// these are its tables.

export const ZIG_BOXES = 256;
/** Right edge of the base strip and the area of each box (the paper's de and ve for 256 boxes). */
export const ZIG_R = 7.697117470131487;
const V = 3.949659822581572e-3;
/** The 24-bit part of each random number places the point within its box. */
const SCALE = 1 << 24;

/** ZIG_KE[i]: a 24-bit value below it lands inside box i's rectangle (no rejection test needed). */
export const ZIG_KE = new Uint32Array(ZIG_BOXES);
/** ZIG_WE[i]: box i's width per unit of the 24-bit value. */
export const ZIG_WE = new Float64Array(ZIG_BOXES);
/** ZIG_FE[i]: e^-x at box i's right edge. */
export const ZIG_FE = new Float64Array(ZIG_BOXES);

(function build(): void {
  const q = V / Math.exp(-ZIG_R);
  ZIG_KE[0] = Math.floor((ZIG_R / q) * SCALE);
  ZIG_KE[1] = 0;
  ZIG_WE[0] = q / SCALE;
  ZIG_WE[ZIG_BOXES - 1] = ZIG_R / SCALE;
  ZIG_FE[0] = 1;
  ZIG_FE[ZIG_BOXES - 1] = Math.exp(-ZIG_R);
  let dn = ZIG_R;
  let tn = ZIG_R;
  for (let i = ZIG_BOXES - 2; i >= 1; i--) {
    dn = -Math.log(V / dn + Math.exp(-dn));
    ZIG_KE[i + 1] = Math.floor((dn / tn) * SCALE);
    tn = dn;
    ZIG_FE[i] = Math.exp(-dn);
    ZIG_WE[i] = dn / SCALE;
  }
})();

