// EXPERIMENTAL (SCIENCE.md §4, convolutional variant; Finke's thesis): the convolutional variant, for image data whose d
// is a square s × s. Not yet verified against the thesis on image data: the panel must say so.
//
// 1. Distances between translation orbits: ‖x − y‖_orbit = min over the s² cyclic 2-D translations τ
//    of ‖x − τy‖ (a metric on orbits; never more than the plain distance).
// 2. Memorization width of a convolutional first layer: F random k × k filters with i.i.d. N(0, 1)
//    weights, each with one bias ~ Uniform[−λ, λ], every cyclic translate of every filter a threshold
//    unit: unit (f, u, v)(x) = 1[Σ_{a,b<k} w_f[a,b] x[(u+a) mod s, (v+b) mod s] + b_f > 0].
//    The argument of SCIENCE.md §3 holds for any set of first-layer units: the cover loop interpolates iff
//    for every pair (x⁻, x⁺) some unit is active at x⁺ and inactive at x⁻. The first F filters of a
//    draw are a valid F-filter draw, so one draw gives its exact threshold in filters:
//    F*(draw) = max over pairs of the first filter with a translate separating the pair.
import type { ConvolutionalDecomposition } from '../report';
import { childSeed, createRng } from '../random';
import { subsample } from './projection';

/** s when d = s², else null. */
export function imageSide(d: number): number | null {
  const s = Math.round(Math.sqrt(d));
  return s * s === d && s > 1 ? s : null;
}

/**
 * Image `i` of X (s × s, row-major) padded cyclically to (s + extra) × (s + extra): entry (r, q) is
 * pixel ((r mod s), (q mod s)), so a window at any offset below s reads contiguously, without `%`.
 */
function cyclicPad(X: Float32Array, s: number, i: number, extra: number): Float32Array {
  const t = s + extra,
    out = new Float32Array(t * t),
    o = i * s * s;
  for (let r = 0; r < t; r++) for (let q = 0; q < t; q++) out[r * t + q] = X[o + (r % s) * s + (q % s)];
  return out;
}

