// Normalisation as in SCIENCE.md §1: the theory wants points in the unit ball.
import { sharedFloat32 } from '../parallel';
import { Normalization } from '../report';
import { Dataset } from './dataset';

/** A feature whose std is below this fraction of its largest magnitude counts as constant. */
const CONSTANT_RELATIVE_STD = 1e-9;

export interface Normalized {
  /** N × d, row-major */
  X: Float32Array;
  /** the largest Euclidean norm after pixel scaling and centring/standardising, before dividing by it */
  R: number;
  /** pixel data was divided by 255 first */
  pixelScaled: boolean;
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
  const shift = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  if (mode === 'center' || mode === 'standardize') {
    const magnitude = new Float64Array(d);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < d; j++) {
        const v = X[i * d + j] / divisor;
        shift[j] += v;
        magnitude[j] = Math.max(magnitude[j], Math.abs(v));
      }
    }
    for (let j = 0; j < d; j++) shift[j] /= N;
    if (mode === 'standardize') {
      const variance = new Float64Array(d);
      for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) variance[j] += (X[i * d + j] / divisor - shift[j]) ** 2;
      // A constant feature can keep a residue of rounding after centring (the mean of N equal values
      // need not be exactly that value); dividing that residue by its tiny std would invent a feature.
      for (let j = 0; j < d; j++) {
        const std = Math.sqrt(variance[j] / N);
        scale[j] = std > CONSTANT_RELATIVE_STD * magnitude[j] ? 1 / std : 0;
      }
    }
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
