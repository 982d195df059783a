// The memorization stage of the analysis (SCIENCE.md §2–3): which two-class problems to solve, the λ sweep,
// then the curves, required widths, K and verification, assembled into the Report's shapes.
import { throwIfCancelled, type CancelToken, type Progress } from '../env';
import {
  defaultSettings,
  type Activation,
  type AnalysisSettings,
  type Approximation,
  type CurvePoint,
  type LambdaSweepPoint,
  type MemorizationReport,
  type MemorizationSetup,
  type MulticlassReport,
  type OrientationResult,
} from '../report';
import { budgetedDraws, defaultBudgets, K_DRAWS, PAIRS, SWEEP_DRAWS, type WorkBudgets } from './budget';
import { parameterCount, requiredWidth, thresholdCurve } from './curve';
import { unmeasuredResult, type NetworkResult } from './networkResult';
import { intervalsOverlap, intervalWarning, requiredWidthInterval } from './quantileInterval';
import {
  binaryNetwork,
  oneVsRestNetwork,
  orderedPointPairs,
  pairSample,
  rowsByClass,
  type DrawSettings,
  type Network,
  type PointSample,
  type Points,
} from './problem';
import { reluStudy } from './reluStudy';
import type { KeptBits } from './exactThresholds';
import { lambdaNetworkThresholds, measureThresholdNetworks } from './thresholdStudy';
import type { LabeledPoints } from '../points';
import type { Parallel } from '../parallel';
import { childSeed } from '../random';

export interface MemorizationEnv {
  progress?: Progress;
  cancel?: CancelToken;
  parallel?: Parallel;
  /** the study so far, each time a figure is first known or refined (the final result is returned, not posted) */
  onPartial?: (partial: MemorizationFigures) => void;
  /** the work budgets (memorize/budget.ts's defaults when absent) */
  budgets?: WorkBudgets;
  /**
   * the held-out check's train split, as the rows of each class: with the threshold activation and a
   * fixed λ the study's draws also give every network's thresholds on it (the result's `train`), so the
   * check need not draw its first layers again
   */
  trainRows?: Int32Array[];
}

/** Per-draw thresholds on the train split (MemorizationEnv.trainRows), at the study's λ and draws. */
export interface TrainThresholds {
  lambda: number;
  /** the study's lead network: the main orientation for two classes, one-vs-rest for more */
  lead: (number | null)[];
  /** more than two classes: every ordered class pair's binary network, keyed "a>b" (a as X⁻) */
  pairs?: Map<string, (number | null)[]>;
}

export interface MemorizationFigures {
  memorization?: MemorizationReport;
  multiclass?: MulticlassReport;
  /** the figures above computed from fewer draws than T (a first answer, refined before the stage ends) */
  approximations: Approximation[];
}

/** What the study returns: its figures, and the train split's thresholds when env.trainRows asked for them. */
export interface MemorizationResult extends MemorizationFigures {
  train?: TrainThresholds;
}

/** draws behind the first n* the panel shows: a second or two of work on any data, then refined to T */
export const HEADLINE_DRAWS = 10;

/** A network to study; K and the verification only where they are reported. */
interface Task {
  network: Network;
  measureK: boolean;
}

