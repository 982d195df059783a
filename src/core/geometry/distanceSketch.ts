// Cheap lower bounds on distances between centers, so the covering's nearest-center upkeep does O(k)
// work per pair instead of O(d) (Fashion-MNIST T-shirt vs Shirt needs thousands of components at d = 784).
// A center c is summarised by its coordinates c' on k orthonormal axes (principal axes of a sample)
// and the norm ρ of the rest: with c − μ = Pc' + c⊥,
//   ‖a − b‖² = ‖a' − b'‖² + ‖a⊥ − b⊥‖² ≥ ‖a' − b'‖² + (ρ_a − ρ_b)².
// Any orthonormal axes give a valid bound; principal ones make it tight.
import { principalAxes, subsample } from './projection';

const headAxes = 8, headStride = headAxes + 2;

/**
 * Sketches of centers by slot, in one flat buffer (slot s holds [c'₁ … c'_k, ρ, ‖c − μ‖]) so the
 * covering's inner loop reads contiguous memory.
 */
export class DistanceSketch {
  private readonly stride: number;
  private readonly buffer: Float64Array;
  /** [ρ, c'₁ … c'₈, ‖c − μ‖] per slot, apart: most pairs are settled by these alone, and a pass over
   * thousands of centers then streams 80 bytes per center instead of the whole sketch. */
  private readonly head: Float64Array;

  private constructor(private readonly mean: Float64Array, private readonly axes: Float64Array[], capacity: number) {
    this.stride = axes.length + 2;
    this.buffer = new Float64Array(this.stride * capacity);
    this.head = new Float64Array(headStride * capacity);
  }

  /** k = min(64, ⌊d/4⌋) axes fitted on at most 2000 of the rows (0 axes for d < 8: ρ alone bounds). The
   * bounds' tightness decides the covering's time: on Fashion 0-vs-6 (9,888 components) 64 axes with 8 in
   * the head take 28 CPU-s against 36 for 32 and 3, and axes from 500 rows and one round took 8 times longer. */
  static fit(X: Float32Array, d: number, rows: Int32Array, capacity: number, seed: string): DistanceSketch {
    const k = d < 8 ? 0 : Math.min(64, Math.floor(d / 4));
    if (k === 0) return new DistanceSketch(new Float64Array(d), [], capacity);
    const sample = subsample(rows.length, 2000, seed).map((j) => rows[j]);
    const pca = principalAxes(X, d, sample, k, 3, seed);
    return new DistanceSketch(pca.mean, pca.axes, capacity);
  }

  set(slot: number, center: Float64Array): void {
    const k = this.axes.length, o = slot * this.stride, b = this.buffer, mean = this.mean;
    let full = 0;
    for (let t = 0; t < center.length; t++) full += (center[t] - mean[t]) * (center[t] - mean[t]);
    let inPlane = 0;
    for (let a = 0; a < k; a++) {
      const axis = this.axes[a];
      let p = 0;
      for (let t = 0; t < center.length; t++) p += (center[t] - mean[t]) * axis[t];
      b[o + a] = p;
      inPlane += p * p;
    }
    b[o + k] = Math.sqrt(Math.max(0, full - inPlane));
    b[o + k + 1] = Math.sqrt(full);
    const h = slot * headStride;
    this.head[h] = b[o + k];
    for (let a = 0; a < headAxes; a++) this.head[h + 1 + a] = a < k ? b[o + a] : 0;
    this.head[h + headAxes + 1] = b[o + k + 1];
  }

  /**
   * True when the centers in slots i and j are certainly farther apart than `limit`, so j cannot be
   * nearer to i than a center at distance `limit`. The margin covers rounding in ρ, a difference of squares.
   */
  certainlyFarther(i: number, j: number, limit: number): boolean {
    const h = this.head, hi = i * headStride, hj = j * headStride;
    const bound = limit + 1e-7 * (h[hi + headAxes + 1] + h[hj + headAxes + 1]);
    const bound2 = bound * bound;
    let s = 0;
    for (let t = 0; t <= headAxes; t++) s += (h[hi + t] - h[hj + t]) * (h[hi + t] - h[hj + t]);
    if (s > bound2) return true;
    const k = this.stride - 2, b = this.buffer, oi = i * this.stride, oj = j * this.stride;
    for (let t = headAxes; t < k && s <= bound2; t++) s += (b[oi + t] - b[oj + t]) * (b[oi + t] - b[oj + t]);
    return s > bound2;
  }
}
