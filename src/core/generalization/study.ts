// SCIENCE.md §6, the held-out check: a seeded stratified split; the memorizing network is built on the train
// split at its required width n* (measured on the train split) and at larger widths, and scored on the
// test split beside a 1-nearest-neighbour baseline; n* is set against the data dimension d (Yu et al.).
import { sharedFloat32, type Parallel, serial } from '../parallel';
import type { CancelToken, Progress } from '../env';
import { requiredWidth, thresholdCurve } from '../memorize/curve';
import { binaryNetwork, oneVsRestNetwork, rowsByClass, type DrawSettings, type Network } from '../memorize/problem';
import { reluStudy } from '../memorize/reluStudy';
import { networkThresholds } from '../memorize/thresholdStudy';
import { evenlySpaced, spread } from '../lipschitz/randomStudy';
import type { Activation, Approximation, GeneralizationReport } from '../report';
import { scoreThreshold, type Firing, type ReluDrawTask, type ScoredNetwork, type ScoreSetting } from './scoreDraw';
import { accuracy, nearestAmong, nearestByClass } from './nearestNeighbour';
import { restrictedSplit, stratifiedSplit } from './split';
import { SAMPLE_DRAWS, studySample } from './sample';
import type { TrainThresholds } from '../memorize/study';
import type { LabeledPoints } from '../points';
import type { Sketch } from '../kernels/sketch';
import { scoreReluDrawTask } from './scoreDraw';

export interface GeneralizationOptions {
  testFraction: number;
  seed: string;
  activation: Activation;
  lambda: number;
  /** T, the user's: the draws behind n* on the train split, as behind the memorization study's n* */
  draws: number;
  /** draws on which the test accuracy is scored (at most T): each builds and scores a network per width */
  scoreDraws: number;
  eta: number;
  maxWidth: number;
  /** two classes: the class index used as X⁻ (default 1, the authors' convention) */
  negative?: number;
  /** widths scored, as multiples of n* (capped at maxWidth) */
  widthFactors: number[];
  /** the memorization study's thresholds on this split's train part (trainRowsByClass), when it computed them
   * at this λ: the same draws, so n* on the train split is read from them instead of drawn again */
  train?: TrainThresholds;
  /** the work budgets, SCORE_WORK and NEAREST_WORK when absent */
  scoreWork?: number;
  nearestWork?: number;
  /** the multi-class study's pair budget (memorize/budget.ts, PAIRS when absent): past it the check runs on that study's sample */
  pairs?: number;
}

/** The train part of the split generalizationStudy makes, as the rows of each class (MemorizationEnv.trainRows). */
export function trainRowsByClass(y: Int32Array, classCount: number, testFraction: number, seed: string): Int32Array[] {
  const { train } = stratifiedSplit(y, classCount, testFraction, seed);
  return Array.from({ length: classCount }, (_, c) => train.filter((i) => y[i] === c));
}

export const defaultGeneralization: Omit<GeneralizationOptions, 'seed' | 'activation' | 'lambda' | 'eta' | 'maxWidth' | 'draws'> = {
  testFraction: 0.2,
  scoreDraws: 5,
  widthFactors: [1, 2, 4],
};

/** A labeled subset with its own row-major copy. */
interface Part {
  X: Float32Array;
  N: number;
  d: number;
  y: Int32Array;
}

