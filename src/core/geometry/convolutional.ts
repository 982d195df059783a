// EXPERIMENTAL (SPEC §4, last point; Finke's thesis): the convolutional variant, for image data whose d
// is a square s × s. Not yet verified against the thesis on image data: the panel must say so.
//
// 1. Distances between translation orbits: ‖x − y‖_orbit = min over the s² cyclic 2-D translations τ
//    of ‖x − τy‖ (a metric on orbits; never more than the plain distance).
// 2. Memorization width of a convolutional first layer: F random k × k filters with i.i.d. N(0, 1)
//    weights, each with one bias ~ Uniform[−λ, λ], every cyclic translate of every filter a threshold
//    unit: unit (f, u, v)(x) = 1[Σ_{a,b<k} w_f[a,b] x[(u+a) mod s, (v+b) mod s] + b_f > 0].
//    The argument of SPEC §3 holds for any set of first-layer units: the cover loop interpolates iff
//    for every pair (x⁻, x⁺) some unit is active at x⁺ and inactive at x⁻. The first F filters of a
//    draw are a valid F-filter draw, so one draw gives its exact threshold in filters:
//    F*(draw) = max over pairs of the first filter with a translate separating the pair.
import { childSeed, createRng } from '../random';

/** s when d = s², else null. */
export function imageSide(d: number): number | null {
  const s = Math.round(Math.sqrt(d));
  return s * s === d && s > 1 ? s : null;
}

/** min over cyclic translations τ of ‖x − τy‖ for two s × s images stored row-major at X[i·d…], X[j·d…]. */
export function orbitDistance(X: Float32Array, s: number, i: number, j: number): number {
  const d = s * s, xi = i * d, yj = j * d;
  let xx = 0, yy = 0;
  for (let k = 0; k < d; k++) { xx += X[xi + k] * X[xi + k]; yy += X[yj + k] * X[yj + k]; }
  // ‖x − τy‖² = ‖x‖² + ‖y‖² − 2⟨x, τy⟩: maximise the cyclic cross-correlation
  let best = -Infinity;
  for (let u = 0; u < s; u++) {
    for (let v = 0; v < s; v++) {
      let c = 0;
      for (let r = 0; r < s; r++) {
        const yr = ((r + u) % s) * s;
        for (let q = 0; q < s; q++) c += X[xi + r * s + q] * X[yj + yr + ((q + v) % s)];
      }
      if (c > best) best = c;
    }
  }
  return Math.sqrt(Math.max(0, xx + yy - 2 * best));
}

export interface ConvolutionalWidthOptions {
  /** filter side k (k × k filters) */
  kernel: number;
  lambda: number;
  maxFilters: number;
  draws: number;
  seed: string;
}

/**
 * Per draw, the exact number of random filters at which the convolutional first layer makes the
 * network interpolate (null: not within maxFilters). X holds s × s images row-major; classes are the
 * point indices of X⁻ and X⁺.
 */
export function convolutionalThresholds(
  X: Float32Array,
  s: number,
  classes: [Int32Array, Int32Array],
  options: ConvolutionalWidthOptions,
): (number | null)[] {
  const { kernel: k, lambda, maxFilters, draws, seed } = options;
  const d = s * s, words = Math.ceil(d / 32);
  const [neg, pos] = classes;
  const points = [...neg, ...pos];
  const thresholds: (number | null)[] = [];
  for (let t = 0; t < draws; t++) {
    const rng = createRng(childSeed(seed, 'conv', t));
    // unresolved pairs as (index into neg, index into pos), compacted as filters resolve them
    const unresolved = new Int32Array(neg.length * pos.length * 2);
    let count = 0;
    for (let a = 0; a < neg.length; a++) for (let b = 0; b < pos.length; b++) { unresolved[2 * count] = a; unresolved[2 * count + 1] = b; count++; }
    const active = new Uint32Array(points.length * words);
    let threshold: number | null = null;
    for (let f = 1; f <= maxFilters && count > 0; f++) {
      const w = Float64Array.from({ length: k * k }, () => rng.normal());
      const bias = lambda * (2 * rng.next() - 1);
      active.fill(0);
      points.forEach((p, slot) => {
        const o = p * d;
        for (let u = 0; u < s; u++) {
          for (let v = 0; v < s; v++) {
            let z = bias;
            for (let a = 0; a < k; a++) {
              const row = o + ((u + a) % s) * s;
              for (let b = 0; b < k; b++) z += w[a * k + b] * X[row + ((v + b) % s)];
            }
            if (z > 0) active[slot * words + ((u * s + v) >>> 5)] |= 1 << ((u * s + v) & 31);
          }
        }
      });
      let kept = 0;
      for (let q = 0; q < count; q++) {
        const a = unresolved[2 * q], b = unresolved[2 * q + 1];
        const on = (neg.length + b) * words, off = a * words;
        let separated = false;
        for (let m = 0; m < words && !separated; m++) separated = (active[on + m] & ~active[off + m]) !== 0;
        if (!separated) { unresolved[2 * kept] = a; unresolved[2 * kept + 1] = b; kept++; }
      }
      count = kept;
      if (count === 0) threshold = f;
    }
    thresholds.push(threshold);
  }
  return thresholds;
}