export function memorizationStudy(input: LabeledPoints, settings: AnalysisSettings, env: MemorizationEnv): MemorizationResult {
  // settings.classes is applied once, by the pipeline (data/select-classes.ts, which keeps the rows' origins)
  if (settings.classes && !(input.classNames.length === 2 && settings.classes.every((c) => input.classNames.includes(c)))) {
    throw new Error(
      `The memorization study gets the two classes ${settings.classes.join(' and ')} already selected (selectClasses), not ${input.classNames.join(', ')}.`,
    );
  }
  const points: Points = { X: input.X, N: input.N, d: input.d };
  const names = input.classNames;
  const classRows = rowsByClass(input.y, names.length);
  const C = names.length;
  if (C < 2 || classRows.some((r) => r.length === 0)) {
    throw new Error(`Memorization needs at least two classes, each with points; the classes here are ${names.join(', ') || 'none'}.`);
  }

  // Two classes are always the binary study, whatever the mode: one-vs-rest and the class pairs are then
  // just its two orientations.
  if (C === 2) {
    // The authors' convention (algorithm.py takes label 1 as X⁻): the second class in sorted order.
    const neg = settings.negativeClass === undefined ? 1 : classIndex(names, settings.negativeClass);
    const nets = [binaryNetwork(neg, 1 - neg), binaryNetwork(1 - neg, neg)];
    const assemble = (run: StudyRun): MemorizationFigures => {
      const orientations = nets.map((net, q): OrientationResult => ({
        negative: names[net[0].neg],
        positive: names[net[0].pos[0]],
        ...networkFigures(run.results[q], points.d, 1, run.setup),
      }));
      const [main, other] = orientations;
      const { negative, positive, ...figures } = main;
      return {
        memorization: {
          ...run.setup,
          orientation: { negative, positive },
          ...figures,
          orientations,
          smallerNegative: smallerNegative(main, other),
          ...unreachedReason(main.requiredWidth, main.curve, run.setup),
        },
        approximations: fewerDraws('memorization', run.setup, run.results[0], settings.draws, points.N, env.budgets ?? defaultBudgets),
      };
    };
    const tasks = nets.map((network) => ({ network, measureK: true }));
    const run = runStudy(points, classRows, tasks, settings, env, (r) => env.onPartial?.(assemble(r)));
    return withTrain(assemble(run), run, C);
  }

  const mode = settings.mode === 'auto' ? 'both' : settings.mode;
  if (mode === 'binary') {
    throw new Error(`Binary mode needs two classes and this data has ${C}: choose two classes, or one-vs-rest or pairwise.`);
  }
  // The exact thresholds scan every ordered class pair on every draw: past the pair budget the study runs on a sample.
  const budgets = env.budgets ?? defaultBudgets;
  const pairBudget = budgets.pairs ?? PAIRS;
  const sample = multiclassSample(points, classRows, settings.activation, settings.seed, pairBudget);
  const studied = sample ?? { points, classRows };
  const ovr = oneVsRestNetwork(C);
  const pairs = mode === 'one-vs-rest' ? [] : orderedPairs(C);
  // The one-vs-rest network leads (the λ sweep's target) even when only pairs are reported: for the
  // threshold activation its n*(draw) is the max over all ordered class pairs, which the pairs need anyway.
  const tasks: Task[] = [
    { network: ovr, measureK: mode !== 'pairwise' },
    ...ovr.map((sub) => ({ network: [sub], measureK: false })),
    ...pairs.map(([a, b]) => ({ network: binaryNetwork(a, b), measureK: false })),
  ];
  const assemble = (run: StudyRun): MemorizationFigures => {
    const multiclass: MulticlassReport = {
      ...run.setup,
      ...(sample ? { sample: { N: sample.points.N, classCounts: sample.classRows.map((r) => r.length) } } : {}),
    };
    if (mode !== 'pairwise') {
      const r = run.results[0];
      multiclass.oneVsRest = {
        ...networkFigures(r, points.d, C, run.setup),
        perClass: names.map((name, c) => ({
          name,
          requiredWidth: run.results[1 + c].requiredWidth,
          requiredWidthInterval: widthInterval(run.results[1 + c].curve, run.setup),
          K: r.subproblemK[c],
        })),
        ...unreachedReason(r.requiredWidth, r.curve, run.setup),
      };
    }
    if (pairs.length > 0) {
      const width = names.map(() => names.map((): number | null => null));
      pairs.forEach(([a, b], q) => (width[a][b] = run.results[1 + C + q].requiredWidth));
      multiclass.pairwise = { classes: names, width };
    }
    const approximations = fewerDraws('multiclass', run.setup, run.results[0], settings.draws, studied.points.N, budgets);
    return { multiclass, approximations: sample ? [sampleApproximation(sample, points.N, classRows, pairBudget), ...approximations] : approximations };
  };
  // On a sample the held-out check's train split is not the study's points: it measures its own n*.
  const studyEnv = sample ? { ...env, trainRows: undefined } : env;
  const run = runStudy(studied.points, studied.classRows, tasks, settings, studyEnv, (r) => env.onPartial?.(assemble(r)));
  return withTrain(assemble(run), run, C);
}

