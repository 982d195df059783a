// Cheap lower bounds on distances between centers, so the covering's nearest-center upkeep does O(k)
// work per pair instead of O(d) (Fashion-MNIST T-shirt vs Shirt needs thousands of components at d = 784).
// A center c is summarised by its coordinates c' on k orthonormal axes (principal axes of a sample)
// and the norm ρ of the rest: with c − μ = Pc' + c⊥,
//   ‖a − b‖² = ‖a' − b'‖² + ‖a⊥ − b⊥‖² ≥ ‖a' − b'‖² + (ρ_a − ρ_b)².
// Any orthonormal axes give a valid bound; principal ones make it tight.
import { principalAxes, subsample } from './projection';

/** At most 8 axes, from 1,000 rows and 2 rounds of subspace iteration. On Fashion 0-vs-6 with the covering's
 * budget (2,020 points, 1,674 components) the covering took 3.25 CPU-s with this sketch from the start,
 * 3.5 with 8 axes of 500 rows in one round, 3.9 with 4 axes, 4.2 with 16 axes, 5.3 with 32, 6.8 without
 * a sketch, 12.0 with the former 64 axes of 2,000 rows in 3 rounds (its fit alone about 6 s; all under a
 * load average of 10–14, same minutes). */
const maxAxes = 8,
  fitRows = 1000,
  fitRounds = 2;

/**
 * Sketches of centers by slot, in one flat buffer (slot s holds [ρ, c'₁ … c'_k, ‖c − μ‖]) so the
 * covering's inner loop streams a few numbers per center instead of d.
 */
export class DistanceSketch {
  private readonly stride: number;
  private readonly buffer: Float64Array;

  private constructor(
    private readonly mean: Float64Array,
    private readonly axes: Float64Array[],
    capacity: number,
  ) {
    this.stride = axes.length + 2;
    this.buffer = new Float64Array(this.stride * capacity);
  }

  /** k = min(8, ⌊d/4⌋) axes (0 for d < 4: ρ alone bounds). */
  static fit(X: Float32Array, d: number, rows: Int32Array, capacity: number, seed: string): DistanceSketch {
    const k = Math.min(maxAxes, Math.floor(d / 4));
    if (k === 0) return new DistanceSketch(new Float64Array(d), [], capacity);
    const sample = subsample(rows.length, fitRows, seed).map((j) => rows[j]);
    const pca = principalAxes(X, d, sample, k, fitRounds, seed);
    return new DistanceSketch(pca.mean, pca.axes, capacity);
  }

  set(slot: number, center: Float64Array): void {
    const k = this.axes.length,
      o = slot * this.stride,
      b = this.buffer,
      mean = this.mean;
    let full = 0;
    for (let t = 0; t < center.length; t++) full += (center[t] - mean[t]) * (center[t] - mean[t]);
    let inPlane = 0;
    for (let a = 0; a < k; a++) {
      const axis = this.axes[a];
      let p = 0;
      for (let t = 0; t < center.length; t++) p += (center[t] - mean[t]) * axis[t];
      b[o + 1 + a] = p;
      inPlane += p * p;
    }
    b[o] = Math.sqrt(Math.max(0, full - inPlane));
    b[o + k + 1] = Math.sqrt(full);
  }

  /**
   * True when the centers in slots i and j are certainly farther apart than `limit`, so j cannot be
   * nearer to i than a center at distance `limit`. The margin covers rounding in ρ, a difference of squares.
   */
  certainlyFarther(i: number, j: number, limit: number): boolean {
    const b = this.buffer,
      k = this.stride - 2,
      oi = i * this.stride,
      oj = j * this.stride;
    const bound = limit + 1e-7 * (b[oi + k + 1] + b[oj + k + 1]);
    let s = 0;
    for (let t = 0; t <= k; t++) s += (b[oi + t] - b[oj + t]) * (b[oi + t] - b[oj + t]);
    return s > bound * bound;
  }
}
