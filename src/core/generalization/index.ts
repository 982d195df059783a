// The held-out check's entry for the analysis pipeline (SPEC §6).
export { generalizationStudy, defaultGeneralization, type GeneralizationOptions } from './study';
