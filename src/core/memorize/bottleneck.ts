// What makes a dataset hard to memorize (SCIENCE.md §9, "Bottleneck rows"): for the threshold network,
// draw t's n*(draw) is set by the pairs (x⁻, x⁺) whose first separating unit comes last, unit n*(t) − 1.
// The threshold pass keeps only the maximum, so each draw's first layer is recomputed from its seed (the
// same units the pass used, in row blocks on every thread) and kept: one scan of every pair gives each
// point the latest first separating unit among its pairs, which ranks the points; the what-if then
// finds the threshold without the top k rows from the same bits, exactly, scanning only the X⁻ rows whose
// latest unit could still be the maximum. Binary networks have one subproblem, one-vs-rest one per class.
import type { Dataset } from '../data/dataset';
import { normalize } from '../data/normalize';
import { throwIfCancelled, type CancelToken } from '../env';
import { bitLayer, type ThresholdLayer } from '../kernels/backend';
import { firstSeparatingUnit, UNSEPARATED } from '../kernels/separatingUnit';
import { gatherRows } from '../geometry/points';
import { partRange, serial, sharedUint32, task, type Parallel } from '../parallel';
import type { Approximation, BottleneckReport, BottleneckRow, FindingsReport, Normalization } from '../report';
import { PRODUCTS, budgetedDraws } from './budget';
import { requiredWidth, thresholdCurve } from './curve';
import { drawBitsTask, type DrawBitsTask } from './drawCoverLoops';
import { rowsByClass, subproblemRows, type Network, type Points } from './problem';
import { networkThresholds } from './thresholdStudy';

/** rows listed in the report, at most (the ranking's head: the what-if removes at most 1 % of N) */
export const BOTTLENECK_LISTED = 50;
/** multiply-adds the draws' recomputed first layers may spend in all */
export const BOTTLENECK_PRODUCTS = 2 * PRODUCTS;
/** pairs (x⁻, x⁺) the draws' scans may visit in all (each pair twice: once for each of its points) */
export const BOTTLENECK_PAIRS = 2e8;
/** bit words the kept first layers may hold in all (4 bytes each) */
export const BOTTLENECK_WORDS = 1 << 24;

