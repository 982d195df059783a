// What makes a dataset hard to memorize (SCIENCE.md §9, "Bottleneck rows"): for the threshold network,
// draw t's n*(draw) is set by the pairs (x⁻, x⁺) whose first separating unit comes last, unit n*(t) − 1.
// The threshold pass keeps only the maximum, so the pairs are found here afresh: the draw's first layer
// is recomputed from its seed (FirstLayerDraw, the same units the pass used) and every pair scanned.
// Points are ranked by how often they are in such a pair and how late their pairs are separated; the
// what-if removes the top k rows and runs the exact threshold pass on what is left.
import type { Dataset } from '../data/dataset';
import { normalize } from '../data/normalize';
import { throwIfCancelled, type CancelToken } from '../env';
import { kernels } from '../kernels/backend';
import { firstSeparatingUnit } from '../kernels/separatingUnit';
import type { Parallel } from '../parallel';
import type { Approximation, BottleneckReport, BottleneckRow, FindingsReport, Normalization } from '../report';
import { PRODUCTS, budgetedDraws } from './budget';
import { requiredWidth, thresholdCurve } from './curve';
import { FirstLayerDraw } from './firstLayer';
import { binaryNetwork, rowsByClass } from './problem';
import { lambdaNetworkThresholds, networkThresholds } from './thresholdStudy';

/** draws whose bottleneck pairs are looked for, at most: the ranking is a frequency over draws */
export const BOTTLENECK_DRAWS = 20;
/** pairs (x⁻, x⁺) scanned over all those draws, at most: each scan is |X⁻|·|X⁺| pairs */
export const BOTTLENECK_PAIRS = 2e8;
/** rows listed in the report, at most (the ranking's head: the what-if removes at most 1 % of N) */
export const BOTTLENECK_LISTED = 50;
/** multiply-adds each what-if's threshold pass may spend (its draws are cut to fit, n* before compared on the same draws) */
export const WHAT_IF_PRODUCTS = 4 * PRODUCTS;

export interface BottleneckInput {
  /** the dataset as read (the what-if renormalises what is left of it) and its normalised points */
  ds: Dataset;
  X: Float32Array;
  mode: Normalization;
  /** X⁻ and X⁺ as class indices, and the study's draws */
  negative: number;
  positive: number;
  thresholds: (number | null)[];
  seed: string;
  lambda: number;
  eta: number;
  maxWidth: number;
  /** the findings to cross-reference, when they exist */
  findings?: FindingsReport;
}

export interface BottleneckEnv {
  cancel?: CancelToken;
  parallel?: Parallel;
  approximate?: (a: Approximation) => void;
}

/** per point: draws in which it is in a pair separated only by the draw's last unit, and Σ over draws of (its latest first separating unit + 1)/n*(draw) */
export interface BottleneckCounts {
  often: Int32Array;
  lateness: Float64Array;
  /** draws scanned */
  draws: number[];
  /** per draw scanned, its bottleneck pairs as [x⁻, x⁺] point indices */
  pairs: [number, number][][];
}

/** The bottleneck pairs of the given draws, from their first layers recomputed at their n*(draw). */
export function bottleneckCounts(
  points: { X: Float32Array; N: number; d: number },
  neg: Int32Array,
  pos: Int32Array,
  thresholds: (number | null)[],
  draws: number[],
  s: { seed: string; lambda: number; cancel?: CancelToken },
): BottleneckCounts {
  const { X, N, d } = points;
  const often = new Int32Array(N),
    lateness = new Float64Array(N);
  const latest = new Int32Array(N);
  const pairs: [number, number][][] = [];
  for (const t of draws) {
    const n = thresholds[t]!;
    const draw = new FirstLayerDraw(s.seed, t, d, s.lambda, n);
    draw.extendTo(n);
    const layer = kernels().thresholdLayer(X, N, d, n, 1);
    layer.compute(draw.W, [draw.b], 0, n);
    const bits = layer.bits(0),
      stride = layer.stride,
      words = (n + 31) >>> 5;
    latest.fill(-1);
    const found: [number, number][] = [];
    for (const a of neg) {
      throwIfCancelled(s.cancel);
      for (const c of pos) {
        const j = firstSeparatingUnit(bits, c * stride, a * stride, words);
        if (j > latest[a]) latest[a] = j;
        if (j > latest[c]) latest[c] = j;
        if (j === n - 1) found.push([a, c]);
      }
    }
    // the pass's threshold is the max over pairs + 1: the recomputed layer must give it back
    if (found.length === 0) throw new Error(`draw ${t}: no pair is separated only by unit ${n - 1}; the layer differs from the threshold pass's`);
    for (const set of [neg, pos]) {
      for (const i of set) {
        if (latest[i] === n - 1) often[i]++;
        lateness[i] += (latest[i] + 1) / n;
      }
    }
    pairs.push(found);
  }
  return { often, lateness, draws, pairs };
}