/** The points a multi-class study (more than two classes) runs on: past the pair budget, for the threshold activation's
 * exact thresholds, its seeded stratified sample (pairSample); undefined where it runs on all of them. */
export function multiclassSample(points: Points, classRows: Int32Array[], activation: Activation, seed: string, pairBudget: number): PointSample | undefined {
  return activation === 'threshold' ? pairSample(points, classRows, pairBudget, childSeed(seed, 'memorization sample')) : undefined;
}

/** The label of a study on a sample (pairSample): every multi-class figure stands on it. */
function sampleApproximation(sample: PointSample, N: number, classRows: Int32Array[], pairs: number): Approximation {
  const all = orderedPointPairs(classRows.map((r) => r.length));
  return {
    figure: 'multiclass',
    kind: 'subsample',
    used: sample.points.N,
    of: N,
    sentence:
      `The multi-class study runs on ${sample.points.N} of the ${N} points, a seeded stratified sample (each class keeps its share): ` +
      `its exact thresholds compare every pair of points of different classes on every draw, ${all.toExponential(1)} pairs here, ` +
      `and a work budget allows ${pairs.toExponential(0)}. n* and K are the sample's; n* of all the points is at least the sample's (each draw's threshold is a maximum over more pairs).`,
  };
}

/**
 * The labels of the figures below `figure` that stand on fewer than the user's T draws: a first answer
 * (setup.draws < T, refined before the stage ends), the λ sweep and K within their budgets, and the
 * forward pass on a subsample of the N points.
 */
function fewerDraws(figure: string, setup: MemorizationSetup, lead: NetworkResult, T: number, N: number, budgets: WorkBudgets): Approximation[] {
  const out: Approximation[] = [];
  if (setup.draws < T) {
    out.push({
      figure,
      kind: 'draws',
      used: setup.draws,
      of: T,
      sentence: `A first answer from the first ${setup.draws} of the ${T} draws; the figures are refined to all ${T} while you read.`,
    });
  }
  const sweep = setup.lambdaSweep;
  if (sweep && sweep.draws < T) {
    out.push({
      figure: `${figure}.lambdaSweep`,
      kind: 'budget',
      used: sweep.draws,
      of: T,
      sentence: `The λ sweep uses the first ${sweep.draws} of the ${T} draws (at most ${SWEEP_DRAWS}, within a work budget of ${budgets.products.toExponential(0)} multiply-adds per figure); n* at the chosen λ uses all ${T}.`,
    });
  }
  const network = figure === 'multiclass' ? 'multiclass.oneVsRest' : figure;
  const kDraws = lead.kDraws ?? T;
  if (kDraws < T) {
    out.push({
      figure: `${network}.K`,
      kind: 'budget',
      used: kDraws,
      of: T,
      sentence: `K at n* is the mean over the first ${kDraws} of the ${T} draws (at most ${K_DRAWS}; each runs the cover loop on all N points at n* units, within a work budget of ${budgets.products.toExponential(0)} multiply-adds); n* itself uses all ${T}.`,
    });
  }
  if (lead.kCurveDraws !== undefined && lead.kCurveDraws < T) {
    out.push({
      figure: `${network}.kCurve`,
      kind: 'budget',
      used: lead.kCurveDraws,
      of: T,
      sentence:
        lead.kCurveDraws === 0
          ? `K above n* (1.5 n*, 2 n*, 4 n*) is not measured: one draw there would cost more than the work budget of ${budgets.products.toExponential(0)} multiply-adds; K at n* on ${kDraws === T ? 'all' : 'the first'} ${kDraws}.`
          : `K above n* (1.5 n*, 2 n*, 4 n*) is measured on the first ${lead.kCurveDraws} of the ${T} draws; K at n* on ${kDraws === T ? 'all' : 'the first'} ${kDraws}.`,
    });
  }
  if (lead.verifiedRows !== undefined) {
    out.push({
      figure: `${network}.verified`,
      kind: 'subsample',
      used: lead.verifiedRows,
      of: N,
      sentence: `The literal forward pass classified ${lead.verifiedRows} evenly spaced points (a work budget of ${budgets.verify.toExponential(0)} multiply-adds); that the cover loop interpolates is checked on every point of every measured draw.`,
    });
  }
  return out;
}

