// Normalisation as in SCIENCE.md §1: the theory wants points in the unit ball. 'auto' (the default) keeps the
// reference code's max-norm unless the features' spreads differ by orders of magnitude: then one
// feature would make up nearly every distance, and z-scoring each feature first gives the others back
// their say (wine's proline, breast cancer's areas: no width up to 4096 interpolates under max-norm).
import { sharedFloat32 } from '../parallel';
import type { FeatureScales, Normalization, NormalizationSetting } from '../report';
import { Dataset } from './dataset';

/** A feature whose std is below this fraction of its largest magnitude counts as constant. */
const CONSTANT_RELATIVE_STD = 1e-9;

/** 'auto' standardises when the widest feature's std is at least this many times the median
 * feature's std (two orders of magnitude). The fixtures sit far from it on both sides: iris 2.1,
 * digits 1.5, two moons 1.0 against wine 388 and breast cancer 7,142. */
export const AUTO_STANDARDIZE_RATIO = 100;

export interface Normalized {
  /** N × d, row-major */
  X: Float32Array;
  /** the largest Euclidean norm after pixel scaling and centring/standardising, before dividing by it */
  R: number;
  /** pixel data was divided by 255 first */
  pixelScaled: boolean;
}

/** Per feature (after the /255 of pixel data): mean, population std (0 for a constant feature) and
 * largest magnitude. Sums in Float64. */
function featureMoments(ds: Dataset, divisor: number): { mean: Float64Array; std: Float64Array } {
  const { N, d, X } = ds;
  const mean = new Float64Array(d),
    magnitude = new Float64Array(d),
    std = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < d; j++) {
      const v = X[i * d + j] / divisor;
      mean[j] += v;
      magnitude[j] = Math.max(magnitude[j], Math.abs(v));
    }
  }
  for (let j = 0; j < d; j++) mean[j] /= N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) std[j] += (X[i * d + j] / divisor - mean[j]) ** 2;
  // A constant feature can keep a residue of rounding after centring (the mean of N equal values
  // need not be exactly that value); dividing that residue by its tiny std would invent a feature.
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(std[j] / N);
    std[j] = s > CONSTANT_RELATIVE_STD * magnitude[j] ? s : 0;
  }
  return { mean, std };
}

/** How far apart the features' spreads are: the widest non-constant feature against the median one.
 * null when no feature varies. */
export function featureScales(ds: Dataset): FeatureScales | null {
  const { std } = featureMoments(ds, 1);
  const varying = [...std.keys()].filter((j) => std[j] > 0).sort((a, b) => std[a] - std[b]);
  if (varying.length === 0) return null;
  const widest = varying[varying.length - 1];
  const medianStd = std[varying[Math.floor(varying.length / 2)]];
  return { widest: ds.featureNames[widest] ?? String(widest), widestStd: std[widest], medianStd, ratio: std[widest] / medianStd };
}

/** The normalisation a setting stands for, and for 'auto' the sentence saying why. */
export function resolveNormalization(ds: Dataset, setting: NormalizationSetting, scales: FeatureScales | null): { mode: Normalization; reason?: string } {
  if (setting !== 'auto') return { mode: setting };
  if (ds.pixel) return { mode: 'max-norm', reason: 'auto: pixel data share one scale (grey levels), so max-norm as in the reference code' };
  if (scales && scales.ratio >= AUTO_STANDARDIZE_RATIO) {
    return {
      mode: 'standardize',
      reason:
        `auto: feature ${scales.widest} spreads ${Number(scales.ratio.toPrecision(3))}× more than the median feature ` +
        `(std ${Number(scales.widestStd.toPrecision(3))} against ${Number(scales.medianStd.toPrecision(3))}; standardise from ${AUTO_STANDARDIZE_RATIO}×), so each feature is standardised first and no single one makes up the distances`,
    };
  }
  return {
    mode: 'max-norm',
    reason: scales
      ? `auto: the features' spreads are within ${Number(scales.ratio.toPrecision(3))}× of the median one (standardise from ${AUTO_STANDARDIZE_RATIO}×), so max-norm as in the reference code`
      : 'auto: no feature varies, so max-norm',
  };
}

/**
 * - 'max-norm': pixel data / 255, then every point divided by R, the largest norm.
 * - 'center': as max-norm, after subtracting the mean point.
 * - 'standardize': as max-norm, after z-scoring each feature (population std; constant features → 0).
 * - 'none': the data as read, nothing divided (no /255 either); R is still the largest norm of that
 *   data, reported so the user can compare, but not applied.
 * R = 0 (every point zero after the shift) leaves the points as they are rather than divide by zero.
 * Sums are accumulated in Float64; the result is stored as Float32.
 */
export function normalize(ds: Dataset, mode: Normalization): Normalized {
  const { N, d, X } = ds;
  if (mode === 'none') return { X: X.slice(), R: maxNorm(X, N, d), pixelScaled: false };
  const pixelScaled = ds.pixel;
  const divisor = pixelScaled ? 255 : 1;
  // Each coordinate becomes (x / divisor − shift_j) · scale_j, computed on the fly in Float64 so a
  // large dataset (MNIST: 47 M values) needs no Float64 copy.
  let shift: Float64Array = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  if (mode === 'center' || mode === 'standardize') {
    const { mean, std } = featureMoments(ds, divisor);
    shift = mean;
    if (mode === 'standardize') for (let j = 0; j < d; j++) scale[j] = std[j] > 0 ? 1 / std[j] : 0;
  }
  const value = (k: number, j: number) => (X[k] / divisor - shift[j]) * scale[j];

  let maxSquared = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += value(i * d + j, j) ** 2;
    if (s > maxSquared) maxSquared = s;
  }
  const R = Math.sqrt(maxSquared);
  // shared, so the stages' tasks on other threads read the points without a copy of their own
  const out = sharedFloat32(X.length);
  const divideBy = R > 0 ? R : 1;
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) out[i * d + j] = value(i * d + j, j) / divideBy;
  return { X: out, R, pixelScaled };
}

/** The largest Euclidean norm of the N rows. */
export function maxNorm(X: Float32Array, N: number, d: number): number {
  let max = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] ** 2;
    if (s > max) max = s;
  }
  return Math.sqrt(max);
}
