// Work budgets of the Lipschitz stage (issue 11): what the lower-estimate search and the memorizer may
// spend, in multiply-adds, so the stage's cost is bounded whatever N, d and the widths are. Within the
// budget the searches run as specified (SearchOptions); past it they shrink in proportion, and the
// report says how much of the planned work was done (report.approximations).
import type { ReluNetwork } from './reluNetwork';
import type { SearchOptions } from './estimates';

/** Multiply-adds one network's search may spend: about 0.2 CPU-seconds in plain TypeScript. Every
 * estimate is still the norm of a true gradient; a smaller search can only find a smaller lower bound. */
export const SEARCH_BUDGET = 1.5e8;

/** Multiply-adds of one gradient: the forward and the backward pass each touch every weight once. */
export function gradientCost(net: Pick<ReluNetwork, 'hidden'>): number {
  return 2 * net.hidden.reduce((sum, l) => sum + l.W.rows * l.W.cols, 0);
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

/** The search shrunk, every part by the same factor (with a floor that keeps each part meaningful),
 * until its planned gradients fit `budget` multiply-adds at `cost` each. */
export function budgetedSearch(search: SearchOptions, dataPoints: number, ps: number, cost: number, budget = SEARCH_BUDGET): BudgetedSearch {
  const of = plannedGradients(dataPoints, ps, search);
  const scale = Math.min(1, budget / (cost * of));
  const part = (v: number, floor: number) => (scale === 1 ? v : Math.max(Math.min(v, floor), Math.floor(v * scale)));
  const shrunk: SearchOptions = {
    ...search,
    randomPoints: part(search.randomPoints, 16),
    steps: part(search.steps, 4),
    ascentSteps: part(search.ascentSteps, 8),
  };
  const points = part(dataPoints, 16);
  return { search: shrunk, dataPoints: points, used: plannedGradients(points, ps, shrunk), of };
}
