// Cheap lower bounds on distances between centers, so the covering's nearest-center upkeep does O(k)
// work per pair instead of O(d) (Fashion-MNIST T-shirt vs Shirt needs thousands of components at d = 784).
// A center c is summarised by its coordinates c' on k orthonormal axes (principal axes of a sample)
// and the norm ρ of the rest: with c − μ = Pc' + c⊥,
//   ‖a − b‖² = ‖a' − b'‖² + ‖a⊥ − b⊥‖² ≥ ‖a' − b'‖² + (ρ_a − ρ_b)².
// Any orthonormal axes give a valid bound; principal ones make it tight.
import { rowDots } from './points';
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
  /** the k axes end to end, and scratch for a center's offset from the mean and its k coordinates */
  private readonly axes: Float64Array;
  private readonly offset: Float64Array;
  private readonly coordinates: Float64Array;

  private constructor(
    private readonly mean: Float64Array,
    axes: Float64Array[],
    capacity: number,
  ) {
    this.stride = axes.length + 2;
    this.buffer = new Float64Array(this.stride * capacity);
    this.axes = new Float64Array(axes.length * mean.length);
    axes.forEach((axis, a) => this.axes.set(axis, a * mean.length));
    this.offset = new Float64Array(mean.length);
    this.coordinates = new Float64Array(axes.length);
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
    const k = this.stride - 2,
      d = center.length,
      o = slot * this.stride,
      b = this.buffer,
      offset = this.offset;
    let full = 0;
    for (let t = 0; t < d; t++) {
      offset[t] = center[t] - this.mean[t];
      full += offset[t] * offset[t];
    }
    rowDots(offset, 0, this.axes, 0, k, d, this.coordinates, 0);
    let inPlane = 0;
    for (let a = 0; a < k; a++) {
      const p = this.coordinates[a];
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
