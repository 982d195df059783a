// Exact ℓp separation δ_p = min over pairs with different labels of ‖x_i − x_j‖_p, with the pair.
// Sort-and-sweep with Hölder pruning: for a direction v, |⟨v, x_i − x_j⟩| ≤ ‖v‖_{p'} ‖x_i − x_j‖_p, so
// once two points sorted by ⟨v, x⟩ are c·best apart (c = ‖v‖_{p'}), no later point can be closer.
// Two directions are candidates: the coordinate of largest range (c = 1 for every p) and the
// principal direction of the shared kernel (unit in ℓ2, so c = 1 for p ≤ 2 and d^{1/2 − 1/p} above);
// the one whose projections spread more per unit of c wins. Each distance is left early once its
// partial sum passes the best. Exact for every p.
//
// With every point's exact nearest opposite point in ℓ2 (the separation stage's), two norm inequalities
// prune further: ‖v‖_p ≥ c₂‖v‖₂ (c₂ = 1 for p ≤ 2, d^{1/p − 1/2} above), and ‖x_i − x_j‖₂ ≥ nn₂(i) for
// every j of another label, so a point with c₂·nn₂(i) > best is in no better pair and is skipped, as
// anchor and as partner; and the ℓp lengths of the ℓ2-nearest pairs give the sweep a small first best.
import { CancelToken, throwIfCancelled } from '../env';
import { spreadProjection, type NearestOpposite } from '../kernels/distances';

export interface SeparationP {
  p: number;
  /** δ_p; 0 when two identical points carry different labels; Infinity when only one class is present */
  delta: number;
  /** indices of the attaining pair (first index < second), or null when only one class is present */
  pair: [number, number] | null;
}

export function separationP(
  X: Float32Array, N: number, d: number, y: ArrayLike<number>, p: number, cancel?: CancelToken, nearest?: NearestOpposite,
): SeparationP {
  if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
  const { proj, scale } = sweepDirection(X, N, d, p);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  let best = Infinity;
  let pair: [number, number] | null = null;
  // lower[i] ≤ ‖x_i − x_j‖_p for every j of another label (slack for the rounding of nn₂); 0 without nearest
  const lower = new Float64Array(N);
  if (nearest) {
    const c2 = p <= 2 ? 1 : Math.pow(d, (p === Infinity ? 0 : 1 / p) - 0.5);
    for (let i = 0; i < N; i++) {
      const j = nearest.neighbor[i];
      if (j < 0) continue;
      lower[i] = c2 * nearest.distance[i] * (1 - 1e-9);
      const dist = distanceBelow(X, i, j, d, p, best);
      if (dist < best) {
        best = dist;
        pair = i < j ? [i, j] : [j, i];
      }
    }
    if (best === 0) return { p, delta: 0, pair };
  }
  for (let a = 0; a < N; a++) {
    if ((a & 1023) === 0) throwIfCancelled(cancel);
    const i = order[a];
    if (lower[i] > best) continue;
    const ti = proj[i];
    for (let b = a + 1; b < N; b++) {
      const j = order[b];
      // a little slack absorbs rounding in the projections; it only costs extra visits
      if ((proj[j] - ti) / scale > best * (1 + 1e-9)) break;
      if (y[i] === y[j] || lower[j] > best) continue;
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

/** Projections to sweep along and their Hölder constant c: |Δproj| ≤ c‖Δx‖_p. */
function sweepDirection(X: Float32Array, N: number, d: number, p: number): { proj: Float64Array; scale: number } {
  const k = widestCoordinate(X, N, d);
  const coordinate = Float64Array.from({ length: N }, (_, i) => X[i * d + k]);
  if (N < 2 || d === 1) return { proj: coordinate, scale: 1 };
  const principal = spreadProjection(X, N, d);
  const principalScale = p <= 2 ? 1 : Math.pow(d, 0.5 - (p === Infinity ? 0 : 1 / p));
  return stdDev(principal) / principalScale > stdDev(coordinate) ? { proj: principal, scale: principalScale } : { proj: coordinate, scale: 1 };
}

function stdDev(v: Float64Array): number {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return Math.sqrt(s / v.length);
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
  // ‖·‖_p ≥ ‖·‖_∞: the maximum rules many pairs out before any power is taken
  let m = 0;
  for (let c = 0; c < d; c++) {
    const t = Math.abs(X[oi + c] - X[oj + c]);
    if (t > m) {
      m = t;
      if (m >= limit) return limit;
    }
  }
  if (p === Infinity || m === 0) return m;
  // Σ (t/m)^p with every term ≤ 1, so nothing overflows or underflows; leave once it passes (limit/m)^p
  const bound = Math.pow(limit / m, p);
  let s = 0;
  for (let c = 0; c < d; c++) {
    s += Math.pow(Math.abs(X[oi + c] - X[oj + c]) / m, p);
    if (s >= bound) return limit;
  }
  return m * Math.pow(s, 1 / p);
}
