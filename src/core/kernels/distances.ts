// Exact Euclidean distance kernels over row-major Float32 points, accumulated in Float64.
// Products of float32 values are exact in float64, so the only rounding is in the running sum: the
// result is the true distance to double precision, whatever the order the points are visited in.

/**
 * Squared distance between rows i and j of X, or a number greater than `bound` as soon as the running
 * sum exceeds it (early abandon): callers looking for a minimum never need the exact value of a loser.
 */
export function squaredDistanceBounded(X: Float32Array, d: number, i: number, j: number, bound: number): number {
  const a = i * d;
  const b = j * d;
  let s = 0;
  let k = 0;
  // Check the bound once per block of 16 coordinates: cheap enough, and most losers are rejected early.
  while (k < d) {
    const end = Math.min(d, k + 16);
    for (; k < end; k++) {
      const t = X[a + k] - X[b + k];
      s += t * t;
    }
    if (s > bound) return s;
  }
  return s;
}

/**
 * Projections of every row onto a direction of large spread (a few power iterations of the covariance
 * from a fixed start, so the result is deterministic). |⟨v, a⟩ − ⟨v, b⟩| ≤ ‖a − b‖ for a unit v, which
 * turns a sort by projection into an exact lower bound for nearest-neighbour search.
 */
export function spreadProjection(X: Float32Array, N: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < N; i++) for (let k = 0; k < d; k++) mean[k] += X[i * d + k];
  for (let k = 0; k < d; k++) mean[k] /= Math.max(N, 1);

  let v = new Float64Array(d);
  for (let k = 0; k < d; k++) v[k] = 1 / Math.sqrt(d) + (k % 2 ? 1e-3 : -1e-3);
  const proj = new Float64Array(N);
  for (let iter = 0; iter < 8; iter++) {
    const next = new Float64Array(d);
    for (let i = 0; i < N; i++) {
      let t = 0;
      for (let k = 0; k < d; k++) t += (X[i * d + k] - mean[k]) * v[k];
      for (let k = 0; k < d; k++) next[k] += t * (X[i * d + k] - mean[k]);
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += next[k] * next[k];
    norm = Math.sqrt(norm);
    if (!(norm > 0)) break; // all points equal: any unit direction is as good
    for (let k = 0; k < d; k++) next[k] /= norm;
    v = next;
  }
  let norm = 0;
  for (let k = 0; k < d; k++) norm += v[k] * v[k];
  norm = Math.sqrt(norm);
  for (let i = 0; i < N; i++) {
    let t = 0;
    for (let k = 0; k < d; k++) t += X[i * d + k] * v[k];
    proj[i] = t / norm;
  }
  return proj;
}

/** The points sorted by spreadProjection (ties by index): order[r] is the r-th point, rank its inverse. */
export function projectionOrder(X: Float32Array, N: number, d: number): { proj: Float64Array; order: Int32Array; rank: Int32Array } {
  const proj = spreadProjection(X, N, d);
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  const rank = new Int32Array(N);
  for (let r = 0; r < N; r++) rank[order[r]] = r;
  return { proj, order, rank };
}

export type Projection = ReturnType<typeof projectionOrder>;

export interface NearestOppositeOptions {
  /** called every 256 rows with the row about to be scanned (progress, cancellation) */
  onRow?: (i: number) => void;
  /** only rows [i0, i1): the result's arrays are then indexed from i0 */
  rows?: [number, number];
  /** projectionOrder(X, N, d), when the caller already has it (each row block needs the same) */
  projection?: Projection;
}

export interface NearestOpposite {
  /** index of each point's nearest point with a different label, -1 if there is none */
  neighbor: Int32Array;
  /** its Euclidean distance (Infinity if none) */
  distance: Float64Array;
}

/**
 * For every point of rows [i0, i1) (all by default), its nearest point of a different label, exactly;
 * the arrays are indexed from i0. Points are sorted by their projection on a direction of large spread;
 * each point scans outward in that order and stops once the projection gap alone exceeds its best
 * distance. Ties keep the lower index, so the answer does not depend on the scan order, and row blocks
 * can be computed apart.
 */
export function nearestOpposite(X: Float32Array, N: number, d: number, label: Int32Array, options: NearestOppositeOptions = {}): NearestOpposite {
  const { onRow, rows: [i0, i1] = [0, N] } = options;
  const { proj, order, rank } = options.projection ?? projectionOrder(X, N, d);
  const neighbor = new Int32Array(N).fill(-1);
  const best2 = new Float64Array(N).fill(Infinity);
  for (let i = i0; i < i1; i++) {
    if (onRow && ((i - i0) & 255) === 0) onRow(i);
    const r = rank[i];
    const pi = proj[i];
    let lo = r - 1;
    let hi = r + 1;
    let loOpen = lo >= 0;
    let hiOpen = hi < N;
    while (loOpen || hiOpen) {
      // Visit the side whose next point is closer in projection: the gap bound then grows monotonically.
      const gapLo = loOpen ? pi - proj[order[lo]] : Infinity;
      const gapHi = hiOpen ? proj[order[hi]] - pi : Infinity;
      const fromLo = gapLo <= gapHi;
      const gap = fromLo ? gapLo : gapHi;
      // A small slack on the bound absorbs rounding in the projections; it only costs extra visits.
      if (gap * gap > best2[i] * (1 + 1e-9) + 1e-300) break;
      const j = order[fromLo ? lo : hi];
      if (fromLo) loOpen = --lo >= 0;
      else hiOpen = ++hi < N;
      if (label[j] === label[i]) continue;
      const s = squaredDistanceBounded(X, d, i, j, best2[i]);
      if (s < best2[i] || (s === best2[i] && j < neighbor[i])) {
        best2[i] = s;
        neighbor[i] = j;
      }
    }
  }
  const distance = new Float64Array(i1 - i0);
  for (let i = i0; i < i1; i++) distance[i - i0] = Math.sqrt(best2[i]);
  return { neighbor: neighbor.slice(i0, i1), distance };
}