interface StudyRun {
  setup: MemorizationSetup;
  results: NetworkResult[];
  /** per train network (trainNetworks), its thresholds on the train split */
  train?: (number | null)[][];
}

/** Every ordered class pair [a, b], a ≠ b, a-major. */
function orderedPairs(C: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) pairs.push([a, b]);
  return pairs;
}

/** The networks whose train-split thresholds the held-out check uses: the lead, and for more than two
 * classes every ordered class pair (TrainThresholds). */
function trainNetworks(lead: Network, C: number): Network[] {
  return [lead, ...(C > 2 ? orderedPairs(C).map(([a, b]) => binaryNetwork(a, b)) : [])];
}

/** The study's result with the train split's thresholds, where it computed them. */
function withTrain(figures: MemorizationFigures, run: StudyRun, C: number): MemorizationResult {
  if (!run.train) return figures;
  const [lead, ...pairs] = run.train;
  const train: TrainThresholds = { lambda: run.setup.lambda, lead };
  if (C > 2) train.pairs = new Map(orderedPairs(C).map(([a, b], q) => [`${a}>${b}`, pairs[q]]));
  return { ...figures, train };
}

/**
 * The λ sweep (on tasks[0]) and every task at the chosen λ. The sweep always runs for the threshold
 * activation, where the exact per-draw thresholds make it cheap and its recommended λ is worth showing;
 * for ReLU (a grid of widths per λ) only when λ is 'auto'. With the threshold activation and a fixed λ,
 * `partial` gets each step's figures as soon as they are known: n* from the first HEADLINE_DRAWS draws,
 * n* from all T, K; the sweep comes last.
 */