export interface BottleneckInput {
  /** the dataset as read (the what-if renormalises what is left of it), its normalised points and R */
  ds: Dataset;
  X: Float32Array;
  mode: Normalization;
  R: number;
  /** the memorization study's threshold network: class indices, as problem.ts cuts them */
  network: Network;
  /** its per-draw thresholds and the study's settings */
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

/** One draw's first layer, recomputed: N bit rows `stride` words apart. */
export interface DrawLayer {
  t: number;
  /** the study's n*(t); null where the draw does not interpolate within the maximal width */
  threshold: number | null;
  /** units computed: the threshold, else the maximal width */
  units: number;
  bits: Uint32Array;
  stride: number;
}

/** The first layers of the given draws at their thresholds (units computed in row blocks, one per thread). */
export function drawLayers(
  points: Points,
  draws: number[],
  thresholds: (number | null)[],
  s: { seed: string; lambda: number; maxWidth: number; cancel?: CancelToken; parallel?: Parallel },
): DrawLayer[] {
  const { X, N, d } = points;
  const parallel = s.parallel ?? serial;
  const units = Math.max(1, ...draws.map((t) => thresholds[t] ?? s.maxWidth));
  const stride = (units + 31) >>> 5;
  const layers = draws.map((t): DrawLayer => ({ t, threshold: thresholds[t], units: thresholds[t] ?? s.maxWidth, bits: sharedUint32(N * stride), stride }));
  const parts = Math.max(1, Math.min(N, parallel.threads));
  const tasks = Array.from({ length: parts }, (_, k): DrawBitsTask => {
    const [rowStart, rowEnd] = partRange(N, parts, k);
    const draws = layers.map((l) => ({ t: l.t, fromUnit: 0, toUnit: l.units, out: l.bits }));
    return { X, d, rowStart, rowEnd, seed: s.seed, lambda: s.lambda, units, draws };
  });
  parallel.map(drawBitsTask, tasks, s.cancel);
  return layers;
}

/** A subproblem's point indices: X⁻ against X⁺. */
export interface PairSet {
  neg: Int32Array;
  pos: Int32Array;
}

/** One draw's scan: per point the latest first separating unit among its pairs (−1 outside the network, UNSEPARATED where a pair has none). */
export interface DrawScan {
  /** over the pairs where the point is x⁻ */
  asNegative: Int32Array;
  /** over all its pairs */
  latest: Int32Array;
}

/** max over x⁺ ∈ pos of the first separating unit of (x⁻ = a, x⁺), UNSEPARATED when a pair has none */
function rowLatest(layer: ThresholdLayer, a: number, pos: Int32Array, nWords: number): number {
  const out = new Int32Array(1);
  layer.rowMaxima(0, Int32Array.of(a), pos, nWords, out);
  return out[0];
}

/**
 * Per class, its points' partners in the network's pairs: as x⁻ (the X⁺ of the subproblems its class
 * is X⁻ of) and as x⁺ (the X⁻ of the subproblems its class is in X⁺ of); one-vs-rest: every point of
 * another class, both ways. A point meets all its partners of one role in one row scan.
 */
export interface Partners {
  asNegative: Int32Array[];
  asPositive: Int32Array[];
}

export function partnersOf(network: Network, classRows: Int32Array[]): Partners {
  const union = (classes: Set<number>) => Int32Array.from([...classes].flatMap((c) => [...classRows[c]])).sort();
  const role = (c: number, negative: boolean) =>
    union(new Set(network.flatMap((s) => (negative ? (s.neg === c ? s.pos : []) : s.pos.includes(c) ? [s.neg] : []))));
  return { asNegative: classRows.map((_, c) => role(c, true)), asPositive: classRows.map((_, c) => role(c, false)) };
}

/** A task: the latest first separating units of a block of one draw's scan rows (scanRows: their entries from, to). */
export interface ScanBlock {
  bits: Uint32Array;
  N: number;
  stride: number;
  units: number;
  y: Int32Array;
  partners: Partners;
  /** the block's entries of scanRows, computed once for every draw and block */
  rows: Int32Array;
}

/**
 * a draw's scan as one list: every point as x⁻, then every point as x⁺ (entry N + i), by class
 * (consecutive rows share their partners, which the kernel keeps in place)
 */
function scanRows(y: Int32Array, partners: Partners): Int32Array {
  const N = y.length;
  const byClass = Array.from(y, (_, i) => i).sort((a, b) => y[a] - y[b] || a - b);
  const rows: number[] = [];
  for (const positive of [false, true]) {
    const of = positive ? partners.asPositive : partners.asNegative;
    for (const i of byClass) if (of[y[i]].length > 0) rows.push(positive ? N + i : i);
  }
  return Int32Array.from(rows);
}

/**
 * The first separating unit of (x⁻ = a, x⁺ = c) is the lowest set bit of h(c) & ~h(a), and that is also
 * ~h(a) & ~(~h(c)): on the complemented bits (masked to the units computed) x⁺'s row plays x⁻, so an x⁺
 * against all of X⁻ is one row scan too, like an x⁻ against all of X⁺.
 */
function complemented(bits: Uint32Array, N: number, stride: number, units: number): Uint32Array {
  const out = new Uint32Array(N * stride);
  const full = units >>> 5,
    rest = units & 31;
  for (let i = 0; i < N; i++) {
    const o = i * stride;
    for (let w = 0; w < full; w++) out[o + w] = ~bits[o + w];
    if (rest) out[o + full] = ~bits[o + full] & ((1 << rest) - 1);
  }
  return out;
}

export function scanBlock(b: ScanBlock, cancel?: CancelToken): Int32Array {
  const { rows, N, y } = b;
  const nWords = (b.units + 31) >>> 5;
  const direct = bitLayer(b.bits, N, b.stride);
  const swapped = rows.some((r) => r >= N) ? bitLayer(complemented(b.bits, N, b.stride, b.units), N, b.stride) : undefined;
  const out = new Int32Array(rows.length);
  // consecutive rows of one role and class share their partners: one kernel call per run of them
  for (let k = 0; k < rows.length;) {
    throwIfCancelled(cancel);
    const positive = rows[k] >= N,
      c = y[rows[k] % N];
    let end = k + 1;
    while (end < rows.length && rows[end] >= N === positive && y[rows[end] % N] === c) end++;
    const points = rows.slice(k, end).map((r) => r % N);
    const layer = positive ? swapped! : direct;
    layer.rowMaxima(0, points, positive ? b.partners.asPositive[c] : b.partners.asNegative[c], nWords, out.subarray(k, end));
    k = end;
  }
  direct.release?.();
  swapped?.release?.();
  return out;
}

/** Each draw's scan, its rows in blocks run as tasks (merged in task order: any number of threads gives the same). */
export function scanDraws(layers: DrawLayer[], y: Int32Array, partners: Partners, env: { cancel?: CancelToken; parallel?: Parallel } = {}): DrawScan[] {
  const parallel = env.parallel ?? serial;
  const N = y.length;
  const rows = scanRows(y, partners);
  // a task per draw when there are draws enough to keep every thread busy, else a draw's rows in blocks
  const perDraw = parallel.threads > 1 ? Math.ceil((4 * parallel.threads) / layers.length) : 1;
  const blocks = layers.flatMap((l, q) =>
    Array.from({ length: perDraw }, (_, k) => {
      const [from, to] = partRange(rows.length, perDraw, k);
      return { q, from, task: { bits: l.bits, N, stride: l.stride, units: l.units, y, partners, rows: rows.slice(from, to) } };
    }),
  );
  const parts = parallel.map(
    bottleneckScanTask,
    blocks.map((b) => b.task),
    env.cancel,
  );
  const scans = layers.map((): DrawScan => ({ asNegative: new Int32Array(N).fill(-1), latest: new Int32Array(N).fill(-1) }));
  parts.forEach((part, k) => {
    const { asNegative, latest } = scans[blocks[k].q];
    part.forEach((j, r) => {
      const entry = rows[blocks[k].from + r],
        point = entry % N;
      if (entry < N) asNegative[point] = j;
      latest[point] = Math.max(latest[point], j);
    });
  });
  return scans;
}

/** per point: draws in which it is in a pair separated only by the draw's last unit, and Σ over draws of (its latest first separating unit + 1)/n*(draw) */
export interface BottleneckCounts {
  often: Int32Array;
  lateness: Float64Array;
  /** draws counted: those with a threshold */
  draws: number[];
  /** per draw counted, its bottleneck pairs as [x⁻, x⁺] point indices (subproblem, then x⁻, then x⁺ order) */
  pairs: [number, number][][];
}

/** The bottleneck pairs and counts of the draws with a threshold, from their layers and scans. */
export function bottleneckCounts(layers: DrawLayer[], scans: DrawScan[], sets: PairSet[], N: number): BottleneckCounts {
  const often = new Int32Array(N),
    lateness = new Float64Array(N);
  const draws: number[] = [],
    pairs: [number, number][][] = [];
  layers.forEach((layer, q) => {
    const n = layer.threshold;
    if (n === null) return;
    const { latest, asNegative } = scans[q];
    const nWords = (n + 31) >>> 5,
      { bits, stride } = layer;
    const found: [number, number][] = [];
    // a pair separated only by unit n − 1 is the latest of both its points: only those are compared
    for (const { neg, pos } of sets) {
      const late = pos.filter((c) => latest[c] === n - 1);
      for (const a of neg) {
        if (asNegative[a] !== n - 1) continue;
        for (const c of late) if (firstSeparatingUnit(bits, c * stride, a * stride, nWords) === n - 1) found.push([a, c]);
      }
    }
    // the pass's threshold is the max over pairs + 1: the recomputed layer must give it back
    if (found.length === 0 || latest.some((j) => j >= n)) {
      throw new Error(`draw ${layer.t}: the recomputed layer's latest separating unit is not ${n - 1}; the layer differs from the threshold pass's`);
    }
    for (let i = 0; i < N; i++) {
      if (latest[i] < 0) continue;
      if (latest[i] === n - 1) often[i]++;
      lateness[i] += (latest[i] + 1) / n;
    }
    draws.push(layer.t);
    pairs.push(found);
  });
  return { often, lateness, draws, pairs };
}

/** points by how often they set the threshold, then how late their pairs are separated, then row */
export function bottleneckRanking(counts: BottleneckCounts, candidates: Int32Array, sourceRows: Int32Array): number[] {
  return [...candidates].sort((a, b) => counts.often[b] - counts.often[a] || counts.lateness[b] - counts.lateness[a] || sourceRows[a] - sourceRows[b]);
}

/**
 * The draw's threshold on the pairs with neither point in `gone`, exactly: the largest first separating
 * unit over them + 1 (null when one has none within the units computed). Each pair is counted at its
 * x⁻, whose latest unit over all its pairs bounds it from above, so X⁻ rows (`byLatest`: each set's
 * X⁻ from the latest down) are rescanned against the kept X⁺ until none can beat the maximum found.
 */
export function thresholdWithout(
  layer: DrawLayer,
  bitRows: ThresholdLayer,
  scan: DrawScan,
  byLatest: Int32Array[],
  keptPos: Int32Array[],
  gone: Uint8Array,
): number | null {
  const nWords = (layer.units + 31) >>> 5;
  let best = -1;
  byLatest.forEach((order, s) => {
    if (keptPos[s].length === 0) return;
    for (const a of order) {
      if (scan.asNegative[a] <= best) break;
      if (gone[a]) continue;
      const j = rowLatest(bitRows, a, keptPos[s], nWords);
      best = Math.max(best, j);
    }
  });
  return best >= UNSEPARATED ? null : best + 1;
}

/** the rows `keep` renormalised in `mode`, or undefined where that leaves their points as they are in X */
function renormalised(ds: Dataset, X: Float32Array, R: number, mode: Normalization, keep: number[], removed: number[]): Dataset | undefined {
  if (mode === 'none') return undefined;
  const { d } = ds;
  const subset = (rows: number[]): Dataset => {
    return {
      ...ds,
      N: rows.length,
      X: gatherRows(ds.X, d, rows),
      y: Int32Array.from(rows, (i) => ds.y[i]),
      sourceRows: Int32Array.from(rows, (i) => ds.sourceRows[i]),
    };
  };
  // max-norm divides by the largest norm: a kept row still attains it when no removed row reaches it
  if (mode === 'max-norm' && normalize(subset(removed), mode).R < R) return undefined;
  const reduced = subset(keep);
  const Xk = normalize(reduced, mode).X;
  if (keep.every((i, r) => X.subarray(i * d, (i + 1) * d).every((v, k) => Object.is(v, Xk[r * d + k])))) return undefined;
  return { ...reduced, X: Xk };
}

/**
 * n*(η) of the network on the first layers' draws without each set of `removed` point indices, the rows
 * left renormalised in `mode`. Where that leaves the kept rows' points as they were, the thresholds come
 * from the layers (thresholdWithout); else from the threshold pass on the renormalised rows.
 */
export function requiredWidthsWithout(
  input: BottleneckInput,
  layers: DrawLayer[],
  scans: DrawScan[],
  removed: number[][],
  env: BottleneckEnv,
): (number | null)[] {
  const { ds, X, network, seed, lambda, eta, maxWidth } = input;
  const sets = network.map((s) => subproblemRows(s, rowsByClass(ds.y, ds.classNames.length)));
  const bitRows = layers.map((l) => bitLayer(l.bits, ds.N, l.stride));
  const byLatest = scans.map((scan) => sets.map((s) => s.neg.slice().sort((a, b) => scan.asNegative[b] - scan.asNegative[a])));
  const out = removed.map((set) => {
    const gone = new Uint8Array(ds.N);
    for (const i of set) gone[i] = 1;
    const keptPos = sets.map((s) => s.pos.filter((c) => !gone[c]));
    const keep: number[] = [];
    for (let i = 0; i < ds.N; i++) if (!gone[i]) keep.push(i);
    const reduced = renormalised(ds, X, input.R, input.mode, keep, set);
    const settings = { seed, lambda, draws: layers.length, maxWidth, cancel: env.cancel, parallel: env.parallel };
    const thresholds = reduced
      ? networkThresholds(reduced, rowsByClass(reduced.y, ds.classNames.length), [network], settings)[0]
      : layers.map((l, q) => thresholdWithout(l, bitRows[q], scans[q], byLatest[q], keptPos, gone));
    return requiredWidth(thresholdCurve(thresholds, maxWidth), eta);
  });
  for (const b of bitRows) b.release?.();
  return out;
}

/** The bottleneck section of the findings: the ranking, its cross-references and the what-if. */
export function bottleneckStudy(input: BottleneckInput, env: BottleneckEnv = {}): BottleneckReport | undefined {
  const { ds, X, network, thresholds, seed, lambda, eta, maxWidth } = input;
  const { N, d } = ds;
  const classRows = rowsByClass(ds.y, ds.classNames.length);
  const sets = network.map((s) => subproblemRows(s, classRows));
  const T = thresholds.length;
  const pairsPerDraw = 2 * sets.reduce((sum, s) => sum + s.neg.length * s.pos.length, 0);
  if (T === 0 || pairsPerDraw === 0) return undefined;

  // one budget for the ranking and the what-if: the first draws whose layers and scans fit
  const nStar = requiredWidth(thresholdCurve(thresholds, maxWidth), eta);
  const units = nStar ?? maxWidth;
  const W = Math.min(
    budgetedDraws(T, N, d, units, BOTTLENECK_PRODUCTS, 0),
    Math.floor(BOTTLENECK_PAIRS / pairsPerDraw),
    Math.floor(BOTTLENECK_WORDS / (N * ((units + 31) >>> 5))),
  );
  if (W < T) {
    env.approximate?.({
      figure: 'findings.bottleneck',
      kind: 'draws',
      used: W,
      of: T,
      sentence:
        W === 0
          ? 'bottleneck rows and the what-if are not computed: one draw would cost more than their work budget'
          : `bottleneck rows and the what-if n* (before and after removing rows) from ${W === 1 ? `the first draw of the ${T}` : `the first ${W} of the ${T} draws`} (within the work budget)`,
    });
  }
  if (W === 0) return undefined;
  const draws = Array.from({ length: W }, (_, t) => t);
  const layers = drawLayers({ X, N, d }, draws, thresholds, { seed, lambda, maxWidth, cancel: env.cancel, parallel: env.parallel });
  const scans = scanDraws(layers, ds.y, partnersOf(network, classRows), env);
  const counts = bottleneckCounts(layers, scans, sets, N);
  const members = new Uint8Array(N);
  for (const s of sets) for (const i of [...s.neg, ...s.pos]) members[i] = 1;
  const ranking = bottleneckRanking(
    counts,
    Int32Array.from({ length: N }, (_, i) => i).filter((i) => members[i]),
    ds.sourceRows,
  );

  // the what-if: n* before (from the study's thresholds) and after, on the same draws; each class keeps a row
  const before = requiredWidth(thresholdCurve(thresholds.slice(0, W), maxWidth), eta);
  const size = classRows.map((r) => r.length);
  const ks = [...new Set([1, 5, 10, Math.ceil(0.01 * N)])]
    .sort((a, b) => a - b)
    .filter((k) => {
      const removed = new Int32Array(size.length);
      for (const i of ranking.slice(0, k)) removed[ds.y[i]]++;
      return removed.every((r, c) => size[c] === 0 || r < size[c]);
    });
  const after = requiredWidthsWithout(
    input,
    layers,
    scans,
    ks.map((k) => ranking.slice(0, k)),
    env,
  );
  const whatIf = ks.map((k, q) => ({ k, rows: ranking.slice(0, k).map((i) => ds.sourceRows[i]), before, after: after[q] }));

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
  const perDraw = counts.pairs.map((found, q): BottleneckReport['perDraw'][number] => {
    const [a, c] = found[0];
    return { draw: counts.draws[q], width: thresholds[counts.draws[q]]!, pairs: found.length, rows: [ds.sourceRows[a], ds.sourceRows[c]] };
  });
  return {
    network: networkOf(network, ds.classNames),
    draws: counts.draws.length,
    whatIfDraws: W,
    normalization: input.mode,
    rows,
    perDraw,
    whatIf,
  };
}

/** the report's name of the network: two classes' orientation, or one-vs-rest */
function networkOf(network: Network, classNames: string[]): BottleneckReport['network'] {
  if (network.length === 1 && network[0].pos.length === 1) {
    return { kind: 'binary', negative: classNames[network[0].neg], positive: classNames[network[0].pos[0]] };
  }
  return { kind: 'one-vs-rest' };
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

export const bottleneckScanTask = task('bottleneckScan', scanBlock);
