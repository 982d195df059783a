// The memorization stage's entry for the analysis pipeline.
export { memorizationStudy, type MemorizationInput, type MemorizationEnv } from './study';