/** min over cyclic translations τ of ‖x − τy‖ for two s × s images stored row-major at X[i·d…], X[j·d…]. */
export function orbitDistance(X: Float32Array, s: number, i: number, j: number): number {
  const d = s * s,
    xi = i * d,
    yj = j * d;
  let xx = 0,
    yy = 0;
  for (let k = 0; k < d; k++) {
    xx += X[xi + k] * X[xi + k];
    yy += X[yj + k] * X[yj + k];
  }
  // ‖x − τy‖² = ‖x‖² + ‖y‖² − 2⟨x, τy⟩: maximise the cyclic cross-correlation
  const y = cyclicPad(X, s, j, s - 1),
    t = 2 * s - 1;
  let best = -Infinity;
  for (let u = 0; u < s; u++) {
    for (let v = 0; v < s; v++) {
      let c = 0;
      for (let r = 0; r < s; r++) {
        const xr = xi + r * s,
          yr = (r + u) * t + v;
        for (let q = 0; q < s; q++) c += X[xr + q] * y[yr + q];
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
export function convolutionalThresholds(X: Float32Array, s: number, classes: [Int32Array, Int32Array], options: ConvolutionalWidthOptions): (number | null)[] {
  const { kernel: k, lambda, maxFilters, draws, seed } = options;
  const d = s * s,
    words = Math.ceil(d / 32);
  const [neg, pos] = classes;
  const points = [...neg, ...pos];
  const paddedSide = s + k - 1;
  const padded = points.map((p) => cyclicPad(X, s, p, k - 1));
  const thresholds: (number | null)[] = [];
  for (let t = 0; t < draws; t++) {
    const rng = createRng(childSeed(seed, 'conv', t));
    // unresolved pairs as (index into neg, index into pos), compacted as filters resolve them
    const unresolved = new Int32Array(neg.length * pos.length * 2);
    let count = 0;
    for (let a = 0; a < neg.length; a++)
      for (let b = 0; b < pos.length; b++) {
        unresolved[2 * count] = a;
        unresolved[2 * count + 1] = b;
        count++;
      }
    const active = new Uint32Array(points.length * words);
    let threshold: number | null = null;
    for (let f = 1; f <= maxFilters && count > 0; f++) {
      const w = Float64Array.from({ length: k * k }, () => rng.normal());
      const bias = lambda * (2 * rng.next() - 1);
      active.fill(0);
      padded.forEach((img, slot) => {
        for (let u = 0; u < s; u++) {
          for (let v = 0; v < s; v++) {
            let z = bias;
            for (let a = 0; a < k; a++) {
              const row = (u + a) * paddedSide + v;
              for (let b = 0; b < k; b++) z += w[a * k + b] * img[row + b];
            }
            if (z > 0) active[slot * words + ((u * s + v) >>> 5)] |= 1 << ((u * s + v) & 31);
          }
        }
      });
      let kept = 0;
      for (let q = 0; q < count; q++) {
        const a = unresolved[2 * q],
          b = unresolved[2 * q + 1];
        const on = (neg.length + b) * words,
          off = a * words;
        let separated = false;
        for (let m = 0; m < words && !separated; m++) separated = (active[on + m] & ~active[off + m]) !== 0;
        if (!separated) {
          unresolved[2 * kept] = a;
          unresolved[2 * kept + 1] = b;
          kept++;
        }
      }
      count = kept;
      if (count === 0) threshold = f;
    }
    thresholds.push(threshold);
  }
  return thresholds;
}

/**
 * ‖sort(x) − sort(y)‖ ≤ ‖x − τy‖ for every permutation τ of the pixels (rearrangement inequality:
 * ⟨x, τy⟩ ≤ ⟨sort x, sort y⟩), so it bounds the orbit distance from below in O(d) per pair.
 */
function sortedDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k] - b[k]) ** 2;
  return Math.sqrt(sum);
}

function plainDistance(X: Float32Array, d: number, i: number, j: number): number {
  let sum = 0;
  for (let k = 0; k < d; k++) sum += (X[i * d + k] - X[j * d + k]) ** 2;
  return Math.sqrt(sum);
}

export interface OrbitSeparation {
  orbit: number;
  plain: number;
  computed: number;
  total: number;
  exact: boolean;
}

/**
 * min over pairs (a ∈ neg, b ∈ pos) of the orbit distance. Starts from the plain minimum (the orbit
 * distance never exceeds the plain one) and computes exact orbit distances in increasing order of the
 * sorted-pixel lower bound until the bound reaches the best value found, or `maxOrbitPairs` were
 * computed (then exact = false).
 */
export function orbitSeparation(X: Float32Array, s: number, neg: Int32Array, pos: Int32Array, maxOrbitPairs: number): OrbitSeparation {
  const d = s * s;
  const sorted = (i: number) => X.slice(i * d, (i + 1) * d).sort();
  const sortedNeg = Array.from(neg, sorted),
    sortedPos = Array.from(pos, sorted);
  const total = neg.length * pos.length;
  const lower = new Float64Array(total);
  let best = Infinity;
  for (let a = 0; a < neg.length; a++) {
    for (let b = 0; b < pos.length; b++) {
      lower[a * pos.length + b] = sortedDistance(sortedNeg[a], sortedPos[b]);
      best = Math.min(best, plainDistance(X, d, neg[a], pos[b]));
    }
  }
  const plain = best;
  const order = Uint32Array.from({ length: total }, (_, q) => q).sort((p, q) => lower[p] - lower[q]);
  let computed = 0,
    exact = true;
  for (const q of order) {
    if (lower[q] >= best) break;
    if (computed === maxOrbitPairs) {
      exact = false;
      break;
    }
    best = Math.min(best, orbitDistance(X, s, neg[Math.floor(q / pos.length)], pos[q % pos.length]));
    computed++;
  }
  return { orbit: best, plain, computed, total, exact };
}

/** Largest Euclidean norm of a k × k cyclic patch over the given images. */
function largestPatchNorm(X: Float32Array, s: number, k: number, points: Int32Array): number {
  const d = s * s;
  let best = 0;
  for (const p of points) {
    for (let u = 0; u < s; u++) {
      for (let v = 0; v < s; v++) {
        let sum = 0;
        for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) sum += X[p * d + ((u + a) % s) * s + ((v + b) % s)] ** 2;
        best = Math.max(best, sum);
      }
    }
  }
  return Math.sqrt(best);
}

