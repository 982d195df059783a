// Exact per-draw thresholds for the threshold activation (SCIENCE.md §3).
//
// Why the pair condition is exact: if some x⁺ has act(x⁺) ⊆ act(x⁻), then for every neuron (u, m),
// u ⊆ inactive units, s(x⁻) = |u ∩ act(x⁻)| ≥ |u ∩ act(x⁺)| = s(x⁺) ≥ m, so x⁻ is never covered;
// otherwise x⁻'s own candidacy (if it is still uncovered when picked) gives m > 0 and s(x⁻) = 0 < m.
// So a width-n draw interpolates iff every pair (x⁻, x⁺) has a unit j < n active at x⁺ and inactive
// at x⁻, and since the first n units of a draw are a width-n draw, n*(draw) = 1 + max over pairs of
// the first such unit: one draw gives its whole interpolation-vs-width step at once.
//
// Cost: the draw starts with START_WIDTH units on every point; the pairs still unseparated then go on
// a word of units at a time on their own points only (finishPendingPairs), or, when there are too many
// of them, the draw doubles on every point (up to maxWidth). Bits already computed and pairs already
// scanned are kept: the first separating unit of a pair never changes when units are appended.
import { throwIfCancelled, type CancelToken } from '../env';
import { taskBlocks, serial, task } from '../parallel';
import { kernels, type ThresholdLayer } from '../kernels/backend';
import { copyWords } from '../kernels/bitRows';
import { firstSeparatingUnitFrom } from '../kernels/separatingUnit';
import { FirstLayerDraw } from './firstLayer';
import type { DrawSettings, Points } from './problem';

/** units computed on every point before the unseparated pairs are finished on their own points (at least 64: see listUnseparated) */
const START_WIDTH = 128;
/**
 * the same for a draw whose bits are kept for the K measurement (K's cover loop needs its units up to n*
 * on every point anyway, so computing them here costs nothing extra), and in fewer than
 * NARROW_START_MIN_D dimensions, where units on every point are cheap against listing and finishing the
 * pairs (the pending pairs' cost does not shrink with d): digits (d = 64) took 1.1–1.5× the CPU starting
 * at 128, Fashion (d = 784) 0.75×
 */