/** points by how often they set the threshold, then how late their pairs are separated, then row */
export function bottleneckRanking(counts: BottleneckCounts, candidates: Int32Array, sourceRows: Int32Array): number[] {
  return [...candidates].sort((a, b) => counts.often[b] - counts.often[a] || counts.lateness[b] - counts.lateness[a] || sourceRows[a] - sourceRows[b]);
}

/**
 * n*(η) of the binary network (X⁻ = negative) on the dataset without each set of `removed` point
 * indices, the rows left renormalised in `mode`, on the first `draws` draws. Where renormalising leaves
 * the kept rows' points as they were (max-norm when no removed row sets the scale), the sets share one
 * threshold pass over X, each as its own class rows, so each draw's units are drawn once.
 */
export function requiredWidthsWithout(
  ds: Dataset,
  X: Float32Array,
  removed: number[][],
  mode: Normalization,
  negative: number,
  positive: number,
  s: { seed: string; lambda: number; eta: number; maxWidth: number; draws: number; cancel?: CancelToken; parallel?: Parallel },
): (number | null)[] {
  const { d } = ds;
  const settings = { seed: s.seed, lambda: s.lambda, draws: s.draws, maxWidth: s.maxWidth, cancel: s.cancel, parallel: s.parallel };
  const network = binaryNetwork(negative, positive);
  const classRows = rowsByClass(ds.y, ds.classNames.length);
  const out: (number | null)[] = new Array(removed.length).fill(null);
  const shared: { at: number; classRows: Int32Array[] }[] = [];
  removed.forEach((set, at) => {
    const gone = new Set(set);
    const keep: number[] = [];
    for (let i = 0; i < ds.N; i++) if (!gone.has(i)) keep.push(i);
    const raw = new Float32Array(keep.length * d);
    keep.forEach((i, r) => raw.set(ds.X.subarray(i * d, (i + 1) * d), r * d));
    const reduced: Dataset = {
      ...ds,
      N: keep.length,
      X: raw,
      y: Int32Array.from(keep, (i) => ds.y[i]),
      sourceRows: Int32Array.from(keep, (i) => ds.sourceRows[i]),
    };
    const Xk = normalize(reduced, mode).X;
    if (keep.every((i, r) => X.subarray(i * d, (i + 1) * d).every((v, k) => Object.is(v, Xk[r * d + k])))) {
      shared.push({ at, classRows: classRows.map((rows) => rows.filter((i) => !gone.has(i))) });
      return;
    }
    const [thresholds] = networkThresholds({ X: Xk, N: reduced.N, d }, rowsByClass(reduced.y, ds.classNames.length), [network], settings);
    out[at] = requiredWidth(thresholdCurve(thresholds, s.maxWidth), s.eta);
  });
  if (shared.length > 0) {
    const jobs = shared.map((job) => ({ lambda: s.lambda, networks: [network], classRows: job.classRows }));
    lambdaNetworkThresholds({ X, N: ds.N, d }, classRows, jobs, settings).forEach(([thresholds], q) => {
      out[shared[q].at] = requiredWidth(thresholdCurve(thresholds, s.maxWidth), s.eta);
    });
  }
  return out;
}

