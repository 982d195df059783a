// The decomposition study (SCIENCE.md §4, issue 4): covering → mean widths → bound in both orientations →
// theory against measurement → worst-case series → 2-D view → one sentence. X is the normalised data.
import type { Parallel } from '../parallel';
import type { CancelToken, Progress } from '../env';
import type { Approximation, DecompositionComponent, DecompositionReport } from '../report';
import { evenlySpaced } from '../lipschitz/randomStudy';
import { childSeed } from '../random';
import { classOmega, componentComplexity, orientationBound, type SidedComplexity } from './bound';
import { capacityReading, capacityReferences, measuredSize, worstCaseReference, worstCaseSeries, type MeasuredNetwork } from './capacity';
import { convolutionalStudy, imageSide } from './convolutional';
import { mutualCovering, isAdmissible } from './covering';
import { againstMeasurement, bestMeasurement, plainReading, type MeasuredWidth } from './measurement';
import { norm, largestRowNorm } from './points';
import { fitPlane, projectRow, subsample } from './projection';
import { componentWidths } from './meanWidth';
import type { LabeledPoints } from '../points';

export interface DecompositionOptions {
  /** class index used as X⁻ in the first orientation */
  negative: number;
  /** class index used as X⁺, or every other class */
  positive: number | 'rest';
  kappa: number;
  eta: number;
  widthDraws: number;
  seed: string;
  /** the memorization report's n* and K per λ, for the first orientation */
  measured?: MeasuredWidth[];
  /** the data's separation δ (after normalisation) and the network the memorization study measured
   * (n*, K, parameters), for the worst-case comparison */
  delta?: number;
  network?: MeasuredNetwork | null;
  /** pixel data: add the experimental convolutional variant when d is a perfect square */
  image?: boolean;
  /** at most this many points are covered (coveringCap(d) when absent) */
  maxPoints?: number;
}

export const centerRule =
  "mean of the component's points; a component produced by a split keeps its parent's center instead " +
  'when that gives it a smaller enclosing radius, so splitting never enlarges a ball';

const maxDisplayedPoints = 2000;

/** The covering (and so the widths and the bound) is computed on at most this many points of the two sides,
 * and on fewer where COVERING_WORK says so. */
export const DECOMPOSITION_MAX_POINTS = 12_000;

/** The covering's work budget: it covers at most √(COVERING_WORK / d) points. Its upkeep grows with the
 * square of the component count, which approaches N on hard data, and each distance costs d: Fashion
 * 0-vs-6 (d = 784) had 9,888 components for 12,000 points, about half a minute on one thread; with the
 * budget it covers 2,020 points (1,674 components, 3.3–4.5 CPU-s under a load average of 10–14). Digits
 * (d = 64) would stay whole up to 7,071 points. */
export const COVERING_WORK = 3.2e9;

/** How many points the covering takes at dimension d. */
export function coveringCap(d: number): number {
  return Math.min(DECOMPOSITION_MAX_POINTS, Math.floor(Math.sqrt(COVERING_WORK / d)));
}

/** The experimental convolutional variant's work caps: ≤ 40,000 sampled pairs tracked by the filter
 * loop; exact orbit distances (s⁴ multiply-adds each) up to 2·10⁸ multiply-adds in all, which covers
 * every sampled pair of 8 × 8 digits but only a few hundred at 28 × 28; 3 × 3 filters; 8 draws of up
 * to 512 filters. */
const convolutionalDefaults = { kernel: 3, draws: 8, maxFilters: 512, maxPairs: 40_000, orbitWork: 2e8 };

