// The 2-D view of the covering: the raw plane for d ≤ 2, otherwise the first two principal axes.
// PCA is fitted on the displayed subsample (at most ~2000 points, seeded) by subspace iteration
// (ml-matrix QR and a small symmetric eigendecomposition), which is O(n·d·k) per round; a full d × d
// covariance eigendecomposition takes seconds at d = 784.
//
// Radii are NOT projected: a ball of radius r projects into a disk of radius r (an orthogonal projection
// never lengthens distances), and the points inside it shrink towards the center, so drawn balls look
// roomier than they are and balls that look overlapping may not overlap in R^d.
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import { createRng } from '../random';

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
  rows.forEach((i, r) => {
    for (let t = 0; t < d; t++) total += (Xc[r * d + t] = X[i * d + t] - mean[t]) ** 2;
  });
  const k = Math.min(d, count + 8);
  const rng = createRng(seed);
  const orthonormal = (M: Matrix) => new QrDecomposition(M).orthogonalMatrix.subMatrix(0, d - 1, 0, k - 1);
  let Q = orthonormal(
    Matrix.from1DArray(
      d,
      k,
      Float64Array.from({ length: d * k }, () => rng.normal()),
    ),
  );
  // Y = Xc Q (n × k) and Z = Xcᵀ Y (d × k) in plain loops: ml-matrix's generic mmul is several times slower.
  const projectRows = (Qm: Matrix) => {
    const q = Float64Array.from(Qm.to1DArray());
    const Y = new Float64Array(n * k);
    for (let r = 0; r < n; r++) {
      for (let t = 0; t < d; t++) {
        const x = Xc[r * d + t];
        if (x === 0) continue;
        for (let c = 0; c < k; c++) Y[r * k + c] += x * q[t * k + c];
      }
    }
    return Y;
  };
  for (let round = 0; round < rounds; round++) {
    const Y = projectRows(Q);
    const Z = new Float64Array(d * k);
    for (let r = 0; r < n; r++) {
      for (let t = 0; t < d; t++) {
        const x = Xc[r * d + t];
        if (x === 0) continue;
        for (let c = 0; c < k; c++) Z[t * k + c] += x * Y[r * k + c];
      }
    }
    Q = orthonormal(Matrix.from1DArray(d, k, Z));
  }
  const Ym = Matrix.from1DArray(n, k, projectRows(Q));
  const evd = new EigenvalueDecomposition(Ym.transpose().mmul(Ym), { assumeSymmetric: true });
  const order = evd.realEigenvalues
    .map((v, i) => [v, i])
    .sort((p, q) => q[0] - p[0])
    .slice(0, Math.min(count, k));
  const V = evd.eigenvectorMatrix;
  const axes = order.map(([, col]) => {
    const axis = Float64Array.from(Q.mmul(V.subMatrixColumn([col])).getColumn(0));
    // fix the sign so the largest coordinate is positive: the same data always draws the same way up
    let big = 0;
    for (let a = 0; a < d; a++) if (Math.abs(axis[a]) > Math.abs(axis[big])) big = a;
    if (axis[big] < 0) for (let a = 0; a < d; a++) axis[a] = -axis[a];
    return axis;
  });
  return { mean, axes, variances: order.map(([v]) => Math.max(v, 0)), total };
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