const FULL_START_WIDTH = 256;
const NARROW_START_MIN_D = 256;
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
  const layer = kernels().thresholdLayer(X, N, d, maxWidth, lambdas.length, LIST_PAIRS);
  const count = c.to - c.from;
  const thresholds = jobs.map((job) => job.pairs.map(() => new Array<number | null>(count).fill(null)));
  const kept: (KeptBits | undefined)[] = [];
  const states = jobs.map((job) => job.pairs.map(() => new Float64Array(2)));
  const done = jobs.map((job) => job.pairs.map(() => false));
  for (let t = c.from; t < c.to; t++) {
    throwIfCancelled(cancel);
    const draw = new FirstLayerDraw(c.seed, t, d, lambdas, maxWidth);
    for (const sts of states) for (const st of sts) st.set([-1, 0]);
    for (const dn of done) dn.fill(false);
    const keeps = c.keepJob >= 0 && t < c.keepBelow;
    const start = Math.min(keeps || d < NARROW_START_MIN_D ? FULL_START_WIDTH : START_WIDTH, maxWidth);
    let width = start;
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
      if (width === start && finishPendingPairs(c, draw, jobs, setOf, classRows, layer, nWords, states, done, maxWidth)) break;
      width = Math.min(2 * width, maxWidth);
    }
    jobs.forEach((job, l) => job.pairs.forEach((_, p) => (thresholds[l][p][t - c.from] = done[l][p] ? states[l][p][0] + 1 : null)));
    // Whole words computed for every point; the K measurement then only computes the units past them.
    const words = Math.min(draw.n, width) >>> 5;
    if (keeps && N * words <= c.keepWords) {
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

/** at most this many unseparated (x⁻, x⁺) pairs after the first units are finished on their own points (8 bytes each in the layer's memory) */
const LIST_PAIRS = 1 << 20;
/** units the finishing computes at a time: after each word, only the points of pairs still unseparated go on */
const STEP = 32;

/**
 * After the first units, the unseparated pairs involve only part of the points, and only those need the
 * draw's further units: finishes the draw on them alone, a word of units at a time, dropping the points
 * whose pairs are all separated (so the product on every point covers START_WIDTH units, and each
 * further word only the points still pending: on Fashion 0-vs-6 at λ = 1, from 128 units, 40–60 % of the
 * points for the next word, a quarter for the one after). Lists the unseparated pairs from where each
 * scan stood, in one pass (listUnseparated); if there are more than LIST_PAIRS,
 * restores the states and returns false (the caller goes on with every point, from where each scan
 * stood). Else updates states[l][p][0] to the max first separating unit and done[l][p], and returns
 * true. Job l's bits are bias set setOf[l] (one per distinct λ).
 */
function finishPendingPairs(
  points: Points,
  draw: FirstLayerDraw,
  jobs: LambdaPairs[],
  setOf: number[],
  classRows: Int32Array[],
  layer: ThresholdLayer,
  nWords: number,
  states: Float64Array[][],
  done: boolean[][],
  maxWidth: number,
): boolean {
  const lists: { l: number; p: number; pairs: Int32Array }[] = [];
  let total = 0;
  // where each scan stood: on giving up, the caller resumes from there (the pairs before are final)
  const resumeAt = states.map((sts) => sts.map((st) => st.slice()));
  for (const [l, job] of jobs.entries()) {
    for (const [p, [a, b]] of job.pairs.entries()) {
      if (done[l][p]) continue;
      const rows = job.classRows ?? classRows;
      const neg = rows[a],
        pos = rows[b];
      const listed = layer.listUnseparated(setOf[l], neg, pos, nWords, states[l][p], LIST_PAIRS - total);
      if (!listed) {
        states.forEach((sts, l2) => sts.forEach((st, p2) => st.set(resumeAt[l2][p2])));
        return false;
      }
      total += listed.length / 2;
      // as point indices, x⁻ first
      for (let k = 0; k < listed.length; k += 2) [listed[k], listed[k + 1]] = [neg[listed[k]], pos[listed[k + 1]]];
      lists.push({ l, p, pairs: listed });
    }
  }
  let pending = lists.map((q) => q.pairs);
  for (let width = nWords * 32; width < maxWidth && pending.some((q) => q.length > 0); width = Math.min(width + STEP, maxWidth)) {
    const next = Math.min(width + STEP, maxWidth);
    draw.extendTo(next);
    layer.compute(draw.W, draw.biases, width, next, pendingPoints(pending, points.N));
    // Units below `width` separate none of the pending pairs: only the words added are scanned.
    const from = width >>> 5,
      words = (next + 31) >>> 5,
      stride = layer.stride;
    pending = pending.map((pairs, q) => {
      const { l, p } = lists[q],
        bits = layer.bits(setOf[l]),
        left: number[] = [];
      let max = states[l][p][0];
      for (let k = 0; k < pairs.length; k += 2) {
        const j = firstSeparatingUnitFrom(bits, pairs[k + 1] * stride, pairs[k] * stride, from, words);
        if (j >= 0) max = Math.max(max, j);
        else left.push(pairs[k], pairs[k + 1]);
      }
      states[l][p][0] = max;
      return left.length === pairs.length ? pairs : Int32Array.from(left);
    });
  }
  lists.forEach(({ l, p }, q) => (done[l][p] = pending[q].length === 0));
  return true;
}

/** the distinct points of the pair lists, ascending */
function pendingPoints(lists: Int32Array[], N: number): Int32Array {
  const seen = new Uint8Array(N);
  for (const pairs of lists) for (const i of pairs) seen[i] = 1;
  const ids: number[] = [];
  seen.forEach((v, i) => v && ids.push(i));
  return Int32Array.from(ids);
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
