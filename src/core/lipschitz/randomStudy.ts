// SCIENCE.md §5, random ReLU networks as initialised in practice: lower and upper Lip_p estimates over several
// independent draws, beside the Gaussian reference scale, against p and against the width.
import type { CancelToken } from '../env';
import { throwIfCancelled } from '../env';
import type { Parallel } from '../parallel';
import { childSeed, createFastRng, createRng } from '../random';
import type { LipschitzEstimate, RandomNetworkStudy, Spread } from '../report';
import { defaultSearch, lowerEstimates, networkNorms, sampleGradients, upperEstimates, type SearchOptions } from './estimates';
import { budgetedSearch, budgetShares, gradientCost, layeredCost, plannedGradients, RANDOM_STUDY_BUDGET } from './budget';
import { expectedGaussianNorm } from './gaussianReference';
import { dualExponent } from './norms';
import { randomReluNetwork, type BiasDistribution } from './reluNetwork';
import { serial, task } from '../parallel';

export interface RandomStudyOptions {
  /** p values of the main table and of the width series */
  ps: number[];
  /** p grid of the curve against p */
  pCurve: number[];
  /** hidden layers L */
  depth: number;
  /** hidden width N of the main table */
  width: number;
  /** widths of the curve against N */
  widths: number[];
  draws: number;
  bias: BiasDistribution;
  search: SearchOptions;
  seed: string;
  /** multiply-adds all the searches may spend together (RANDOM_STUDY_BUDGET when absent) */
  budget?: number;
}

export const defaultRandomStudy: RandomStudyOptions = {
  ps: [1, 2, Infinity],
  pCurve: [1, 1.25, 1.5, 2, 3, 4, 8, Infinity],
  depth: 2,
  width: 128,
  widths: [32, 64, 128, 256],
  draws: 5,
  bias: { kind: 'normal', std: 0.1 },
  search: defaultSearch,
  seed: '1',
};

/** The reference scale: E‖g‖_{p'} for p ≥ 2, E‖g‖_2 for p < 2. */
export function referenceScale(d: number, p: number): number {
  return expectedGaussianNorm(d, p >= 2 ? dualExponent(p) : 2);
}

export const pValue = (p: number) => (p === Infinity ? ('inf' as const) : p);

export function describeBias(b: BiasDistribution): string {
  return b.kind === 'normal' ? `N(0, ${b.std}²)` : `Uniform[−${b.halfWidth}, ${b.halfWidth}]`;
}

/**
 * points: the (normalised) dataset points whose gradients seed the lower estimate; radius: the data's
 * largest Euclidean norm, the scale of the random points and of the search.
 */