function runStudy(
  points: Points,
  classRows: Int32Array[],
  tasks: Task[],
  settings: AnalysisSettings,
  env: MemorizationEnv,
  partial?: (run: StudyRun) => void,
): StudyRun {
  const { activation, draws, maxWidth, eta, seed } = settings;
  const sweep =
    settings.lambda === 'auto' || activation === 'threshold' ? (settings.lambdaGrid.length > 0 ? settings.lambdaGrid : defaultSettings.lambdaGrid) : [];
  const fixed = settings.lambda === 'auto' ? undefined : settings.lambda;
  // Progress in units. Threshold, fixed λ: the first draws' thresholds, the others', K, the sweep;
  // λ = auto: the thresholds of every λ together, K. ReLU: one per λ of the sweep and one for the main grid.
  const units = activation === 'threshold' ? (fixed === undefined ? 2 : 4) : sweep.length + 1;
  let unit = 0;
  const drawSettings = (lambda: number, range?: [number, number]): DrawSettings => ({
    seed,
    lambda,
    draws,
    maxWidth,
    range,
    cancel: env.cancel,
    parallel: env.parallel,
    budgets: env.budgets,
    onProgress: (f) => env.progress?.('memorization', Math.min(1, (unit + f) / units)),
  });
  const done = () => {
    unit++;
    env.progress?.('memorization', unit / units);
    throwIfCancelled(env.cancel);
  };
  const method = activation === 'threshold' ? 'exact' : 'grid';
  /** T: the draws behind the curve (the sweep's may be fewer than the study's) */
  const sweepPoint = (l: number, curve: CurvePoint[], T = draws): LambdaSweepPoint => ({
    lambda: l,
    requiredWidth: requiredWidth(curve, eta),
    requiredWidthInterval: widthInterval(curve, { draws: T, eta, method }),
    pAtMax: pAt(curve, maxWidth),
    curve,
  });
  const warning = intervalWarning(draws, eta);
  const withSweep = (lambda: number, grid: LambdaSweepPoint[], sweepDraws = draws): MemorizationSetup => ({
    activation,
    method,
    lambda,
    draws,
    eta,
    maxWidth,
    ...(grid.length > 0 ? { lambdaSweep: sweepSummary(grid, maxWidth, sweepDraws) } : {}),
    ...(warning ? { intervalWarning: warning } : {}),
  });
  const networks = tasks.map((t) => t.network);

  if (activation === 'relu') {
    const grid = sweep.map((l) => {
      const curve = reluStudy(points, classRows, [networks[0]], eta, drawSettings(l), false)[0].curve;
      done();
      return sweepPoint(l, curve);
    });
    const setup = withSweep(settings.lambda === 'auto' ? bestLambda(grid) : settings.lambda, grid);
    const results = reluStudy(
      points,
      classRows,
      networks,
      eta,
      drawSettings(setup.lambda),
      tasks.some((t) => t.measureK),
    );
    done();
    return { setup, results };
  }
  // The bits the threshold pass computes at the main λ are kept for the K measurement (same units).
  const kept: (KeptBits | undefined)[] = [];
  const measure = (lambda: number, thresholds: (number | null)[][]) =>
    measureThresholdNetworks(
      points,
      classRows,
      tasks.map((task, q) => ({ ...task, thresholds: thresholds[q] })),
      eta,
      drawSettings(lambda),
      kept,
    );

  if (fixed === undefined) {
    // λ = auto: the main λ is not known before the sweep, so every λ gets every network (their class
    // pairs are mostly the lead's anyway), in one pass over the draws (one W·x per draw for every λ).
    const thresholds = lambdaNetworkThresholds(
      points,
      classRows,
      sweep.map((lambda) => ({ lambda, networks })),
      drawSettings(NaN),
    );
    done();
    const grid = sweep.map((l, q) => sweepPoint(l, thresholdCurve(thresholds[q][0], maxWidth)));
    const setup = withSweep(bestLambda(grid), grid);
    const results = measure(setup.lambda, thresholds[sweep.indexOf(setup.lambda)]);
    done();
    return { setup, results };
  }

  // A fixed λ: the headline first. n* from the first draws, then from all T, then K, then the sweep's
  // other λ on the lead network (a second W·x pass, paid after the user has the answer).
  const keep = { job: 0, below: K_DRAWS, into: kept };
  // the train split's thresholds ride along: the same draws' bits, only the scan over their pairs is extra
  const train = env.trainRows ? { classRows: env.trainRows, networks: trainNetworks(networks[0], classRows.length) } : undefined;
  const trainRuns: (number | null)[][][] = [];
  const atMain = (range: [number, number]) => {
    if (range[0] >= range[1]) return networks.map(() => []);
    const jobs = [{ lambda: fixed, networks }, ...(train ? [{ lambda: fixed, ...train }] : [])];
    const [main, onTrain] = lambdaNetworkThresholds(points, classRows, jobs, drawSettings(fixed, range), keep);
    if (onTrain) trainRuns.push(onTrain);
    return main;
  };
  const firstDraws = Math.min(draws, HEADLINE_DRAWS);
  const first = atMain([0, firstDraws]);
  if (firstDraws < draws) {
    const firstWarning = intervalWarning(firstDraws, eta);
    const setup = { ...withSweep(fixed, []), draws: firstDraws, ...(firstWarning ? { intervalWarning: firstWarning } : {}) };
    partial?.({ setup, results: widthsOnly(tasks, first, eta, maxWidth) });
  }
  done();
  const rest = atMain([firstDraws, draws]);
  const main = first.map((th, q) => th.concat(rest[q]));
  partial?.({ setup: withSweep(fixed, []), results: widthsOnly(tasks, main, eta, maxWidth) });
  done();
  const results = measure(fixed, main);
  partial?.({ setup: withSweep(fixed, []), results });
  done();
  // A draw of the sweep may grow to maxWidth units (a λ that separates badly, λ = 0 above all), so the
  // sweep gets the draws the work budget allows; every λ of it on the same draws.
  const sweepDraws = budgetedDraws(Math.min(draws, SWEEP_DRAWS), points.N, points.d, maxWidth, env.budgets?.products);
  const others = sweep.filter((l) => l !== fixed);
  const swept =
    others.length > 0
      ? lambdaNetworkThresholds(
          points,
          classRows,
          others.map((lambda) => ({ lambda, networks: [networks[0]] })),
          drawSettings(NaN, [0, sweepDraws]),
        )
      : [];
  done();
  const grid = sweep.map((l) => sweepPoint(l, thresholdCurve(l === fixed ? main[0].slice(0, sweepDraws) : swept[others.indexOf(l)][0], maxWidth), sweepDraws));
  const onTrain = train ? train.networks.map((_, q) => trainRuns.flatMap((run) => run[q])) : undefined;
  return { setup: withSweep(fixed, grid, sweepDraws), results, ...(onTrain ? { train: onTrain } : {}) };
}

