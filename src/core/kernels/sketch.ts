// A certified sketch of points for exact nearest-neighbour searches: a few dozen float32 coordinates
// φ̂(x) per point and a slack S with ‖a − b‖ ≥ ‖φ̂(a) − φ̂(b)‖ − S for every pair, so the WebAssembly
// nearestAcross (wasm/assembly/kernels.ts: nearestPruned) measures in full only the pairs the sketch
// cannot rule out. The sketch decides speed only: any basis gives a valid bound, and results stay the
// reference's.
//
// The bound. Let Q be the basis (k rows of d, float32 values taken as exact reals) and β ≥ λ_max(QQᵀ),
// so ‖Qx‖²/β ≤ ‖x‖² for every x and r(x) = √(‖x‖² − ‖Qx‖²/β) = ‖Mx‖ with M = (I − QᵀQ/β)^{1/2}. Then
// ‖a − b‖² = ‖Q(a − b)‖²/β + ‖M(a − b)‖² ≥ ‖Qa/√β − Qb/√β‖² + (r(a) − r(b))² = ‖φ(a) − φ(b)‖² with
// φ(x) = (Qx/√β, r(x)): the principal directions carry most of a distance and the residual's norms the
// rest. φ̂ is φ computed from float32 products ŝ_j ≈ (Qx)_j with |ŝ_j − (Qx)_j| ≤ ε_j = g‖Q_j‖‖x‖ +
// d·2⁻¹⁴⁹ (the layer-1 product bound, g = γ_h(2⁻²⁴)): sketchOf bounds ‖φ̂(x) − φ(x)‖ ≤ s_x from them, and
// S ≥ 2 max s_x.
import { sharedFloat32, sharedFloat64 } from '../parallel';

export interface Sketch {
  /** coordinates per point */
  k: number;
  /** N × k, φ̂ of each point (shared with task threads) */
  P: Float32Array;
  /** S ≥ s_a + s_b for every pair */
  slack2: number;
  /** ‖x_i‖² and ‖φ̂_i‖² in float64 (ascending coordinates), which the kernels need anyway */
  squared: Float64Array;
  sketchSquared: Float64Array;
}

/** From this many pairs to measure a sketch is worth building (the nearest-neighbour searches of the
 * separation and generalization stages): on Fashion 0-vs-6 (12,000 × 784) building it cost 0.55 CPU-s,
 * about 4 million pairs measured in full, and cut the baseline's 23 million test × train pairs from 3.2
 * to 0.6 CPU-s. */
export const SKETCH_FROM_PAIRS = 1 << 22;

/** principal directions kept; with the residual's norm, 32 float32 coordinates a point */
const DIRECTIONS = 31;
/** rows of X the basis is estimated from (the basis decides speed only) */
const SAMPLE = 512;

/** A·Bᵀ for A (a rows of dim) and B (b rows of dim), float32: the backend's product kernel */
export type Products = (A: Float32Array, a: number, B: Float32Array, b: number, dim: number) => Float32Array;

/**
 * The basis: DIRECTIONS rows of d, float32, spanning about the top principal directions of a fixed
 * sample of X (subspace iteration on its second moments, from sample rows). The vectors are rows of one
 * flat array throughout: as k arrays, spread into a flat one for each product, the work around the
 * products took 114 ms CPU on Fashion 0-vs-6 (44 ms now, the same basis bit for bit).
 */
export function sketchBasis(X: Float32Array, N: number, d: number, products: Products): Float32Array {
  const k = Math.min(DIRECTIONS, d);
  const m = Math.min(N, SAMPLE);
  const S = new Float32Array(m * d),
    St = new Float32Array(d * m);
  for (let s = 0; s < m; s++) S.set(X.subarray(Math.floor((s * N) / m) * d, (Math.floor((s * N) / m) + 1) * d), s * d);
  for (let s = 0; s < m; s++) for (let c = 0; c < d; c++) St[c * m + s] = S[s * d + c];
  const Z = new Float64Array(k * d);
  for (let j = 0; j < k; j++) Z.set(S.subarray(((j * 7) % m) * d, (((j * 7) % m) + 1) * d), j * d);
  const Yt = new Float32Array(k * m);
  for (let step = 0; step < 3; step++) {
    orthonormalize(Z, k, d);
    const Y = products(S, m, Float32Array.from(Z), k, d);
    for (let s = 0; s < m; s++) for (let j = 0; j < k; j++) Yt[j * m + s] = Y[s * k + j];
    Z.set(products(Yt, k, St, d, m));
  }
  orthonormalize(Z, k, d);
  return Float32Array.from(Z);
}

