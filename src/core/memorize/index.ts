// The memorization stage's entry for the analysis pipeline.
export { memorizationStudy, type MemorizationEnv, type MemorizationFigures } from './study';
