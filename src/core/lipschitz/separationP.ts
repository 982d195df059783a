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
// Per pair, the separation stage's sketch (kernels/sketch.ts: ‖a − b‖₂ ≥ ‖φ̂(a) − φ̂(b)‖ − S, a few dozen
// coordinates) bounds ‖a − b‖₂ from below, and so ‖a − b‖_p ≥ c₂‖a − b‖₂ and, for p = 1, ‖a − b‖₁ ≥
// ‖a − b‖₂²/‖a − b‖_∞ ≥ ‖a − b‖₂²/M (M the largest coordinate range): most pairs the sweep visits are
// ruled out there without touching their d coordinates. Maxima (‖·‖_∞, and the first pass for other p)
// visit the coordinates widest first, where a pair's difference reaches the best soonest; a maximum
// does not depend on the order, and sums keep the ascending order, so every value is as before.
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
  const { widest, range } = coordinateRanges(X, N, d);
  const { proj, scale } = sweepDirection(X, N, d, p, widest[0] ?? 0);
  const distanceBelow = distanceFunction(X, d, p, widest);
  const sketch = nearest?.sketch;
  const c2 = p <= 2 ? 1 : Math.pow(d, (p === Infinity ? 0 : 1 / p) - 0.5);
  /** a lower bound of ‖x_i − x_j‖_p from the sketch (0 without one), a little below it for rounding */
  const sketchBound = (i: number, j: number): number => {
    if (!sketch || p > 2) return 0;
    const { k, P } = sketch;
    let s = 0;
    for (let a = i * k, b = j * k, end = a + k; a < end; a++, b++) s += (P[a] - P[b]) * (P[a] - P[b]);
    const l2 = Math.max(0, Math.sqrt(s) * (1 - 1e-9) - sketch.slack2);
    return Math.max(c2 * l2, p === 1 && range > 0 ? ((l2 * l2) / range) * (1 - 1e-9) : 0);
  };
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  let best = Infinity;
  let pair: [number, number] | null = null;
  // lower[i] ≤ ‖x_i − x_j‖_p for every j of another label (slack for the rounding of nn₂); 0 without nearest
  const lower = new Float64Array(N);
  if (nearest) {
    for (let i = 0; i < N; i++) {
      const j = nearest.neighbor[i];
      if (j < 0) continue;
      const nn = nearest.distance[i] * (1 - 1e-9);
      lower[i] = Math.max(c2 * nn, p === 1 && range > 0 ? ((nn * nn) / range) * (1 - 1e-9) : 0);
      const dist = distanceBelow(i, j, best);
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
      if (y[i] === y[j] || lower[j] > best || sketchBound(i, j) > best) continue;
      const dist = distanceBelow(i, j, best);
      if (dist < best) {
        best = dist;
        pair = i < j ? [i, j] : [j, i];
        if (best === 0) return { p, delta: 0, pair };
      }
    }
  }
  return { p, delta: best, pair };
}

/** Projections to sweep along (coordinate k, the widest, or the principal direction) and their Hölder constant c: |Δproj| ≤ c‖Δx‖_p. */
function sweepDirection(X: Float32Array, N: number, d: number, p: number, k: number): { proj: Float64Array; scale: number } {
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

/** The coordinates by decreasing range, and the largest range M (≥ |a_k − b_k| for every pair and k). */
function coordinateRanges(X: ArrayLike<number>, N: number, d: number): { widest: Int32Array; range: number } {
  const width = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < N; i++) {
      const v = X[i * d + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    width[c] = N > 0 ? hi - lo : 0;
  }
  const widest = Int32Array.from({ length: d }, (_, c) => c).sort((a, b) => width[b] - width[a] || a - b);
  return { widest, range: d > 0 ? width[widest[0]] : 0 };
}

/**
 * (i, j, limit) ↦ ‖x_i − x_j‖_p, or any value ≥ limit once it is clear the distance reaches the limit.
 * widest: the coordinates in the order the maxima visit them.
 */
export function distanceFunction(X: ArrayLike<number>, d: number, p: number, widest: Int32Array) {
  return (i: number, j: number, limit: number): number => {
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
    for (let q = 0; q < d; q++) {
      const c = widest[q];
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
  };
}