/** The bottleneck section of the findings: the ranking, its cross-references and the what-if. */
export function bottleneckStudy(input: BottleneckInput, env: BottleneckEnv = {}): BottleneckReport | undefined {
  const { ds, X, negative, positive, thresholds, seed, lambda, eta, maxWidth } = input;
  const { N, d } = ds;
  const classRows = rowsByClass(ds.y, ds.classNames.length);
  const neg = classRows[negative],
    pos = classRows[positive];
  const T = thresholds.length;
  const known = thresholds.map((n, t) => (n === null ? -1 : t)).filter((t) => t >= 0);
  if (known.length === 0 || neg.length === 0 || pos.length === 0) return undefined;
  const nMax = Math.max(...known.slice(0, BOTTLENECK_DRAWS).map((t) => thresholds[t]!));
  const scanned = Math.min(budgetedDraws(BOTTLENECK_DRAWS, N, d, nMax), Math.max(1, Math.floor(BOTTLENECK_PAIRS / (neg.length * pos.length))), known.length);
  const counts = bottleneckCounts({ X, N, d }, neg, pos, thresholds, known.slice(0, scanned), { seed, lambda, cancel: env.cancel });
  if (scanned < T) {
    env.approximate?.({
      figure: 'findings.bottleneck',
      kind: 'draws',
      used: scanned,
      of: T,
      sentence: `bottleneck rows from ${scanned} of the ${T} draws (within the work budget)`,
    });
  }
  const ranking = bottleneckRanking(counts, Int32Array.from([...neg, ...pos]), ds.sourceRows);

  // the what-if: n* on the first draws that fit the budget, before (from the study's thresholds) and after
  const nStar = requiredWidth(thresholdCurve(thresholds, maxWidth), eta);
  const whatIfDraws = Math.min(T, budgetedDraws(T, N, d, nStar ?? maxWidth, WHAT_IF_PRODUCTS));
  const before = whatIfDraws === T ? nStar : requiredWidth(thresholdCurve(thresholds.slice(0, whatIfDraws), maxWidth), eta);
  // each class keeps a row: with one class gone there is nothing to separate
  const ks = [...new Set([1, 5, 10, Math.ceil(0.01 * N)])]
    .sort((a, b) => a - b)
    .filter((k) => {
      const removed = ranking.slice(0, k);
      return removed.filter((i) => ds.y[i] === negative).length < neg.length && removed.filter((i) => ds.y[i] === positive).length < pos.length;
    });
  const after = requiredWidthsWithout(
    ds,
    X,
    ks.map((k) => ranking.slice(0, k)),
    input.mode,
    negative,
    positive,
    {
      seed,
      lambda,
      eta,
      maxWidth,
      draws: whatIfDraws,
      cancel: env.cancel,
      parallel: env.parallel,
    },
  );
  const whatIf = ks.map((k, q) => ({ k, rows: ranking.slice(0, k).map((i) => ds.sourceRows[i]), before, after: after[q] }));
  if (whatIfDraws < T) {
    env.approximate?.({
      figure: 'findings.bottleneck.whatIf',
      kind: 'draws',
      used: whatIfDraws,
      of: T,
      sentence: `the what-if n* before and after removing rows, both on the first ${whatIfDraws} of the ${T} draws (within the work budget)`,
    });
  }

  const alsoFlagged = crossReference(input.findings);
  const rows: BottleneckRow[] = ranking
    .slice(0, BOTTLENECK_LISTED)
    .filter((i) => counts.often[i] > 0)
    .map((i) => ({
      row: ds.sourceRows[i],
      label: ds.classNames[ds.y[i]],
      draws: counts.often[i],
      lateness: counts.lateness[i] / counts.draws.length,
      ...(alsoFlagged.has(ds.sourceRows[i]) ? { alsoFlagged: alsoFlagged.get(ds.sourceRows[i]) } : {}),
    }));
  const pairs = counts.pairs.map((found, q) => {
    const [a, c] = found[0];
    return { draw: counts.draws[q], width: thresholds[counts.draws[q]]!, pairs: found.length, negative: ds.sourceRows[a], positive: ds.sourceRows[c] };
  });
  return {
    orientation: { negative: ds.classNames[negative], positive: ds.classNames[positive] },
    draws: scanned,
    whatIfDraws,
    normalization: input.mode,
    rows,
    perDraw: pairs,
    whatIf,
  };
}

/** row → the kinds of the label-error and duplicate findings that list it (as the flagged row or its partner) */
function crossReference(findings?: FindingsReport): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const kinds = ['label-errors', 'near-duplicates-conflicting', 'conflicting-duplicates', 'near-duplicates', 'exact-duplicates'];
  for (const f of findings?.rows ?? []) {
    if (!kinds.includes(f.kind) || f.partnerFile) continue;
    for (const r of f.rows) {
      for (const row of r.partner ? [r.row, r.partner.row] : [r.row]) {
        const list = out.get(row) ?? [];
        if (!list.includes(f.kind)) list.push(f.kind);
        out.set(row, list);
      }
    }
  }
  return out;
}
