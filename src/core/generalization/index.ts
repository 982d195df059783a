// The held-out check's entry for the analysis pipeline (SCIENCE.md §6).
export { generalizationStudy, defaultGeneralization, trainRowsByClass, type GeneralizationOptions } from './study';
