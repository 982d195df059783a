// Work budgets of the memorization stage's secondary figures (the λ sweep's other λ, K above n*). Each
// of their draws needs the first-layer product of all N × d points with up to `units` units; a figure
// that would cost more than PRODUCTS multiply-adds on every draw gets fewer draws, and the report says so.

/** multiply-adds one secondary figure may spend: about ten seconds of one core in the f32 layer-1 kernel */
export const PRODUCTS = 1e11;

/** The budgets a study runs under: the defaults above, smaller in tests that need a budget to bite on small data. */
export interface WorkBudgets {
  /** multiply-adds per secondary figure (PRODUCTS) */
  products: number;
  /** multiply-adds of the literal forward pass (VERIFY_PRODUCTS) */
  verify: number;
}

/** multiply-adds the literal forward pass may spend: a fraction of a second of plain TypeScript (it runs one draw on the analysis thread) */
export const VERIFY_PRODUCTS = 3e8;

export const defaultBudgets: WorkBudgets = { products: PRODUCTS, verify: VERIFY_PRODUCTS };

/** draws a figure gets within the budget: at most `cap`, at least one */
export function budgetedDraws(cap: number, N: number, d: number, units: number, products = PRODUCTS): number {
  return Math.max(1, Math.min(cap, Math.floor(products / (N * d * Math.max(1, units)))));
}
