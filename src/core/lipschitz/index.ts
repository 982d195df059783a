// The Lipschitz stage's entry for the analysis pipeline (SCIENCE.md §5). The caller passes the normalised
// points and, in options.memorizer, the memorization study's λ (the sweep's best when λ is 'auto'),
// X⁻ class and seed, so the ReLU memorizer analysed is drawn as that study draws it.
export { lipschitzStudy, defaultLipschitz, type LipschitzOptions } from './study';
