// Work budgets of the memorization stage's secondary figures (the λ sweep's other λ, K above n*). Each
// of their draws needs the first-layer product of all N × d points with up to `units` units; a figure
// that would cost more than PRODUCTS multiply-adds on every draw gets fewer draws, and the report says so.

/** multiply-adds one secondary figure may spend: about ten seconds of one core in the f32 layer-1 kernel */
export const PRODUCTS = 1e11;

/** draws a figure gets within the budget: at most `cap`, at least one */
export function budgetedDraws(cap: number, N: number, d: number, units: number): number {
  return Math.max(1, Math.min(cap, Math.floor(PRODUCTS / (N * d * Math.max(1, units)))));
}
