// The memorization stage of the analysis (SCIENCE.md §2–3): which two-class problems to solve, the λ sweep,
// then the curves, required widths, K and verification, assembled into the Report's shapes.
import { throwIfCancelled, type CancelToken, type Progress } from '../env';
import {
  defaultSettings, type AnalysisSettings, type CurvePoint, type LambdaSweepPoint, type MemorizationReport,
  type MemorizationSetup, type MulticlassReport, type OrientationResult,
} from '../report';
import { parameterCount, requiredWidth, thresholdCurve } from './curve';
import type { NetworkResult } from './networkResult';
import { intervalsOverlap, intervalWarning, requiredWidthInterval } from './quantileInterval';
import { binaryNetwork, oneVsRestNetwork, rowsByClass, type DrawSettings, type Network, type Points } from './problem';
import { reluStudy } from './reluStudy';
import type { KeptBits } from './exactThresholds';
import { lambdaNetworkThresholds, measureThresholdNetworks } from './thresholdStudy';
import type { LabeledPoints } from '../points';
import type { Parallel } from '../parallel';

export interface MemorizationEnv {
  progress?: Progress;
  cancel?: CancelToken;
  parallel?: Parallel;
}

/** A network to study; K and the verification only where they are reported. */
interface Task {
  network: Network;
  measureK: boolean;
}

export function memorizationStudy(
  input: LabeledPoints, settings: AnalysisSettings, env: MemorizationEnv,
): { memorization?: MemorizationReport; multiclass?: MulticlassReport } {
  const data = restrictClasses(input, settings.classes);
  const points: Points = { X: data.X, N: data.N, d: data.d };
  const names = data.classNames;
  const classRows = rowsByClass(data.y, names.length);
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
    const run = runStudy(points, classRows, nets.map((network) => ({ network, measureK: true })), settings, env);
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
    };
  }

  const mode = settings.mode === 'auto' ? 'both' : settings.mode;
  if (mode === 'binary') {
    throw new Error(`Binary mode needs two classes and this data has ${C}: choose two classes, or one-vs-rest or pairwise.`);
  }
  const ovr = oneVsRestNetwork(C);
  const pairs: [number, number][] = [];
  if (mode !== 'one-vs-rest') for (let a = 0; a < C; a++) for (let b = 0; b < C; b++) if (a !== b) pairs.push([a, b]);
  // The one-vs-rest network leads (the λ sweep's target) even when only pairs are reported: for the
  // threshold activation its n*(draw) is the max over all ordered class pairs, which the pairs need anyway.
  const tasks: Task[] = [
    { network: ovr, measureK: mode !== 'pairwise' },
    ...ovr.map((sub) => ({ network: [sub], measureK: false })),
    ...pairs.map(([a, b]) => ({ network: binaryNetwork(a, b), measureK: false })),
  ];
  const run = runStudy(points, classRows, tasks, settings, env);
  const multiclass: MulticlassReport = { ...run.setup };
  if (mode !== 'pairwise') {
    const r = run.results[0];
    multiclass.oneVsRest = {
      ...networkFigures(r, points.d, C, run.setup),
      perClass: names.map((name, c) => ({
        name, requiredWidth: run.results[1 + c].requiredWidth,
        requiredWidthInterval: widthInterval(run.results[1 + c].curve, run.setup), K: r.subproblemK[c],
      })),
      ...unreachedReason(r.requiredWidth, r.curve, run.setup),
    };
  }
  if (pairs.length > 0) {
    const width = names.map(() => names.map((): number | null => null));
    pairs.forEach(([a, b], q) => (width[a][b] = run.results[1 + C + q].requiredWidth));
    multiclass.pairwise = { classes: names, width };
  }
  return { multiclass };
}

/**
 * The λ sweep (on tasks[0]), then every task at the chosen λ. The sweep always runs for the threshold
 * activation, where the exact per-draw thresholds make it cheap and its recommended λ is worth showing;
 * for ReLU (a grid of widths per λ) only when λ is 'auto'.
 */
