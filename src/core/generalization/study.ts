// SCIENCE.md §6, the held-out check: a seeded stratified split; the memorizing network is built on the train
// split at its required width n* (measured on the train split) and at larger widths, and scored on the
// test split beside a 1-nearest-neighbour baseline; n* is set against the data dimension d (Yu et al.).
import type { Parallel } from '../parallel';
import type { CancelToken, Progress } from '../env';
import { throwIfCancelled } from '../env';
import { reluActivations, thresholdBits } from '../kernels/layer1';
import { coverLoop, reluScores, thresholdScores, type ActivationScores } from '../memorize/coverLoop';
import { requiredWidth, thresholdCurve } from '../memorize/curve';
import { FirstLayerDraw } from '../memorize/firstLayer';
import { classify } from '../memorize/forward';
import { binaryNetwork, oneVsRestNetwork, rowsByClass, subproblemKey, subproblemRows, type DrawSettings, type Network } from '../memorize/problem';
import { reluStudy } from '../memorize/reluStudy';
import { networkThresholds } from '../memorize/thresholdStudy';
import { childSeed, createRng } from '../random';
import { spread } from '../lipschitz/randomStudy';
import type { AccuracyAtWidth, Activation, GeneralizationReport } from '../report';
import { accuracy, nearestNeighbourPredict } from './nearestNeighbour';
import { stratifiedSplit } from './split';
import type { LabeledPoints } from '../points';

export interface GeneralizationOptions {
  testFraction: number;
  seed: string;
  activation: Activation;
  lambda: number;
  draws: number;
  eta: number;
  maxWidth: number;
  /** two classes: the class index used as X⁻ (default 1, the authors' convention) */
  negative?: number;
  /** widths scored, as multiples of n* (capped at maxWidth) */
  widthFactors: number[];
}

export const defaultGeneralization: Omit<GeneralizationOptions, 'seed' | 'activation' | 'lambda' | 'eta' | 'maxWidth'> = {
  testFraction: 0.2,
  draws: 5,
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
  env: { progress?: Progress; cancel?: CancelToken; parallel?: Parallel } = {},
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
  const nStar = requiredWidths(train, rowsByClass(train.y, C), [network], options, env, (f) => progress(0.5 * share * f))[0];
  const widths = nStar === null ? [] : [...new Set(options.widthFactors.map((f) => Math.min(options.maxWidth, Math.ceil(f * nStar))))];
  const scored = scoreAt(train, test, network, decode, widths, options, env.cancel, (f) => progress(share * (0.5 + 0.5 * f)));

  const report: GeneralizationReport = {
    testFraction: options.testFraction,
    seed: options.seed,
    train: split.train.length,
    test: split.test.length,
    activation: options.activation,
    lambda: options.lambda,
    draws: options.draws,
    ...(C === 2 ? { orientation: { negative: classNames[neg], positive: classNames[1 - neg] } } : {}),
    requiredWidth: nStar,
    widths: scored,
    nearestNeighbour: nn,
    yu: { d, requiredWidth: nStar, reading: yuReading(nStar, d, options.maxWidth) },
  };
  if (C > 2) report.pairwise = pairwiseAccuracy(train, test, C, classNames, options, env, (f) => progress(0.3 + 0.7 * f));
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

/** The test accuracy over the draws at each width. */
function scoreAt(
  train: Part, test: Part, network: Network, decode: (fired: boolean[]) => number, widths: number[],
  options: GeneralizationOptions, cancel: CancelToken | undefined, onProgress: (f: number) => void,
): AccuracyAtWidth[] {
  const classRows = rowsByClass(train.y, classCount(network));
  return widths.map((n, wi) => {
    const acc: number[] = [];
    for (let t = 0; t < options.draws; t++) {
      throwIfCancelled(cancel);
      const fired = trainAndClassify(train, classRows, network, test, n, t, options);
      let right = 0;
      for (let i = 0; i < test.N; i++) if (decode(fired.map((f) => f[i] === 1)) === test.y[i]) right++;
      acc.push(test.N > 0 ? right / test.N : NaN);
      onProgress((wi + (t + 1) / options.draws) / widths.length);
    }
    return { n, accuracy: spread(acc) };
  });
}

/** Draw t of the first layer at width n, the cover loop on the train part, a forward pass on the test
 * part: per subproblem, 1 where it says "X⁻" (its negative class). Seeds as the memorization study's. */
function trainAndClassify(train: Part, classRows: Int32Array[], network: Network, test: Part, n: number, t: number, o: GeneralizationOptions): Uint8Array[] {
  const { X, N, d } = train;
  const draw = new FirstLayerDraw(o.seed, t, d, o.lambda, n);
  draw.extendTo(n);
  let scores: ActivationScores;
  if (o.activation === 'threshold') {
    const stride = (n + 31) >>> 5;
    const bits = new Uint32Array(N * stride);
    thresholdBits(X, N, d, draw.W, draw.b, 0, n, bits, stride);
    scores = thresholdScores(bits, stride, n);
  } else {
    const act = new Float32Array(N * n);
    reluActivations(X, N, d, draw.W, draw.b, 0, n, act, n);
    scores = reluScores(act, n, n);
  }
  const layers = network.map((sub) => {
    const rows = subproblemRows(sub, classRows);
    return coverLoop(scores, rows.neg, rows.pos, createRng(childSeed(o.seed, 'cover', t, subproblemKey(sub), n)));
  });
  return classify(test.X, test.N, d, draw.W, draw.b, o.activation, layers);
}

/** Every ordered class pair (row class X⁻) trained and tested on those two classes alone. */
function pairwiseAccuracy(
  train: Part, test: Part, C: number, classes: string[], options: GeneralizationOptions,
  env: { cancel?: CancelToken; parallel?: Parallel }, onProgress: (f: number) => void,
): NonNullable<GeneralizationReport['pairwise']> {
  const { cancel } = env;
  const grid = () => classes.map(() => classes.map((): number | null => null));
  const acc = grid(), width = grid(), nn = grid();
  const pairs: [number, number][] = [];
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) pairs.push([a, b]);
  // every pair's n* from one pass over shared draws of the whole train part
  const nStars = requiredWidths(train, rowsByClass(train.y, C), pairs.map(([a, b]) => binaryNetwork(a, b)), options, env, (f) => onProgress(0.3 * f));
  pairs.forEach(([a, b], q) => {
    // scored on the two classes alone (row class a relabelled 0 = X⁻, b relabelled 1)
    const tr = relabelled(train, a, b), te = relabelled(test, a, b);
    const n = nStars[q];
    width[a][b] = n;
    if (n !== null) {
      const [r] = scoreAt(tr, te, binaryNetwork(0, 1), (fired) => (fired[0] ? 0 : 1), [n], options, cancel, (f) => onProgress(0.3 + (0.7 * (q + f)) / pairs.length));
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

