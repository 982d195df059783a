// Exact per-draw thresholds for the threshold activation (SCIENCE.md §3).
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
import { throwIfCancelled, type CancelToken } from '../env';
import { taskBlocks, serial, task } from '../parallel';
import { kernels, type ThresholdLayer } from '../kernels/backend';
import { copyWords } from '../kernels/bitRows';
import { firstSeparatingUnitFrom } from '../kernels/separatingUnit';
import { gatherRows } from '../geometry/points';
import { FirstLayerDraw } from './firstLayer';
import type { DrawSettings, Points } from './problem';

const START_WIDTH = 256;
/** bits kept for reuse by the K measurement: at most 2^26 words (256 MB) over all draws */
export const KEEP_WORDS = 2 ** 26;

/** A draw's bit rows as the threshold pass left them: the first `words` words of each of the N rows. */
export interface KeptBits {
  bits: Uint32Array;
  words: number;
}

/** Ordered class pairs [a, b] (class a as X⁻, class b as X⁺) whose thresholds are wanted at one λ. */
export interface LambdaPairs {
  lambda: number;
  pairs: [number, number][];
  /** this job's rows of each class when not the shared ones (a subset: the held-out check's train split) */
  classRows?: Int32Array[];
}

/**
 * For each ordered class pair [a, b] (class a as X⁻, class b as X⁺) and each draw t: the smallest
 * width n at which draw t separates every (x⁻ ∈ a, x⁺ ∈ b) pair, or null if not within maxWidth.
 * Result [pair][draw − first of s.range]. s.lambda is the λ.
 */
export function classPairThresholds(points: Points, classRows: Int32Array[], pairs: [number, number][], s: DrawSettings): (number | null)[][] {
  return lambdaPairThresholds(points, classRows, [{ lambda: s.lambda, pairs }], s)[0];
}

/**
 * classPairThresholds at several λ at once (s.lambda is ignored), optionally keeping each draw's bit rows
 * of jobs[keep.job] in keep.into[draw] (within a memory budget; a draw past it is not kept): the biases
 * λ·(2v − 1) share v, so each draw's W·x is computed once and thresholded for every λ. A draw grows
 * while any λ has an unseparated pair; a λ that is done early only costs the comparisons. Draws are
 * independent, so chunks of them run as parallel tasks. Result [job][pair][draw].
 */
export function lambdaPairThresholds(points: Points, classRows: Int32Array[], jobs: LambdaPairs[], s: DrawSettings, keep?: KeepBits): (number | null)[][][] {
  const parallel = s.parallel ?? serial;
  const [first, last] = s.range ?? [0, s.draws];
  const chunks = taskBlocks(last - first, parallel.threads).map(([a, b]) => [first + a, first + b]);
  const inputs = chunks.map(([from, to]): ThresholdChunk => ({
    ...points,
    classRows,
    jobs,
    seed: s.seed,
    from,
    to,
    maxWidth: s.maxWidth,
    keepJob: keep?.job ?? -1,
    keepBelow: keep?.below ?? 0,
    keepWords: Math.floor(KEEP_WORDS / Math.max(1, Math.min(s.draws, keep?.below ?? 0))),
  }));
  const outputs = parallel.map(thresholdChunkTask, inputs, s.cancel, (done) => s.onProgress?.(done / chunks.length));
  const result = jobs.map((job) => job.pairs.map(() => new Array<number | null>(last - first).fill(null)));
  outputs.forEach((out, c) => {
    const from = chunks[c][0];
    out.thresholds.forEach((perPair, l) => perPair.forEach((row, p) => row.forEach((v, k) => (result[l][p][from - first + k] = v))));
    out.kept.forEach((bits, k) => keep && (keep.into[from + k] = bits));
  });
  return result;
}

/** Which draws' bit rows lambdaPairThresholds keeps, for the K measurement: those of jobs[job], draws below `below`. */
export interface KeepBits {
  job: number;
  /** the draws K may be measured on (K_DRAWS): the bits of later draws would never be read */
  below: number;
  into: (KeptBits | undefined)[];
}

/** Draws [from, to) of lambdaPairThresholds, a task; keepWords: the most words a draw below keepBelow may keep. */
export interface ThresholdChunk extends Points {
  classRows: Int32Array[];
  jobs: LambdaPairs[];
  seed: string;
  from: number;
  to: number;
  maxWidth: number;
  keepJob: number;
  keepBelow: number;
  keepWords: number;
}

