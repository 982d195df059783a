// SCIENCE.md §6, the held-out check: a seeded stratified split; the memorizing network is built on the train
// split at its required width n* (measured on the train split) and at larger widths, and scored on the
// test split beside a 1-nearest-neighbour baseline; n* is set against the data dimension d (Yu et al.).
import type { Parallel } from '../parallel';
import type { CancelToken, Progress } from '../env';
import { requiredWidth, thresholdCurve } from '../memorize/curve';
import { binaryNetwork, oneVsRestNetwork, rowsByClass, type DrawSettings, type Network } from '../memorize/problem';
import { reluStudy } from '../memorize/reluStudy';
import { networkThresholds } from '../memorize/thresholdStudy';
import { serial } from '../tasks';
import { spread } from '../lipschitz/randomStudy';
import type { AccuracyAtWidth, Activation, Approximation, GeneralizationReport } from '../report';
import type { ScoreDrawTask } from './scoreDraw';
import { accuracy, nearestNeighbourPredict } from './nearestNeighbour';
import { stratifiedSplit } from './split';
import type { TrainThresholds } from '../memorize/study';
import type { LabeledPoints } from '../points';

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
  input: LabeledPoints,
  options: GeneralizationOptions,
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel; approximate?: (a: Approximation) => void } = {},
): GeneralizationReport {
  const { X, d, y, classNames } = input;
  const C = classNames.length;
  const split = stratifiedSplit(y, C, options.testFraction, options.seed);
  const nn = accuracy(nearestNeighbourPredict(X, d, y, split.train, split.test), y, split.test);
  const train = part(input, split.train);
  const test = part(input, split.test);
  const progress = (f: number) => env.progress?.('generalization', f);

  const neg = options.negative ?? 1;
  const network = C === 2 ? binaryNetwork(neg, 1 - neg) : oneVsRestNetwork(C);
  const decode = C === 2 ? (fired: boolean[]) => (fired[0] ? neg : 1 - neg) : (fired: boolean[]) => uniqueFiring(fired);
  const share = C === 2 ? 1 : 0.3;
  const reused = options.train && options.activation === 'threshold' && options.train.lambda === options.lambda ? options.train : undefined;
  const nStar = reused
    ? widthOf(reused.lead, options)
    : requiredWidths(train, rowsByClass(train.y, C), [network], options, env, (f) => progress(0.5 * share * f))[0];
  const widths = nStar === null ? [] : [...new Set(options.widthFactors.map((f) => Math.min(options.maxWidth, Math.ceil(f * nStar))))];
  const scored = scoreAt(train, test, network, decode, widths, options, env, (f) => progress(share * (0.5 + 0.5 * f)));
  const scoreDraws = scoreDrawCount(options);
  if (scoreDraws < options.draws && widths.length > 0) {
    env.approximate?.({
      figure: 'generalization.widths', kind: 'draws', used: scoreDraws, of: options.draws,
      sentence: `Test accuracy at each width is the mean over ${scoreDraws} of the T = ${options.draws} draws (the first ${scoreDraws}); ` +
        `n* on the train split uses all ${options.draws}.`,
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
    scoreDraws,
    ...(C === 2 ? { orientation: { negative: classNames[neg], positive: classNames[1 - neg] } } : {}),
    requiredWidth: nStar,
    widths: scored,
    nearestNeighbour: nn,
    yu: { d, requiredWidth: nStar, reading: yuReading(nStar, d, options.maxWidth) },
  };
  if (C > 2) report.pairwise = pairwiseAccuracy(train, test, C, classNames, { ...options, train: reused }, env, (f) => progress(0.3 + 0.7 * f));
  progress(1);
  return report;
}

/** n* of each network on the train part, all from the same draws (SCIENCE.md §3's exact thresholds for the
 * threshold activation, the width grid for ReLU). */
function requiredWidths(
  train: Part, classRows: Int32Array[], networks: Network[], options: GeneralizationOptions,
  { cancel, parallel }: { cancel?: CancelToken; parallel?: Parallel }, onProgress: (f: number) => void,
): (number | null)[] {
  const s: DrawSettings = { seed: options.seed, lambda: options.lambda, draws: options.draws, maxWidth: options.maxWidth, cancel, parallel, onProgress };
  if (options.activation === 'relu') return reluStudy(train, classRows, networks, options.eta, s, false).map((r) => r.requiredWidth);
  return networkThresholds(train, classRows, networks, s).map((th) => requiredWidth(thresholdCurve(th, options.maxWidth), options.eta));
}

const widthOf = (thresholds: (number | null)[], o: GeneralizationOptions) => requiredWidth(thresholdCurve(thresholds, o.maxWidth), o.eta);

const scoreDrawCount = (o: GeneralizationOptions) => Math.max(1, Math.min(o.draws, o.scoreDraws));

/** The test accuracy over the scored draws at each width; each draw is a task (scoreDraw.ts). */
function scoreAt(
  train: Part, test: Part, network: Network, decode: (fired: boolean[]) => number, widths: number[],
  options: GeneralizationOptions, env: { cancel?: CancelToken; parallel?: Parallel }, onProgress: (f: number) => void,
): AccuracyAtWidth[] {
  if (widths.length === 0) return [];
  const classRows = rowsByClass(train.y, classCount(network));
  const sorted = [...widths].sort((a, b) => a - b);
  const draws = scoreDrawCount(options);
  const tasks = Array.from({ length: draws }, (_, t): ScoreDrawTask => ({
    train: { X: train.X, N: train.N }, test: { X: test.X, N: test.N }, d: train.d, classRows, network, widths: sorted, t,
    seed: options.seed, lambda: options.lambda, activation: options.activation,
  }));
  const fired = (env.parallel ?? serial).map('scoreDraw', tasks, env.cancel, (k) => onProgress(k / draws));
  return widths.map((n) => {
    const wi = sorted.indexOf(n);
    const acc = fired.map((perWidth) => {
      let right = 0;
      for (let i = 0; i < test.N; i++) if (decode(perWidth[wi].map((f) => f[i] === 1)) === test.y[i]) right++;
      return test.N > 0 ? right / test.N : NaN;
    });
    return { n, accuracy: spread(acc) };
  });
}

/** Every ordered class pair (row class X⁻) trained and tested on those two classes alone. */
function pairwiseAccuracy(
  train: Part, test: Part, C: number, classes: string[], options: GeneralizationOptions,
  env: { cancel?: CancelToken; parallel?: Parallel }, onProgress: (f: number) => void,
): NonNullable<GeneralizationReport['pairwise']> {
  const grid = () => classes.map(() => classes.map((): number | null => null));
  const acc = grid(), width = grid(), nn = grid();
  const pairs: [number, number][] = [];
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) pairs.push([a, b]);
  // every pair's n* from one pass over shared draws of the whole train part (or the memorization study's)
  const pairThresholds = options.train?.pairs;
  const nStars = pairThresholds
    ? pairs.map(([a, b]) => widthOf(pairThresholds.get(`${a}>${b}`)!, options))
    : requiredWidths(train, rowsByClass(train.y, C), pairs.map(([a, b]) => binaryNetwork(a, b)), options, env, (f) => onProgress(0.3 * f));
  pairs.forEach(([a, b], q) => {
    // scored on the two classes alone (row class a relabelled 0 = X⁻, b relabelled 1)
    const tr = relabelled(train, a, b), te = relabelled(test, a, b);
    const n = nStars[q];
    width[a][b] = n;
    if (n !== null) {
      const [r] = scoreAt(tr, te, binaryNetwork(0, 1), (fired) => (fired[0] ? 0 : 1), [n], options, env, (f) => onProgress(0.3 + (0.7 * (q + f)) / pairs.length));
      acc[a][b] = r.accuracy.mean;
    }
    // 1-NN does not depend on which class is X⁻
    if (a < b) {
      const all = concat(tr, te);
      const trainIdx = Int32Array.from({ length: tr.N }, (_, i) => i);
      const testIdx = Int32Array.from({ length: te.N }, (_, i) => tr.N + i);
      nn[a][b] = nn[b][a] = accuracy(nearestNeighbourPredict(all.X, all.d, all.y, trainIdx, testIdx), all.y, testIdx);
    }
  });
  return { classes, accuracy: acc, requiredWidth: width, nearestNeighbour: nn };
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

function classCount(network: Network): number {
  let max = 0;
  for (const sub of network) max = Math.max(max, sub.neg, ...sub.pos);
  return max + 1;
}

function part(input: { X: Float32Array; d: number; y: Int32Array }, idx: Int32Array): Part {
  const { d } = input;
  const X = new Float32Array(idx.length * d);
  idx.forEach((i, r) => X.set(input.X.subarray(i * d, (i + 1) * d), r * d));
  return { X, N: idx.length, d, y: Int32Array.from(idx, (i) => input.y[i]) };
}

/** the points of classes a and b, relabelled a → 0, b → 1 */
function relabelled(p: Part, a: number, b: number): Part {
  const idx: number[] = [];
  for (let i = 0; i < p.N; i++) if (p.y[i] === a || p.y[i] === b) idx.push(i);
  const sub = part(p, Int32Array.from(idx));
  return { ...sub, y: Int32Array.from(sub.y, (c) => (c === a ? 0 : 1)) };
}

function concat(a: Part, b: Part): Part {
  const X = new Float32Array((a.N + b.N) * a.d);
  X.set(a.X);
  X.set(b.X, a.N * a.d);
  const y = new Int32Array(a.N + b.N);
  y.set(a.y);
  y.set(b.y, a.N);
  return { X, N: a.N + b.N, d: a.d, y };
}