function runStudy(
  points: Points, classRows: Int32Array[], tasks: Task[], settings: AnalysisSettings, env: MemorizationEnv,
): { setup: MemorizationSetup; results: NetworkResult[] } {
  const { activation, draws, maxWidth, eta, seed } = settings;
  const sweep =
    settings.lambda === 'auto' || activation === 'threshold'
      ? settings.lambdaGrid.length > 0 ? settings.lambdaGrid : defaultSettings.lambdaGrid
      : [];
  // Progress in units. Threshold: one for the thresholds of the sweep and the main λ together, one for
  // measuring K. ReLU: one per λ of the sweep and one for the main grid.
  const units = activation === 'threshold' ? 2 : sweep.length + 1;
  let unit = 0;
  const drawSettings = (lambda: number): DrawSettings => ({
    seed, lambda, draws, maxWidth, cancel: env.cancel, parallel: env.parallel,
    onProgress: (f) => env.progress?.('memorization', Math.min(1, (unit + f) / units)),
  });
  const done = () => {
    unit++;
    env.progress?.('memorization', unit / units);
    throwIfCancelled(env.cancel);
  };
  const method = activation === 'threshold' ? 'exact' : 'grid';
  const sweepPoint = (l: number, curve: CurvePoint[]): LambdaSweepPoint => ({
    lambda: l, requiredWidth: requiredWidth(curve, eta),
    requiredWidthInterval: widthInterval(curve, { draws, eta, method }), pAtMax: pAt(curve, maxWidth), curve,
  });
  const warning = intervalWarning(draws, eta);
  const withSweep = (lambda: number, grid: LambdaSweepPoint[]): MemorizationSetup => ({
    activation, method, lambda, draws, eta, maxWidth,
    ...(grid.length > 0 ? { lambdaSweep: sweepSummary(grid, maxWidth) } : {}),
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
    const results = reluStudy(points, classRows, networks, eta, drawSettings(setup.lambda), tasks.some((t) => t.measureK));
    done();
    return { setup, results };
  }

  // Threshold: the sweep and the main λ in one pass over the draws (one W·x per draw for every λ). The
  // main λ needs every network, the other λ only the lead; with λ = auto the main λ is not known yet,
  // so every λ gets every network (their class pairs are mostly the lead's anyway).
  const fixed = settings.lambda === 'auto' ? undefined : settings.lambda;
  const lambdas = fixed === undefined || sweep.includes(fixed) ? [...sweep] : [...sweep, fixed];
  const jobs = lambdas.map((l) => ({ lambda: l, networks: fixed === undefined || l === fixed ? networks : [networks[0]] }));
  // With a fixed λ, the draws' bits at that λ are kept for the K measurement (it needs the same units).
  const kept: (KeptBits | undefined)[] = [];
  const keep = fixed === undefined ? undefined : { job: lambdas.indexOf(fixed), into: kept };
  const thresholds = lambdaNetworkThresholds(points, classRows, jobs, drawSettings(NaN), keep);
  done();
  const grid = sweep.map((l, q) => sweepPoint(l, thresholdCurve(thresholds[q][0], maxWidth)));
  const setup = withSweep(fixed ?? bestLambda(grid), grid);
  const main = thresholds[lambdas.indexOf(setup.lambda)];
  const results = measureThresholdNetworks(
    points, classRows, tasks.map((task, q) => ({ ...task, thresholds: main[q] })), eta, drawSettings(setup.lambda), kept,
  );
  done();
  return { setup, results };
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
function sweepSummary(grid: LambdaSweepPoint[], maxWidth: number): NonNullable<MemorizationSetup['lambdaSweep']> {
  const best = bestLambda(grid);
  const bestPoint = grid.find((g) => g.lambda === best)!;
  const indistinguishable = bestPoint.requiredWidth === null ? [] : grid
    .filter((g) => g !== bestPoint && g.requiredWidthInterval && bestPoint.requiredWidthInterval &&
      intervalsOverlap(g.requiredWidthInterval, bestPoint.requiredWidthInterval, maxWidth))
    .map((g) => g.lambda);
  return { grid, best, ...(indistinguishable.length > 0 ? { indistinguishable } : {}) };
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
  const wa = a.requiredWidth ?? Infinity, wb = b.requiredWidth ?? Infinity;
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

/** settings.classes, applied here unless the caller already did (then the data has just those two). */
function restrictClasses(input: LabeledPoints, classes: [string, string] | undefined): LabeledPoints {
  if (!classes || (input.classNames.length === 2 && classes.every((c) => input.classNames.includes(c)))) return input;
  const wanted = classes.map((c) => classIndex(input.classNames, c)).sort((a, b) => a - b);
  if (wanted[0] === wanted[1]) throw new Error(`Choose two different classes, not "${classes[0]}" twice.`);
  const keep: number[] = [];
  for (let i = 0; i < input.N; i++) if (wanted.includes(input.y[i])) keep.push(i);
  const X = new Float32Array(keep.length * input.d);
  keep.forEach((i, r) => X.set(input.X.subarray(i * input.d, (i + 1) * input.d), r * input.d));
  return {
    X, N: keep.length, d: input.d,
    y: Int32Array.from(keep, (i) => wanted.indexOf(input.y[i])),
    classNames: wanted.map((c) => input.classNames[c]),
  };
}