/** Gram–Schmidt on the k rows of V (each of d), twice; a vector that vanishes (rank deficiency) becomes 0, which the bound allows */
function orthonormalize(V: Float64Array, k: number, d: number): void {
  for (let a = 0; a < k; a++) {
    const oa = a * d;
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < a; b++) {
        const ob = b * d;
        let t = 0;
        for (let c = 0; c < d; c++) t += V[oa + c] * V[ob + c];
        for (let c = 0; c < d; c++) V[oa + c] -= t * V[ob + c];
      }
    }
    let n = 0;
    for (let c = 0; c < d; c++) n += V[oa + c] * V[oa + c];
    n = Math.sqrt(n);
    for (let c = 0; c < d; c++) V[oa + c] = n > 1e-6 ? V[oa + c] / n : 0;
  }
}

/**
 * ‖x_i‖² of every row in float64, ascending coordinates (Sketch.squared), or undefined when a norm
 * reaches 2⁵⁰: then the float32 products of the sketch could overflow, and there is no sketch.
 */
export function sketchNorms(X: Float32Array, N: number, d: number): Float64Array | undefined {
  const squared = sharedFloat64(N);
  for (let i = 0; i < N; i++) {
    let q = 0;
    for (let c = i * d, end = c + d; c < end; c++) q += X[c] * X[c];
    if (!(Math.sqrt(q) < 2 ** 50)) return undefined;
    squared[i] = q;
  }
  return squared;
}

/**
 * The sketch from the products S (N × k: ŝ_j of each point, within g‖Q_j‖‖x‖ + d·2⁻¹⁴⁹ of (Qx)_j) and
 * the rows' squared norms (sketchNorms). Rounding of the float64 arithmetic here (relative 2⁻⁵⁰ at most
 * per step) is covered by the factors 1 + 2⁻²⁰ and the 2⁻²³ (two float32 roundings) on each coordinate.
 */
export function sketchOf(squared: Float64Array, N: number, d: number, Q: Float32Array, S: Float32Array, g: number): Sketch {
  const k = Q.length / d;
  const rowNorms = Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let c = 0; c < d; c++) s += Q[j * d + c] * Q[j * d + c];
    return Math.sqrt(s);
  });
  // β ≥ λ_max(QQᵀ): the largest absolute row sum of QQᵀ, each entry within γ_d(2⁻⁵³)‖Q_i‖‖Q_j‖ of its value
  let beta = 0;
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += Q[i * d + c] * Q[j * d + c];
      row += Math.abs(t) + d * 2 ** -52 * rowNorms[i] * rowNorms[j];
    }
    beta = Math.max(beta, row);
  }
  beta *= 1 + 2 ** -20;
  const inv = beta > 0 ? 1 / Math.sqrt(beta) : 0;
  const K = k + 1;
  const P = sharedFloat32(N * K);
  const tiny = d * 2 ** -149;
  let slack = 0;
  const sketchSquared = sharedFloat64(N);
  for (let i = 0; i < N; i++) {
    const q = squared[i];
    const norm = Math.sqrt(q * (1 + 2 ** -20)); // ≥ ‖x‖
    let w = 0,
      coordErr = 0,
      residualErr = 0;
    for (let j = 0; j < k; j++) {
      const s = S[i * k + j],
        e = g * rowNorms[j] * norm + tiny;
      const phi = Math.fround(s * inv);
      P[i * K + j] = phi;
      w += s * s * inv * inv;
      const ej = e * inv + 2 ** -23 * Math.abs(phi);
      coordErr += ej * ej;
      // |ŝ² − (Qx)²| ≤ e(2|ŝ| + e)
      residualErr += e * (2 * Math.abs(s) + e) * inv * inv;
    }
    // |r̃² − r²| ≤ Δ (the products' errors, and the float64 roundings of q and w), so |r̃ − r| ≤ min(√Δ, Δ/r̃)
    const delta = (residualErr + (q * (d + 2) + w * (k + 2)) * 2 ** -52) * (1 + 2 ** -20);
    const r2 = Math.max(0, q - w);
    const r = Math.sqrt(r2);
    const rf = Math.fround(r);
    P[i * K + k] = rf;
    const rErr = Math.min(Math.sqrt(delta), r > 0 ? delta / r : Infinity) + 2 ** -23 * rf;
    slack = Math.max(slack, (Math.sqrt(coordErr) + rErr) * (1 + 2 ** -20) + 2 ** -140);
    let sq = 0;
    for (let j = i * K; j < (i + 1) * K; j++) sq += P[j] * P[j];
    sketchSquared[i] = sq;
  }
  return { k: K, P, slack2: 2 * slack, squared, sketchSquared };
}
