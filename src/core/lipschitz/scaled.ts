// The memorizer's "scaled" Lipschitz figures (SCIENCE.md §5), defined once for every place that shows them:
// the panel, the text and Markdown reports. A module of its own so the panel's bundle takes only this text.

/** What "scaled" means wherever the memorizer's Lipschitz figures are shown (panel, text report). */
export const SCALED_DEFINITION =
  '"Scaled": f multiplied by 2 / min over X⁻ of f, so that its smallest value on X⁻ is 2 while it is 0 on ' +
  'every point of X⁺, the same gap of 2 as labels −1 / +1; a Lipschitz constant scales with f, so the scaled ' +
  'figures compare directly with the data bound 2/δₚ, which no function with that gap can beat.';
