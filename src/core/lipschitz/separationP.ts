// Exact ℓp separation δ_p = min over pairs with different labels of ‖x_i − x_j‖_p, with the pair.
// Sort-and-sweep with Hölder pruning: for a direction v, |⟨v, x_i − x_j⟩| ≤ ‖v‖_{p'} ‖x_i − x_j‖_p, so
// once two points sorted by ⟨v, x⟩ are c·best apart (c = ‖v‖_{p'}), no later point can be closer.
// Two directions are candidates: the coordinate of largest spread (c = 1 for every p) and the
// principal direction v of the shared kernel (c = ‖v‖_{p'}); the one whose projections spread more per
// unit of c wins. Each distance is left early once its
// partial sum passes the best. Exact for every p.
//
// With every point's exact nearest opposite point in ℓ2 (the separation stage's), two norm inequalities
// prune further: ‖v‖_p ≥ c₂‖v‖₂ (c₂ = 1 for p ≤ 2, d^{1/p − 1/2} above), and ‖x_i − x_j‖₂ ≥ nn₂(i) for
// every j of another label, so a point with c₂·nn₂(i) > best is in no better pair and is skipped, as
// anchor and as partner; and the ℓp lengths of the ℓ2-nearest pairs give the sweep a small first best.
// Per pair, the separation stage's sketch (kernels/sketch.ts: ‖a − b‖₂ ≥ ‖φ̂(a) − φ̂(b)‖ − S, a few dozen
// coordinates) bounds ‖a − b‖₂ from below, and so ‖a − b‖_p ≥ c₂‖a − b‖₂ and, for p = 1, ‖a − b‖₁ ≥
// ‖a − b‖₂²/‖a − b‖_∞ ≥ ‖a − b‖₂²/M (M the largest coordinate range): most pairs the sweep visits are
// ruled out there without touching their d coordinates; so are most of the rest by a contiguous copy of
// sixteen coordinates (their largest difference). Maxima (‖·‖_∞, and the first
// pass for other p) visit first the coordinates that most often put a pair past the best (separatingOrder),
// then the rest by decreasing spread; a maximum does not depend on the order, and sums keep the ascending
// order, so every value is as before. The sweep reads its per-pair data copied in sweep order. The sweep's anchors run in blocks as tasks on every thread (separationSweep).
import { CancelToken, throwIfCancelled } from '../env';
import { kernels } from '../kernels/backend';
import type { NearestOpposite } from '../kernels/distances';
import { sharedFloat32, taskBlocks, type Parallel, serial, task } from '../parallel';
import { createRng } from '../random';
import { dualExponent, pNorm } from './norms';

export interface SeparationP {
  p: number;
  /** δ_p; 0 when two identical points carry different labels; Infinity when only one class is present */
  delta: number;
  /** indices of the attaining pair (first index < second), or null when only one class is present */
  pair: [number, number] | null;
}