/** Each task's curve and n*(η) from its thresholds, before K is measured. */
function widthsOnly(tasks: Task[], thresholds: (number | null)[][], eta: number, maxWidth: number): NetworkResult[] {
  return tasks.map((task, q) => {
    const curve = thresholdCurve(thresholds[q], maxWidth);
    return { ...unmeasuredResult(thresholds[q], curve, task.network.length), requiredWidth: requiredWidth(curve, eta) };
  });
}

/** Smallest required width wins (none counts as infinite); ties go to the higher P(maxWidth), then the earlier λ. */
export function bestLambda(grid: LambdaSweepPoint[]): number {
  const width = (g: LambdaSweepPoint) => g.requiredWidth ?? Infinity;
  let best = grid[0];
  for (const g of grid) {
    if (width(g) < width(best) || (width(g) === width(best) && g.pAtMax > best.pAtMax)) best = g;
  }
  return best.lambda;
}

/** The best λ, and the λ the draws cannot tell apart from it (their n* intervals overlap). */
function sweepSummary(grid: LambdaSweepPoint[], maxWidth: number, draws: number): NonNullable<MemorizationSetup['lambdaSweep']> {
  const best = bestLambda(grid);
  const bestPoint = grid.find((g) => g.lambda === best)!;
  const indistinguishable =
    bestPoint.requiredWidth === null
      ? []
      : grid
          .filter(
            (g) =>
              g !== bestPoint &&
              g.requiredWidthInterval &&
              bestPoint.requiredWidthInterval &&
              intervalsOverlap(g.requiredWidthInterval, bestPoint.requiredWidthInterval, maxWidth),
          )
          .map((g) => g.lambda);
  return { grid, best, ...(indistinguishable.length > 0 ? { indistinguishable } : {}), draws };
}

function pAt(curve: CurvePoint[], n: number): number {
  let p = 0;
  for (const c of curve) if (c.n <= n) p = c.p;
  return p;
}

function widthInterval(curve: CurvePoint[], setup: Pick<MemorizationSetup, 'draws' | 'eta' | 'method'>) {
  return requiredWidthInterval(curve, setup.draws, setup.eta, setup.method);
}

function networkFigures(r: NetworkResult, d: number, outputs: number, setup: MemorizationSetup) {
  const n = r.requiredWidth;
  return {
    thresholds: r.thresholds,
    curve: r.curve,
    requiredWidth: n,
    requiredWidthInterval: widthInterval(r.curve, setup),
    K: r.K,
    kCurve: r.kCurve,
    parameters: n === null || r.K === null ? null : parameterCount(n, d, Math.ceil(r.K), outputs),
    verified: r.verified,
  };
}

function smallerNegative(a: OrientationResult, b: OrientationResult): string | null {
  const wa = a.requiredWidth ?? Infinity,
    wb = b.requiredWidth ?? Infinity;
  return wa === wb ? null : wa < wb ? a.negative : b.negative;
}

function unreachedReason(n: number | null, curve: CurvePoint[], setup: MemorizationSetup): { reason?: string } {
  if (n !== null) return {};
  const p = pAt(curve, setup.maxWidth);
  let reason =
    `P(n) stays below 1 − η = ${1 - setup.eta} up to the maximal width ${setup.maxWidth} ` +
    `(${Math.round(p * setup.draws)} of ${setup.draws} draws interpolate there).`;
  if (setup.lambda === 0) {
    reason +=
      ' With λ = 0 every first-layer hyperplane passes through the origin, so points of the two classes in ' +
      'nearly the same direction from the origin need very many units: try λ > 0 or λ = auto.';
  }
  return { reason };
}

function classIndex(names: string[], name: string): number {
  const c = names.indexOf(name);
  if (c < 0) throw new Error(`There is no class "${name}"; the classes are ${names.join(', ')}.`);
  return c;
}
