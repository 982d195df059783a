// Work budgets of the memorization stage's secondary figures (the λ sweep's other λ, K at and above
// n*). Each of their draws needs the first-layer product of all N × d points with up to `units` units;
// a figure that would cost more than PRODUCTS multiply-adds on every draw gets fewer draws, and the
// report says so. n* itself always stands on all T draws.

/** multiply-adds one secondary figure may spend: about a second of one core in the f32 layer-1 kernel */
export const PRODUCTS = 1e10;

/** draws the λ sweep's other λ get at most: the sweep only ranks λ, and λ near 0 grows every draw to the maximal width */
export const SWEEP_DRAWS = 20;

/** draws on which K at n* is measured, at most: K is a mean over draws whose spread the report shows,
 * and on ten classes each draw runs ten cover loops (digits: 9 of the memorization stage's 15 s at T = 100) */
export const K_DRAWS = 20;

/** draws on which K is measured at the widths above n*, at most: they only show K's trend */
export const K_DRAWS_ABOVE = 5;

/**
 * ordered point pairs (x⁻, x⁺) of different classes a study of more than two classes may scan per draw: its
 * one-vs-rest and pairwise networks need every ordered class pair, N² − Σ N_c² point pairs, which is 3.2·10⁹
 * on Fashion-MNIST's training split (minutes per draw set) and 2.9·10⁶ on digits. Past it the study runs
 * on a seeded stratified sample of the points (problem.ts, pairSample), and the report says so. Two
 * classes are never sampled (Fashion 0-vs-6: 7.2·10⁷ pairs).
 */
export const PAIRS = 2e8;

/** The budgets a study runs under: the defaults above, smaller in tests that need a budget to bite on small data. */
export interface WorkBudgets {
  /** multiply-adds per secondary figure (PRODUCTS) */
  products: number;
  /** multiply-adds of the literal forward pass (VERIFY_PRODUCTS) */
  verify: number;
  /** point pairs per draw of a study of more than two classes (PAIRS; absent: PAIRS) */
  pairs?: number;
}

/** multiply-adds the literal forward pass may spend: a fraction of a second of plain TypeScript (about 3 ns a
 * multiply-add; it runs one draw per network on the analysis thread, two networks for two classes) */
export const VERIFY_PRODUCTS = 1e8;

export const defaultBudgets: WorkBudgets = { products: PRODUCTS, verify: VERIFY_PRODUCTS, pairs: PAIRS };

/** draws a figure gets within the budget: at most `cap`, at least `atLeast` (a figure that must exist gets one) */
export function budgetedDraws(cap: number, N: number, d: number, units: number, products = PRODUCTS, atLeast = 1): number {
  return Math.max(atLeast, Math.min(cap, Math.floor(products / (N * d * Math.max(1, units)))));
}