export function thresholdChunk(c: ThresholdChunk, cancel?: CancelToken): { thresholds: (number | null)[][][]; kept: (KeptBits | undefined)[] } {
  const { X, N, d, classRows, jobs, maxWidth } = c;
  // one bias set per distinct λ: jobs at the same λ (the held-out check's train split) share its bits
  const lambdas = [...new Set(jobs.map((j) => j.lambda))];
  const setOf = jobs.map((j) => lambdas.indexOf(j.lambda));
  const layer = kernels().thresholdLayer(X, N, d, maxWidth, lambdas.length);
  const count = c.to - c.from;
  const thresholds = jobs.map((job) => job.pairs.map(() => new Array<number | null>(count).fill(null)));
  const kept: (KeptBits | undefined)[] = [];
  const states = jobs.map((job) => job.pairs.map(() => new Int32Array(2)));
  const done = jobs.map((job) => job.pairs.map(() => false));
  for (let t = c.from; t < c.to; t++) {
    throwIfCancelled(cancel);
    const draw = new FirstLayerDraw(c.seed, t, d, lambdas, maxWidth);
    for (const sts of states) for (const st of sts) st.set([-1, 0]);
    for (const dn of done) dn.fill(false);
    let width = Math.min(START_WIDTH, maxWidth);
    for (;;) {
      const computed = draw.n;
      draw.extendTo(width);
      layer.compute(draw.W, draw.biases, computed, width);
      const nWords = (width + 31) >>> 5;
      let all = true;
      jobs.forEach((job, l) => {
        job.pairs.forEach(([a, b], p) => {
          const rows = job.classRows ?? classRows;
          if (!done[l][p]) done[l][p] = layer.scan(setOf[l], rows[a], rows[b], nWords, states[l][p]);
          all &&= done[l][p];
        });
      });
      if (all || width === maxWidth) break;
      throwIfCancelled(cancel);
      if (width === START_WIDTH && finishFewPairs(c, draw, jobs, setOf, classRows, layer, nWords, states, done, maxWidth)) break;
      width = Math.min(2 * width, maxWidth);
    }
    jobs.forEach((job, l) => job.pairs.forEach((_, p) => (thresholds[l][p][t - c.from] = done[l][p] ? states[l][p][0] + 1 : null)));
    // Whole words computed for every point; the K measurement then only computes the units past them.
    const words = Math.min(draw.n, width) >>> 5;
    if (c.keepJob >= 0 && t < c.keepBelow && N * words <= c.keepWords) {
      const bits = new Uint32Array(N * words);
      copyWords(bits, words, layer.bits(setOf[c.keepJob]), layer.stride, words, N);
      kept.push({ bits, words });
    } else {
      kept.push(undefined);
    }
  }
  layer.release?.();
  return { thresholds, kept };
}

/** at most this many unseparated (x⁻, x⁺) pairs after the first units are finished on their own points */
const FEW_PAIRS = 8192;

/**
 * After the first units, usually only a few point pairs are still unseparated, and only their points
 * need the draw's further units: finishes the draw on those points alone (the costly full-width product
 * then covers START_WIDTH units instead of the draw's threshold). Lists the unseparated pairs by
 * resuming each scan past them; if there are more than FEW_PAIRS, restores the states and returns false
 * (the caller goes on with every point, from where each scan stood). Else updates states[l][p][0] to the max first separating unit
 * and done[l][p], and returns true. Job l's bits are bias set setOf[l] (one per distinct λ).
 */
function finishFewPairs(
  points: Points,
  draw: FirstLayerDraw,
  jobs: LambdaPairs[],
  setOf: number[],
  classRows: Int32Array[],
  layer: ThresholdLayer,
  nWords: number,
  states: Int32Array[][],
  done: boolean[][],
  maxWidth: number,
): boolean {
  const lists: { l: number; p: number; pairs: number[] }[] = [];
  let total = 0;
  // where each scan stood: on giving up, the caller resumes from there (the pairs before are final)
  const resumeAt = states.map((sts) => sts.map((st) => st.slice()));
  for (const [l, job] of jobs.entries()) {
    for (const [p, [a, b]] of job.pairs.entries()) {
      if (done[l][p]) continue;
      const rows = job.classRows ?? classRows;
      const neg = rows[a],
        pos = rows[b],
        st = states[l][p],
        pairs: number[] = [];
      while (!layer.scan(setOf[l], neg, pos, nWords, st) && ++total <= FEW_PAIRS) {
        pairs.push(neg[(st[1] / pos.length) | 0], pos[st[1] % pos.length]);
        st[1]++;
      }
      if (total > FEW_PAIRS) {
        states.forEach((sts, l2) => sts.forEach((st, p2) => st.set(resumeAt[l2][p2])));
        return false;
      }
      lists.push({ l, p, pairs });
    }
  }
  const { X, d } = points;
  const ids = [...new Set(lists.flatMap((q) => q.pairs))].sort((a, b) => a - b);
  const local = new Map(ids.map((i, r) => [i, r]));
  const sub = gatherRows(X, d, ids);
  // only the bias sets of the jobs with pairs left (a λ sweep: often one λ of several)
  const sets = [...new Set(lists.map((q) => setOf[q.l]))];
  const biases = sets.map((set) => draw.biases[set]);
  const few = kernels().thresholdLayer(sub, ids.length, d, maxWidth, sets.length);
  // The pairs are scanned here, not through few.scan: one call per pair per doubling would cost more in
  // call overhead than the scan itself. Units below `scanned` words separate none of the pending pairs,
  // so each doubling scans only the words it added (the last word again when the width is not a
  // multiple of 32: its later bits were 0).
  let pending = lists.map((q) => Int32Array.from(q.pairs, (i) => local.get(i)!));
  let width = nWords * 32,
    computed = 0,
    scanned = nWords;
  while (pending.some((q) => q.length > 0) && width < maxWidth) {
    width = Math.min(2 * width, maxWidth);
    draw.extendTo(width);
    few.compute(draw.W, biases, computed, width);
    computed = width;
    const words = (width + 31) >>> 5,
      from = Math.max(0, scanned - 1),
      stride = few.stride;
    scanned = words;
    pending = pending.map((pairs, q) => {
      const { l, p } = lists[q],
        bits = few.bits(sets.indexOf(setOf[l])),
        left: number[] = [];
      let max = states[l][p][0];
      for (let k = 0; k < pairs.length; k += 2) {
        const j = firstSeparatingUnitFrom(bits, pairs[k + 1] * stride, pairs[k] * stride, from, words);
        if (j >= 0) max = Math.max(max, j);
        else left.push(pairs[k], pairs[k + 1]);
      }
      states[l][p][0] = max;
      return Int32Array.from(left);
    });
  }
  lists.forEach(({ l, p }, q) => (done[l][p] = pending[q].length === 0));
  few.release?.();
  return true;
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

export const thresholdChunkTask = task('thresholdChunk', thresholdChunk);