export function generalizationStudy(
  input: LabeledPoints & { /** the points' sketch where the separation built one: the 1-NN baseline prunes with it */ sketch?: Sketch },
  options: GeneralizationOptions,
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel; approximate?: (a: Approximation) => void } = {},
): GeneralizationReport {
  const { X, d, y, classNames } = input;
  const C = classNames.length;
  const sample = studySample(input, options.activation, options.seed, options.pairs);
  const whole = stratifiedSplit(y, C, options.testFraction, options.seed);
  const split = sample ? restrictedSplit(whole, sample, input.N) : whole;
  // on the sample n* stands on fewer draws; the memorization study's thresholds (all its points) are not the sample's
  const nStarDraws = sample ? Math.min(options.draws, SAMPLE_DRAWS) : options.draws;
  if (sample) {
    env.approximate?.({
      figure: 'generalization',
      kind: 'subsample',
      used: sample.length,
      of: input.N,
      sentence:
        `The held-out check runs on the multi-class study's sample, ${sample.length} of the ${input.N} points: it trains on the sample's ${split.train.length} points ` +
        `of the train split and tests on its ${split.test.length} held-out points, 1-NN included` +
        (nStarDraws < options.draws ? `; n* on that train part stands on the first ${nStarDraws} of the T = ${options.draws} draws (a work budget).` : '.'),
    });
  }
  const trainOfClass = Array.from({ length: C }, (_, c) => split.train.filter((i) => y[i] === c));
  const { scoreWork = SCORE_WORK, nearestWork = NEAREST_WORK } = options;
  // the 1-NN baseline within its work budget: evenly spaced test points when the whole test part would exceed it
  const nnRows = Int32Array.from(evenlySpaced(split.test.length, Math.max(1, Math.floor(nearestWork / Math.max(1, split.train.length * d)))));
  const nnTest = Int32Array.from(nnRows, (t) => split.test[t]);
  const near = nearestByClass(X, d, trainOfClass, nnTest, { ...env, sketch: input.sketch });
  /** the test point at test-part index t: its place among the 1-NN rows, or −1 */
  const nnAt = new Int32Array(split.test.length).fill(-1);
  nnRows.forEach((t, q) => (nnAt[t] = q));
  const everyClass = Int32Array.from({ length: C }, (_, c) => c);
  const nn = accuracy(
    Int32Array.from(nnTest, (_, q) => y[nearestAmong(near, q, everyClass)] ?? -1),
    y,
    nnTest,
  );
  if (nnTest.length < split.test.length) {
    env.approximate?.({
      figure: 'generalization.nearestNeighbour',
      kind: 'subsample',
      used: nnTest.length,
      of: split.test.length,
      sentence:
        `The 1-NN baseline (and each pair's) is scored on ${nnTest.length} of the ${split.test.length} test points, evenly spaced, ` +
        `each against every training point: a work budget of ${nearestWork.toExponential(0)} multiply-adds.`,
    });
  }
  const [train, test, both] = parts(input, split.train, split.test);
  const progress = (f: number) => env.progress?.('generalization', f);

  const neg = options.negative ?? 1;
  const network = C === 2 ? binaryNetwork(neg, 1 - neg) : oneVsRestNetwork(C);
  const decode = C === 2 ? (fired: boolean[]) => (fired[0] ? neg : 1 - neg) : (fired: boolean[]) => uniqueFiring(fired);
  const reused = !sample && options.train && options.activation === 'threshold' && options.train.lambda === options.lambda ? options.train : undefined;
  const classRows = rowsByClass(train.y, C);
  const own = { ...options, draws: nStarDraws };
  const nStar = reused ? widthOf(reused.lead, options) : requiredWidths(train, classRows, [network], own, env, (f) => progress(0.2 * f))[0];
  const widths = nStar === null ? [] : [...new Set(options.widthFactors.map((f) => Math.min(options.maxWidth, Math.ceil(f * nStar))))];

  // every ordered class pair (row class X⁻), trained and tested on those two classes alone
  const pairs: [number, number][] = [];
  if (C > 2) for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) pairs.push([a, b]);
  // every pair's n* from one pass over shared draws of the whole train part (or the memorization study's)
  const pairThresholds = reused?.pairs;
  const pairStars =
    pairs.length === 0
      ? []
      : pairThresholds
        ? pairs.map(([a, b]) => widthOf(pairThresholds.get(`${a}>${b}`)!, options))
        : requiredWidths(
            train,
            classRows,
            pairs.map(([a, b]) => binaryNetwork(a, b)),
            own,
            env,
            (f) => progress(0.2 + 0.3 * f),
          );
  const testOfClass = rowsByClass(test.y, C);
  const testRowsOf = ([a, b]: number[]) => Int32Array.from([...testOfClass[a], ...testOfClass[b]]).sort();
  const lead: ScoredNetwork = { network, classRows, testRows: Int32Array.from({ length: test.N }, (_, i) => i), widths: [...widths].sort((a, b) => a - b) };
  // a pair's network sees its classes relabelled a → 0 (X⁻), b → 1, as a copy of those two classes alone would
  const pairNetworks = pairs.map(([a, b], q): ScoredNetwork | null =>
    pairStars[q] === null
      ? null
      : { network: binaryNetwork(0, 1), classRows: [classRows[a], classRows[b]], testRows: testRowsOf([a, b]), widths: [pairStars[q]!] },
  );
  const scored = [lead, ...pairNetworks].filter((s): s is ScoredNetwork => s !== null && s.widths.length > 0);
  const wMax = Math.max(0, ...scored.map((n) => n.widths[n.widths.length - 1]));
  const scoreDrawCount = Math.max(1, Math.min(nStarDraws, options.scoreDraws, Math.floor(scoreWork / Math.max(1, (train.N + test.N) * wMax * d))));
  const fired = scoreDraws(train, test, both, scored, scoreDrawCount, options, env, (f) => progress(0.5 + 0.5 * f));
  /** the mean-and-range accuracy of scored network q at width n, from each draw's firing */
  const accuracyOf = (q: number, n: number, decodeAs: (fired: boolean[]) => number, labelOf: (i: number) => number) => {
    const s = scored[q],
      wi = s.widths.indexOf(n);
    return spread(
      fired.map((draw) => {
        const subs = draw[q][wi];
        // one buffer for every row: an array per test row and draw was 6 % of digits' stage (90 pair networks)
        const says = subs.map(() => false);
        let right = 0;
        s.testRows.forEach((i, r) => {
          for (let p = 0; p < subs.length; p++) says[p] = subs[p][r] === 1;
          if (decodeAs(says) === labelOf(i)) right++;
        });
        return s.testRows.length > 0 ? right / s.testRows.length : NaN;
      }),
    );
  };
  if (scoreDrawCount < options.draws && widths.length > 0) {
    const budgeted = scoreDrawCount < Math.min(options.draws, options.scoreDraws);
    env.approximate?.({
      figure: 'generalization.widths',
      kind: 'draws',
      used: scoreDrawCount,
      of: options.draws,
      sentence:
        `Test accuracy at each width is the mean over ${scoreDrawCount} of the T = ${options.draws} draws (the first ${scoreDrawCount}` +
        `${budgeted ? `, within a work budget of ${scoreWork.toExponential(0)} multiply-adds for their first layers` : ''}); ` +
        (nStarDraws < options.draws ? `n* on the train split uses the first ${nStarDraws}.` : `n* on the train split uses all ${options.draws}.`),
    });
  }

  const report: GeneralizationReport = {
    testFraction: options.testFraction,
    seed: options.seed,
    train: split.train.length,
    test: split.test.length,
    activation: options.activation,
    lambda: options.lambda,
    draws: options.draws,
    scoreDraws: scoreDrawCount,
    ...(C === 2 ? { orientation: { negative: classNames[neg], positive: classNames[1 - neg] } } : {}),
    requiredWidth: nStar,
    widths: widths.map((n) => ({ n, accuracy: accuracyOf(0, n, decode, (i) => test.y[i]) })),
    nearestNeighbour: nn,
    yu: { d, requiredWidth: nStar, reading: yuReading(nStar, d, options.maxWidth) },
  };
  if (C > 2) {
    const grid = () => classNames.map(() => classNames.map((): number | null => null));
    const acc = grid(),
      width = grid(),
      nnPairs = grid();
    let q = widths.length > 0 ? 1 : 0;
    pairs.forEach(([a, b], p) => {
      width[a][b] = pairStars[p];
      if (pairNetworks[p])
        acc[a][b] = accuracyOf(
          q++,
          pairStars[p]!,
          (f) => (f[0] ? a : b),
          (i) => test.y[i],
        ).mean;
      // 1-NN does not depend on which class is X⁻
      if (a < b) {
        const rows = testRowsOf([a, b]).filter((i) => nnAt[i] >= 0);
        const right = rows.filter((i) => y[nearestAmong(near, nnAt[i], [a, b])] === test.y[i]).length;
        nnPairs[a][b] = nnPairs[b][a] = rows.length > 0 ? right / rows.length : NaN;
      }
    });
    report.pairwise = { classes: classNames, accuracy: acc, requiredWidth: width, nearestNeighbour: nnPairs };
  }
  progress(1);
  return report;
}

