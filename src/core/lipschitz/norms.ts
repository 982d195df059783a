// ℓp norms, dual exponents and the layer operator norms ‖W‖_{p→p} used by the Lipschitz estimates.
// p is a number in [1, ∞]; ∞ is the JavaScript Infinity.
import { kernels } from '../kernels/backend';
import { transpose, type Dense } from '../kernels/dense';
import { largestEigenvalueSymmetric } from './spectral';

/** p' with 1/p + 1/p' = 1. */
export function dualExponent(p: number): number {
  if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
  if (p === 1) return Infinity;
  if (p === Infinity) return 1;
  return p / (p - 1);
}

/** ‖v‖_p of v[offset .. offset + length). */
export function pNorm(v: ArrayLike<number>, p: number, offset = 0, length = v.length - offset): number {
  if (p === Infinity) {
    let m = 0;
    for (let i = 0; i < length; i++) m = Math.max(m, Math.abs(v[offset + i]));
    return m;
  }
  if (p === 1) {
    let s = 0;
    for (let i = 0; i < length; i++) s += Math.abs(v[offset + i]);
    return s;
  }
  // Scale by the largest entry first so large p neither overflows nor underflows.
  let m = 0;
  for (let i = 0; i < length; i++) m = Math.max(m, Math.abs(v[offset + i]));
  if (m === 0) return 0;
  let s = 0;
  for (let i = 0; i < length; i++) s += Math.pow(Math.abs(v[offset + i]) / m, p);
  return m * Math.pow(s, 1 / p);
}

/** A unit vector s in ℓp with ⟨g, s⟩ = ‖g‖_{p'} (Hölder's equality case): the direction in which a
 * linear map with gradient g grows fastest per unit of ℓp distance. */
export function dualDirection(g: ArrayLike<number>, p: number): Float64Array {
  const n = g.length;
  const s = new Float64Array(n);
  if (p === Infinity) {
    for (let i = 0; i < n; i++) s[i] = Math.sign(g[i]);
    return s;
  }
  if (p === 1) {
    let k = 0;
    for (let i = 1; i < n; i++) if (Math.abs(g[i]) > Math.abs(g[k])) k = i;
    s[k] = Math.sign(g[k]) || 1;
    return s;
  }
  const q = dualExponent(p);
  for (let i = 0; i < n; i++) s[i] = Math.sign(g[i]) * Math.pow(Math.abs(g[i]), q - 1);
  const norm = pNorm(s, p);
  if (norm > 0) for (let i = 0; i < n; i++) s[i] /= norm;
  return s;
}

/** The three exactly computable operator norms of a matrix, from which every other ‖W‖_{p→p} is bounded. */
export interface LayerNorms {
  /** ‖W‖_{1→1}: largest column ℓ1 sum */
  one: number;
  /** ‖W‖_{2→2}: largest singular value */
  two: number;
  /** ‖W‖_{∞→∞}: largest row ℓ1 sum */
  inf: number;
}

export function layerNorms(W: Dense): LayerNorms {
  const { rows, cols, data } = W;
  const colSums = new Float64Array(cols);
  let inf = 0;
  for (let i = 0; i < rows; i++) {
    let r = 0;
    for (let j = 0; j < cols; j++) {
      const a = Math.abs(data[i * cols + j]);
      r += a;
      colSums[j] += a;
    }
    inf = Math.max(inf, r);
  }
  let one = 0;
  for (let j = 0; j < cols; j++) one = Math.max(one, colSums[j]);
  return { one, two: spectralNorm(W), inf };
}

/** Largest singular value: the square root of the largest eigenvalue of the smaller Gram matrix,
 * computed exactly (tridiagonalisation and Sturm bisection), not by power iteration, which approaches
 * it from below and would let the "upper" estimate fall under the truth. */
export function spectralNorm(W: Dense): number {
  const { rows, cols, data } = W;
  const m = Math.min(rows, cols);
  // G = WᵀW (cols × cols) or WWᵀ (rows × rows): dot products of W's columns or rows. Only its lower
  // triangle is read, so each block of GRAM_ROWS rows is multiplied by the rows up to its own last one:
  // a little over half the products of the whole square, each entry summed as before
  const F = cols <= rows ? transpose(W) : data;
  const K = Math.max(rows, cols);
  const G = new Float64Array(m * m);
  const products = kernels().denseProducts([{ rows: m, cols: K, data: F }]);
  for (let i0 = 0; i0 < m; i0 += GRAM_ROWS) {
    const b = Math.min(GRAM_ROWS, m - i0),
      R = i0 + b;
    const part = new Float64Array(b * R);
    products.rowProducts(0, F.subarray(i0 * K, R * K), b, null, part, R);
    for (let t = 0; t < b; t++) G.set(part.subarray(t * R, (t + 1) * R), (i0 + t) * m);
  }
  return Math.sqrt(Math.max(0, largestEigenvalueSymmetric(G, m)));
}

/** rows of the Gram matrix computed together (spectralNorm) */
const GRAM_ROWS = 16;

/** An upper bound on ‖W‖_{p→p} from the exact p = 1, 2, ∞ norms by Riesz–Thorin: for
 * 1/p = (1−θ)/p₀ + θ/p₁, ‖W‖_{p→p} ≤ ‖W‖_{p₀→p₀}^{1−θ} ‖W‖_{p₁→p₁}^θ. It is exact at p = 1, 2, ∞;
 * elsewhere it is an upper bound (the interpolated value is never below the true norm), so a product of
 * them stays an upper bound on the Lipschitz constant. Both the (1, 2)/(2, ∞) and the (1, ∞) pairs
 * are valid; the smaller is returned. */
export function operatorNormBound(n: LayerNorms, p: number): number {
  if (p === 1) return n.one;
  if (p === 2) return n.two;
  if (p === Infinity) return n.inf;
  const t = 1 / p;
  const direct = Math.pow(n.one, t) * Math.pow(n.inf, 1 - t);
  // 1/p = (1−θ)·1 + θ/2 for p < 2; 1/p = (1−θ)/2 for p > 2
  const viaTwo = p < 2 ? Math.pow(n.one, 2 * t - 1) * Math.pow(n.two, 2 - 2 * t) : Math.pow(n.two, 2 * t) * Math.pow(n.inf, 1 - 2 * t);
  return Math.min(direct, viaTwo);
}