export function decompositionStudy(
  input: LabeledPoints,
  options: DecompositionOptions,
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel; approximate?: (a: Approximation) => void } = {},
): DecompositionReport {
  const { X, N, d, y, classNames } = input;
  const { negative, positive, kappa, eta, widthDraws, seed } = options;
  const names: [string, string] = [classNames[negative], positive === 'rest' ? 'rest' : classNames[positive]];
  if (names[0] === undefined || names[1] === undefined || negative === positive) {
    throw new Error(`Invalid class pair: negative ${negative}, positive ${positive} of ${classNames.length} classes.`);
  }
  const sideOf = (i: number): 0 | 1 | -1 => (y[i] === negative ? 0 : positive === 'rest' || y[i] === positive ? 1 : -1);
  const bySide: [number[], number[]] = [[], []];
  for (let i = 0; i < N; i++) {
    const s = sideOf(i);
    if (s !== -1) bySide[s].push(i);
  }
  const analysed = Int32Array.from([...bySide[0], ...bySide[1]]).sort();
  const classes = coveredPoints(bySide, options.maxPoints ?? coveringCap(d));
  const covered = classes[0].length + classes[1].length;
  if (covered < analysed.length) {
    env.approximate?.({
      figure: 'decomposition',
      kind: 'subsample',
      used: covered,
      of: analysed.length,
      sentence:
        `The covering, its mean widths and the bound are computed on ${covered} of the ${analysed.length} points ` +
        `(evenly spaced within each side), a work budget of (points)² × d ≤ ${COVERING_WORK.toExponential(1)} (at most ${DECOMPOSITION_MAX_POINTS}): ` +
        `the covering's upkeep grows with the square of its component count, which approaches N on hard data.`,
    });
  }
  const inCovering = new Uint8Array(N);
  for (const side of classes) for (const i of side) inCovering[i] = 1;
  const R = largestRowNorm(X, d, analysed);

  const scaled =
    (from: number, to: number): Progress =>
    (stage, f, message) =>
      env.progress?.(stage, from + (to - from) * f, message);
  const covering = mutualCovering(X, d, classes, { kappa, seed: childSeed(seed, 'covering') }, { progress: scaled(0, 0.7), cancel: env.cancel });
  env.progress?.('decomposition', 0.7, 'Gaussian mean widths');
  const widths = componentWidths(X, d, covering.components, widthDraws, childSeed(seed, 'width'), env);

  const comps = covering.components;
  const complexities: SidedComplexity[] = comps.map((c, j) => ({
    side: c.side,
    ...componentComplexity(widths[j].absolute.width, c.radius, c.distance),
  }));
  const deltaC = Math.min(...comps.map((c) => c.distance));
  const conflicted = covering.conflicts.length > 0;
  const orientations = conflicted ? [] : ([0, 1] as const).map((s) => orientationBound(complexities, s, names, deltaC, R, eta));
  const bound = orientations[0] ?? null;
  const predictedWidth = bound ? bound.predictedWidth : null;
  const measured = againstMeasurement(predictedWidth, options.measured ?? []);
  const best = bestMeasurement(measured);
  const delta = options.delta ?? 0;
  const network = options.network ?? null;
  const instance = bound ? { neurons: bound.predictedNeurons, width: bound.predictedWidth, K: bound.Kbound } : null;
  // one class against the rest stands for the whole one-vs-rest network: the worst case is for k classes
  const labelClasses = positive === 'rest' ? classNames.length : 2;
  const series = worstCaseSeries(analysed.length, d, delta, instance, network, labelClasses);
  const references = capacityReferences(analysed.length, d, delta, network, labelClasses);
  const capacity = capacityReading(analysed.length, d, references, network, labelClasses);

  env.progress?.('decomposition', 0.9, '2-D view');
  const shown = subsample(N, maxDisplayedPoints, childSeed(seed, 'view')).filter((i) => inCovering[i] === 1);
  const plane = fitPlane(X, d, shown, childSeed(seed, 'pca'));
  const componentOf = new Int32Array(N).fill(-1);
  comps.forEach((c, j) => c.members.forEach((i) => (componentOf[i] = j)));

  const components: DecompositionComponent[] = comps.map((c, j) => ({
    side: c.side === 0 ? 'minus' : 'plus',
    className: names[c.side],
    size: c.members.length,
    radius: c.radius,
    distance: c.distance,
    admissible: isAdmissible(c, kappa),
    centerNorm: norm(c.center),
    width: widths[j].absolute.width,
    widthSE: widths[j].absolute.se,
    oneSidedWidth: widths[j].oneSided.width,
    oneSidedWidthSE: widths[j].oneSided.se,
    complexitySlide: complexities[j].slide,
    complexityJournal: complexities[j].journal,
    sampleMembers: Array.from(c.members.subarray(0, 20)),
  }));
  const Mminus = comps.filter((c) => c.side === 0).length;
  const smallerOrientation = orientations.length === 2 ? (orientations[1].predictedNeurons < orientations[0].predictedNeurons ? 1 : 0) : null;
  const side = options.image ? imageSide(d) : null;
  if (side !== null) env.progress?.('decomposition', 0.95, 'convolutional variant (experimental)');
  const convolutional = side === null ? undefined : convolutionalStudy(X, side, classes, { ...convolutionalDefaults, eta, seed: childSeed(seed, 'conv') });
  env.progress?.('decomposition', 1);

  return {
    kappa,
    eta,
    widthDraws,
    centerRule,
    R,
    N: analysed.length,
    d,
    Mminus,
    Mplus: comps.length - Mminus,
    components,
    splits: covering.splits.length,
    conflicts: covering.conflicts.map((c) => ({ minus: c.side0, plus: c.side1 })),
    deltaC,
    omega: { minus: classOmega(complexities, 0), plus: classOmega(complexities, 1) },
    bound,
    predictedWidth,
    orientations,
    smallerOrientation,
    measured,
    measuredWidth: best?.requiredWidth ?? null,
    ratio: best?.ratio ?? null,
    ...(best?.ratioInterval ? { ratioInterval: best.ratioInterval } : {}),
    measuredK: best?.measuredK ?? null,
    worstCase: { reference: worstCaseReference, references, measured: network ? measuredSize(network) : null, reading: capacity, series },
    projection: {
      method: plane.method,
      explainedVariance: plane.explainedVariance,
      points: Array.from(shown, (i) => ({ ...projectRow(plane, X, i * d), side: sideOf(i) as 0 | 1, component: componentOf[i] })),
      centers: comps.map((c) => ({ ...projectRow(plane, c.center), radius: c.radius })),
    },
    sentence: plainReading({
      // the points the covering saw: with the budget, M balls for the subsample, not for all N
      negative: names[0],
      positive: names[1],
      Mminus,
      Mplus: comps.length - Mminus,
      N: covered,
      kappa,
      conflicts: covering.conflicts.length,
      predictedWidth,
      best,
      capacity,
    }),
    ...(convolutional ? { convolutional } : {}),
  };
}

/** Each side's points, or when there are more than max in all, evenly spaced points of each side in
 * proportion to its size (at least one each). */
function coveredPoints(bySide: [number[], number[]], max: number): [Int32Array, Int32Array] {
  const total = bySide[0].length + bySide[1].length;
  if (total <= max) return [Int32Array.from(bySide[0]), Int32Array.from(bySide[1])];
  const take = (side: number[]) => Int32Array.from(evenlySpaced(side.length, Math.max(1, Math.round((max * side.length) / total))), (k) => side[k]);
  return [take(bySide[0]), take(bySide[1])];
}