export interface ConvolutionalStudyOptions {
  kernel: number;
  draws: number;
  maxFilters: number;
  eta: number;
  seed: string;
  /** cap on sampled opposite-class pairs (the filter loop tracks each pair) */
  maxPairs: number;
  /** cap on the multiply-adds spent on exact orbit distances (s⁴ each) */
  orbitWork: number;
}

/** Sizes (m, n) with m·n ≤ maxPairs, shrinking the larger side first and keeping the smaller whole if it can. */
function sampleSizes(nNeg: number, nPos: number, maxPairs: number): [number, number] {
  if (nNeg * nPos <= maxPairs) return [nNeg, nPos];
  const even = Math.floor(Math.sqrt(maxPairs));
  if (nNeg <= even) return [nNeg, Math.floor(maxPairs / nNeg)];
  if (nPos <= even) return [Math.floor(maxPairs / nPos), nPos];
  return [even, even];
}

/**
 * EXPERIMENTAL. The convolutional variant on s × s images: the orbit separation of the classes, and
 * the number of random k × k filters (all s² cyclic translates each) a convolutional first layer needs
 * to interpolate, per draw and as P(F) with its 1 − η point. Runs on a seeded subsample of each class.
 */
export function convolutionalStudy(
  X: Float32Array,
  s: number,
  classes: [Int32Array, Int32Array],
  options: ConvolutionalStudyOptions,
): ConvolutionalDecomposition {
  const { draws, maxFilters, eta, seed } = options;
  const kernel = Math.min(options.kernel, s);
  const [m, n] = sampleSizes(classes[0].length, classes[1].length, options.maxPairs);
  const pick = (cls: Int32Array, size: number, tag: string) => Int32Array.from(subsample(cls.length, size, childSeed(seed, tag)), (i) => cls[i]);
  const neg = pick(classes[0], m, 'conv-minus'),
    pos = pick(classes[1], n, 'conv-plus');
  const sep = orbitSeparation(X, s, neg, pos, Math.max(1, Math.floor(options.orbitWork / s ** 4)));
  const lambda = largestPatchNorm(X, s, kernel, Int32Array.from([...neg, ...pos]));
  // an opposite-class pair of translates is never separated by translation-invariant units
  const translates = sep.exact && sep.orbit === 0;
  const thresholds = translates ? [] : convolutionalThresholds(X, s, [neg, pos], { kernel, lambda, maxFilters, draws, seed });
  const reached = thresholds.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const curve = [...new Set(reached)].map((f) => ({ filters: f, p: reached.filter((t) => t <= f).length / thresholds.length }));
  const requiredFilters = curve.find((c) => c.p >= 1 - eta)?.filters ?? null;
  return {
    experimental: true,
    side: s,
    kernel,
    sample: { minus: m, plus: n, ofMinus: classes[0].length, ofPlus: classes[1].length },
    orbitSeparation: sep.orbit,
    plainSeparation: sep.plain,
    orbitPairs: { computed: sep.computed, total: sep.total, exact: sep.exact },
    lambda,
    draws: thresholds.length,
    maxFilters,
    thresholds,
    curve,
    requiredFilters,
    units: requiredFilters === null ? null : requiredFilters * s * s,
    parameters: requiredFilters === null ? null : requiredFilters * (kernel * kernel + 1),
    ...(translates ? { reason: 'Two images of opposite classes are translates of each other: no translation-invariant layer separates them.' } : {}),
  };
}
