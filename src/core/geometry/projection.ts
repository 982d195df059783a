// The 2-D view of the covering: the raw plane for d ≤ 2, otherwise the first two principal axes.
// PCA is fitted on the displayed subsample (at most ~2000 points, seeded) by subspace iteration
// (Gram–Schmidt and a small symmetric eigendecomposition), which is O(n·d·k) per round; a full d × d
// covariance eigendecomposition takes seconds at d = 784.
//
// Radii are NOT projected: a ball of radius r projects into a disk of radius r (an orthogonal projection
// never lengthens distances), and the points inside it shrink towards the center, so drawn balls look
// roomier than they are and balls that look overlapping may not overlap in R^d.
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createRng } from '../random';
import { kernels } from '../kernels/backend';

export interface Plane {
  method: 'raw' | 'pca';
  mean: Float64Array;
  axes: [Float64Array, Float64Array];
  /** fraction of the fitted points' variance the two axes explain */
  explainedVariance: number;
}

/** Up to `max` distinct indices in [0, N), seeded, sorted. All of them when N ≤ max. */
export function subsample(N: number, max: number, seed: string): Int32Array {
  const all = Int32Array.from({ length: N }, (_, i) => i);
  if (N <= max) return all;
  const rng = createRng(seed);
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(N - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.subarray(0, max).sort();
}

export interface PrincipalAxes {
  mean: Float64Array;
  /** orthonormal, by decreasing variance */
  axes: Float64Array[];
  /** variance (sum of squares) along each axis, and in total */
  variances: number[];
  total: number;
}

/**
 * The top `count` principal axes of the given rows, by subspace iteration with `rounds` rounds: each
 * round is O(n·d·k) and the leading directions converge at rate (σ_count/σ_k)^(2·rounds). The axes are
 * orthonormal whatever the number of rounds, so callers that only need a good orthonormal basis (the
 * distance sketch in covering.ts) can afford few rounds.
 */
export function principalAxes(X: Float32Array, d: number, rows: Int32Array, count: number, rounds: number, seed: string): PrincipalAxes {
  const n = rows.length;
  const mean = new Float64Array(d);
  for (const i of rows) for (let t = 0; t < d; t++) mean[t] += X[i * d + t] / n;
  const Xc = new Float64Array(n * d);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const o = rows[r] * d;
    for (let t = 0; t < d; t++) total += (Xc[r * d + t] = X[o + t] - mean[t]) ** 2;
  }
  const k = Math.min(d, count + 8);
  const rng = createRng(seed);
  // the basis as k rows of d; both products of a round by the dense kernel with Xc and its transpose bound
  // once: Yᵀ = Q Xcᵀ (k × n), each entry the dot product of a row of Xc and a row of Q, and Z = Yᵀ Xc (k × d)
  const XcT = new Float64Array(d * n);
  for (let r = 0; r < n; r++) for (let t = 0; t < d; t++) XcT[t * n + r] = Xc[r * d + t];
  const products = kernels().denseProducts([
    { rows: n, cols: d, data: Xc },
    { rows: d, cols: n, data: XcT },
  ]);
  const Q = new Float64Array(k * d),
    YT = new Float64Array(k * n);
  for (let t = 0; t < d; t++) for (let c = 0; c < k; c++) Q[c * d + t] = rng.normal();
  orthonormalizeRows(Q, k, d);
  for (let round = 0; round < rounds; round++) {
    products.rowProducts(0, Q, k, null, YT);
    products.rowProducts(1, YT, k, null, Q);
    orthonormalizeRows(Q, k, d);
  }
  products.rowProducts(0, Q, k, null, YT);
  const gram = new Matrix(k, k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += YT[a * n + r] * YT[b * n + r];
      gram.set(a, b, s);
      gram.set(b, a, s);
    }
  }
  const evd = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((v, i) => [v, i])
    .sort((p, q) => q[0] - p[0])
    .slice(0, Math.min(count, k));
  const V = evd.eigenvectorMatrix;
  const axes = order.map(([, col]) => {
    const axis = new Float64Array(d);
    for (let c = 0; c < k; c++) {
      const v = V.get(c, col);
      for (let t = 0; t < d; t++) axis[t] += v * Q[c * d + t];
    }
    // fix the sign so the largest coordinate is positive: the same data always draws the same way up
    let big = 0;
    for (let a = 0; a < d; a++) if (Math.abs(axis[a]) > Math.abs(axis[big])) big = a;
    if (axis[big] < 0) for (let a = 0; a < d; a++) axis[a] = -axis[a];
    return axis;
  });
  return { mean, axes, variances: order.map(([v]) => Math.max(v, 0)), total };
}

/**
 * The k rows of B (each d long, k ≤ d) made orthonormal in place by Gram–Schmidt, each row orthogonalised
 * twice (one pass loses orthogonality when rows are nearly dependent). A row that lies (nearly) in the span
 * of the earlier ones, as when the data has rank below k, is replaced by the first coordinate axis that
 * does not, so the result is always an orthonormal basis.
 */
function orthonormalizeRows(B: Float64Array, k: number, d: number): void {
  let nextAxis = 0;
  for (let c = 0; c < k; c++) {
    const o = c * d;
    for (;;) {
      let before = 0;
      for (let t = 0; t < d; t++) before += B[o + t] * B[o + t];
      for (let pass = 0; pass < 2; pass++) {
        for (let e = 0; e < c; e++) {
          let dot = 0;
          for (let t = 0; t < d; t++) dot += B[o + t] * B[e * d + t];
          for (let t = 0; t < d; t++) B[o + t] -= dot * B[e * d + t];
        }
      }
      let after = 0;
      for (let t = 0; t < d; t++) after += B[o + t] * B[o + t];
      if (after > 1e-20 * before && after > 0) {
        const scale = 1 / Math.sqrt(after);
        for (let t = 0; t < d; t++) B[o + t] *= scale;
        break;
      }
      // at most d axes are tried: k ≤ d orthonormal rows leave some axis outside their span
      B.fill(0, o, o + d);
      B[o + nextAxis++] = 1;
    }
  }
}

export function fitPlane(X: Float32Array, d: number, rows: Int32Array, seed: string): Plane {
  if (d <= 2) {
    const axes: [Float64Array, Float64Array] = [new Float64Array(d), new Float64Array(d)];
    axes[0][0] = 1;
    if (d === 2) axes[1][1] = 1;
    return { method: 'raw', mean: new Float64Array(d), axes, explainedVariance: 1 };
  }
  const pca = principalAxes(X, d, rows, 2, 6, seed);
  const explained = pca.total > 0 ? (pca.variances[0] + pca.variances[1]) / pca.total : 0;
  return { method: 'pca', mean: pca.mean, axes: [pca.axes[0], pca.axes[1]], explainedVariance: Math.min(1, explained) };
}

export function projectRow(plane: Plane, v: ArrayLike<number>, offset = 0): { x: number; y: number } {
  let x = 0,
    y = 0;
  for (let k = 0; k < plane.mean.length; k++) {
    const t = v[offset + k] - plane.mean[k];
    x += t * plane.axes[0][k];
    y += t * plane.axes[1][k];
  }
  return { x, y };
}
