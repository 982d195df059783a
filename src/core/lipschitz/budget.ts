// Work budgets of the Lipschitz stage (issue 11): what the lower-estimate searches and the memorizer may
// spend, in multiply-adds, so the stage's cost is bounded whatever N, d and the widths are: one total
// for all the random networks together and one for the memorizer's search, not one per network. Within
// a budget the searches run as specified (SearchOptions); past it they shrink in proportion, down to
// small floors, and the report says how much of the planned work was done (report.approximations).
import type { ReluNetwork } from './reluNetwork';
import { farFieldAscents, type SearchOptions } from './estimates';

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

/** Gradients a search in R^d plans: one per seed point, then per p a local search from each start (at
 * most ten gradients a step: the smoothed ascent and up to eight trial points) and the far-field
 * ascents (three a step: the true and the smoothed gradient, then the smoothed one a little further). */
export function plannedGradients(d: number, seedPoints: number, ps: number, s: SearchOptions): number {
  return seedPoints + s.randomPoints + ps * (s.starts * s.steps * 10 + farFieldAscents(d, s) * s.ascentSteps * 3);
}

export interface BudgetedSearch {
  search: SearchOptions;
  /** data points that seed the search */
  dataPoints: number;
  /** gradients planned after and before the budget */
  used: number;
  of: number;
}

/** The search shrunk until its planned gradients fit `budget` multiply-adds at `cost` each: the data
 * points, random points and local steps by a common factor, the far-field steps by its square root
 * (in d > 2 the far-field ascent is what finds the steepest regions: on digits at 3e8 multiply-adds,
 * cutting it to 4 steps like the rest gave 5.3 and 81 for p = 1 and ∞ against 9.4 and 121 unbudgeted;
 * 30 steps gave 8.3 and 109, 60 steps with two local steps 9.4 and 118 at twice the time), each with a floor that keeps it meaningful (a
 * few points, two local steps, thirty far-field steps). The factor is the largest that fits, found by
 * bisection, so the cut is the same on every thread. */
export const FLOORS = { dataPoints: 8, randomPoints: 8, steps: 2, ascentSteps: 30 } as const;

export function budgetedSearch(d: number, search: SearchOptions, dataPoints: number, ps: number, cost: number, budget = SEARCH_BUDGET): BudgetedSearch {
  const of = plannedGradients(d, dataPoints, ps, search);
  if (cost * of <= budget) return { search, dataPoints, used: of, of };
  const shrink = (scale: number) => {
    const part = (v: number, floor: number, f = scale) => Math.max(Math.min(v, floor), Math.floor(v * f));
    const shrunk: SearchOptions = {
      ...search,
      randomPoints: part(search.randomPoints, FLOORS.randomPoints),
      steps: part(search.steps, FLOORS.steps),
      ascentSteps: part(search.ascentSteps, FLOORS.ascentSteps, Math.sqrt(scale)),
    };
    const points = part(dataPoints, FLOORS.dataPoints);
    return { search: shrunk, dataPoints: points, used: plannedGradients(d, points, ps, shrunk), of };
  };
  let lo = 0,
    hi = 1;
  for (let it = 0; it < 40; it++) {
    const mid = 0.5 * (lo + hi);
    if (shrink(mid).used * cost <= budget) lo = mid;
    else hi = mid;
  }
  return shrink(lo);
}