export function randomNetworkStudy(
  d: number,
  points: Float64Array[],
  radius: number,
  options: RandomStudyOptions,
  env: { cancel?: CancelToken; parallel?: Parallel; onProgress?: (fraction: number) => void } = {},
): RandomNetworkStudy & { gradients: { used: number; of: number; cost: number } } {
  const search = { ...options.search, radius };
  const widths = options.widths.filter((w) => w !== options.width);
  // the curve's other p are read off the searches of the table's p (lowerEstimates' `shared`)
  const curveOnly = options.pCurve.filter((p) => !options.ps.includes(p));
  const allP = [...options.ps, ...curveOnly];
  // every (width, draw) is a task; the main width's draws first, as they estimate the most p
  const plans = [options.width, ...widths].flatMap((N) =>
    Array.from({ length: options.draws }, (_, t) => ({ N, t, shared: N === options.width ? curveOnly : [] })),
  );
  const shares = budgetShares(
    plans.map(({ N }) => layeredCost(d, options.depth, N) * plannedGradients(d, points.length, options.ps.length, search)),
    options.budget ?? RANDOM_STUDY_BUDGET,
  );
  const tasks: RandomDrawTask[] = plans.map(({ N, t, shared }, k) => ({
    d,
    L: options.depth,
    N,
    bias: options.bias,
    seed: options.seed,
    t,
    points,
    search,
    ps: options.ps,
    shared,
    budget: shares[k],
  }));
  // the threads claim tasks in the order given: the widest networks (the dearest, by far) first, so the
  // last task a thread takes is a small one and no thread waits long on another; outputs back in order
  const dispatch = tasks.map((_, k) => k).sort((a, b) => tasks[b].N - tasks[a].N || a - b);
  const claimed = (env.parallel ?? serial).map(
    randomDrawTask,
    dispatch.map((k) => tasks[k]),
    env.cancel,
    (k) => env.onProgress?.(k / tasks.length),
  );
  const outputs: typeof claimed = new Array(tasks.length);
  dispatch.forEach((k, at) => (outputs[k] = claimed[at]));
  const estimatesAt = (N: number, ps: number[]): Map<number, { lower: number[]; upper: number[] }> => {
    const out = new Map(ps.map((p) => [p, { lower: [] as number[], upper: [] as number[] }]));
    tasks.forEach((task, k) => {
      if (task.N !== N) return;
      ps.forEach((p, i) => {
        out.get(p)!.lower.push(outputs[k].lower[i]);
        out.get(p)!.upper.push(outputs[k].upper[i]);
      });
    });
    return out;
  };
  const references = new Map(allP.map((p) => [p, referenceScale(d, p)]));
  const entry = (p: number, e: { lower: number[]; upper: number[] }): LipschitzEstimate => ({
    p: pValue(p),
    lower: spread(e.lower),
    upper: spread(e.upper),
    reference: references.get(p) ?? referenceScale(d, p),
  });

  const main = estimatesAt(options.width, allP);
  const againstWidth = options.widths.map((N) => {
    const at = N === options.width ? main : estimatesAt(N, options.ps);
    return { N, estimates: options.ps.map((p) => entry(p, at.get(p)!)) };
  });
  const gradients = outputs.reduce((sum, o) => ({ used: sum.used + o.used, of: sum.of + o.of, cost: sum.cost + o.cost }), { used: 0, of: 0, cost: 0 });
  return {
    gradients,
    L: options.depth,
    N: options.width,
    draws: options.draws,
    d,
    bias: describeBias(options.bias),
    estimates: options.ps.map((p) => entry(p, main.get(p)!)),
    againstP: [...options.pCurve].sort((a, b) => a - b).map((p) => entry(p, main.get(p)!)),
    againstWidth,
  };
}

/** One draw of a random network (width N, draw t) and its estimates at each p, a task. */
export interface RandomDrawTask {
  d: number;
  L: number;
  N: number;
  bias: BiasDistribution;
  seed: string;
  t: number;
  points: Float64Array[];
  search: SearchOptions;
  /** the p searched, then those read off their searches (lowerEstimates) */
  ps: number[];
  shared: number[];
  /** this draw's share of the study's budget, in multiply-adds */
  budget: number;
}

/** The draw's estimates, the search's gradients after and before its work budget (budget.ts), and the
 * multiply-adds of the gradients after it (above the budget where the search's floors ask for more). */
export function randomDraw(task: RandomDrawTask, cancel?: CancelToken): { lower: number[]; upper: number[]; used: number; of: number; cost: number } {
  const { d, L, N, seed, t, ps } = task;
  throwIfCancelled(cancel);
  const net = randomReluNetwork(d, L, N, task.bias, createFastRng(childSeed(seed, 'random', N, t)));
  const cost = gradientCost(net);
  const { search, dataPoints, used, of } = budgetedSearch(d, task.search, task.points.length, ps.length, cost, task.budget);
  const points = evenlySpaced(task.points.length, dataPoints).map((i) => task.points[i]);
  const sample = sampleGradients(net, points, search, createRng(childSeed(seed, 'sample', N, t)));
  const norms = networkNorms(net);
  throwIfCancelled(cancel);
  const lower = lowerEstimates(net, ps, sample, search, (p) => createRng(childSeed(seed, 'search', N, t, p)), task.shared);
  const upper = upperEstimates(net, [...ps, ...task.shared], norms);
  return { lower: lower.map((e) => e.value), upper: upper.map((e) => e.value), used, of, cost: used * cost };
}

/** At most `count` indices spread evenly over [0, N). */
export function evenlySpaced(N: number, count: number): number[] {
  if (N <= count) return Array.from({ length: N }, (_, i) => i);
  return Array.from({ length: count }, (_, k) => Math.floor((k * N) / count));
}

export function spread(v: number[]): Spread {
  let sum = 0,
    min = Infinity,
    max = -Infinity;
  for (const x of v) {
    sum += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  return { mean: sum / v.length, min, max };
}

export const randomDrawTask = task('randomDraw', randomDraw);
