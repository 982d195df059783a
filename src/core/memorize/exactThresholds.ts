// Exact per-draw thresholds for the threshold activation (SPEC §3).
//
// Why the pair condition is exact: if some x⁺ has act(x⁺) ⊆ act(x⁻), then for every neuron (u, m),
// u ⊆ inactive units, s(x⁻) = |u ∩ act(x⁻)| ≥ |u ∩ act(x⁺)| = s(x⁺) ≥ m, so x⁻ is never covered;
// otherwise x⁻'s own candidacy (if it is still uncovered when picked) gives m > 0 and s(x⁻) = 0 < m.
// So a width-n draw interpolates iff every pair (x⁻, x⁺) has a unit j < n active at x⁺ and inactive
// at x⁻, and since the first n units of a draw are a width-n draw, n*(draw) = 1 + max over pairs of
// the first such unit: one draw gives its whole interpolation-vs-width step at once.
//
// Cost: the draw starts with a few hundred units and doubles only while some pair is still
// unseparated (up to maxWidth). Bits already computed and pairs already scanned are kept: the first
// separating unit of a pair never changes when units are appended.
import { throwIfCancelled } from '../env';
import { thresholdBits } from '../kernels/layer1';
import { scanFirstSeparatingUnits } from '../kernels/separatingUnit';
import { FirstLayerDraw } from './firstLayer';
import type { DrawSettings, Points } from './problem';

const START_WIDTH = 256;

/**
 * For each ordered class pair [a, b] (class a as X⁻, class b as X⁺) and each draw t: the smallest
 * width n at which draw t separates every (x⁻ ∈ a, x⁺ ∈ b) pair, or null if not within maxWidth.
 * Result [pair][draw].
 */
export function classPairThresholds(
  points: Points, classRows: Int32Array[], pairs: [number, number][], s: DrawSettings,
): (number | null)[][] {
  const { X, N, d } = points;
  const stride = (s.maxWidth + 31) >>> 5;
  const bits = new Uint32Array(N * stride);
  const result = pairs.map(() => new Array<number | null>(s.draws).fill(null));
  const states = pairs.map(() => new Int32Array(2));
  for (let t = 0; t < s.draws; t++) {
    throwIfCancelled(s.cancel);
    const draw = new FirstLayerDraw(s.seed, t, d, s.lambda, s.maxWidth);
    for (const st of states) st.set([-1, 0]);
    const done = pairs.map(() => false);
    let width = Math.min(START_WIDTH, s.maxWidth);
    for (;;) {
      const computed = draw.n;
      draw.extendTo(width);
      thresholdBits(X, N, d, draw.W, draw.b, computed, width, bits, stride);
      const nWords = (width + 31) >>> 5;
      pairs.forEach(([a, b], p) => {
        if (!done[p]) done[p] = scanFirstSeparatingUnits(bits, stride, classRows[a], classRows[b], nWords, states[p]);
      });
      if (done.every(Boolean) || width === s.maxWidth) break;
      throwIfCancelled(s.cancel);
      width = Math.min(2 * width, s.maxWidth);
    }
    pairs.forEach((_, p) => (result[p][t] = done[p] ? states[p][0] + 1 : null));
    s.onProgress?.((t + 1) / s.draws);
  }
  return result;
}

/** Per draw, the max of the given per-pair thresholds (null if any is null): a network needs them all. */
export function maxThresholds(perPair: (number | null)[][]): (number | null)[] {
  const T = perPair[0]?.length ?? 0;
  return Array.from({ length: T }, (_, t) => {
    let max = 0;
    for (const row of perPair) {
      const v = row[t];
      if (v === null) return null;
      if (v > max) max = v;
    }
    return max;
  });
}
