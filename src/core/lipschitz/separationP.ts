// Exact ℓp separation δ_p = min over pairs with different labels of ‖x_i − x_j‖_p, with the pair.
// Sort-and-sweep with Hölder pruning: |x_ik − x_jk| ≤ ‖x_i − x_j‖_p for every coordinate k and every
// p ≥ 1, so once two points sorted by coordinate k are at least the current best apart in k, no later
// point can be closer. Sweeping along the coordinate of largest spread and leaving each distance early
// once its partial sum passes the best keeps this far below the all-pairs cost on low-dimensional
// data, and it is exact for every p.
import { CancelToken, throwIfCancelled } from '../env';

export interface SeparationP {
  p: number;
  /** δ_p; 0 when two identical points carry different labels; Infinity when only one class is present */
  delta: number;
  /** indices of the attaining pair (first index < second), or null when only one class is present */
  pair: [number, number] | null;
}

export function separationP(X: ArrayLike<number>, N: number, d: number, y: ArrayLike<number>, p: number, cancel?: CancelToken): SeparationP {
  if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
  const k = widestCoordinate(X, N, d);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => X[a * d + k] - X[b * d + k] || a - b);
  let best = Infinity;
  let pair: [number, number] | null = null;
  for (let a = 0; a < N; a++) {
    if ((a & 1023) === 0) throwIfCancelled(cancel);
    const i = order[a];
    const xi = X[i * d + k];
    for (let b = a + 1; b < N; b++) {
      const j = order[b];
      if (X[j * d + k] - xi >= best) break;
      if (y[i] === y[j]) continue;
      const dist = distanceBelow(X, i, j, d, p, best);
      if (dist < best) {
        best = dist;
        pair = i < j ? [i, j] : [j, i];
        if (best === 0) return { p, delta: 0, pair };
      }
    }
  }
  return { p, delta: best, pair };
}

/** The coordinate of largest spread: the sweep's pruning is strongest along it. */
function widestCoordinate(X: ArrayLike<number>, N: number, d: number): number {
  let k = 0, widest = -1;
  for (let c = 0; c < d; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < N; i++) {
      const v = X[i * d + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > widest) {
      widest = hi - lo;
      k = c;
    }
  }
  return k;
}

/** ‖x_i − x_j‖_p, or any value ≥ limit once it is clear the distance reaches the limit. */
function distanceBelow(X: ArrayLike<number>, i: number, j: number, d: number, p: number, limit: number): number {
  const oi = i * d, oj = j * d;
  if (p === 1 || p === 2) {
    const bound = p === 1 ? limit : limit * limit;
    let s = 0;
    for (let c = 0; c < d; c++) {
      const t = Math.abs(X[oi + c] - X[oj + c]);
      s += p === 1 ? t : t * t;
      if (s >= bound) return limit;
    }
    return p === 1 ? s : Math.sqrt(s);
  }
  // ‖·‖_p ≥ ‖·‖_∞: the maximum rules most pairs out before any power is taken
  let m = 0;
  for (let c = 0; c < d; c++) {
    const t = Math.abs(X[oi + c] - X[oj + c]);
    if (t > m) {
      m = t;
      if (m >= limit) return limit;
    }
  }
  if (p === Infinity || m === 0) return m;
  let s = 0;
  for (let c = 0; c < d; c++) s += Math.pow(Math.abs(X[oi + c] - X[oj + c]) / m, p);
  return m * Math.pow(s, 1 / p);
}
