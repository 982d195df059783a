// Work budgets of the Lipschitz stage (issue 11): what the lower-estimate searches and the memorizer may
// spend, in multiply-adds, so the stage's cost is bounded whatever N, d and the widths are: one total
// for all the random networks together and one for the memorizer's search, not one per network. Within
// a budget the searches run as specified (SearchOptions); past it they shrink in proportion, down to
// small floors, and the report says how much of the planned work was done (report.approximations).
import type { ReluNetwork } from './reluNetwork';
import type { SearchOptions } from './estimates';

/** Multiply-adds all the random networks' searches (every width and draw) may spend together: about
 * half a CPU-second of the blocked gradients (reluNetwork.gradients). Every estimate is still the norm
 * of a true gradient; a smaller search can only find a smaller lower bound. */
export const RANDOM_STUDY_BUDGET = 3e8;

/** Multiply-adds the memorizing network's search may spend. */
export const SEARCH_BUDGET = 5e7;

/** Multiply-adds of one gradient: the forward and the backward pass each touch every weight once. */
export function gradientCost(net: Pick<ReluNetwork, 'hidden'>): number {
  return 2 * net.hidden.reduce((sum, l) => sum + l.W.rows * l.W.cols, 0);
}

/** gradientCost of a random network with L hidden layers of width N on R^d, before drawing it. */
export function layeredCost(d: number, L: number, N: number): number {
  return 2 * (N * d + (L - 1) * N * N);
}

/** Shares of a total budget, in proportion to each part's planned multiply-adds (all of it each when
 * the plans fit), so every part shrinks by about the same factor. */
export function budgetShares(planned: number[], total: number): number[] {
  const sum = planned.reduce((a, b) => a + b, 0);
  return planned.map((v) => (sum <= total ? Infinity : (total * v) / sum));
}

/** Gradients a search plans: one per seed point, then per p a local search from each start (about
 * ten gradients a step: the smoothed ascent and up to eight trial points) and the far-field ascents
 * (two a step). */
export function plannedGradients(seedPoints: number, ps: number, s: SearchOptions): number {
  return seedPoints + s.randomPoints + ps * (s.starts * s.steps * 10 + s.ascents * s.ascentSteps * 2);
}

export interface BudgetedSearch {
  search: SearchOptions;
  /** data points that seed the search */
  dataPoints: number;
  /** gradients planned after and before the budget */
  used: number;
  of: number;
}

/** The search shrunk, every part by the same factor (with a floor that keeps each part meaningful: a
 * few points, two local steps, four far-field steps), until its planned gradients fit `budget`
 * multiply-adds at `cost` each. */
export const FLOORS = { dataPoints: 8, randomPoints: 8, steps: 2, ascentSteps: 4 } as const;

export function budgetedSearch(search: SearchOptions, dataPoints: number, ps: number, cost: number, budget = SEARCH_BUDGET): BudgetedSearch {
  const of = plannedGradients(dataPoints, ps, search);
  const scale = Math.min(1, budget / (cost * of));
  const part = (v: number, floor: number) => (scale === 1 ? v : Math.max(Math.min(v, floor), Math.floor(v * scale)));
  const shrunk: SearchOptions = {
    ...search,
    randomPoints: part(search.randomPoints, FLOORS.randomPoints),
    steps: part(search.steps, FLOORS.steps),
    ascentSteps: part(search.ascentSteps, FLOORS.ascentSteps),
  };
  const points = part(dataPoints, FLOORS.dataPoints);
  return { search: shrunk, dataPoints: points, used: plannedGradients(points, ps, shrunk), of };
}
