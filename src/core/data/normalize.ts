// Normalisation as in SPEC §1: the theory wants points in the unit ball.
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
  const { N, d } = ds;
  if (mode === 'none') return { X: ds.X.slice(), R: maxNorm(ds.X, N, d), pixelScaled: false };
  const pixelScaled = ds.pixel;
  const X = new Float64Array(ds.X.length);
  for (let k = 0; k < X.length; k++) X[k] = pixelScaled ? ds.X[k] / 255 : ds.X[k];

  if (mode === 'center' || mode === 'standardize') {
    const mean = new Float64Array(d);
    const magnitude = new Float64Array(d);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < d; j++) {
        const v = X[i * d + j];
        mean[j] += v;
        magnitude[j] = Math.max(magnitude[j], Math.abs(v));
      }
    }
    for (let j = 0; j < d; j++) mean[j] /= N;
    for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) X[i * d + j] -= mean[j];
    if (mode === 'standardize') {
      const variance = new Float64Array(d);
      for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) variance[j] += X[i * d + j] ** 2;
      // A constant feature can keep a residue of rounding after centring (the mean of N equal values
      // need not be exactly that value); dividing that residue by its tiny std would invent a feature.
      const scale = Float64Array.from(variance, (v, j) => {
        const std = Math.sqrt(v / N);
        return std > CONSTANT_RELATIVE_STD * magnitude[j] ? 1 / std : 0;
      });
      for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) X[i * d + j] *= scale[j];
    }
  }

  const R = maxNorm(X, N, d);
  const out = new Float32Array(X.length);
  const inv = R > 0 ? 1 / R : 1;
  for (let k = 0; k < X.length; k++) out[k] = X[k] * inv;
  return { X: out, R, pixelScaled };
}

/** The largest Euclidean norm of the N rows. */
export function maxNorm(X: Float32Array | Float64Array, N: number, d: number): number {
  let max = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += X[i * d + j] ** 2;
    if (s > max) max = s;
  }
  return Math.sqrt(max);
}