/** n* of each network on the train part, all from the same draws (SCIENCE.md §3's exact thresholds for the
 * threshold activation, the width grid for ReLU). */
function requiredWidths(
  train: Part,
  classRows: Int32Array[],
  networks: Network[],
  options: GeneralizationOptions,
  { cancel, parallel }: { cancel?: CancelToken; parallel?: Parallel },
  onProgress: (f: number) => void,
): (number | null)[] {
  const s: DrawSettings = { seed: options.seed, lambda: options.lambda, draws: options.draws, maxWidth: options.maxWidth, cancel, parallel, onProgress };
  if (options.activation === 'relu') return reluStudy(train, classRows, networks, options.eta, s, false).map((r) => r.requiredWidth);
  return networkThresholds(train, classRows, networks, s).map((th) => requiredWidth(thresholdCurve(th, options.maxWidth), options.eta));
}

const widthOf = (thresholds: (number | null)[], o: GeneralizationOptions) => requiredWidth(thresholdCurve(thresholds, o.maxWidth), o.eta);

/** Work budgets (multiply-adds) that keep the check bounded on large data: the scored draws' first layers,
 * (train + test) × the widest scored width × d each, and the 1-NN baseline, test × train × d. A scored
 * draw costs about twice its first layer (its cover loops and the test rows' scores), so Fashion 0-vs-6
 * (12,000 × 784, widest width 2,780: 2.6·10¹⁰ a draw) scores one draw; under 2·10¹¹ it scored five, 39 of
 * the stage's 41 CPU-s. Its 1-NN baseline (1.8·10¹⁰) fits whole; digits fits both whole. */
