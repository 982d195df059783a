// From per-draw results to P(n) with its confidence band, and the required width n*(η) (SCIENCE.md §3).
import type { CurvePoint, KPoint } from '../report';

/** z for a two-sided 95 % interval */
export const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in T trials. */
export function wilson(k: number, T: number, z = Z95): { lo: number; hi: number } {
  if (T === 0) return { lo: 0, hi: 1 };
  const p = k / T,
    z2 = z * z;
  const denom = 1 + z2 / T;
  const center = (p + z2 / (2 * T)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / T + z2 / (4 * T * T));
  return { lo: Math.max(0, center - half), hi: Math.min(1, center + half) };
}

export function curvePoint(n: number, k: number, T: number): CurvePoint {
  return { n, p: k / T, ...wilson(k, T) };
}

/**
 * The empirical CDF of the per-draw thresholds: P(n) = #{t : n*(t) ≤ n} / T, a right-continuous step
 * function. Listed at every width where it jumps, plus maxWidth; P is constant between listed widths.
 */
export function thresholdCurve(thresholds: (number | null)[], maxWidth: number): CurvePoint[] {
  const T = thresholds.length;
  const sorted = thresholds.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const points: CurvePoint[] = [];
  for (let q = 0; q < sorted.length; q++) {
    if (q + 1 < sorted.length && sorted[q + 1] === sorted[q]) continue;
    points.push(curvePoint(sorted[q], q + 1, T));
  }
  if (points.length === 0 || points[points.length - 1].n < maxWidth) points.push(curvePoint(maxWidth, sorted.length, T));
  return points;
}

/** n*(η): the smallest listed width with P(n) ≥ 1 − η, or null. */
export function requiredWidth(curve: CurvePoint[], eta: number): number | null {
  // A small tolerance so that e.g. 99/100 counts as ≥ 1 − 0.01 despite rounding.
  for (const c of curve) if (c.p >= 1 - eta - 1e-12) return c.n;
  return null;
}

/** mean, min and max of K over the draws at one width */
export function kPoint(n: number, Ks: number[]): KPoint {
  let sum = 0,
    min = Infinity,
    max = -Infinity;
  for (const k of Ks) {
    sum += k;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  return { n, K: sum / Ks.length, min, max };
}

/** n(d + 1) + K(n + 1) + (K + outputs): first layer, second layer, one output unit per subnetwork. */
export function parameterCount(n: number, d: number, K: number, outputs = 1): number {
  return n * (d + 1) + K * (n + 1) + (K + outputs);
}

/** The widths where K is reported: n*, 1.5 n*, 2 n*, 4 n*, capped at maxWidth, without repeats. */
export function kWidths(nStar: number, maxWidth: number): number[] {
  const ws = [nStar, Math.ceil(1.5 * nStar), 2 * nStar, 4 * nStar].map((w) => Math.min(w, maxWidth));
  return [...new Set(ws)];
}
