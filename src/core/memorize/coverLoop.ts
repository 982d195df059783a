// The second layer by the randomized cover loop (SCIENCE.md §2, step 2, the authors' algorithm.py, lines 2–11 of
// their Algorithm 2). One loop for both activations; only how s(x) = ⟨u, h(x)⟩ is computed differs
// (bit counts for threshold, float sums for ReLU), behind ActivationScores.
import type { Rng } from '../random';
import { bitScores } from '../kernels/backend';
import { markMaskedSumBelow, minMaskedSum } from '../kernels/maskedSums';

/** The second layer: K neurons g_k(x) = σ(m_k − ⟨u_k, h(x)⟩), u_k a 0/1 vector over the n units. */
export interface SecondLayer {
  n: number;
  K: number;
  /** words per u_k: ⌈n/32⌉ */
  nWords: number;
  /** K × nWords, row k = u_k bit-packed (bit j = unit j) */
  U: Uint32Array;
  m: Float64Array;
  /** the loop added no neuron, so K = 1 is the neuron that always outputs 0 (u = 0, m = 0) */
  dummy: boolean;
  /** x⁻ points left uncovered: 0 iff the network interpolates (x⁺ are always right) */
  uncovered: number;
}

/** s(x) = ⟨u, h(x)⟩ for one activation, over the first n units of a draw. */
export interface ActivationScores {
  readonly n: number;
  /** u = indicator of the units inactive at point i (h_j(x_i) = 0), bit-packed into u */
  setInactive(i: number, u: Uint32Array): void;
  /** min over rows[0..count) of s(x) for the u last set; rows unchanged between calls with the same array (see BitScores.min) */
  min(rows: Int32Array, count: number, u: Uint32Array): number;
  /** below[r] = 1 iff s(x_rows[r]) < bound; returns how many */
  markBelow(rows: Int32Array, count: number, u: Uint32Array, bound: number, below: Uint8Array): number;
}

/** Threshold scores over bit rows in JavaScript memory (kernels().thresholdLayer(...).scores is the fast path). */
export const thresholdScores = bitScores;

export function reluScores(act: Float32Array, stride: number, n: number): ActivationScores {
  const units = new Int32Array(n);
  let unitCount = 0;
  return {
    n,
    setInactive(i, u) {
      u.fill(0);
      unitCount = 0;
      const o = i * stride;
      for (let j = 0; j < n; j++) {
        if (act[o + j] === 0) {
          u[j >>> 5] |= 1 << (j & 31);
          units[unitCount++] = j;
        }
      }
    },
    min: (rows, count) => minMaskedSum(act, stride, rows, count, units, unitCount),
    markBelow: (rows, count, _u, bound, below) => markMaskedSumBelow(act, stride, rows, count, units, unitCount, bound, below),
  };
}

/**
 * The randomized cover loop. neg, pos: point indices of X⁻ and X⁺ (both non-empty). While candidates and
 * uncovered x⁻ remain: pick a candidate uniformly at random among the remaining ones (in index order,
 * as the reference's rng.choice over np.where(candidates)), drop it from the candidates; u = its
 * inactive units; m = min over X⁺ of s; if m > 0 add the neuron (u, m) and drop every x⁻ with s < m
 * from both sets (the candidate itself has s = 0, so it is always covered then).
 * Every x⁺ has s ≥ m for every neuron, so it is never classified X⁻.
 */
export function coverLoop(scores: ActivationScores, neg: Int32Array, pos: Int32Array, rng: Rng): SecondLayer {
  const n = scores.n,
    nWords = (n + 31) >>> 5;
  // candidates ⊆ uncovered at all times: both start as X⁻ and lose the same covered points.
  const candidates = Int32Array.from(neg);
  let candidateCount = candidates.length;
  const uncovered = Int32Array.from(neg);
  let uncoveredCount = uncovered.length;
  const below = new Uint8Array(uncovered.length);
  let maxIndex = 0;
  for (const i of neg) if (i > maxIndex) maxIndex = i;
  const covered = new Uint8Array(maxIndex + 1);

  const us: Uint32Array[] = [];
  const ms: number[] = [];
  const u = new Uint32Array(nWords);
  while (candidateCount > 0 && uncoveredCount > 0) {
    const r = rng.int(candidateCount);
    const i = candidates[r];
    candidates.copyWithin(r, r + 1, candidateCount);
    candidateCount--;

    scores.setInactive(i, u);
    const m = scores.min(pos, pos.length, u);
    if (!(m > 0)) continue;
    us.push(u.slice());
    ms.push(m);

    scores.markBelow(uncovered, uncoveredCount, u, m, below);
    let keep = 0;
    for (let q = 0; q < uncoveredCount; q++) {
      if (below[q]) covered[uncovered[q]] = 1;
      else uncovered[keep++] = uncovered[q];
    }
    uncoveredCount = keep;
    keep = 0;
    for (let q = 0; q < candidateCount; q++) if (!covered[candidates[q]]) candidates[keep++] = candidates[q];
    candidateCount = keep;
  }

  const dummy = us.length === 0;
  const K = dummy ? 1 : us.length;
  const U = new Uint32Array(K * nWords);
  us.forEach((row, k) => U.set(row, k * nWords));
  const m = dummy ? new Float64Array(1) : Float64Array.from(ms);
  return { n, K, nWords, U, m, dummy, uncovered: uncoveredCount };
}
