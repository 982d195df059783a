// Float32 values certified to be at least as large as the float64 quantities they stand for: the margins
// of the WebAssembly kernels' float32 products and distances (each bound is derived in assembly/kernels.ts).

/** products per partial sum of the layer-1 kernel, as BLOCK_TERMS in assembly/kernels.ts */
export const BLOCK_TERMS = 32;

/** γ_n = nu/(1 − nu), the relative error bound of n rounding steps of unit roundoff u */
export const gamma = (n: number, u: number) => (n * u < 0.5 ? (n * u) / (1 - n * u) : Infinity);
/**
 * A float32 ≥ the true value of v, a norm (or a few products of one) computed in float64: squares of
 * float32 values are exact there, so its relative error is below (d + 2)·2⁻⁵³, under 2⁻²² for any
 * d < 2³⁰; the 2⁻²⁰ inflation covers that and the rounding to float32 (2⁻²⁴), the 2⁻¹⁴⁰ a subnormal result.
 */
export const upperF32 = (v: number) => Math.fround(v * (1 + 2 ** -20) + 2 ** -140);

/**
 * e_x of a point with ‖x‖² = q in d dimensions: the float32 distances D̂ of nearestBlock and distanceTile
 * are within e_a + e_b of the reference's (the bound is derived in assembly/kernels.ts).
 */
export function distanceError(d: number): (q: number) => number {
  const h = Math.min(BLOCK_TERMS, d) + Math.ceil(d / BLOCK_TERMS) - 1;
  const G = 2 * (gamma(h, 2 ** -24) + 2 * gamma(d + 2, 2 ** -53) + 10 * 2 ** -24);
  const eta = 2 * (d + 4) * 2 ** -149;
  return (q) => upperF32(G * q + eta);
}

/** a float32 ≥ the reference's squared distance s (s ≥ 0): the seeds' U */
export const upperSquared = (s: number) => Math.fround(s * (1 + 2 ** -23));

/** τ of a threshold t (pruneBound in assembly/kernels.ts), here in float64 and rounded up */
export const pruneBound = (t: number, s2: number, ep2: number) => upperF32(((Math.sqrt(t) * (1 + 2 ** -10) + s2) ** 2 + ep2) * (1 + 2 ** -10));

/** whether the float32 distance tiles' sums cannot overflow (see the derivation): every squared norm below 2¹²⁰ (false on NaN) */
export function tilesFit(rowQ: Float64Array, colQ: Float64Array): boolean {
  let maxQ = 0;
  for (const q of rowQ) maxQ = Math.max(maxQ, q);
  for (const q of colQ) maxQ = Math.max(maxQ, q);
  return maxQ < 2 ** 120;
}