export const SCORE_WORK = 3e10,
  NEAREST_WORK = 1e11;

/** Each scored draw's firing of every network at its widths (scoreDraw.ts): for ReLU a draw is a task that
 * computes its first layer once for all of them. */
function scoreDraws(
  train: Part,
  test: Part,
  both: Part,
  networks: ScoredNetwork[],
  draws: number,
  options: GeneralizationOptions,
  env: { cancel?: CancelToken; parallel?: Parallel },
  onProgress: (f: number) => void,
): Firing {
  if (networks.length === 0) return [];
  const setting: ScoreSetting = { train, test, networks, seed: options.seed, lambda: options.lambda };
  if (options.activation === 'threshold') return scoreThreshold(setting, both, draws, { ...env, onProgress });
  const tasks = Array.from({ length: draws }, (_, t): ReluDrawTask => ({ ...setting, t }));
  return (env.parallel ?? serial).map(scoreReluDrawTask, tasks, env.cancel, (k) => onProgress(k / draws));
}

export function yuReading(n: number | null, d: number, maxWidth: number): string {
  if (n === null) return `No width up to ${maxWidth} memorizes the training split, so Yu et al.'s width condition cannot be read for this dataset.`;
  return n < d
    ? `n* = ${n} is below the data dimension d = ${d}: Yu et al. show that memorization networks narrower than d cannot generalize for some distributions, so weigh the test accuracy against the 1-NN baseline.`
    : `n* = ${n} is at least the data dimension d = ${d}, so Yu et al.'s obstruction (memorization networks narrower than d cannot generalize for some distributions) does not rule this dataset out.`;
}

/** one-vs-rest decoding: the class whose subnetwork alone says "mine", or −1 (counted wrong) if none or several do */
function uniqueFiring(fired: boolean[]): number {
  let c = -1;
  for (let k = 0; k < fired.length; k++) {
    if (!fired[k]) continue;
    if (c >= 0) return -1;
    c = k;
  }
  return c;
}

/** The train and test parts as views of one shared copy, train rows first, and that copy: a draw's first
 * layer of both parts is then one pass over it, which task threads read in place (scoreDraw.ts). */
function parts(input: { X: Float32Array; d: number; y: Int32Array }, trainRows: Int32Array, testRows: Int32Array): [Part, Part, Part] {
  const { d } = input;
  const idx = Int32Array.from([...trainRows, ...testRows]);
  const X = sharedFloat32(idx.length * d);
  idx.forEach((i, r) => X.set(input.X.subarray(i * d, (i + 1) * d), r * d));
  const y = Int32Array.from(idx, (i) => input.y[i]);
  const view = (from: number, to: number): Part => ({ X: X.subarray(from * d, to * d), N: to - from, d, y: y.subarray(from, to) });
  return [view(0, trainRows.length), view(trainRows.length, idx.length), view(0, idx.length)];
}
