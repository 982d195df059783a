// Exact Euclidean distances over row-major Float32 points, accumulated in Float64 in ascending
// coordinate order: the definition every distance kernel (the blocked WebAssembly one included)
// reproduces bit for bit.
import type { Sketch } from './sketch';

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
 * from a fixed start, so the result is deterministic), and that unit direction v. |⟨v, a⟩ − ⟨v, b⟩| ≤
 * ‖v‖_{p'}‖a − b‖_p (≤ ‖a − b‖₂ for p = 2), which turns a sort by projection into an exact lower bound
 * for nearest-neighbour search.
 */
export function spreadProjection(X: Float32Array, N: number, d: number): { proj: Float64Array; direction: Float64Array } {
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
  return { proj, direction: v.map((x) => x / norm) };
}

/** Every point's nearest point with a different label (geometry/separation.ts: nearestOppositeAll). */
export interface NearestOpposite {
  /** index of each point's nearest point with a different label, -1 if there is none */
  neighbor: Int32Array;
  /** its Euclidean distance (Infinity if none) */
  distance: Float64Array;
  /** the points' sketch, where the search built one: later searches over the same points reuse it */
  sketch?: Sketch;
}

/**
 * Each point's partner of smallest sketch distance (KernelBackend.sketchSeeds): an index into X, −1 for
 * none, and that distance as the kernel computed it (float32, a guess: only speed depends on it).
 */
export interface SketchSeeds {
  /** for rows[r] among cols */
  rows: Int32Array;
  rowScores: Float32Array;
  /** for cols[c] among rows */
  cols: Int32Array;
  colScores: Float32Array;
}

/** The nearest partner of each point of one set among the points of another (kernels().nearestAcross). */
export interface Across {
  /** for rows[r]: the index (into X) of its nearest point among cols, −1 when cols is empty */
  rowNearest: Int32Array;
  /** its squared distance as squaredDistanceBounded computes it (Infinity when none) */
  rowSquared: Float64Array;
  /** with wantCols: the same for each cols[c] among rows */
  colNearest?: Int32Array;
  colSquared?: Float64Array;
}

export interface AcrossOptions {
  /**
   * a sketch of the points of X (KernelBackend.sketch): a kernel may skip the pairs it rules out; the
   * result is the same with or without it
   */
  sketch?: Sketch;
  /** also each column's nearest row: every pair serves both of its points */
  wantCols?: boolean;
  /**
   * for each point of X, an upper bound of the squared distance to its nearest partner over the calls
   * that share them (the reference's value for a real partner, which may be in another call: a split of
   * the work in blocks): a kernel may skip every pair farther than both ends' bounds. A point whose
   * nearest partner here is farther than its bound then gets any partner farther than the bound, or none
   * (−1, Infinity); the others get the reference's answer, so the nearest over all the calls is unchanged.
   */
  upper?: Float64Array;
  /** called between slices of the work (cancellation) */
  onStep?: () => void;
}

/**
 * The reference: for each point i of rows, min over j in cols of squaredDistanceBounded(X, d, i, j) —
 * float64, ascending coordinates — ties to the lower index j (and likewise each column among the rows).
 * Every faster kernel returns exactly this.
 */
export function nearestAcross(X: Float32Array, d: number, rows: Int32Array, cols: Int32Array, options: AcrossOptions = {}): Across {
  const out: Across = { rowNearest: new Int32Array(rows.length), rowSquared: new Float64Array(rows.length) };
  rows.forEach((i, r) => {
    if ((r & 63) === 0) options.onStep?.();
    closestOf(X, d, i, cols, cols.length, out.rowNearest, out.rowSquared, r);
  });
  if (options.wantCols) {
    out.colNearest = new Int32Array(cols.length);
    out.colSquared = new Float64Array(cols.length);
    cols.forEach((j, c) => {
      if ((c & 63) === 0) options.onStep?.();
      closestOf(X, d, j, rows, rows.length, out.colNearest!, out.colSquared!, c);
    });
  }
  return out;
}

/**
 * The reference's nearest to point i among partners[0..count), into nearest[at] and squared[at]
 * (−1 and Infinity when there is none): the exact recheck of every kernel's candidates.
 */
export function closestOf(
  X: Float32Array,
  d: number,
  i: number,
  partners: ArrayLike<number>,
  count: number,
  nearest: Int32Array,
  squared: Float64Array,
  at: number,
): void {
  let best = Infinity,
    arg = -1;
  for (let c = 0; c < count; c++) {
    const j = partners[c];
    const s = squaredDistanceBounded(X, d, i, j, best);
    if (s < best || (s === best && j < arg)) {
      best = s;
      arg = j;
    }
  }
  nearest[at] = arg;
  squared[at] = best;
}