export function separationP(
  X: Float32Array,
  N: number,
  d: number,
  y: ArrayLike<number>,
  p: number,
  cancel?: CancelToken,
  nearest?: NearestOpposite,
  parallel: Parallel = serial,
  geometry: SweepGeometry = sweepGeometry(X, N, d),
): SeparationP {
  if (!(p >= 1)) throw new RangeError(`p must be ≥ 1, got ${p}`);
  const { visit, range } = geometry;
  const { proj, scale } = sweepDirection(geometry, p);
  const labels = Int32Array.from(y);
  const c2 = p <= 2 ? 1 : Math.pow(d, (p === Infinity ? 0 : 1 / p) - 0.5);
  const order = Int32Array.from({ length: N }, (_, i) => i).sort((a, b) => proj[a] - proj[b] || a - b);
  let best = Infinity;
  let pair: [number, number] | null = null;
  // lower[i] ≤ ‖x_i − x_j‖_p for every j of another label (slack for the rounding of nn₂); 0 without nearest
  const lower = new Float64Array(N);
  if (nearest) {
    const distanceBelow = distanceFunction(X, d, p, visit);
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
  // the maxima's visiting order: the coordinates that most often separate pairs by more than the best
  // so far come first (the order changes no value: a maximum does not depend on it)
  const maxOrder = p === 1 || !(best > 0 && best < Infinity) ? visit : separatingOrder(X, N, d, labels, best, visit);
  // what the sweep reads of every pair it meets, in sweep order, each point's contiguous: its partners
  // then stream through memory instead of jumping over X; most pairs end at the leading coordinates of
  // that order (or at the sketch, for p ≤ 2)
  const K = Math.min(d, LEADING);
  const sketch = p <= 2 ? nearest?.sketch : undefined;
  const k = sketch?.k ?? 0;
  const sorted = {
    proj: Float64Array.from(order, (i) => proj[i]),
    labels: Int32Array.from(order, (i) => labels[i]),
    lower: Float64Array.from(order, (i) => lower[i]),
    leading: sharedFloat32(N * K),
    sketch: sharedFloat32(N * k),
  };
  order.forEach((i, a) => {
    for (let c = 0; c < K; c++) sorted.leading[a * K + c] = X[i * d + maxOrder[c]];
    if (sketch) sorted.sketch.set(sketch.P.subarray(i * k, (i + 1) * k), a * k);
  });
  // blocks of anchors in sweep order, each from the same first best: a block finds the first pair in its
  // own order below that best, and the earliest block holding the smallest is the serial sweep's answer
  const blocks = taskBlocks(N, parallel.threads).map(([from, to]): SweepBlock => ({
    X,
    d,
    p,
    scale,
    order,
    ...sorted,
    visit: maxOrder,
    range,
    K,
    k,
    slack2: sketch?.slack2 ?? 0,
    best,
    from,
    to,
  }));
  for (const part of parallel.map(separationSweepTask, blocks, cancel)) {
    if (part.pair && part.delta < best) {
      best = part.delta;
      pair = part.pair;
    }
  }
  return { p, delta: best, pair };
}

/** Coordinates read together from a point's contiguous copy before its row of X. */
const LEADING = 16;

/** Opposite-label pairs drawn to choose separatingOrder's leading coordinates, fewer in many dimensions
 * so a round of the greedy choice reads at most ORDER_READS coordinates. */
const ORDER_SAMPLE = 4096;
const ORDER_READS = 2 ** 22;

/** The coordinates in the order the maxima should visit them: first, greedily, the ones that separate
 * the most of a sample of opposite-label pairs by more than `limit` that the earlier ones left together
 * (up to LEADING of them), then the rest in `visit`'s order. High-variance coordinates are often
 * correlated (the bright pixels of one garment), so after the first they add little: on 20,000 Fashion-MNIST
 * training images at the final δ∞, the 16 coordinates of largest variance left 10 % of random opposite
 * pairs together, these 16 left 0.02 %. The sample is seeded, so the order is the same on every thread. */
export function separatingOrder(X: Float32Array, N: number, d: number, y: Int32Array, limit: number, visit: Int32Array): Int32Array {
  const rng = createRng('separating-order');
  const pairs: number[] = [];
  const sample = Math.max(16, Math.min(ORDER_SAMPLE, Math.floor(ORDER_READS / d)));
  for (let tries = 0; pairs.length < 2 * sample && tries < 8 * sample; tries++) {
    const i = Math.floor(rng.next() * N),
      j = Math.floor(rng.next() * N);
    if (y[i] !== y[j]) pairs.push(i * d, j * d);
  }
  let alive = pairs;
  const chosen: number[] = [];
  const taken = new Uint8Array(d);
  const count = new Int32Array(d);
  while (chosen.length < Math.min(d, LEADING) && alive.length > 0) {
    count.fill(0);
    for (let s = 0; s < alive.length; s += 2) {
      const a = alive[s],
        b = alive[s + 1];
      for (let c = 0; c < d; c++) if (Math.abs(X[a + c] - X[b + c]) > limit) count[c]++;
    }
    let next = -1;
    for (const c of visit) if (!taken[c] && (next < 0 || count[c] > count[next])) next = c;
    if (count[next] === 0) break;
    chosen.push(next);
    taken[next] = 1;
    const left: number[] = [];
    for (let s = 0; s < alive.length; s += 2) if (Math.abs(X[alive[s] + next] - X[alive[s + 1] + next]) <= limit) left.push(alive[s], alive[s + 1]);
    alive = left;
  }
  const rest = Array.from(visit).filter((c) => !taken[c]);
  return Int32Array.from([...chosen, ...rest]);
}

/** Anchors [from, to) of the sweep of separationP, from a best found before it, a task. Beside X and
 * `order`, every array is in sweep order (entry a is point order[a]'s). */
export interface SweepBlock {
  X: Float32Array;
  d: number;
  p: number;
  /** the projections and their Hölder constant */
  proj: Float64Array;
  scale: number;
  order: Int32Array;
  labels: Int32Array;
  lower: Float64Array;
  visit: Int32Array;
  range: number;
  /** N × K: the first K coordinates of `visit` of each point */
  leading: Float32Array;
  K: number;
  /** N × k: the ℓ2 sketch of each point (k = 0 without one; used for p ≤ 2) and its slack */
  sketch: Float32Array;
  k: number;
  slack2: number;
  best: number;
  from: number;
  to: number;
}

/** The block's smallest distance below `best` and the first pair in sweep order attaining it (pair null when none is below). */
export function separationSweep(t: SweepBlock, cancel?: CancelToken): { delta: number; pair: [number, number] | null } {
  const { X, d, p, proj, scale, order, labels, lower, range, leading, K, sketch, k, slack2 } = t;
  const N = order.length;
  const distanceBelow = distanceFunction(X, d, p, t.visit);
  const c2 = p <= 2 ? 1 : Math.pow(d, (p === Infinity ? 0 : 1 / p) - 0.5);
  /** a lower bound of ‖x_a − x_b‖_p from the sketch (0 without one), a little below it for rounding */
  const sketchBound = (a: number, b: number): number => {
    if (k === 0) return 0;
    let s = 0;
    for (let u = a * k, v = b * k, end = u + k; u < end; u++, v++) s += (sketch[u] - sketch[v]) * (sketch[u] - sketch[v]);
    const l2 = Math.max(0, Math.sqrt(s) * (1 - 1e-9) - slack2);
    return Math.max(c2 * l2, p === 1 && range > 0 ? ((l2 * l2) / range) * (1 - 1e-9) : 0);
  };
  // the leading coordinates' largest difference bounds ‖·‖_p and its computation (distanceFunction) from
  // below; for p = 1 the sketch's bound is far tighter (on Fashion 0-vs-6 the sixteen coordinates' sum
  // ruled out none of the pairs the sketch let through), so they are not read
  const lead = p === 1 ? 0 : K;
  let best = t.best;
  // a little slack absorbs rounding in the projections; it only costs extra visits
  let reach = best * (1 + 1e-9);
  let pair: [number, number] | null = null;
  for (let a = t.from; a < t.to; a++) {
    if (((a - t.from) & 1023) === 0) throwIfCancelled(cancel);
    if (lower[a] > best) continue;
    const ta = proj[a],
      ya = labels[a];
    for (let b = a + 1; b < N; b++) {
      if ((proj[b] - ta) / scale > reach) break;
      if (labels[b] === ya || lower[b] > best || sketchBound(a, b) > best) continue;
      let u = a * lead;
      const end = u + lead;
      for (let v = b * lead; u < end && Math.abs(leading[u] - leading[v]) <= best; v++) u++;
      if (u < end) continue;
      const i = order[a],
        j = order[b];
      const dist = distanceBelow(i, j, best);
      if (dist < best) {
        best = dist;
        reach = best * (1 + 1e-9);
        pair = i < j ? [i, j] : [j, i];
        if (best === 0) return { delta: 0, pair };
      }
    }
  }
  return { delta: best, pair };
}

/** What the sweep needs of the points whatever p is, computed once for all p: the coordinates by
 * decreasing variance (the order the maxima and the leading coordinates visit: where two points differ
 * most often, which on pixels is not where the range is widest, as every pixel spans the same range),
 * the largest range M (≥ |a_k − b_k| for every pair and k), and the projections on the first of those
 * coordinates and on the principal direction with their standard deviations. */
export interface SweepGeometry {
  visit: Int32Array;
  range: number;
  coordinate: Float64Array;
  principal: { proj: Float64Array; direction: Float64Array } | null;
  spreads: { coordinate: number; principal: number };
}

export function sweepGeometry(X: Float32Array, N: number, d: number): SweepGeometry {
  // one pass over the rows in memory order (a pass per column strides through all of X d times)
  const lo = new Float64Array(d).fill(Infinity),
    hi = new Float64Array(d).fill(-Infinity);
  const sum = new Float64Array(d),
    sum2 = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let c = 0, o = i * d; c < d; c++) {
      const v = X[o + c];
      if (v < lo[c]) lo[c] = v;
      if (v > hi[c]) hi[c] = v;
      sum[c] += v;
      sum2[c] += v * v;
    }
  }
  let range = 0;
  const variance = new Float64Array(d);
  for (let c = 0; c < d && N > 0; c++) {
    range = Math.max(range, hi[c] - lo[c]);
    variance[c] = sum2[c] / N - (sum[c] / N) * (sum[c] / N);
  }
  const visit = Int32Array.from({ length: d }, (_, c) => c).sort((a, b) => variance[b] - variance[a] || a - b);
  const coordinate = Float64Array.from({ length: N }, (_, i) => X[i * d + (visit[0] ?? 0)]);
  const principal = N < 2 || d === 1 ? null : kernels().spreadProjection(X, N, d);
  return { visit, range, coordinate, principal, spreads: { coordinate: stdDev(coordinate), principal: principal ? stdDev(principal.proj) : 0 } };
}

/** Projections to sweep along (the coordinate of largest variance, or the principal direction v) and
 * their Hölder constant c: |Δproj| ≤ c‖Δx‖_p, c = 1 for a coordinate and ‖v‖_{p'} for v (a hair above
 * it for rounding): for p = 1 that is v's largest entry, far below its ℓ2 norm 1 when v spreads over many
 * coordinates (pixels), so the window of the sweep narrows as much. The one whose projections spread
 * more per unit of c wins. */
function sweepDirection(g: SweepGeometry, p: number): { proj: Float64Array; scale: number } {
  if (!g.principal) return { proj: g.coordinate, scale: 1 };
  const principalScale = pNorm(g.principal.direction, dualExponent(p)) * (1 + 1e-12);
  return g.spreads.principal / principalScale > g.spreads.coordinate ? { proj: g.principal.proj, scale: principalScale } : { proj: g.coordinate, scale: 1 };
}

function stdDev(v: Float64Array): number {
  let m = 0;
  for (const x of v) m += x;
  m /= v.length;
  let s = 0;
  for (const x of v) s += (x - m) * (x - m);
  return Math.sqrt(s / v.length);
}

/**
 * (i, j, limit) ↦ ‖x_i − x_j‖_p, or any value ≥ limit once it is clear the distance reaches the limit.
 * visit: the coordinates in the order the maxima visit them.
 */
export function distanceFunction(X: ArrayLike<number>, d: number, p: number, visit: Int32Array) {
  return (i: number, j: number, limit: number): number => {
    const oi = i * d,
      oj = j * d;
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
      const c = visit[q];
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

export const separationSweepTask = task('separationSweep', separationSweep);
